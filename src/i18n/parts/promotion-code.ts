/**
 * English words of a part that loads lazily: the promotion code form (`<checkout-promotion-code>`).
 * The part adds them to the English catalogue when it loads (`addEnglish`),
 * so the script-tag entry carries only the words it shows itself. Locale
 * packs translate them with every other key.
 */
export const promotionCodeMessages = {
  promotionCode: 'Promotion code',
  apply: 'Apply',
  remove: 'Remove',
  appliedCodeLabel: 'Promotion code applied:',
  promotionCodeApplied: 'Promotion code {code} applied.',
  promotionCodeRemoved: 'Promotion code removed.',
  removePromotionCode: 'Remove promotion code {code}',
};
