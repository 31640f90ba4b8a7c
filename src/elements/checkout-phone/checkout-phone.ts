import { css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ClientSession } from '../../api/client-types.js';
import { countries } from '../../core/countries.js';
import { callingCode, toE164 } from '../../core/phone.js';
import type {
  ActionError,
  CheckoutField,
  FieldProblem,
} from '../checkout-provider/checkout-context.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';
import { describedBy, field } from '../shared/field.js';

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

  @state() private country: string | null = null;
  @state() private number: string | null = null;
  @state() private error: string | undefined;

  private readonly registration: CheckoutField = {
    element: this,
    commit: () => this.commit(),
    focus: () => this.renderRoot.querySelector<HTMLInputElement>('#phone')?.focus(),
    showError: (error) => this.showError(error),
  };

  protected override field(): CheckoutField {
    return this.registration;
  }

  private get required(): boolean {
    return Boolean(this.session?.phone_number_collection.required);
  }

  /** The calling code's country: chosen, else the address's, else the locale's region. A saved `+…` number carries its own code. */
  private currentCountry(session: ClientSession | null = this.session): string {
    if (this.country) return this.country;
    const fromAddress =
      session?.shipping_details?.address.country ?? session?.billing_address?.country;
    if (fromAddress) return fromAddress;
    const region = new Intl.Locale(this.locale ?? navigator.language).maximize().region;
    return region && callingCode(region) ? region : 'US';
  }

  private currentNumber(session: ClientSession | null = this.session): string {
    if (this.number !== null) return this.number;
    return session?.customer_phone ?? '';
  }

  protected override renderSession(session: ClientSession): TemplateResult | typeof nothing {
    if (!session.phone_number_collection.enabled) return nothing;
    const country = this.currentCountry(session);
    const label = this.required ? this.t('phone') : this.t('optional', { label: this.t('phone') });
    return field({
      id: 'phone',
      label,
      hint: this.t('phoneHint'),
      error: this.error,
      control: html`<div class="phone">
        <select part="calling-code" aria-label=${this.t('callingCode')} id="calling-code"
          @change=${(event: Event) => {
            this.country = (event.target as HTMLSelectElement).value;
            if (this.error || this.currentNumber()) void this.save();
          }}>
          ${countries(this.locale).map(
            ({ code, name }) =>
              html`<option value=${code} ?selected=${code === country}>${name} (+${callingCode(code)})</option>`,
          )}
        </select>
        <input id="phone" name="phone" type="tel" dir="ltr" autocomplete="tel" inputmode="tel" part="input"
          ?required=${this.required}
          .value=${live(this.currentNumber(session))}
          @input=${(event: InputEvent) => {
            this.number = (event.target as HTMLInputElement).value;
            if (this.error) this.error = this.check() ?? undefined;
          }}
          @blur=${() => void this.save()}
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby=${describedBy('phone', { hint: true, error: this.error })} />
      </div>`,
    });
  }

  private check(): string | null {
    const text = this.currentNumber().trim();
    if (!text) return this.required ? this.t('phone_required') : null;
    return toE164(this.currentCountry(), text) ? null : this.t('phone_invalid');
  }

  private async save(): Promise<string | null> {
    const problem = this.check();
    this.error = problem ?? undefined;
    const checkout = this.checkout?.checkout;
    if (problem || !checkout) return problem;
    const text = this.currentNumber().trim();
    const phone = text ? toE164(this.currentCountry(), text) : null;
    if (phone === (this.session?.customer_phone ?? null)) return null;
    const result = await checkout.updatePhone(phone);
    if (result.type === 'error') {
      this.error = result.error.message;
      return result.error.message;
    }
    return null;
  }

  private async commit(): Promise<FieldProblem[]> {
    if (!this.session?.phone_number_collection.enabled) return [];
    const problem = await this.save();
    return problem ? [{ field: 'phone', message: problem }] : [];
  }

  private showError(error: ActionError): boolean {
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
