/**
 * English words of a part that loads lazily: the address form (`<checkout-address>`): its labels, which follow the country, and the country list.
 * The part adds them to the English catalogue when it loads (`addEnglish`),
 * so the script-tag entry carries only the words it shows itself. Locale
 * packs translate them with every other key.
 */
export const addressMessages = {
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
  choose: 'Choose…',
  countryResults:
    '{count, plural, =0 {No results} one {# result available} other {# results available}}',
};
