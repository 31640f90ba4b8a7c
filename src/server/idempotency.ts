import type { EndpointContext } from './context.js';
import { ApiError } from './errors.js';
import { sha256 } from './ids.js';
import type { IdempotencyClaim, IdempotentAnswer, KeyClaimRequest } from './store/store.js';
import { UnconfirmedHint } from './store/store.js';

/** Keys are remembered for a day, as merchants coming from other processors expect. */
export const idempotencyKeyLifetimeSeconds = 24 * 60 * 60;

/**
 * The longest an unfinished request may hold its key: after that its process
 * is taken to have died, and a retry with the key runs the request again
 * (the processor sees the same idempotency key, so nothing is paid twice).
 */
export const maxIdempotencyLeaseSeconds = 30;

/** Reads and checks the `Idempotency-Key` header. */
export function idempotencyKeyFrom(headers: Headers): string {
  const key = headers.get('Idempotency-Key');
  if (key === null || key.trim() === '') {
    throw new ApiError(400, 'idempotency_key_missing', 'The Idempotency-Key header is required.', {
      param: 'Idempotency-Key',
      rule: 'required',
      type: 'idempotency_error',
    });
  }
  if (key.length > 255) {
    throw new ApiError(
      400,
      'idempotency_key_too_long',
      'The Idempotency-Key header must be at most 255 characters long.',
      { param: 'Idempotency-Key', rule: 'max_length', type: 'idempotency_error' },
    );
  }
  return key;
}

/** Route middleware: refuses a request without a usable key before its body is validated. */
export async function requireIdempotencyKey(
  c: { req: { raw: Request } },
  next: () => Promise<void>,
): Promise<void> {
  idempotencyKeyFrom(c.req.raw.headers);
  await next();
}

export interface IdempotentResult {
  status: number;
  body: unknown;
  replayed: boolean;
}

/**
 * What `work` may do with its claim: save its answer with its own last
 * write, and, when `idempotent` leaves the claim to it, claim the key with
 * its first write.
 */
export interface IdempotentClaim {
  /** The answer as the store saves it, for `SessionEffects.response`. */
  answer(status: number, body: unknown): IdempotentAnswer;
  /**
   * The key to claim with the work's first session write
   * (`SessionEffects.claimKey`), or undefined when it is claimed already.
   * Once asked for, the key counts as claimed by that write; a write that did
   * not win it ends the work with `IdempotencyKeyTaken`.
   */
  keyToClaim(): KeyClaimRequest | undefined;
  /** Claims the key now, for a first write that cannot carry it; throws `IdempotencyKeyTaken`. */
  hold(): Promise<void>;
}

/** The key the work's first write was to claim is held by another request, or was used. */
export class IdempotencyKeyTaken extends Error {
  constructor() {
    super('The idempotency key is held by another request.');
  }
}

/** `saved`: the answer went out with the work's last write (see `IdempotentClaim.answer`). */
export interface IdempotentWork {
  status: number;
  body: unknown;
  saved?: boolean;
}

/**
 * Runs `work` once per key: a retry with the same key and the same request
 * gets the saved response back, a different request under the same key gets
 * a 422, and a retry while the first is still running gets a 409.
 *
 * Every answer `work` returns is saved, declines included (they record an
 * attempt). A request that throws was rejected before it changed anything, so
 * its key is freed and the caller can fix the request and retry with it. A
 * request whose process dies holds its key for the lease only
 * (`context.idempotencyLeaseSeconds`).
 *
 * `claimWithFirstWrite`: `work` claims the key with its first write
 * (`IdempotentClaim.keyToClaim`), so a confirm claims its key and its
 * session in one statement.
 */
export async function idempotent(
  context: EndpointContext,
  scope: string,
  key: string,
  request: unknown,
  work: (claim: IdempotentClaim) => Promise<IdempotentWork>,
  options: { claimWithFirstWrite?: boolean } = {},
): Promise<IdempotentResult> {
  const fingerprint = await sha256(JSON.stringify(request));
  const now = Math.floor(context.now() / 1000);
  const toClaim: KeyClaimRequest = {
    scope,
    key,
    fingerprint,
    now,
    lifetimeSeconds: idempotencyKeyLifetimeSeconds,
    leaseSeconds: context.idempotencyLeaseSeconds,
  };
  const answer = (status: number, body: unknown): IdempotentAnswer => ({
    scope,
    key,
    fingerprint,
    claimedAt: now,
    response: { status, body: JSON.stringify(body) },
  });
  const claimKey = () => context.store.claimIdempotencyKey(scope, key, fingerprint, now, toClaim);
  const run = (claimed: () => boolean, claim: IdempotentClaim) =>
    work(claim).then(
      (result) => finish(context, answer, result),
      async (error: unknown) => {
        // Rejected before it changed anything: the key is free for a fixed request.
        if (claimed() && !(error instanceof IdempotencyKeyTaken)) {
          await context.store.releaseIdempotencyKey(scope, key, now);
        }
        throw error;
      },
    );

  if (options.claimWithFirstWrite) {
    // The key goes with the work's first write (one round trip on a shared
    // database) rather than before the work. Work that ends before claiming
    // it, or whose write finds it taken, falls back to claiming it alone below,
    // which says what holds it (a retry's saved answer, say).
    let claimed = false;
    try {
      return await run(() => claimed, {
        answer,
        keyToClaim: () => {
          if (claimed) return undefined;
          claimed = true;
          return toClaim;
        },
        hold: async () => {
          if (claimed) return;
          if ((await claimKey()).state !== 'claimed') throw new IdempotencyKeyTaken();
          claimed = true;
        },
      });
    } catch (error) {
      // Work begun from a hint begins again from a read, with its key unclaimed.
      if (error instanceof UnconfirmedHint) throw error;
      if (claimed && !(error instanceof IdempotencyKeyTaken)) throw error;
    }
  }

  const claim = await claimKey();
  refuseUnclaimed(claim, fingerprint);
  if (claim.state === 'done') {
    return {
      status: claim.response.status,
      body: JSON.parse(claim.response.body),
      replayed: true,
    };
  }
  return run(() => true, { answer, keyToClaim: () => undefined, hold: async () => {} });
}

/** A key another request holds (409) or used for another request (422). */
function refuseUnclaimed(claim: IdempotencyClaim, fingerprint: string): void {
  if (claim.state !== 'claimed' && claim.fingerprint !== fingerprint) {
    throw new ApiError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
      { param: 'Idempotency-Key', type: 'idempotency_error' },
    );
  }
  if (claim.state === 'in_progress') {
    throw new ApiError(
      409,
      'idempotency_key_in_use',
      'A request with this Idempotency-Key is still being processed. Retry shortly.',
      { param: 'Idempotency-Key', type: 'idempotency_error', retryable: true },
    );
  }
}

/** Saves the work's answer under its key, unless its last write saved it already. */
async function finish(
  context: EndpointContext,
  answer: (status: number, body: unknown) => IdempotentAnswer,
  result: IdempotentWork,
): Promise<IdempotentResult> {
  if (!result.saved) await context.store.saveIdempotentResponse(answer(result.status, result.body));
  return { status: result.status, body: result.body, replayed: false };
}
