/**
 * English words of a part that loads lazily: the address form (`<checkout-address>`): its labels, which follow the country, the country list, and its fields' errors.
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
  // What the form says by a field it checks (the endpoint's codes for the same problems).
  country_required: 'Choose your country or region',
  full_name_required: 'Enter your full name',
  address_line1_required: 'Enter the first line of your address',
  city_required: 'Enter your town or city',
  state_required: 'Choose your state, province or prefecture',
  state_invalid: 'Choose a state, province or prefecture from the list',
};
