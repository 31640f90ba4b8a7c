import type { EndpointContext } from './context.js';
import { ApiError } from './errors.js';
import { sha256 } from './ids.js';
import type { IdempotentAnswer } from './store/store.js';

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

/** What `work` may do with its claim: save its answer with its own last write. */
export interface IdempotentClaim {
  /** The answer as the store saves it, for `SessionEffects.response`. */
  answer(status: number, body: unknown): IdempotentAnswer;
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
 */
export async function idempotent(
  context: EndpointContext,
  scope: string,
  key: string,
  request: unknown,
  work: (claim: IdempotentClaim) => Promise<IdempotentWork>,
): Promise<IdempotentResult> {
  const fingerprint = await sha256(JSON.stringify(request));
  const now = Math.floor(context.now() / 1000);
  const claim = await context.store.claimIdempotencyKey(scope, key, fingerprint, now, {
    lifetimeSeconds: idempotencyKeyLifetimeSeconds,
    leaseSeconds: context.idempotencyLeaseSeconds,
  });
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
  if (claim.state === 'done') {
    return {
      status: claim.response.status,
      body: JSON.parse(claim.response.body),
      replayed: true,
    };
  }
  let result: IdempotentWork;
  try {
    result = await work({
      answer: (status, body) => ({
        scope,
        key,
        fingerprint,
        claimedAt: now,
        response: { status, body: JSON.stringify(body) },
      }),
    });
  } catch (error) {
    await context.store.releaseIdempotencyKey(scope, key, now);
    throw error;
  }
  if (!result.saved) {
    await context.store.saveIdempotentResponse({
      scope,
      key,
      fingerprint,
      claimedAt: now,
      response: { status: result.status, body: JSON.stringify(result.body) },
    });
  }
  return { status: result.status, body: result.body, replayed: false };
}
