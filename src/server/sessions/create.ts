import { type EndpointContext, unixNow } from '../context.js';
import { ApiError, invalidParam } from '../errors.js';
import { randomId } from '../ids.js';
import type { PromotionCode } from './promotion-codes.js';
import { promotionCodeProblem } from './promotion-codes.js';
import { discountFrom, requireWithinMaxAmount } from './service.js';
import { type LineItemRecord, maxAmount, priceSession, type SessionRecord } from './session.js';

/**
 * Building blocks every merchant API uses to create a session, so a session
 * from any seed is stored, priced and paid the same way. Each seed's module
 * validates its own body, then describes the session with these.
 */

/** What a line needs; the rest has defaults. */
export type LineItemInit = Pick<LineItemRecord, 'name' | 'quantity' | 'unitAmount'> &
  Partial<
    Omit<LineItemRecord, 'id' | 'amountSubtotal' | 'amountDiscount' | 'amountTax' | 'amountTotal'>
  >;

export function newLineItem(init: LineItemInit): LineItemRecord {
  return {
    id: randomId('li_'),
    product: null,
    variant: null,
    description: null,
    images: [],
    taxBehavior: 'unspecified',
    recurring: null,
    price: null,
    adjustableQuantity: null,
    ...init,
    amountSubtotal: 0,
    amountDiscount: 0,
    amountTax: 0,
    amountTotal: 0,
  };
}

/** What a session needs; the rest has defaults (card payment, nothing collected, open). */
export type SessionInit = Pick<SessionRecord, 'mode' | 'currency' | 'lineItems' | 'source'> &
  Partial<Omit<SessionRecord, 'id' | 'clientSecret' | 'status' | 'created'>>;

/** Default lifetime when the merchant gives none, as seed 003 documents. */
export const defaultLifetimeSeconds = 24 * 60 * 60;

/**
 * A new open session, priced. Throws a 400 when the total is above what card
 * networks accept. The caller stores it.
 */
export function newSession(context: EndpointContext, init: SessionInit): SessionRecord {
  const now = unixNow(context);
  const id = randomId('cs_test_');
  const session = priceSession(
    {
      id,
      clientSecret: `${id}_secret_${randomId('', 32)}`,
      livemode: context.livemode,
      status: 'open',
      paymentStatus: init.mode === 'setup' ? 'no_payment_required' : 'unpaid',
      uiMode: 'embedded',
      amountSubtotal: 0,
      amountTotal: 0,
      totalDetails: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      customer: null,
      customerEmail: null,
      customerCreation: 'if_required',
      billingAddressCollection: 'auto',
      submitType: 'auto',
      locale: null,
      clientReferenceId: null,
      paymentIntentData: null,
      successUrl: null,
      cancelUrl: null,
      metadata: {},
      paymentMethodTypes: ['card'],
      crypto: null,
      customerDetails: null,
      created: now,
      expiresAt: now + defaultLifetimeSeconds,
      closedAt: null,
      paymentIntent: null,
      payment: null,
      confirmingSince: null,
      shippingAddressCollection: null,
      shippingOptions: [],
      phoneNumberCollection: { enabled: false, required: false },
      allowPromotionCodes: false,
      automaticTax: { enabled: false, status: null },
      enteredEmail: null,
      customerPhone: null,
      billingAddress: null,
      shippingDetails: null,
      shippingRate: init.shippingOptions?.[0]?.id ?? null,
      discount: null,
      tax: null,
      subscription: null,
      setupIntent: null,
      ...init,
    },
    context.taxRates,
  );
  if (session.amountTotal > maxAmount) {
    throw invalidParam(
      'line_items',
      'amount_maximum',
      `The session total must be at most ${maxAmount} in the currency's smallest unit.`,
    );
  }
  return session;
}

/**
 * Applies a promotion code the merchant gave at creation (003 `discounts`,
 * 000 `promo_code`), or throws the 400 that says why it does not apply.
 */
export async function withPromotionCode(
  context: EndpointContext,
  session: SessionRecord,
  promo: PromotionCode | null,
  param: string,
): Promise<SessionRecord> {
  const problem = await promotionCodeProblem(
    context,
    promo,
    {
      currency: session.currency,
      amountSubtotal: session.amountSubtotal,
      customer: session.customer,
      email: session.customerEmail,
    },
    param,
  );
  if (problem) throw problem;
  const discounted = priceSession({ ...session, discount: discountFrom(promo!) }, context.taxRates);
  requireWithinMaxAmount(discounted, param);
  return discounted;
}

/** The 400 for a catalog id that does not exist, naming it. */
export function noSuch(kind: string, id: string, param: string): ApiError {
  return new ApiError(400, 'resource_missing', `No such ${kind}: '${id}'.`, {
    param,
    rule: 'exists',
  });
}

/**
 * Checks a line's adjustable quantity (seeds 001 and 003): disabled means the
 * quantity is fixed and its bounds are ignored.
 */
export function adjustableQuantity(
  item: {
    quantity: number;
    adjustable_quantity?: { enabled: boolean; minimum: number; maximum: number };
  },
  index: number,
): LineItemRecord['adjustableQuantity'] {
  const adjustable = item.adjustable_quantity;
  if (!adjustable?.enabled) return null;
  if (adjustable.minimum > adjustable.maximum) {
    throw invalidParam(
      `line_items[${index}].adjustable_quantity.minimum`,
      'at_most_maximum',
      'adjustable_quantity.minimum must not exceed adjustable_quantity.maximum.',
    );
  }
  if (item.quantity < adjustable.minimum || item.quantity > adjustable.maximum) {
    throw invalidParam(
      `line_items[${index}].quantity`,
      'within_adjustable_quantity',
      `quantity must be between adjustable_quantity.minimum (${adjustable.minimum}) and maximum (${adjustable.maximum}).`,
    );
  }
  return { enabled: true, minimum: adjustable.minimum, maximum: adjustable.maximum };
}
