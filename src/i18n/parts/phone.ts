/**
 * English words of a part that loads lazily: the phone field (`<checkout-phone>`).
 * The part adds them to the English catalogue when it loads (`addEnglish`),
 * so the script-tag entry carries only the words it shows itself. Locale
 * packs translate them with every other key.
 */
export const phoneMessages = {
  phoneHint: 'For delivery questions only',
  callingCode: 'Country calling code',
  // Checked with the part's number rules, so only once it has loaded.
  phone_required: 'Enter your phone number',
  phone_invalid: 'Enter a phone number, like 020 7946 0958 or +44 20 7946 0958',
};
