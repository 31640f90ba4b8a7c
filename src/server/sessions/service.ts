import type { ConfirmRequest, PaymentResponse } from '../../api/client-types.js';
import { type EndpointContext, unixNow } from '../context.js';
import { ApiError } from '../errors.js';
import { randomId } from '../ids.js';
import { chargeTestCard } from '../processor/test-processor.js';
import type { Versioned } from '../store/store.js';
import {
  type PaymentRecord,
  type PaymentSummary,
  type SessionRecord,
  toClientSession,
} from './session.js';

/**
 * The session lifecycle: open → complete | expired | canceled, never back.
 * Every change goes through `transition`, a compare-and-set on the stored
 * version, so two requests racing on one session cannot both win.
 */

/** A confirm that has held its claim this long is presumed dead (its process crashed). */
const staleConfirmSeconds = 60;

type Change = (session: SessionRecord) => SessionRecord;

/**
 * Applies `change` to the latest stored session, re-reading and retrying when
 * another writer got there first. `change` may throw to refuse. Returns the
 * session as stored, with its version, so callers never need to read it back.
 */
async function transition(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
  change: Change,
  payments: (next: SessionRecord) => PaymentRecord[] = () => [],
): Promise<Versioned<SessionRecord>> {
  let latest = current;
  for (let attempt = 0; attempt < 20; attempt++) {
    const next = change(latest.value);
    if (next === latest.value) return latest;
    if (await context.store.updateSession(next, latest.version, payments(next))) {
      return { value: next, version: latest.version + 1 };
    }
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

/** Moves an open session past its expiry time to `expired`; leaves anything else alone. */
function expireIfDue(context: EndpointContext): Change {
  return (session) =>
    session.status === 'open' &&
    unixNow(context) >= session.expiresAt &&
    !isConfirming(context, session)
      ? { ...session, status: 'expired', closedAt: unixNow(context) }
      : session;
}

function isConfirming(context: EndpointContext, session: SessionRecord): boolean {
  return (
    session.confirmingSince !== null &&
    unixNow(context) - session.confirmingSince < staleConfirmSeconds
  );
}

async function findById(context: EndpointContext, id: string): Promise<Versioned<SessionRecord>> {
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
  return (await transition(context, await findById(context, id), expireIfDue(context))).value;
}

/** Reads a session by client secret for the client API, enforcing expiry on the way. */
export async function readSessionBySecret(
  context: EndpointContext,
  clientSecret: string,
): Promise<Versioned<SessionRecord>> {
  const found = await context.store.findSessionByClientSecret(clientSecret);
  if (!found) {
    throw new ApiError(
      401,
      'client_secret_invalid',
      'The client secret does not match any checkout session.',
    );
  }
  return transition(context, found, expireIfDue(context));
}

function requireOpen(session: SessionRecord): void {
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
  const expired = await transition(context, found, (session) => {
    const due = expireIfDue(context)(session);
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
  });
  return expired.value;
}

function refuseWhileConfirming(context: EndpointContext, session: SessionRecord): void {
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
): Promise<SessionRecord> {
  const canceled = await transition(context, current, (session) => {
    if (session.status === 'canceled') return session;
    requireOpen(session);
    refuseWhileConfirming(context, session);
    return { ...session, status: 'canceled', closedAt: unixNow(context) };
  });
  return canceled.value;
}

/** The answer to a confirm or challenge: the session, plus an error when the payment failed. */
export interface PaymentAnswer {
  status: 200 | 402;
  body: PaymentResponse | (PaymentResponse & ReturnType<ApiError['toBody']>);
}

function answer(session: SessionRecord, error?: ApiError): PaymentAnswer {
  const body = { session: toClientSession(session) };
  return error ? { status: 402, body: { ...error.toBody(), ...body } } : { status: 200, body };
}

/**
 * Client API: pay. The session is claimed first (`confirmingSince`), so of
 * several concurrent confirms exactly one charges; the others get a 409.
 */
export async function confirmPayment(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
  request: ConfirmRequest,
): Promise<PaymentAnswer> {
  const claimedAt = unixNow(context);
  const claimed = await transition(context, current, (session) => {
    requireOpen(session);
    refuseWhileConfirming(context, session);
    if (
      session.billingAddressCollection === 'required' &&
      !request.payment_method.billing_details.address?.country
    ) {
      throw new ApiError(
        400,
        'parameter_missing',
        'A billing address is required for this session.',
        {
          param: 'payment_method.billing_details.address.country',
          rule: 'required',
        },
      );
    }
    return { ...session, confirmingSince: claimedAt };
  });

  const release = (session: SessionRecord): SessionRecord =>
    session.confirmingSince === claimedAt ? { ...session, confirmingSince: null } : session;

  let outcome: ReturnType<typeof chargeTestCard>;
  try {
    outcome = chargeTestCard(request.payment_method.card, new Date(context.now()));
  } catch (error) {
    await transition(context, claimed, release);
    throw error;
  }

  const payment: PaymentRecord = {
    id: randomId('py_test_'),
    sessionId: claimed.value.id,
    amount: claimed.value.amountTotal,
    currency: claimed.value.currency,
    created: unixNow(context),
    brand: outcome.brand,
    last4: outcome.last4,
    status:
      outcome.result === 'failed'
        ? 'failed'
        : outcome.result === 'succeeded'
          ? succeededStatus(claimed.value)
          : 'requires_action',
    error: outcome.result === 'failed' ? outcome.error.toBody().error : null,
  };
  const details = request.payment_method.billing_details;
  const finished = await transition(
    context,
    claimed,
    (session) => {
      const base: SessionRecord = {
        ...release(session),
        paymentIntent: session.paymentIntent ?? randomId('pi_test_'),
        payment: summary(payment),
        customerDetails: {
          email: request.email,
          name: details.name || null,
          phone: session.customerDetails?.phone ?? null,
          address: details.address ?? null,
        },
      };
      return outcome.result === 'succeeded' ? complete(context, base) : base;
    },
    () => [payment],
  );
  return answer(finished.value, outcome.result === 'failed' ? outcome.error : undefined);
}

function succeededStatus(session: SessionRecord): PaymentRecord['status'] {
  return session.paymentIntentData?.capture_method === 'manual' ? 'requires_capture' : 'succeeded';
}

function complete(context: EndpointContext, session: SessionRecord): SessionRecord {
  const captured = session.payment?.status === 'succeeded';
  return {
    ...session,
    status: 'complete',
    paymentStatus: session.mode === 'setup' ? 'no_payment_required' : captured ? 'paid' : 'unpaid',
    closedAt: unixNow(context),
  };
}

function summary(payment: PaymentRecord): PaymentSummary {
  return {
    id: payment.id,
    status: payment.status,
    brand: payment.brand,
    last4: payment.last4,
    error: payment.error,
  };
}

/**
 * Client API: the customer finished (or failed) the bank's authentication
 * challenge for the payment that asked for it. Repeating an approval that
 * already completed the session answers as the first one did.
 */
export async function resolveChallenge(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
  paymentId: string,
  outcome: 'approve' | 'fail',
): Promise<PaymentAnswer> {
  const pending = current.value.payment;
  if (current.value.status === 'complete' && pending?.id === paymentId && outcome === 'approve') {
    return answer(current.value);
  }
  const failure = new ApiError(
    402,
    'payment_intent_authentication_failure',
    'We could not authenticate your payment method. Choose a different payment method and try again.',
  );
  const original = (await context.store.listPayments(current.value.id)).find(
    (payment) => payment.id === paymentId,
  );
  const finished = await transition(
    context,
    current,
    (session) => {
      requireOpen(session);
      if (session.payment?.id !== paymentId || session.payment.status !== 'requires_action') {
        throw new ApiError(
          409,
          'payment_not_awaiting_authentication',
          'This payment is not waiting for authentication.',
          { param: 'payment' },
        );
      }
      const status = outcome === 'approve' ? succeededStatus(session) : 'failed';
      const error = outcome === 'approve' ? null : failure.toBody().error;
      const next = { ...session, payment: { ...session.payment, status, error } };
      return outcome === 'approve' ? complete(context, next) : next;
    },
    (next) => (original && next.payment ? [{ ...original, ...next.payment }] : []),
  );
  return answer(finished.value, outcome === 'fail' ? failure : undefined);
}
