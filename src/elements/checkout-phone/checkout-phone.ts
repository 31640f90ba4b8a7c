import { css, nothing, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { LazyPartController } from '../../controllers/lazy-part-controller.js';
import { lazy } from '../../internal/lazy.js';
import type {
  ActionError,
  CheckoutField,
  FieldProblem,
} from '../checkout-provider/checkout-context.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

type PhoneFieldModule = typeof import('./phone-field.js');

/** The calling codes and E.164 rules load only for sessions that collect a phone number. */
const loadPhoneField = lazy(() => import('./phone-field.js'));

/**
 * A phone number with its country calling code, saved to the session in
 * E.164 (`+442071838750`). Renders nothing unless the session collects phone
 * numbers. A number typed or autofilled with `+` or `00` keeps its own code.
 *
 * @summary Phone number for a `<checkout-provider>`.
 *
 * @csspart field - The label, inputs and message group.
 * @csspart label - The label.
 * @csspart hint - The hint under the label.
 * @csspart calling-code - The country calling code select.
 * @csspart input - The number input.
 * @csspart error - The message beside the field.
 */
export class CheckoutPhone extends CheckoutElement {
  static override properties = {
    country: { state: true },
    number: { state: true },
    error: { state: true },
  };

  static override styles = [
    baseStyles,
    css`
      .phone {
        display: grid;
        grid-template-columns: minmax(7rem, 40%) 1fr;
        gap: var(--_space);
      }
    `,
  ];

  private country: string | null = null;
  private number: string | null = null;
  private error: string | undefined;

  readonly #phoneField = new LazyPartController(this, loadPhoneField, () => this.#collected);

  readonly #registration: CheckoutField = {
    element: this,
    commit: () => this.#commit(),
    focus: () => void this.#focusNumber(),
    showError: (error) => this.#showError(error),
  };

  protected override field(): CheckoutField {
    return this.#registration;
  }

  get #collected(): boolean {
    return Boolean(this.session?.phone_number_collection.enabled);
  }

  get #required(): boolean {
    return Boolean(this.session?.phone_number_collection.required);
  }

  /** The calling code's country: chosen, else the address's, else the locale's region. A saved `+…` number carries its own code. */
  #currentCountry(phone: PhoneFieldModule, session: ClientSession | null = this.session): string {
    if (this.country) return this.country;
    const fromAddress =
      session?.shipping_details?.address.country ?? session?.billing_address?.country;
    return fromAddress || phone.localeCountry(this.locale);
  }

  #currentNumber(session: ClientSession | null = this.session): string {
    if (this.number !== null) return this.number;
    return session?.customer_phone ?? '';
  }

  protected override renderSession(session: ClientSession): TemplateResult | typeof nothing {
    if (!session.phone_number_collection.enabled) return nothing;
    const phone = this.#phoneField.module;
    if (!phone) return this.#phoneField.renderPending(this.i18n);
    return phone.renderPhoneField({
      i18n: this.i18n,
      label: this.#required ? this.t('phone') : this.t('optional', { label: this.t('phone') }),
      required: this.#required,
      country: this.#currentCountry(phone, session),
      number: this.#currentNumber(session),
      error: this.error,
      onCountryChange: (country) => {
        this.country = country;
        if (this.error || this.#currentNumber()) void this.#save(phone);
      },
      onNumberInput: (number) => {
        this.number = number;
        if (this.error) this.error = this.#check(phone) ?? undefined;
      },
      onNumberBlur: () => {
        // A required number left empty says nothing yet: that waits for a pay attempt.
        if (this.#required && !this.#currentNumber().trim() && !this.error) return;
        void this.#save(phone);
      },
    });
  }

  #check(phone: PhoneFieldModule): string | null {
    const text = this.#currentNumber().trim();
    if (!text) return this.#required ? this.t('phone_required') : null;
    return phone.toE164(this.#currentCountry(phone), text) ? null : this.t('phone_invalid');
  }

  async #save(phone: PhoneFieldModule): Promise<string | null> {
    const problem = this.#check(phone);
    this.error = problem ?? undefined;
    const checkout = this.checkout?.checkout;
    if (problem || !checkout) return problem;
    const text = this.#currentNumber().trim();
    const number = text ? phone.toE164(this.#currentCountry(phone), text) : null;
    if (number === (this.session?.customer_phone ?? null)) return null;
    const result = await checkout.updatePhone(number);
    if (result.type === 'error') {
      this.error = result.error.message;
      return result.error.message;
    }
    return null;
  }

  async #commit(): Promise<FieldProblem[]> {
    if (!this.#collected) return [];
    const phone = await this.#phoneField.load();
    const problem = phone ? await this.#save(phone) : this.t('loadFailedTitle');
    return problem ? [{ field: 'phone', message: problem }] : [];
  }

  /** The error summary may ask for focus before the field has loaded or rendered. */
  async #focusNumber(): Promise<void> {
    const input = () => this.renderRoot.querySelector<HTMLInputElement>('#phone');
    if (!input()) {
      await this.#phoneField.load();
      await this.updateComplete;
    }
    input()?.focus();
  }

  #showError(error: ActionError): boolean {
    if (error.field !== 'phone' && !error.code.startsWith('phone_')) return false;
    this.error = error.message;
    return true;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-phone': CheckoutPhone;
  }
}
