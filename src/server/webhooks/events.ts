import { randomId } from '../ids.js';
import type { SessionRecord } from '../sessions/session.js';
import type { WebhookEvent, WebhookEventType } from './event.js';

/**
 * Which events a session change causes. Called on every stored change with
 * the session before and after, so an event is queued exactly when its
 * change is written, in the same transaction.
 */
export function eventsFor(
  before: SessionRecord,
  after: SessionRecord,
  now: number,
): WebhookEvent[] {
  const types: WebhookEventType[] = [];
  const failed = after.payment?.status === 'failed';
  const newlyFailed =
    failed && (before.payment?.id !== after.payment?.id || before.payment?.status !== 'failed');
  if (newlyFailed) types.push('checkout.session.payment_failed');
  if (before.status === 'open' && after.status !== 'open') {
    types.push(`checkout.session.${after.status === 'complete' ? 'completed' : after.status}`);
  }
  return types.map((type) => ({
    id: randomId('evt_'),
    object: 'event',
    type,
    created: now,
    livemode: after.livemode,
    data: { object: eventSession(after) },
  }));
}

/**
 * The session as events carry it: what the merchant needs to fulfil or follow
 * up, including `metadata`. Never the client secret, never card data.
 */
export function eventSession(session: SessionRecord): Record<string, unknown> {
  return {
    id: session.id,
    object: 'checkout.session',
    api: session.source.api,
    status: session.status,
    payment_status: session.paymentStatus,
    mode: session.mode,
    currency: session.currency,
    amount_subtotal: session.amountSubtotal,
    amount_total: session.amountTotal,
    total_details: session.totalDetails,
    metadata: session.metadata,
    client_reference_id: session.clientReferenceId,
    customer: session.customer,
    customer_email: session.customerDetails?.email ?? session.enteredEmail ?? session.customerEmail,
    // What fulfilment needs: who paid, where it ships, and the final quantities
    // (the customer may have changed them).
    customer_details: session.customerDetails,
    shipping_details: session.shippingDetails,
    line_items: session.lineItems.map((line) => ({
      id: line.id,
      name: line.name,
      product: line.product,
      price: line.price,
      quantity: line.quantity,
      unit_amount: line.unitAmount,
      amount_total: line.amountTotal,
    })),
    payment_intent: session.paymentIntent,
    payment: session.payment && {
      id: session.payment.id,
      status: session.payment.status,
      brand: session.payment.brand,
      last4: session.payment.last4,
      error: session.payment.error && {
        code: session.payment.error.code,
        message: session.payment.error.message,
        ...(session.payment.error.decline_code
          ? { decline_code: session.payment.error.decline_code }
          : {}),
      },
    },
    subscription: session.subscription,
    setup_intent: session.setupIntent,
    created: session.created,
    expires_at: session.expiresAt,
  };
}
