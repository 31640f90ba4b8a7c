/**
 * English words of a part that loads lazily: the outcome panel of
 * `<checkout-embedded>` (paid, saved, expired, canceled). The part adds them
 * to the English catalogue when it loads (`addEnglish`). Locale packs
 * translate them with every other key.
 */
export const outcomeMessages = {
  paidTitle: 'Payment successful',
  paidBody: 'Paid {amount} with {brand} ending in {last4}.',
  expiredTitle: 'This checkout has expired',
  expiredBody: 'Return to the store to start again.',
  canceledTitle: 'Checkout canceled',
  canceledBody: 'You have not been charged.',
  savedTitle: 'Card saved',
  savedBody: '{brand} ending in {last4} is saved for future payments.',
  paidCryptoBody: 'Paid {amount} ({crypto} {asset}).',
  paidCryptoAsset: 'Paid {amount} in {asset}.',
};
