import { currencyDigits } from '../../core/money.js';
import { type EndpointContext, unixNow } from '../context.js';
import { ApiError } from '../errors.js';

/** A promotion code as stored and as the merchant API shows it. */
export interface PromotionCode {
  id: string;
  object: 'promotion_code';
  /** The merchant's spelling; codes match case-insensitively. */
  code: string;
  active: boolean;
  percent_off: number | null;
  /** In `currency`'s minor unit. */
  amount_off: number | null;
  currency: string | null;
  starts_at: number | null;
  expires_at: number | null;
  max_redemptions: number | null;
  times_redeemed: number;
  /** When set, only this customer may use the code. */
  customer: string | null;
  restrictions: {
    minimum_amount: number | null;
    minimum_amount_currency: string | null;
    first_time_transaction: boolean;
  };
  metadata: Record<string, string>;
  livemode: boolean;
  created: number;
}

/** What a promotion code is checked against. */
export interface PromotionTarget {
  currency: string;
  /** Before any discount. */
  amountSubtotal: number;
  customer: string | null;
  /** The email the customer entered or the merchant prefilled, if any. */
  email: string | null;
}

/** "50.00 USD", "5000 JPY", "1.500 KWD": plain, so it reads the same in every locale. */
export function formatMinimum(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  return `${(amount / 10 ** digits).toFixed(digits)} ${currency.toUpperCase()}`;
}

/**
 * Why `promo` cannot be used for `target` now, or null when it can. `param`
 * is the request field that named the code. Does not check whether the
 * session allows codes at all (the caller knows who is asking).
 */
export async function promotionCodeProblem(
  context: EndpointContext,
  promo: PromotionCode | null,
  target: PromotionTarget,
  param: string,
): Promise<ApiError | null> {
  const fail = (code: string, message: string) => new ApiError(400, code, message, { param });
  if (!promo?.active) return fail('promotion_code_invalid', 'This code is not valid.');
  const now = unixNow(context);
  if (promo.starts_at !== null && now < promo.starts_at) {
    return fail('promotion_code_not_active_yet', 'This code is not active yet.');
  }
  if (promo.expires_at !== null && now >= promo.expires_at) {
    return fail('promotion_code_expired', 'This code has expired.');
  }
  if (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions) {
    return fail('promotion_code_exhausted', 'This code has been fully redeemed.');
  }
  const { minimum_amount: minimum, minimum_amount_currency: minimumCurrency } = promo.restrictions;
  if (
    (promo.amount_off !== null && promo.currency !== target.currency) ||
    (minimum !== null && minimumCurrency !== target.currency)
  ) {
    return fail(
      'promotion_code_currency_mismatch',
      `This code cannot be used for payments in ${target.currency.toUpperCase()}.`,
    );
  }
  if (minimum !== null && target.amountSubtotal < minimum) {
    return fail(
      'promotion_code_minimum_not_met',
      `This code applies to orders of ${formatMinimum(minimum, target.currency)} or more.`,
    );
  }
  if (promo.customer !== null && promo.customer !== target.customer) {
    return fail('promotion_code_customer_ineligible', 'This code is not valid for this customer.');
  }
  if (
    promo.restrictions.first_time_transaction &&
    (target.customer || target.email) &&
    (await context.store.hasCompletedSession({ customer: target.customer, email: target.email }))
  ) {
    return fail(
      'promotion_code_customer_ineligible',
      'This code is only valid for a first purchase.',
    );
  }
  return null;
}

export function promotionCodesNotAllowed(param = 'code'): ApiError {
  return new ApiError(
    400,
    'promotion_codes_not_allowed',
    'This checkout does not accept promotion codes.',
    { param },
  );
}

export function promotionCodeExhausted(param = 'code'): ApiError {
  return new ApiError(400, 'promotion_code_exhausted', 'This code has been fully redeemed.', {
    param,
  });
}
