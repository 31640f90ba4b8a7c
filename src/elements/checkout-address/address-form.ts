import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Address, ClientSession } from '../../api/client-types.js';
import {
  addressFormat,
  normalizePostalCode,
  resolveState,
  validatePostalCode,
  validateState,
} from '../../core/address-formats.js';
import type { MessageParams } from '../../i18n/format.js';
import type { MessageKey } from '../../i18n/messages.js';
import type { ActionError, FieldProblem } from '../checkout-provider/checkout-context.js';
import '../internal/define-country-combobox.js';
import { isCountryCode } from '../../core/countries.js';
import { addEnglish } from '../../i18n/messages.js';
import { addressMessages } from '../../i18n/parts/address.js';
import type { PartContext } from '../shared/checkout-element.js';
import { describedBy, field } from '../shared/field.js';
import type { CheckoutAddress } from './checkout-address.js';

// This part's English words join the catalogue before it renders any.
addEnglish(addressMessages);

type Part = 'name' | 'country' | 'line1' | 'line2' | 'city' | 'state' | 'postal';

type Values = Record<Part, string>;

const empty: Values = {
  name: '',
  country: '',
  line1: '',
  line2: '',
  city: '',
  state: '',
  postal: '',
};

/** `autocomplete` tokens, without the section prefix. */
const tokens: Record<Part, string> = {
  name: 'name',
  country: 'country',
  line1: 'address-line1',
  line2: 'address-line2',
  city: 'address-level2',
  state: 'address-level1',
  postal: 'postal-code',
};

/** The endpoint's names for each part, after `billing_address.` or `shipping_details.address.`. */
const params: Record<string, Part> = {
  name: 'name',
  country: 'country',
  line1: 'line1',
  line2: 'line2',
  city: 'city',
  state: 'state',
  postal_code: 'postal',
};

/**
 * The fields of a `<checkout-address>`: what the customer typed, the
 * country's rules, and saving to the session. A lazy chunk, loaded only for
 * sessions that ask for an address, because it carries the address formats,
 * the subdivision lists and the country combobox with its country names.
 */
export class AddressForm {
  #values: Values | null = null;
  #errors: Partial<Record<Part, string>> = {};

  /** The country list's live-region text, in the checkout's locale. */
  readonly #resultsText = (count: number): string => this.#t('countryResults', { count });

  constructor(
    private readonly element: CheckoutAddress,
    private readonly context: PartContext,
  ) {}

  get #type(): 'billing' | 'shipping' {
    return this.element.type;
  }

  get #session(): ClientSession | null {
    return this.context.checkout()?.session ?? null;
  }

  #t(key: MessageKey, params?: MessageParams): string {
    return this.context.i18n().t(key, params);
  }

  /** The fields shown: the merchant's choice when the address is required, else only what tax needs. */
  get #shownFields(): 'full' | 'postal' {
    return this.#type === 'billing' && this.#session?.billing_address_collection !== 'required'
      ? 'postal'
      : this.element.fields;
  }

  #current(session: ClientSession | null = this.#session): Values {
    if (this.#values) return this.#values;
    const saved =
      this.#type === 'shipping' ? session?.shipping_details?.address : session?.billing_address;
    return {
      ...empty,
      name: this.#type === 'shipping' ? (session?.shipping_details?.name ?? '') : '',
      country: saved?.country ?? this.#defaultCountry(session),
      line1: saved?.line1 ?? '',
      line2: saved?.line2 ?? '',
      city: saved?.city ?? '',
      state: saved?.state ?? '',
      postal: saved?.postal_code ?? '',
    };
  }

  /**
   * Where the shopper most likely is: the only country allowed, else the
   * region of the checkout's locale (`en-US` → US, `fr` → FR), when allowed.
   * Shown, not saved: it reaches the session with the rest of the address.
   */
  #defaultCountry(session: ClientSession | null): string {
    const allowed = this.#allowedCountries(session);
    if (allowed?.length === 1) return allowed[0]!;
    const region = localeRegion(this.context.i18n().locale);
    return region && isCountryCode(region) && (!allowed || allowed.includes(region)) ? region : '';
  }

  #allowedCountries(session: ClientSession | null = this.#session): string[] | undefined {
    return this.#type === 'shipping'
      ? session?.shipping_address_collection?.allowed_countries
      : undefined;
  }

  /** Billing only: whether it is the shipping address, while the session collects one. */
  #sameAsShipping = true;

  get #collectsShipping(): boolean {
    return Boolean(this.#session?.shipping_address_collection);
  }

  /** Billing follows the shipping address while the box is ticked. */
  get #followsShipping(): boolean {
    return this.#type === 'billing' && this.#collectsShipping && this.#sameAsShipping;
  }

  /** Inside the element's fieldset: the "same as shipping" box (billing), then the fields. */
  render(session: ClientSession): TemplateResult {
    return html`${
      this.#type === 'billing' && this.#collectsShipping
        ? html`<label class="check" part="same-as-shipping">
          <input type="checkbox" part="checkbox" .checked=${this.#sameAsShipping} @change=${this.#onSameAsShipping} />
          ${this.#t('sameAsShipping')}
        </label>`
        : nothing
    }${this.#followsShipping ? nothing : this.#renderFields(session)}`;
  }

  #onSameAsShipping = (event: Event): void => {
    this.#sameAsShipping = (event.target as HTMLInputElement).checked;
    // The fields' messages go with them when they hide behind the box.
    this.#setErrors({});
  };

  #renderFields(session: ClientSession): TemplateResult {
    const values = this.#current(session);
    const format = addressFormat(values.country || 'US');
    const full = this.#shownFields === 'full';
    return html`
      ${full && this.#type === 'shipping' ? this.#input('name', this.#t('fullName')) : nothing}
      ${this.#renderCountry(values)}
      ${full ? this.#input('line1', this.#t('addressLine1')) : nothing}
      ${full ? this.#input('line2', this.#t('addressLine2'), false) : nothing}
      ${full ? this.#input('city', this.#t(format.cityLabel)) : nothing}
      ${values.country && format.state ? this.#renderState(values, format.state) : nothing}
      ${
        values.country && format.postalCode
          ? this.#input('postal', this.#t(format.postalCode.label), format.postalCode.required, {
              hint: this.#t('forExample', { example: format.postalCode.example }),
            })
          : nothing
      }`;
  }

  #fieldId(part: Part): string {
    return `${this.#type}-${part}`;
  }

  #autocomplete(part: Part): string {
    return this.#type === 'shipping' ? `shipping ${tokens[part]}` : tokens[part];
  }

  #input(part: Part, label: string, required = true, options: { hint?: string } = {}) {
    const id = this.#fieldId(part);
    const error = this.#errors[part];
    return field({
      id,
      label: required ? label : this.#t('optional', { label }),
      hint: options.hint,
      error,
      control: html`<input
        id=${id} name=${id} type="text" part="input" autocomplete=${this.#autocomplete(part)}
        dir=${part === 'postal' ? 'ltr' : nothing}
        ?required=${required}
        .value=${live(this.#current()[part])}
        @input=${(event: InputEvent) => this.#set(part, (event.target as HTMLInputElement).value)}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy(id, { hint: Boolean(options.hint), error })}
      />`,
    });
  }

  #renderCountry(values: Values) {
    const error = this.#errors.country;
    return html`<checkout-country-combobox
      id=${this.#fieldId('country')} name=${this.#fieldId('country')}
      exportparts="field, label, hint, input, error, listbox, option"
      .label=${this.#t('country')}
      .resultsText=${this.#resultsText}
      .value=${values.country}
      .locale=${this.context.i18n().locale}
      .countries=${this.#allowedCountries()}
      .autocomplete=${this.#autocomplete('country')}
      .required=${true}
      .invalid=${Boolean(error)}
      .errorMessage=${error ?? ''}
      @change=${(event: Event) => {
        event.stopPropagation();
        const country = (event.target as HTMLElement & { value: string }).value;
        this.#set('country', country);
        // A new country means new rules: re-check what was already flagged.
        if (this.#errors.postal || this.#errors.state) this.#validate(['postal', 'state']);
        void this.#save();
      }}
    ></checkout-country-combobox>`;
  }

  #renderState(values: Values, rule: NonNullable<ReturnType<typeof addressFormat>['state']>) {
    const id = this.#fieldId('state');
    const error = this.#errors.state;
    const selected = resolveState(values.country, values.state) ?? '';
    return field({
      id,
      label: rule.required
        ? this.#t(rule.label)
        : this.#t('optional', { label: this.#t(rule.label) }),
      error,
      control: html`<select
        id=${id} name=${id} part="input" autocomplete=${this.#autocomplete('state')}
        ?required=${rule.required}
        @change=${(event: Event) => this.#set('state', (event.target as HTMLSelectElement).value)}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy(id, { error })}
      >
        <option value="">${this.#t('choose')}</option>
        ${rule.options.map(
          (option) =>
            html`<option value=${option.code} ?selected=${option.code === selected}>${option.name}</option>`,
        )}
      </select>`,
    });
  }

  #set(part: Part, value: string): void {
    this.#values = { ...this.#current(), [part]: value };
    this.element.requestUpdate();
    if (this.#errors[part]) this.#validate([part]);
  }

  #setErrors(errors: Partial<Record<Part, string>>): void {
    this.#errors = errors;
    this.element.requestUpdate();
  }

  #activeParts(values: Values): Part[] {
    const format = addressFormat(values.country || 'US');
    const parts: Part[] = ['country'];
    if (this.#shownFields === 'full') {
      if (this.#type === 'shipping') parts.unshift('name');
      parts.push('line1', 'city');
    }
    if (values.country && format.state) parts.push('state');
    if (values.country && format.postalCode) parts.push('postal');
    return parts;
  }

  #check(part: Part, values: Values): string | null {
    const message = (key: MessageKey | null) => (key ? this.#t(key) : null);
    switch (part) {
      case 'name':
        return values.name.trim() ? null : this.#t('full_name_required');
      case 'country':
        return values.country ? null : this.#t('country_required');
      case 'line1':
        return values.line1.trim() ? null : this.#t('address_line1_required');
      case 'city':
        return values.city.trim() ? null : this.#t('city_required');
      case 'state':
        return message(validateState(values.country, values.state));
      case 'postal':
        return message(validatePostalCode(values.country, values.postal));
      default:
        return null;
    }
  }

  #validate(parts: Part[]): FieldProblem[] {
    const values = this.#current();
    const errors = { ...this.#errors };
    for (const part of parts) {
      const message = this.#check(part, values);
      if (message) errors[part] = message;
      else delete errors[part];
    }
    this.#setErrors(errors);
    return this.#activeParts(values)
      .filter((part) => parts.includes(part) && errors[part])
      .map((part) => ({ field: this.#fieldId(part), message: errors[part]! }));
  }

  /** The address as the endpoint takes it, or null while it is incomplete. */
  #toAddress(values: Values): Address | null {
    if (this.#activeParts(values).some((part) => this.#check(part, values))) return null;
    const address: Address = { country: values.country };
    const full = this.#shownFields === 'full';
    if (full && values.line1.trim()) address.line1 = values.line1.trim();
    if (full && values.line2.trim()) address.line2 = values.line2.trim();
    if (full && values.city.trim()) address.city = values.city.trim();
    const state = resolveState(values.country, values.state);
    if (state) address.state = state;
    if (values.postal.trim())
      address.postal_code = normalizePostalCode(values.country, values.postal);
    return address;
  }

  #saved(): string {
    const session = this.#session;
    return JSON.stringify(
      this.#type === 'shipping'
        ? (session?.shipping_details ?? null)
        : (session?.billing_address ?? null),
    );
  }

  /** Sends the address when it is complete and differs from the session's. */
  async #save(): Promise<ActionError | null> {
    const checkout = this.context.checkout()?.checkout;
    if (!checkout) return null;
    const values = this.#current();
    const address = this.#toAddress(values);
    if (!address) return null;
    const next = this.#type === 'shipping' ? { name: values.name.trim(), address } : address;
    if (JSON.stringify(next) === this.#saved()) return null;
    const result =
      this.#type === 'shipping'
        ? await checkout.updateShippingAddress(next as { name: string; address: Address })
        : await checkout.updateBillingAddress(address);
    if (result.type === 'error') {
      this.showError(result.error);
      return result.error;
    }
    return null;
  }

  /**
   * Focus left a field of the element's fieldset: once it leaves the address
   * (not for the next field or the country list), check the field it left,
   * if filled in, and save; billing that follows shipping copies it.
   */
  leave(event: FocusEvent): void {
    const next = event.relatedTarget;
    if (next instanceof Node && this.element.shadowRoot?.contains(next)) return;
    if (this.#followsShipping) {
      void this.#copyShipping();
      return;
    }
    const target = event.composedPath()[0];
    const part =
      target instanceof HTMLElement ? (target.id.replace(`${this.#type}-`, '') as Part) : null;
    if (part && part in empty && this.#current()[part]) this.#validate([part]);
    void this.#save();
  }

  /** Saves the shipping address as the billing address, unless it already is. */
  async #copyShipping(): Promise<ActionError | null> {
    const checkout = this.context.checkout()?.checkout;
    const shipping = this.#session?.shipping_details?.address ?? null;
    const billing = this.#session?.billing_address ?? null;
    if (!checkout || !shipping || JSON.stringify(shipping) === JSON.stringify(billing)) return null;
    const result = await checkout.updateBillingAddress(shipping);
    return result.type === 'error' ? result.error : null;
  }

  /** Billing copies the shipping address once that one is saved (the provider's `settle`). */
  async settle(): Promise<FieldProblem[]> {
    if (!this.#followsShipping) return [];
    const error = await this.#copyShipping();
    return error ? [{ field: 'billing-same', message: error.message }] : [];
  }

  /** Checks every shown field and saves the address. */
  async commit(): Promise<FieldProblem[]> {
    if (this.#followsShipping) return [];
    const problems = this.#validate(this.#activeParts(this.#current()));
    if (problems.length) return problems;
    const error = await this.#save();
    if (!error) return [];
    const part = this.#partFor(error);
    return [{ field: this.#fieldId(part ?? 'country'), message: error.message }];
  }

  #partFor(error: ActionError): Part | null {
    const prefix = this.#type === 'shipping' ? 'shipping_details.' : 'billing_address.';
    if (!error.field?.startsWith(prefix)) return null;
    const name = error.field.slice(prefix.length).replace(/^address\./, '');
    return params[name] ?? 'country';
  }

  /** Shows an endpoint error by its field; true when it belongs to this address. */
  showError(error: ActionError): boolean {
    const part =
      this.#partFor(error) ??
      (this.#type === 'shipping' && error.code === 'shipping_details_required' ? 'line1' : null);
    if (!part) return false;
    this.#setErrors({ ...this.#errors, [part]: error.message });
    return true;
  }
}

/** The region a locale names or implies, e.g. `en-US` → `US`, `ja` → `JP`; null when it has none. */
function localeRegion(locale: string): string | null {
  try {
    return new Intl.Locale(locale).maximize().region ?? null;
  } catch {
    return null;
  }
}
