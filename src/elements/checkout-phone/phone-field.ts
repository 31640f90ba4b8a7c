import { html, type ReactiveElement, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ClientSession } from '../../api/client-types.js';
import { countries } from '../../core/countries.js';
import { callingCode, toE164 } from '../../core/phone.js';
import type { MessageParams } from '../../i18n/format.js';
import { addEnglish, type MessageKey } from '../../i18n/messages.js';
import { phoneMessages } from '../../i18n/parts/phone.js';
import type { ActionError, FieldProblem } from '../checkout-provider/checkout-context.js';
import type { PartContext } from '../shared/checkout-element.js';
import { describedBy, field } from '../shared/field.js';

// This part's English words join the catalogue before it renders any.
addEnglish(phoneMessages);

/**
 * The part of `<checkout-phone>` that loads beside the script only for
 * sessions that collect a phone number: the calling codes, the E.164 rules,
 * the field built from them, and what the customer typed with its saving.
 * The element decides whether the session collects a number.
 */

export class PhoneField {
  /** The calling code's country the customer chose, and the number as typed: null until they do. */
  #country: string | null = null;
  #number: string | null = null;
  #error: string | undefined;

  constructor(
    private readonly element: ReactiveElement,
    private readonly context: PartContext,
  ) {}

  get #session(): ClientSession | null {
    return this.context.checkout()?.session ?? null;
  }

  get #required(): boolean {
    return Boolean(this.#session?.phone_number_collection.required);
  }

  #t(key: MessageKey, params?: MessageParams): string {
    return this.context.i18n().t(key, params);
  }

  #setError(error: string | undefined): void {
    this.#error = error;
    this.element.requestUpdate();
  }

  /** The calling code's country: chosen, else the address's, else the locale's region. A saved `+…` number carries its own code. */
  #currentCountry(session: ClientSession | null = this.#session): string {
    if (this.#country) return this.#country;
    const fromAddress =
      session?.shipping_details?.address.country ?? session?.billing_address?.country;
    return fromAddress || localeCountry(this.context.i18n().locale);
  }

  #currentNumber(session: ClientSession | null = this.#session): string {
    return this.#number ?? session?.customer_phone ?? '';
  }

  /** The calling-code select and the number input, labelled, with the hint and error by them. */
  render(session: ClientSession): TemplateResult {
    const i18n = this.context.i18n();
    const error = this.#error;
    const phone = this.#t('phone');
    return field({
      id: 'phone',
      label: this.#required ? phone : this.#t('optional', { label: phone }),
      hint: this.#t('phoneHint'),
      error,
      control: html`<div class="phone">
        <select part="calling-code" aria-label=${this.#t('callingCode')} id="calling-code"
          @change=${this.#onCountryChange}>
          ${countries(i18n.locale).map(
            ({ code, name }) =>
              html`<option value=${code} ?selected=${code === this.#currentCountry(session)}>${name} (+${callingCode(code)})</option>`,
          )}
        </select>
        <input id="phone" name="phone" type="tel" dir="ltr" autocomplete="tel" inputmode="tel" part="input"
          ?required=${this.#required}
          .value=${live(this.#currentNumber(session))}
          @input=${this.#onNumberInput}
          @blur=${this.#onNumberBlur}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy('phone', { hint: true, error })} />
      </div>`,
    });
  }

  #onCountryChange = (event: Event): void => {
    this.#country = (event.target as HTMLSelectElement).value;
    this.element.requestUpdate();
    if (this.#error || this.#currentNumber()) void this.#save();
  };

  #onNumberInput = (event: InputEvent): void => {
    this.#number = (event.target as HTMLInputElement).value;
    if (this.#error) this.#setError(this.#check() ?? undefined);
  };

  #onNumberBlur = (): void => {
    // A required number left empty says nothing yet: that waits for a pay attempt.
    if (this.#required && !this.#currentNumber().trim() && !this.#error) return;
    void this.#save();
  };

  #check(): string | null {
    const text = this.#currentNumber().trim();
    if (!text) return this.#required ? this.#t('phone_required') : null;
    return toE164(this.#currentCountry(), text) ? null : this.#t('phone_invalid');
  }

  async #save(): Promise<string | null> {
    const problem = this.#check();
    this.#setError(problem ?? undefined);
    const checkout = this.context.checkout()?.checkout;
    if (problem || !checkout) return problem;
    const text = this.#currentNumber().trim();
    const number = text ? toE164(this.#currentCountry(), text) : null;
    if (number === (this.#session?.customer_phone ?? null)) return null;
    const result = await checkout.updatePhone(number);
    if (result.type === 'error') {
      this.#setError(result.error.message);
      return result.error.message;
    }
    return null;
  }

  /** Checks and saves the number for a pay attempt: its problem, if any. */
  async commit(): Promise<FieldProblem[]> {
    const problem = await this.#save();
    return problem ? [{ field: 'phone', message: problem }] : [];
  }

  /** Shows an endpoint error about the number; true when it is one. */
  showError(error: ActionError): boolean {
    if (error.field !== 'phone' && !error.code.startsWith('phone_')) return false;
    this.#setError(error.message);
    return true;
  }
}

/** The calling code's country when neither the customer nor an address chose one. */
function localeCountry(locale: string): string {
  const region = new Intl.Locale(locale).maximize().region;
  return region && callingCode(region) ? region : 'US';
}
