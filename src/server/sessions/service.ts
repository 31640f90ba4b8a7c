import type { SessionUpdate } from '../../api/client-types.js';
import { type EndpointContext, unixNow } from '../context.js';
import { ApiError } from '../errors.js';
import { IdempotencyKeyTaken } from '../idempotency.js';
import { randomId } from '../ids.js';
import type { SessionEffects, Versioned } from '../store/store.js';
import { UnconfirmedHint } from '../store/store.js';
import { eventsFor } from '../webhooks/events.js';
import {
  type PromotionCode,
  promotionCodeProblem,
  promotionCodesNotAllowed,
} from './promotion-codes.js';
import {
  customerEmailOf,
  maxAmount,
  type PaymentRecord,
  priceSession,
  type SessionDiscount,
  type SessionRecord,
} from './session.js';
import { applyUpdate } from './updates.js';

/**
 * The session lifecycle: open → complete | expired | canceled, never back.
 * Every change goes through `transition`, a compare-and-set on the stored
 * version, so two requests racing on one session cannot both win.
 */

export type Change = (session: SessionRecord) => SessionRecord;

/** The completing write could not redeem the session's promotion code: none was left. */
export class RedemptionExhausted extends Error {
  constructor(readonly latest: Versioned<SessionRecord>) {
    super('promotion code exhausted');
  }
}

/**
 * Applies `change` to the latest stored session, re-reading and retrying when
 * another writer got there first. `change` may throw to refuse. Returns the
 * session as stored, with its version, so callers never need to read it back.
 * Throws `RedemptionExhausted` when `effects` asked to redeem a code that has
 * no redemption left (then nothing was written).
 *
 * `unread`: `current` is this process's earlier sight of the session
 * (`hintForClientWrite`), not a read, which only a write it wins confirms.
 * Then another writer's version, a change with nothing to write, or a
 * change that refuses, throws `UnconfirmedHint` instead, for the caller to
 * begin again from a read: no answer rests on an unconfirmed hint.
 */
export async function transition(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
  change: Change,
  effects: (next: SessionRecord) => SessionEffects = () => ({}),
  unread = false,
): Promise<Versioned<SessionRecord>> {
  let latest = current;
  for (let attempt = 0; attempt < 20; attempt++) {
    const next = unread ? changeOfHint(change, latest.value) : change(latest.value);
    if (next === latest.value) {
      if (unread) throw new UnconfirmedHint();
      return latest;
    }
    const result = await context.store.updateSession(
      next,
      latest.version,
      withEvents(context, latest.value, next, effects(next)),
    );
    if (result === 'ok') return { value: next, version: latest.version + 1 };
    if (result === 'exhausted') throw new RedemptionExhausted(latest);
    if (result === 'key_taken') throw new IdempotencyKeyTaken();
    if (unread) throw new UnconfirmedHint();
    const reread = await context.store.getSession(current.value.id);
    if (!reread) throw new Error(`session ${current.value.id} vanished`);
    latest = reread;
  }
  throw new ApiError(
    409,
    'session_busy',
    'This session is being changed by another request. Retry.',
    {
      retryable: true,
    },
  );
}

/** `change` of a hint: a refusal is only answered once a read shows the same. */
function changeOfHint(change: Change, hint: SessionRecord): SessionRecord {
  try {
    return change(hint);
  } catch {
    throw new UnconfirmedHint();
  }
}

/** Adds the webhook events a change causes, when the merchant has a receiver. */
function withEvents(
  context: EndpointContext,
  before: SessionRecord,
  after: SessionRecord,
  effects: SessionEffects,
): SessionEffects {
  if (!context.webhooks) return effects;
  const events = eventsFor(before, after, unixNow(context));
  return events.length > 0 ? { ...effects, events } : effects;
}

/**
 * The first Unix second at which time alone settles `session`: a crypto
 * transfer's confirmations (which complete it even past its expiry, since
 * the money was sent in time), or else its expiry, deferred while a confirm
 * holds its claim. Until then a session stays as it is unless written.
 */
export function settledUntil(context: EndpointContext, session: SessionRecord): number {
  if (session.status !== 'open') return Number.POSITIVE_INFINITY;
  const deposit = session.crypto?.deposit;
  if (deposit) return deposit.confirmsAt;
  const leaseEnds =
    session.confirmingSince === null
      ? Number.NEGATIVE_INFINITY
      : session.confirmingSince + context.idempotencyLeaseSeconds;
  return Math.max(session.expiresAt, leaseEnds);
}

/** Settles what time alone decides (`settledUntil`): completes a confirmed deposit, else expires. */
function settleIfDue(context: EndpointContext): Change {
  return (session) => {
    if (unixNow(context) < settledUntil(context, session)) return session;
    const deposit = session.crypto?.deposit;
    if (!deposit) return { ...session, status: 'expired', closedAt: unixNow(context) };
    return complete(context, {
      ...session,
      paymentIntent: session.paymentIntent ?? randomId('pi_test_'),
      payment: {
        id: randomId('py_test_'),
        status: 'succeeded',
        brand: deposit.asset,
        last4: deposit.transaction.slice(-4),
        error: null,
      },
    });
  };
}

/** The payment a settled crypto deposit records, for the payments table. */
function settlementEffects(next: SessionRecord): SessionEffects {
  const deposit = next.crypto?.deposit;
  if (next.status !== 'complete' || !deposit || !next.payment) return {};
  return {
    payments: [
      {
        ...next.payment,
        sessionId: next.id,
        amount: next.amountTotal,
        currency: next.currency,
        created: next.closedAt ?? next.created,
      },
    ],
  };
}

/** Reads a session and settles what is due; for readers and the background worker. */
export async function settleSession(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
): Promise<Versioned<SessionRecord>> {
  return transition(context, current, settleIfDue(context), settlementEffects);
}

/**
 * A payment is under way: a card confirm holds its claim, or a crypto
 * transfer was sent and waits for confirmations. Either way the session must
 * not expire, be canceled or change under it.
 */
export function isConfirming(context: EndpointContext, session: SessionRecord): boolean {
  if (session.crypto?.deposit) return true;
  return (
    session.confirmingSince !== null &&
    // Held past the lease, the claim is presumed dead (its process crashed),
    // as is its request's Idempotency-Key: a retry may take both over.
    unixNow(context) - session.confirmingSince < context.idempotencyLeaseSeconds
  );
}

export async function findById(
  context: EndpointContext,
  id: string,
): Promise<Versioned<SessionRecord>> {
  const found = await context.store.getSession(id);
  if (!found) {
    throw new ApiError(404, 'resource_missing', `No such checkout session: '${id}'.`, {
      param: 'id',
    });
  }
  return found;
}

/** Reads a session by id for the merchant API, enforcing expiry on the way. */
export async function readSession(context: EndpointContext, id: string): Promise<SessionRecord> {
  return (await settleSession(context, await findById(context, id))).value;
}

/** Reads a session by client secret for the client API, enforcing expiry on the way. */
export async function readSessionBySecret(
  context: EndpointContext,
  clientSecret: string,
): Promise<Versioned<SessionRecord>>;
/**
 * The same read for a caller that holds the session at `knownVersion` and
 * knows settling it would change nothing yet (`settledUntil`): `'unchanged'`
 * while the stored session is still at that version, its data not read.
 */
export async function readSessionBySecret(
  context: EndpointContext,
  clientSecret: string,
  knownVersion: number | undefined,
): Promise<Versioned<SessionRecord> | 'unchanged'>;
export async function readSessionBySecret(
  context: EndpointContext,
  clientSecret: string,
  knownVersion?: number,
): Promise<Versioned<SessionRecord> | 'unchanged'> {
  const found =
    knownVersion === undefined
      ? await context.store.findSessionByClientSecret(clientSecret)
      : await context.store.findChangedSessionByClientSecret(clientSecret, knownVersion);
  if (!found) {
    throw new ApiError(
      401,
      'client_secret_invalid',
      'The client secret does not match any checkout session.',
    );
  }
  return found === 'unchanged' ? found : settleSession(context, found);
}

/**
 * For a client write (a confirm, an update, a cancel): the session this
 * process last wrote or read under `clientSecret`
 * (`CheckoutStore.recentSessionBySecret`), when a read now could only return
 * it as it is: open, unclaimed, not due to settle, and with no promotion code
 * to check again. Else undefined, and the write reads first. On a shared
 * database it may be stale: work begun from it passes `unread` to
 * `transition`, whose compare-and-set confirms it or throws `UnconfirmedHint`.
 */
export function hintForClientWrite(
  context: EndpointContext,
  clientSecret: string,
): Versioned<SessionRecord> | undefined {
  const recent = context.store.recentSessionBySecret(clientSecret);
  if (!recent) return undefined;
  const session = recent.value;
  const asARead =
    session.status === 'open' &&
    session.confirmingSince === null &&
    session.discount === null &&
    unixNow(context) < settledUntil(context, session);
  return asARead ? recent : undefined;
}

export function requireOpen(session: SessionRecord): void {
  if (session.status === 'open') return;
  const messages = {
    complete: 'This checkout session is already complete.',
    expired: 'This checkout session has expired.',
    canceled: 'This checkout session was canceled.',
  };
  throw new ApiError(409, `session_${session.status}`, messages[session.status]);
}

/** Merchant API: expire an open session now. */
export async function expireSession(context: EndpointContext, id: string): Promise<SessionRecord> {
  const found = await findById(context, id);
  const expired = await transition(
    context,
    found,
    (session) => {
      const due = settleIfDue(context)(session);
      if (due !== session) return due;
      if (session.status !== 'open') {
        throw new ApiError(
          400,
          'session_not_open',
          `Only open checkout sessions can be expired; this one is ${session.status}.`,
        );
      }
      refuseWhileConfirming(context, session);
      return { ...session, status: 'expired', closedAt: unixNow(context) };
    },
    settlementEffects,
  );
  return expired.value;
}

export function refuseWhileConfirming(context: EndpointContext, session: SessionRecord): void {
  if (isConfirming(context, session)) {
    throw new ApiError(
      409,
      'payment_in_progress',
      'A payment for this session is being processed.',
      {
        retryable: true,
      },
    );
  }
}

/** Client API: the customer gives up. Repeating it is harmless. */
export async function cancelSession(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
  unread = false,
): Promise<SessionRecord> {
  const canceled = await transition(
    context,
    current,
    (session) => {
      if (session.status === 'canceled') return session;
      requireOpen(session);
      refuseWhileConfirming(context, session);
      return { ...session, status: 'canceled', closedAt: unixNow(context) };
    },
    undefined,
    unread,
  );
  return canceled.value;
}

/** Throws the 400 for a total above what card networks accept. */
export function requireWithinMaxAmount(session: SessionRecord, param?: string): void {
  if (session.amountTotal > maxAmount) {
    throw new ApiError(
      400,
      'amount_too_large',
      `The total must be at most ${maxAmount} in the currency's smallest unit.`,
      param ? { param } : {},
    );
  }
}

/** The discount a promotion code gives a session. */
export function discountFrom(promo: PromotionCode): SessionDiscount {
  return {
    promotion_code: promo.id,
    code: promo.code,
    percent_off: promo.percent_off,
    amount_off: promo.amount_off,
    minimum_amount: promo.restrictions.minimum_amount,
  };
}

/** The payment record waiting for authentication, which an order change would cancel. */
async function pendingPayment(
  context: EndpointContext,
  session: SessionRecord,
): Promise<PaymentRecord | undefined> {
  if (session.payment?.status !== 'requires_action') return undefined;
  const id = session.payment.id;
  return (await context.store.listPayments(session.id)).find((payment) => payment.id === id);
}

/**
 * Changes what is being bought or where it goes (quantities, addresses,
 * shipping, discount) on an open session, and re-prices it. A discount whose
 * minimum the new subtotal misses is removed. A payment still waiting for
 * authentication is for the old total, so a change of total fails it.
 */
export async function changeOrder(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
  change: Change,
  unread = false,
): Promise<SessionRecord> {
  const pending = await pendingPayment(context, current.value);
  const changed = await transition(
    context,
    current,
    (session) => {
      requireOpen(session);
      refuseWhileConfirming(context, session);
      let next = priceSession(change(session), context.taxRates);
      const minimum = next.discount?.minimum_amount;
      if (minimum != null && next.amountSubtotal < minimum) {
        next = priceSession({ ...next, discount: null }, context.taxRates);
      }
      requireWithinMaxAmount(next);
      if (next.payment?.status === 'requires_action' && next.amountTotal !== session.amountTotal) {
        next = {
          ...next,
          payment: {
            ...next.payment,
            status: 'failed',
            error: {
              type: 'invalid_request_error',
              code: 'order_changed',
              message: 'The order changed after this payment started. Pay again.',
            },
          },
        };
      }
      return next;
    },
    (next) =>
      pending && next.payment?.id === pending.id && next.payment.status !== pending.status
        ? { payments: [{ ...pending, ...next.payment }] }
        : {},
    unread,
  );
  return changed.value;
}

/** Client API: the customer changed quantities, contact details, addresses or shipping. */
export function updateSession(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
  update: SessionUpdate,
  unread = false,
): Promise<SessionRecord> {
  requireOpen(current.value);
  return changeOrder(context, current, (session) => applyUpdate(session, update), unread);
}

/** Client API: apply a promotion code, replacing any applied one. */
export async function applyPromotionCode(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
  code: string,
  unread = false,
): Promise<SessionRecord> {
  const session = current.value;
  requireOpen(session);
  if (!session.allowPromotionCodes) throw promotionCodesNotAllowed();
  const promo = await context.store.findPromotionCodeByCode(code.trim());
  const problem = await promotionCodeProblem(
    context,
    promo,
    {
      currency: session.currency,
      amountSubtotal: session.amountSubtotal,
      customer: session.customer,
      email: customerEmailOf(session),
    },
    'code',
  );
  if (problem) throw unread ? new UnconfirmedHint() : problem;
  return changeOrder(
    context,
    current,
    (latest) => ({ ...latest, discount: discountFrom(promo!) }),
    unread,
  );
}

/** Client API: remove the applied promotion code (harmless when there is none). */
export function removePromotionCode(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
): Promise<SessionRecord> {
  requireOpen(current.value);
  return changeOrder(context, current, (session) => ({ ...session, discount: null }));
}

/** A card payment that went through: captured now, or held when the merchant captures later. */
export function succeededStatus(session: SessionRecord): PaymentRecord['status'] {
  return session.paymentIntentData?.capture_method === 'manual' ? 'requires_capture' : 'succeeded';
}

/** The session as paid: complete, with what its mode creates (a subscription, a saved card). */
export function complete(context: EndpointContext, session: SessionRecord): SessionRecord {
  const captured = session.payment?.status === 'succeeded';
  return {
    ...session,
    status: 'complete',
    paymentStatus: session.mode === 'setup' ? 'no_payment_required' : captured ? 'paid' : 'unpaid',
    closedAt: unixNow(context),
    subscription: session.mode === 'subscription' ? randomId('sub_test_') : null,
    setupIntent: session.mode === 'setup' ? randomId('seti_test_') : null,
  };
}
