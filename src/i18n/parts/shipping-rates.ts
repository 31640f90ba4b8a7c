/**
 * English words of a part that loads lazily: the shipping rate list (`<checkout-shipping-rates>`).
 * The part adds them to the English catalogue when it loads (`addEnglish`),
 * so the script-tag entry carries only the words it shows itself. Locale
 * packs translate them with every other key.
 */
export const shippingRatesMessages = {
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
};
