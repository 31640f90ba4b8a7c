import type { CardFieldError } from '../core/card.js';
import type { addressMessages } from './parts/address.js';
import type { cryptoMessages } from './parts/crypto.js';
import type { phoneMessages } from './parts/phone.js';
import type { promotionCodeMessages } from './parts/promotion-code.js';
import type { quantityStepperMessages } from './parts/quantity-stepper.js';
import type { shippingRatesMessages } from './parts/shipping-rates.js';

/**
 * English strings, by key, that the script-tag entry ships; the words of parts
 * that load lazily are in ./parts/. Every locale pack (`locales/<tag>.ts`)
 * translates both. Errors from the endpoint
 * are shown by their code when a message exists for it, so the wording stays
 * the kit's own and can be translated.
 *
 * Values are templates: `{name}` placeholders, and for counts a subset of ICU
 * plural syntax, `{count, plural, one {# day} other {# days}}` (see format.ts).
 */
const entryMessages = {
  loading: 'Loading checkout…',
  testMode: 'Test mode',
  orderSummary: 'Order summary',
  quantity: 'Qty {quantity}',
  each: '{amount} each',
  subtotal: 'Subtotal',
  discount: 'Discount',
  shipping: 'Shipping',
  tax: 'Tax',
  total: 'Total',
  contact: 'Contact information',
  email: 'Email',
  cardDetails: 'Card details',
  cardNumber: 'Card number',
  expiry: 'Expiry date',
  expiryHint: 'MM / YY',
  cvc: 'Security code',
  cvcHint: '{length} digits, on the back of the card',
  cvcHintAmex: '4 digits, on the front of the card',
  cardholderName: 'Name on card',
  // Also the address form's generic label; in the entry for the card frame's postal code.
  postalCode: 'Postal code',
  billingAddress: 'Billing address',
  country: 'Country or region',
  pay: 'Pay {amount}',
  processing: 'Processing…',
  cancel: 'Cancel and return',
  errorSummaryTitle: 'There is a problem',
  paidTitle: 'Payment successful',
  paidBody: 'Paid {amount} with {brand} ending in {last4}.',
  expiredTitle: 'This checkout has expired',
  expiredBody: 'Return to the store to start again.',
  canceledTitle: 'Checkout canceled',
  canceledBody: 'You have not been charged.',
  loadFailedTitle: 'We could not load this checkout',
  retry: 'Try again',
  challengeTitle: 'Confirm your payment',
  challengeBody:
    'Your bank asks you to confirm this payment of {amount}. This is a test: choose how the bank answers.',
  challengeApprove: 'Complete authentication',
  challengeFail: 'Fail authentication',
  savedTitle: 'Card saved',
  savedBody: '{brand} ending in {last4} is saved for future payments.',
  saveCard: 'Save card',
  subscribe: 'Subscribe · {amount}',
  book: 'Book · {amount}',
  donate: 'Donate {amount}',
  busy: 'Your payment is already being processed.',
  card_missing: 'This checkout has no card fields.',
  session_not_open: 'This checkout is no longer open.',
  session_not_loaded: 'The checkout has not loaded yet.',
  recurring: 'Then {amount} {period}',
  every_day: 'every day',
  every_days: 'every {count} days',
  every_week: 'every week',
  every_weeks: 'every {count} weeks',
  every_month: 'every month',
  every_months: 'every {count} months',
  every_year: 'every year',
  every_years: 'every {count} years',
  discountWithCode: 'Discount ({code})',
  includesTax: 'Includes {amount} tax',
  taxCalculatedLater: 'Tax is calculated once you enter your address.',
  taxHelpLabel: 'How is tax calculated?',
  taxExplanation: '{name} at {percentage} % for {place}.',
  cvcHelpLabel: 'What is the security code?',
  cvcHelp: 'The last 3 digits printed on the back of your card, by the signature strip.',
  cvcHelpAmex: 'The 4 digits printed on the front of your card, above the card number.',
  expiresSoon: 'This checkout expires {when}. Complete your purchase before then.',
  shippingAddress: 'Shipping address',
  sameAsShipping: 'Billing address is the same as shipping',
  optional: '{label} (optional)',
  phone: 'Phone number',
  paidCryptoBody: 'Paid {amount} ({crypto} {asset}).',
  paidCryptoAsset: 'Paid {amount} in {asset}.',

  email_required: 'Enter your email address',
  email_invalid: 'Enter an email address like name@example.com',
  number_required: 'Enter your card number',
  number_incomplete: 'Your card number is incomplete',
  number_invalid: 'Your card number is invalid',
  expiry_required: "Enter your card's expiry date",
  expiry_invalid: 'Enter the expiry date as MM / YY',
  expiry_past: "Your card's expiry date is in the past",
  cvc_required: "Enter your card's security code",
  cvc_incomplete: "Your card's security code is incomplete",
  name_required: 'Enter the name on your card',
  country_required: 'Choose your country or region',
  postal_code_required: 'Enter your postal code',
  postal_code_invalid: 'Enter a valid postal code for this country',
  full_name_required: 'Enter your full name',
  address_line1_required: 'Enter the first line of your address',
  city_required: 'Enter your town or city',
  state_required: 'Choose your state, province or prefecture',
  state_invalid: 'Choose a state, province or prefecture from the list',
  phone_required: 'Enter your phone number',
  phone_invalid: 'Enter a phone number, like 020 7946 0958 or +44 20 7946 0958',
  promotion_code_required: 'Enter a promotion code',
  promotion_code_invalid: 'This promotion code is not valid',
  promotion_code_expired: 'This promotion code has expired',
  promotion_code_not_active_yet: 'This promotion code is not active yet',
  promotion_code_exhausted: 'This promotion code has been used up',
  promotion_code_currency_mismatch: 'This promotion code cannot be used with this currency',
  promotion_code_customer_ineligible: 'This promotion code is not available for your account',
  promotion_codes_not_allowed: 'This checkout does not accept promotion codes',
  shipping_country_not_allowed: 'We do not ship to this country or region',
  shipping_details_required: 'Enter your shipping address',
  shipping_rate_unknown: 'Choose one of the shipping methods',
  shipping_not_collected: 'This checkout does not ship to an address',
  line_item_unknown: 'This item is no longer in your order',
  quantity_not_adjustable: 'The quantity of this item cannot be changed',
  country_invalid: 'Choose a country or region from the list',
  phone_not_collected: 'This checkout does not ask for a phone number',
  amount_too_large: 'The order total is larger than a card payment allows',
  asset_not_allowed: 'This checkout does not accept that cryptocurrency',
  asset_required: 'Choose a cryptocurrency to pay with',
  payment_method_not_allowed: 'This checkout cannot be paid this way',
  quote_expired: 'This amount has expired. A new one is on its way; send the new amount.',
  quote_missing: 'Choose a cryptocurrency first',
  order_changed:
    'Your order changed while the payment was being confirmed. Check the total and pay again.',
  quantity_out_of_range: 'Choose a quantity from {minimum} to {maximum}',
  promotion_code_minimum_not_met: 'This promotion code applies to orders of {minimum} or more',
  currency_not_supported: 'This checkout cannot be paid in cryptocurrency',
  crypto_deposit_received:
    'Your transfer has already been received. There is nothing more to send.',
  test_mode_only: 'Payments can be simulated in test mode only.',

  card_declined: 'Your card was declined. Try a different card.',
  insufficient_funds: 'Your card has insufficient funds. Try a different card.',
  expired_card: 'Your card has expired. Try a different card.',
  incorrect_cvc: "Your card's security code is incorrect",
  incorrect_number: 'Your card number is incorrect',
  invalid_expiry_year: "Your card's expiry date is in the past",
  invalid_cvc: "Your card's security code is invalid",
  processing_error: 'An error occurred while processing your card. Try again in a moment.',
  payment_intent_authentication_failure:
    'We could not authenticate your payment. Try again or use a different card.',
  network_error: 'We could not reach the payment service. Check your connection and try again.',
  session_expired: 'This checkout has expired.',
  session_complete: 'This checkout is already paid.',
  session_canceled: 'This checkout was canceled.',
  client_secret_invalid: 'This checkout link is not valid.',
  client_secret_missing: 'This checkout has no client secret.',
  client_secret_unavailable: 'We could not start this checkout. Try again in a moment.',
  test_mode_live_card: 'Your card was declined. In test mode, use one of the test card numbers.',
  payment_in_progress: 'Your payment is already being processed.',
  idempotency_key_in_use: 'Your payment is already being processed.',
  payment_not_awaiting_authentication: 'This payment no longer needs confirming.',
  session_busy: 'This checkout is being updated. Try again in a moment.',
  unexpected_response: 'The payment service sent an unexpected answer. Try again.',
  internal_error: 'Something went wrong on our side. Try again in a moment.',
  unexpected_error: 'Something went wrong. Try again.',
  error_generic: 'Something went wrong. Check your details and try again.',
} satisfies Record<string, string> & Record<CardFieldError, string>;

/** Every key: the entry's words and those of the parts that load lazily (./parts/). */
export type MessageKey =
  | keyof typeof entryMessages
  | keyof typeof addressMessages
  | keyof typeof cryptoMessages
  | keyof typeof phoneMessages
  | keyof typeof promotionCodeMessages
  | keyof typeof quantityStepperMessages
  | keyof typeof shippingRatesMessages;

/** A complete catalogue: every key, in one language. Locale packs satisfy this. */
export type Messages = Record<MessageKey, string>;

/**
 * The English catalogue. It holds the entry's words from the start and a
 * lazily loaded part's words from the moment the part loads (`addEnglish`),
 * before the part renders any of them.
 */
export const messages = entryMessages as Messages;

/** Adds the English words of a part that has just loaded. */
export function addEnglish(words: Partial<Messages>): void {
  Object.assign(messages, words);
}

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(messages, key);
}
