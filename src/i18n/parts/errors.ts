/**
 * English words of the endpoint's errors and the card declines: shown only
 * after a request fails, so they load beside the entry rather than in it
 * (`loadErrorMessages` in ../messages.ts: when the page is idle, and awaited
 * before an error is worded). Locale packs translate them with every other key.
 * Errors the kit words itself without the endpoint (offline, a field left
 * empty) stay in the entry: they must show when nothing more can load.
 */
export const errorMessages = {
  promotion_code_invalid: 'This promotion code is not valid',
  promotion_code_not_active_yet: 'This promotion code is not active yet',
  promotion_code_exhausted: 'This promotion code has been used up',
  promotion_code_currency_mismatch: 'This promotion code cannot be used with this currency',
  promotion_code_customer_ineligible: 'This promotion code is not available for your account',
  promotion_codes_not_allowed: 'This checkout does not accept promotion codes',
  shipping_country_not_allowed: 'We do not ship to this country or region',
  shipping_rate_unknown: 'Choose one of the shipping methods',
  shipping_not_collected: 'This checkout does not ship to an address',
  line_item_unknown: 'This item is no longer in your order',
  quantity_not_adjustable: 'The quantity of this item cannot be changed',
  country_invalid: 'Choose a country or region from the list',
  phone_not_collected: 'This checkout does not ask for a phone number',
  amount_too_large: 'The order total is larger than a card payment allows',
  asset_not_allowed: 'This checkout does not accept that cryptocurrency',
  asset_required: 'Choose a cryptocurrency to pay with',
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
  session_expired: 'This checkout has expired.',
  session_complete: 'This checkout is already paid.',
  session_canceled: 'This checkout was canceled.',
  client_secret_missing: 'This checkout has no client secret.',
  test_mode_live_card: 'Your card was declined. In test mode, use one of the test card numbers.',
  payment_in_progress: 'Your payment is already being processed.',
  idempotency_key_in_use: 'Your payment is already being processed.',
  payment_not_awaiting_authentication: 'This payment no longer needs confirming.',
  session_busy: 'This checkout is being updated. Try again in a moment.',
  internal_error: 'Something went wrong on our side. Try again in a moment.',
};
