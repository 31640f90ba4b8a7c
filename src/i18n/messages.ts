import type { CardFieldError } from '../core/card.js';

/**
 * English strings, by key. Errors from the endpoint are shown by their code
 * when a message exists for it, so the wording stays the kit's own.
 */
export const messages = {
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
  billingAddress: 'Billing address',
  country: 'Country or region',
  chooseCountry: 'Choose…',
  postalCode: 'Postal code',
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
  paymentFailedTitle: 'Payment not completed',

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
} satisfies Record<string, string> & Record<CardFieldError, string>;

export type MessageKey = keyof typeof messages;

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(messages, key);
}

/** Looks up a message and fills `{name}` placeholders. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
