import type { CardDetails } from '../../api/client-types.js';
import {
  type CardBrand,
  cvcLengthFor,
  detectBrand,
  isExpired,
  luhnValid,
  normalizeCardNumber,
} from '../../core/card.js';
import { ApiError } from '../errors.js';

/** What a processor decided about one charge. Carries no card data beyond brand and last 4. */
export type ChargeOutcome =
  | { result: 'succeeded'; brand: CardBrand | 'unknown'; last4: string }
  | { result: 'requires_action'; brand: CardBrand | 'unknown'; last4: string }
  | { result: 'failed'; brand: CardBrand | 'unknown'; last4: string; error: ApiError };

const declines: Record<
  string,
  { code: string; decline_code?: string; message: string; retryable?: boolean }
> = {
  '4000000000000002': {
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
  },
  '4000000000009995': {
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  '4000000000000069': {
    code: 'expired_card',
    decline_code: 'expired_card',
    message: 'Your card has expired.',
  },
  '4000000000000127': {
    code: 'incorrect_cvc',
    decline_code: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
  },
  '4000000000000119': {
    code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
    retryable: true,
  },
};

const succeeds = new Set(['4242424242424242', '5555555555554444', '378282246310005']);
const authenticates = '4000002500003155';

/**
 * The built-in test-mode processor (livemode false). Card outcomes follow the
 * test card table in the README; every other well-formed number is declined,
 * because test mode must never charge a real card.
 *
 * Malformed details throw a 400 before any charge is attempted; declines come
 * back as a `failed` outcome so the attempt is recorded.
 */
export function chargeTestCard(card: CardDetails, now: Date): ChargeOutcome {
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
  const last4 = number.slice(-4);
  if (succeeds.has(number)) return { result: 'succeeded', brand, last4 };
  if (number === authenticates) return { result: 'requires_action', brand, last4 };
  const decline = declines[number] ?? {
    code: 'card_declined',
    decline_code: 'test_mode_live_card',
    message: 'Your card was declined. Test mode accepts only the test card numbers.',
  };
  const { code, message, ...extra } = decline;
  return { result: 'failed', brand, last4, error: new ApiError(402, code, message, extra) };
}
