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
  quantityOf: 'Quantity of {name}',
  decreaseQuantity: 'Decrease quantity of {name}',
  increaseQuantity: 'Increase quantity of {name}',
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
  promotionCode: 'Promotion code',
  apply: 'Apply',
  remove: 'Remove',
  appliedCodeLabel: 'Promotion code applied:',
  promotionCodeApplied: 'Promotion code {code} applied.',
  promotionCodeRemoved: 'Promotion code removed.',
  removePromotionCode: 'Remove promotion code {code}',
  shippingMethod: 'Shipping method',
  free: 'Free',
  deliveryBetween: '{minimum}–{maximum}',
  deliveryAtLeast: 'At least {minimum}',
  deliveryUpTo: 'Up to {maximum}',
  business_days: '{count} business days',
  business_day: '{count} business day',
  days: '{count} days',
  day: '{count} day',
  weeks: '{count} weeks',
  week: '{count} week',
  cvcHelpLabel: 'What is the security code?',
  cvcHelp: 'The last 3 digits printed on the back of your card, by the signature strip.',
  cvcHelpAmex: 'The 4 digits printed on the front of your card, above the card number.',
  expiresSoon: 'This checkout expires {when}. Complete your purchase before then.',
  shippingAddress: 'Shipping address',
  sameAsShipping: 'Billing address is the same as shipping',
  fullName: 'Full name',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  city: 'City',
  suburb: 'Suburb',
  townCity: 'Town or city',
  state: 'State',
  province: 'Province',
  prefecture: 'Prefecture',
  county: 'County',
  zip: 'ZIP code',
  postcode: 'Postcode',
  eircode: 'Eircode',
  pinCode: 'PIN code',
  forExample: 'For example, {example}',
  optional: '{label} (optional)',
  choose: 'Choose…',
  phone: 'Phone number',
  phoneHint: 'For delivery questions only',
  callingCode: 'Country calling code',
  cryptoAssetLegend: 'Pay with cryptocurrency',
  asset_ETH: 'Ether (ETH)',
  asset_USDT: 'Tether (USDT)',
  asset_USDC: 'USD Coin (USDC)',
  cryptoQuoting: 'Getting the amount to send…',
  cryptoSend: 'Send exactly',
  cryptoAmount: '{amount} {asset}',
  cryptoRate: 'Rate',
  cryptoRateValue: '1 {asset} = {price}',
  cryptoNetwork: 'Network',
  cryptoNetwork_ethereum: 'Ethereum',
  cryptoAddress: 'Deposit address',
  copyAddress: 'Copy address',
  addressCopied: 'Address copied.',
  addressSelected: 'Address selected. Press Ctrl+C (⌘C on a Mac) to copy it.',
  cryptoExpiresIn: 'This amount holds for {time}',
  cryptoExpiresInLabel: 'Time left on this amount',
  cryptoQuoteRenewing: 'This amount has expired. Getting a new one…',
  cryptoQuoteRefreshed: 'The previous amount expired, so it was updated. Send {amount} {asset}.',
  cryptoQr: 'QR code to send {amount} {asset} to the deposit address',
  cryptoQrLoading: 'Loading QR code…',
  cryptoScan: 'Scan with your wallet, or send to the address below.',
  cryptoTestHint: 'Test mode: no real cryptocurrency is sent.',
  simulatePayment: 'Simulate payment',
  cryptoWaiting: 'Waiting for confirmation…',
  cryptoWaitingBody:
    'Your transfer was seen on the network. This page updates when it is confirmed.',
  cryptoTransaction: 'Transaction',
  cryptoConfirmed: 'Payment confirmed.',
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

/** "Then $10.00 every month" for a recurring price. */
export function recurringText(
  recurring: { interval: 'day' | 'week' | 'month' | 'year'; interval_count: number },
  amount: string,
): string {
  const count = recurring.interval_count;
  const key = `every_${recurring.interval}${count === 1 ? '' : 's'}` as MessageKey;
  return t('recurring', { amount, period: t(key, { count }) });
}

/** "3–5 business days" for a shipping rate's delivery estimate. */
export function deliveryEstimateText(estimate: {
  minimum: { unit: 'business_day' | 'day' | 'week'; value: number } | null;
  maximum: { unit: 'business_day' | 'day' | 'week'; value: number } | null;
}): string | null {
  const span = (bound: { unit: 'business_day' | 'day' | 'week'; value: number }) =>
    t(`${bound.unit}${bound.value === 1 ? '' : 's'}` as MessageKey, { count: bound.value });
  const { minimum, maximum } = estimate;
  if (minimum && maximum) {
    return minimum.unit === maximum.unit
      ? span({ unit: maximum.unit, value: maximum.value }).replace(
          String(maximum.value),
          `${minimum.value}–${maximum.value}`,
        )
      : t('deliveryBetween', { minimum: span(minimum), maximum: span(maximum) });
  }
  if (minimum) return t('deliveryAtLeast', { minimum: span(minimum) });
  if (maximum) return t('deliveryUpTo', { maximum: span(maximum) });
  return null;
}

/** Looks up a message and fills `{name}` placeholders. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** The kit's own wording for an endpoint error when it has one, else the endpoint's message. */
export function describeError(error: {
  code: string;
  message: string;
  declineCode?: string | undefined;
}): string {
  if (error.declineCode && hasMessage(error.declineCode)) return t(error.declineCode);
  return hasMessage(error.code) ? t(error.code) : error.message;
}
