import { html, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { countries } from '../../core/countries.js';
import { callingCode } from '../../core/phone.js';
import { addEnglish } from '../../i18n/messages.js';
import { phoneMessages } from '../../i18n/parts/phone.js';
import type { Translator } from '../../i18n/translator.js';
import { describedBy, field } from '../shared/field.js';

// This part's English words join the catalogue before it renders any.
addEnglish(phoneMessages);

export { toE164 } from '../../core/phone.js';

/**
 * The part of `<checkout-phone>` that loads beside the script only for
 * sessions that collect a phone number: the calling codes, the E.164 rules
 * and the field built from them. The element keeps the state and saving.
 */

/** The calling code's country when neither the customer nor an address chose one. */
export function localeCountry(locale: string): string {
  const region = new Intl.Locale(locale).maximize().region;
  return region && callingCode(region) ? region : 'US';
}

export interface PhoneFieldOptions {
  i18n: Translator;
  label: string;
  required: boolean;
  country: string;
  number: string;
  error: string | undefined;
  onCountryChange(country: string): void;
  onNumberInput(number: string): void;
  onNumberBlur(): void;
}

/** The calling-code select and the number input, labelled, with the hint and error by them. */
export function renderPhoneField(options: PhoneFieldOptions): TemplateResult {
  const { i18n, label, required, country, number, error } = options;
  return field({
    id: 'phone',
    label,
    hint: i18n.t('phoneHint'),
    error,
    control: html`<div class="phone">
      <select part="calling-code" aria-label=${i18n.t('callingCode')} id="calling-code"
        @change=${(event: Event) => options.onCountryChange((event.target as HTMLSelectElement).value)}>
        ${countries(i18n.locale).map(
          ({ code, name }) =>
            html`<option value=${code} ?selected=${code === country}>${name} (+${callingCode(code)})</option>`,
        )}
      </select>
      <input id="phone" name="phone" type="tel" dir="ltr" autocomplete="tel" inputmode="tel" part="input"
        ?required=${required}
        .value=${live(number)}
        @input=${(event: InputEvent) => options.onNumberInput((event.target as HTMLInputElement).value)}
        @blur=${options.onNumberBlur}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy('phone', { hint: true, error })} />
    </div>`,
  });
}
