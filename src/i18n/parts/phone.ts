/**
 * English words of a part that loads lazily: the phone field (`<checkout-phone>`).
 * The part adds them to the English catalogue when it loads (`addEnglish`),
 * so the script-tag entry carries only the words it shows itself. Locale
 * packs translate them with every other key.
 */
export const phoneMessages = {
  phoneHint: 'For delivery questions only',
  callingCode: 'Country calling code',
};
