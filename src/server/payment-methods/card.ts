import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type {
  Address,
  CardDetails,
  ConfirmRequest,
  PaymentResponse,
} from '../../api/client-types.js';
import {
  type CardBrand,
  cvcLengthFor,
  detectBrand,
  isExpired,
  luhnValid,
  normalizeCardNumber,
} from '../../core/card.js';
import { type EndpointContext, unixNow } from '../context.js';
import { ApiError } from '../errors.js';
import {
  type IdempotentClaim,
  idempotencyKeyFrom,
  idempotent,
  requireIdempotencyKey,
} from '../idempotency.js';
import { randomId } from '../ids.js';
import type { CardAuthorization, CardVoidRequest } from '../processor/processor.js';
import { note, type PaymentNote } from '../request-notes.js';
import { clientRoute, sessionOf, writeFromRecentOrRead } from '../routes/client-route.js';
import { challengeBody, clientSessionSchema, confirmBody } from '../routes/client-schemas.js';
import { errorResponses, errorSchema } from '../schemas.js';
import { checkAddress } from '../sessions/address-rules.js';
import { promotionCodeExhausted, promotionCodeProblem } from '../sessions/promotion-codes.js';
import {
  changeOrder,
  complete,
  isConfirming,
  RedemptionExhausted,
  refuseWhileConfirming,
  requireOpen,
  requireWithinMaxAmount,
  succeededStatus,
  transition,
} from '../sessions/service.js';
import {
  type PaymentRecord,
  type PaymentSummary,
  priceSession,
  type SessionRecord,
  toClientSession,
} from '../sessions/session.js';
import type { SessionEffects, Versioned } from '../store/store.js';

/**
 * Card payments: the confirm that carries the card (sent by the card frame
 * the endpoint serves, never by the merchant's page), the processor that
 * decides it, and the bank's authentication challenge (3-D Secure in test
 * mode). The card is checked, handed to the processor for this one call, and
 * forgotten: a payment keeps its brand and last 4 only.
 */

const paymentAnswerSchema = z.object({ session: clientSessionSchema }).openapi('PaymentResult');
const declinedSchema = z
  .object({ session: clientSessionSchema, error: errorSchema.shape.error })
  .openapi('PaymentDeclined');

const paymentResponses = {
  200: {
    description: 'The payment went through or needs authentication.',
    content: { 'application/json': { schema: paymentAnswerSchema } },
  },
  402: {
    description:
      'The card was declined, or the promotion code stopped applying (its last redemption went to another session, or it expired): the session stays open, re-priced. When the card itself is wrong (its number, expiry or security code), the answer is the error alone and nothing was tried.',
    content: { 'application/json': { schema: z.union([declinedSchema, errorSchema]) } },
  },
  ...errorResponses,
} as const;

const confirmResponses = {
  ...paymentResponses,
  403: {
    description: 'A browser sent card data from a page other than the card frame.',
    content: { 'application/json': { schema: errorSchema } },
  },
} as const;

/** The card's client routes: confirm (from the card frame) and the authentication challenge. */
export function registerCardRoutes(app: OpenAPIHono, context: EndpointContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/confirm',
      ...clientRoute,
      summary: 'Pay with a card (sent by the card frame)',
      description:
        "Carries the card number and CVC, so browsers may send it only from the endpoint's own origin: the card frame at `/frames/card`. A request from any other origin is refused with 403 `card_frame_required` before it is read. Servers (no `Origin` header) may call it directly.",
      middleware: [requireFrameOrigin(context), requireIdempotencyKey] as const,
      request: {
        headers: z.object({
          'idempotency-key': z
            .string()
            .max(255)
            .openapi({ param: { in: 'header', required: true } }),
        }),
        body: { required: true, content: { 'application/json': { schema: confirmBody } } },
      },
      responses: confirmResponses,
    }),
    async (c) => {
      const request = c.req.valid('json');
      const key = idempotencyKeyFrom(c.req.raw.headers);
      const card = request.payment_method.card;
      // The fingerprint never holds the full card number or the CVC.
      const fingerprint = {
        ...request,
        payment_method: {
          ...request.payment_method,
          card: {
            last4: card.number.replace(/\D/g, '').slice(-4),
            exp_month: card.exp_month,
            exp_year: card.exp_year,
          },
        },
      };
      const confirmFrom = (current: Versioned<SessionRecord>, unread: boolean) =>
        idempotent(
          context,
          `confirm ${current.value.id}`,
          key,
          fingerprint,
          (claim) =>
            confirmCardPayment(
              context,
              current,
              request,
              `${current.value.id}:${key}`,
              claim,
              unread,
            ),
          { claimWithFirstWrite: true },
        );
      // The session as this process last saw it saves a read; the claim's write confirms it.
      const result = await writeFromRecentOrRead(context, c, confirmFrom).catch(
        (error: unknown) => {
          notePaymentError(c.req.raw, 'confirm', error);
          throw error;
        },
      );
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      else notePayment(c.req.raw, 'confirm', result as PaymentAnswer);
      return c.json(result.body as z.infer<typeof declinedSchema>, result.status as 200 | 402);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/challenge',
      ...clientRoute,
      summary: "Finish the bank's authentication challenge",
      request: {
        body: { required: true, content: { 'application/json': { schema: challengeBody } } },
      },
      responses: paymentResponses,
    }),
    async (c) => {
      const { payment, outcome } = c.req.valid('json');
      const current = await sessionOf(context, c);
      const result = await resolveChallenge(context, current, payment, outcome);
      notePayment(c.req.raw, 'challenge', result);
      return c.json(result.body as z.infer<typeof declinedSchema>, result.status);
    },
  );
}

/** A payment's outcome, beside its request for the server's log and metrics. */
function notePayment(request: Request, step: PaymentNote['step'], answer: PaymentAnswer): void {
  const { body } = answer;
  if ('error' in body) {
    const code = body.error.decline_code ?? body.error.code;
    note(request, { payment: { step, outcome: 'declined', code }, errorCode: body.error.code });
    return;
  }
  const requiresAction = body.session.payment?.status === 'requires_action';
  note(request, { payment: { step, outcome: requiresAction ? 'requires_action' : 'succeeded' } });
}

/** A confirm refused with a card error (its number, expiry, CVC) or the processor unreachable. */
function notePaymentError(request: Request, step: PaymentNote['step'], error: unknown): void {
  if (!(error instanceof ApiError)) return;
  if (error.status === 402) {
    note(request, { payment: { step, outcome: 'declined', code: error.code } });
  } else if (error.code === 'processing_error') {
    note(request, { payment: { step, outcome: 'error', code: error.code } });
  }
}

/**
 * Card data may reach the endpoint from a browser only through the card
 * frame, which the endpoint serves from its own origin. A merchant page (or
 * a script injected into one) that sends a card number is refused, so the
 * kit's isolation cannot be bypassed by accident. Requests without `Origin`
 * come from servers, not browsers, and pass.
 */
export function requireFrameOrigin(context: EndpointContext) {
  return async (c: { req: { raw: Request } }, next: () => Promise<void>) => {
    const origin = c.req.raw.headers.get('Origin');
    if (origin !== null && !ownOrigins(c.req.raw, context).includes(origin)) {
      throw new ApiError(
        403,
        'card_frame_required',
        "Card details are accepted only from the card frame the endpoint serves (/frames/card), never from the merchant's page.",
        { type: 'invalid_request_error' },
      );
    }
    await next();
  };
}

/** The origins the endpoint answers on: the request's, and the public one behind a proxy. */
function ownOrigins(request: Request, context: EndpointContext): string[] {
  const origins = [new URL(request.url).origin];
  if (context.publicUrl) origins.push(new URL(context.publicUrl).origin);
  return origins;
}

/**
 * Checks the card's format before any processor sees it, with the same rules
 * as the card frame: a malformed number, a past expiry or a CVC of the wrong
 * length is a 402 naming the field.
 */
export function checkCard(card: CardDetails, now: Date): CardBrand | 'unknown' {
  const number = normalizeCardNumber(card.number);
  if (number !== card.number.replace(/[\s-]/g, '') || !luhnValid(number) || number.length < 12) {
    throw new ApiError(402, 'incorrect_number', 'Your card number is incorrect.', {
      param: 'payment_method.card.number',
    });
  }
  const brand = detectBrand(number) ?? 'unknown';
  if (isExpired({ month: card.exp_month, year: card.exp_year }, now)) {
    throw new ApiError(402, 'invalid_expiry_year', "Your card's expiration date is in the past.", {
      param: 'payment_method.card.exp_year',
    });
  }
  const cvc = card.cvc.trim();
  if (!/^\d+$/.test(cvc) || cvc.length !== cvcLengthFor(brand === 'unknown' ? null : brand)) {
    throw new ApiError(402, 'invalid_cvc', "Your card's security code is invalid.", {
      param: 'payment_method.card.cvc',
    });
  }
  return brand;
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

/** A 402 for a promotion code that stopped applying; the session comes with it, re-priced. */
function codeWithdrawn(problem: ApiError): ApiError {
  return new ApiError(402, problem.code, problem.message, {
    ...problem.extra,
    type: 'invalid_request_error',
  });
}

/**
 * Client API: pay. The session is claimed first (`confirmingSince`), so of
 * several concurrent confirms exactly one charges; the others get a 409.
 */
export async function confirmCardPayment(
  context: EndpointContext,
  current: Versioned<SessionRecord>,
  request: ConfirmRequest,
  idempotencyKey: string,
  claim?: IdempotentClaim,
  /** `current` is this process's earlier sight of the session, not a read (`hintForClientWrite`). */
  unread = false,
): Promise<PaymentAnswer & { saved?: boolean }> {
  const details = request.payment_method.billing_details;
  const givenAddress: Address | undefined =
    details.address &&
    checkAddress(details.address, {
      param: 'payment_method.billing_details.address',
      requireState: false,
    });

  // The applied code may have run out or expired since it was applied: then
  // it comes off before anything is charged, and the customer sees the new total.
  const applied = current.value.discount;
  if (applied && current.value.status === 'open' && !isConfirming(context, current.value)) {
    const problem = await promotionCodeProblem(
      context,
      await context.store.getPromotionCode(applied.promotion_code),
      {
        currency: current.value.currency,
        amountSubtotal: current.value.amountSubtotal,
        customer: current.value.customer,
        email: request.email,
      },
      'code',
    );
    if (problem) {
      await claim?.hold();
      const withdrawn = await changeOrder(context, current, (session) =>
        session.discount?.promotion_code === applied.promotion_code
          ? { ...session, discount: null }
          : session,
      );
      return answer(withdrawn, codeWithdrawn(problem));
    }
  }

  const claimedAt = unixNow(context);
  const claimed = await transition(
    context,
    current,
    (session) => {
      requireOpen(session);
      if (!session.paymentMethodTypes.includes('card')) {
        throw new ApiError(
          400,
          'payment_method_not_allowed',
          'This checkout session cannot be paid by card.',
          { param: 'payment_method.card' },
        );
      }
      refuseWhileConfirming(context, session);
      const address = givenAddress ?? session.billingAddress;
      if (session.billingAddressCollection === 'required' && !address?.country) {
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
      if (session.cardPostalCode === 'required' && !details.postal_code && !address?.postal_code) {
        throw new ApiError(400, 'postal_code_required', 'Enter the billing postal code.', {
          param: 'payment_method.billing_details.postal_code',
          rule: 'required',
        });
      }
      if (session.shippingAddressCollection && !session.shippingDetails) {
        throw new ApiError(400, 'shipping_details_required', 'Enter a shipping address.', {
          param: 'shipping_details',
        });
      }
      if (session.phoneNumberCollection.required && !session.customerPhone) {
        throw new ApiError(400, 'phone_required', 'Enter a phone number.', { param: 'phone' });
      }
      // The amount charged is the one computed now, from what the session holds.
      const next = priceSession(
        { ...session, billingAddress: address, confirmingSince: claimedAt },
        context.taxRates,
      );
      requireWithinMaxAmount(next);
      return next;
    },
    claimOnly(claim),
    unread,
  );

  // The claim's write carried the key; a claim that wrote nothing leaves it to claim here.
  await claim?.hold();

  const release = (session: SessionRecord): SessionRecord =>
    session.confirmingSince === claimedAt ? { ...session, confirmingSince: null } : session;

  const card = request.payment_method.card;
  // Setup mode saves the card: it is checked, never charged.
  const amount = claimed.value.mode === 'setup' ? 0 : claimed.value.amountTotal;
  let authorization: CardAuthorization;
  let brand: ReturnType<typeof checkCard>;
  try {
    brand = checkCard(card, new Date(context.now()));
    authorization = await context.processor.authorize({
      amount,
      currency: claimed.value.currency,
      card,
      billingDetails: {
        name: details.name,
        address: claimed.value.billingAddress,
        postalCode: details.postal_code ?? claimed.value.billingAddress?.postal_code ?? null,
      },
      sessionId: claimed.value.id,
      idempotencyKey,
      mode: claimed.value.mode,
    });
  } catch (error) {
    await transition(context, claimed, release);
    if (error instanceof ApiError) throw error;
    // The processor could not decide (it is down, or timed out): nothing was charged.
    throw new ApiError(
      503,
      'processing_error',
      'The card processor could not be reached. Try again.',
      {
        type: 'api_error',
        retryable: true,
      },
    );
  }
  const declined =
    authorization.status === 'declined'
      ? new ApiError(402, authorization.code, authorization.message, {
          ...(authorization.declineCode ? { decline_code: authorization.declineCode } : {}),
          ...(authorization.retryable ? { retryable: true } : {}),
        })
      : null;

  const payment: PaymentRecord = {
    id: randomId('py_test_'),
    sessionId: claimed.value.id,
    amount,
    currency: claimed.value.currency,
    created: unixNow(context),
    brand,
    last4: normalizeCardNumber(card.number).slice(-4),
    status: declined
      ? 'failed'
      : authorization.status === 'approved'
        ? succeededStatus(claimed.value)
        : 'requires_action',
    error: declined ? declined.toBody().error : null,
    authorizationKey: idempotencyKey,
  };
  const recordAttempt = (session: SessionRecord, attempt: PaymentRecord): SessionRecord => ({
    ...release(session),
    paymentIntent:
      session.paymentIntent ?? (session.mode === 'setup' ? null : randomId('pi_test_')),
    payment: summary(attempt),
    customerDetails: {
      email: request.email,
      name: details.name || null,
      phone: session.customerPhone,
      address: session.billingAddress,
    },
  });
  // An authorization this confirm does not record as paid goes back to the processor.
  const voidUnrecorded = (reason: CardVoidRequest['reason']) =>
    authorization.status === 'declined' ? undefined : voidAuthorization(context, payment, reason);
  let answerWritten = false;
  let closedMeanwhile = false;
  try {
    const finished = await transition(
      context,
      claimed,
      (session) => {
        // A confirm that outlived its lease was taken over by a retry, which
        // decides: this one records nothing (the processor saw one key for
        // both, and the retry records that authorization).
        if (session.confirmingSince !== claimedAt) throw confirmTakenOver();
        // Or, past its lease, the session was closed (expired, canceled): a
        // closed session never opens again, so this records nothing either,
        // and what the processor approved is voided.
        closedMeanwhile = session.status !== 'open';
        requireOpen(session);
        const base = recordAttempt(session, payment);
        return authorization.status === 'approved' ? complete(context, base) : base;
      },
      // The answer is saved under the key in the same write: one round trip fewer.
      (next) => {
        const effects = completionEffects(next, [payment]);
        if (!claim) return effects;
        answerWritten = true;
        const { status, body } = answer(next, declined ?? undefined);
        return { ...effects, response: claim.answer(status, body) };
      },
    );
    return { ...answer(finished.value, declined ?? undefined), saved: answerWritten };
  } catch (error) {
    if (!(error instanceof RedemptionExhausted)) {
      if (closedMeanwhile) await voidUnrecorded('session_closed');
      throw error;
    }
    const lost = await lostLastRedemption(context, error.latest, payment, (session, attempt) =>
      recordAttempt(session, attempt),
    );
    await voidUnrecorded('promotion_code_exhausted');
    return lost;
  }
}

/**
 * Asks the processor to void an authorization the endpoint did not record
 * as paid. A processor that cannot, or fails to, leaves a hold on the card
 * until the issuer lets it lapse: that is reported, never thrown, since the
 * session's outcome is written and the customer's answer does not change.
 */
async function voidAuthorization(
  context: EndpointContext,
  payment: PaymentRecord,
  reason: CardVoidRequest['reason'],
) {
  const unreleased = (cause?: unknown) =>
    new Error(
      `The processor approved a card payment for ${payment.sessionId} that was not recorded (${reason}), and did not void it: release it with the processor (idempotency key ${payment.authorizationKey ?? 'not kept: the payment was recorded before the endpoint kept it'}).`,
      cause === undefined ? {} : { cause },
    );
  if (!context.processor.voidAuthorization || !payment.authorizationKey) {
    context.reportError(unreleased());
    return;
  }
  const request: CardVoidRequest = {
    sessionId: payment.sessionId,
    idempotencyKey: payment.authorizationKey,
    amount: payment.amount,
    currency: payment.currency,
    reason,
  };
  try {
    await context.processor.voidAuthorization(request);
  } catch (error) {
    context.reportError(unreleased(error));
  }
}

/**
 * The claim is provisional: the embedded store keeps it in its process, as it
 * keeps idempotency claims. A crash that forgets it forgets a confirm that
 * recorded nothing, whose retry may start at once. The request's idempotency
 * key is claimed with it, when not claimed yet: one statement on a shared
 * database.
 */
const claimOnly = (claim: IdempotentClaim | undefined) => (): SessionEffects => {
  const claimKey = claim?.keyToClaim();
  return claimKey ? { provisional: true, claimKey } : { provisional: true };
};

function confirmTakenOver(): ApiError {
  return new ApiError(
    409,
    'payment_in_progress',
    'This payment took too long and was taken over by a retry. Read the session for its outcome.',
    { type: 'invalid_request_error', retryable: true },
  );
}

/** The writes that go with `next`: its payments, and its code's redemption if it completed. */
function completionEffects(next: SessionRecord, payments: PaymentRecord[]): SessionEffects {
  return next.status === 'complete' && next.discount
    ? { payments, redeem: next.discount.promotion_code }
    : { payments };
}

/**
 * Another session took the code's last redemption while this one was paying.
 * The payment does not complete: it is recorded as failed, the discount comes
 * off, and the customer sees the new total and can pay again.
 */
async function lostLastRedemption(
  context: EndpointContext,
  latest: Versioned<SessionRecord>,
  payment: PaymentRecord,
  record: (session: SessionRecord, attempt: PaymentRecord) => SessionRecord,
): Promise<PaymentAnswer> {
  const error = codeWithdrawn(promotionCodeExhausted());
  const failed: PaymentRecord = { ...payment, status: 'failed', error: error.toBody().error };
  const reopened = await transition(
    context,
    latest,
    (session) => priceSession({ ...record(session, failed), discount: null }, context.taxRates),
    () => ({ payments: [failed] }),
  );
  return answer(reopened.value, error);
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

/** The bank failed the customer's authentication: no authorization came of it. */
const authenticationFailedCode = 'payment_intent_authentication_failure';

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
    authenticationFailedCode,
    'We could not authenticate your payment method. Choose a different payment method and try again.',
  );
  const original = (await context.store.listPayments(current.value.id)).find(
    (payment) => payment.id === paymentId,
  );
  // The session as the last attempt found it: what an approval it refuses came too late for.
  let seen = current.value;
  try {
    const finished = await transition(
      context,
      current,
      (session) => {
        seen = session;
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
      (next) =>
        completionEffects(next, original && next.payment ? [{ ...original, ...next.payment }] : []),
    );
    return answer(finished.value, outcome === 'fail' ? failure : undefined);
  } catch (error) {
    // A concurrent approval of this payment completed the session first: answered as it was.
    if (outcome === 'approve' && seen.status === 'complete' && seen.payment?.id === paymentId) {
      return answer(seen);
    }
    if (outcome === 'approve' && original && error instanceof ApiError) {
      const reason = lateApprovalReason(seen, original);
      if (reason) await voidAuthorization(context, original, reason);
    }
    if (!(error instanceof RedemptionExhausted) || !original) throw error;
    const lost = await lostLastRedemption(context, error.latest, original, (session, attempt) => ({
      ...session,
      payment: summary(attempt),
    }));
    // Only an approval completes, and so redeems: the bank's approval finished
    // the authorization the confirm asked for, which, not recorded as paid, goes back.
    await voidAuthorization(context, original, 'promotion_code_exhausted');
    return lost;
  }
}

/**
 * Why an approval the session refused leaves an authorization to void, if it
 * does. The bank's approval finishes the authorization the confirm asked for,
 * so one that comes for a payment the session no longer waits on (it closed,
 * the order changed, another payment took its place) holds money nobody will
 * capture. None when the payment was recorded as paid meanwhile (a
 * concurrent approval won) or the bank had already failed it.
 */
function lateApprovalReason(
  session: SessionRecord,
  payment: PaymentRecord,
): CardVoidRequest['reason'] | null {
  const recorded = session.payment?.id === payment.id ? session.payment : null;
  const late = session.status === 'open' ? 'payment_superseded' : 'session_closed';
  switch (recorded?.status) {
    case undefined: // another payment attempt took its place
      return late;
    case 'requires_action': // still waited on: refused for another reason, it may come again
      return session.status === 'open' ? null : late;
    case 'failed': {
      // By an order change; not by the bank (which then authorized nothing),
      // nor by a lost redemption (whose authorization was voided then).
      const code = recorded.error?.code;
      return code === authenticationFailedCode || code === 'promotion_code_exhausted' ? null : late;
    }
    default: // recorded as paid: a concurrent approval won
      return null;
  }
}
