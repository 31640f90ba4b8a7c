import { css, html, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ClientSession } from '../../api/client-types.js';
import {
  attachCardFields,
  type CardFieldValues,
  type CardHandle,
} from '../../client/card-payment.js';
import {
  brandLabel,
  type CardFieldError,
  cvcLengthFor,
  detectBrand,
  formatCardNumber,
  formatExpiryInput,
  normalizeCardNumber,
  validateCardNumber,
  validateCvc,
  validateExpiry,
} from '../../core/card.js';
import type {
  ActionError,
  CheckoutField,
  FieldProblem,
} from '../checkout-provider/checkout-context.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';
import { describedBy, field } from '../shared/field.js';

type CardField = 'number' | 'expiry' | 'cvc' | 'name';

const order: CardField[] = ['number', 'expiry', 'cvc', 'name'];

/** Endpoint error codes that belong to one card field. */
const fieldForCode: Record<string, CardField> = {
  incorrect_number: 'number',
  invalid_number: 'number',
  invalid_expiry_year: 'expiry',
  invalid_expiry_month: 'expiry',
  invalid_cvc: 'cvc',
  incorrect_cvc: 'cvc',
};

/**
 * Card number, expiry, security code and cardholder name. The number and
 * security code never leave this element except through the payment seam
 * (`client/card-payment.ts`): the provider only holds an opaque handle.
 *
 * @summary Card fields for a `<checkout-provider>`.
 *
 * @csspart legend - The "Card details" heading.
 * @csspart field - A label, input and message group.
 * @csspart label - A field's label.
 * @csspart hint - A hint under a label.
 * @csspart input - Each input.
 * @csspart error - A message beside a field.
 * @csspart brand - The detected card brand.
 * @csspart cvc-help - The security code help tooltip.
 * @csspart tooltip-trigger - The tooltip's "?" button.
 * @csspart tooltip - The tooltip's text bubble.
 *
 * @cssprop --checkout-card-brand-color - The detected brand. Default: the muted colour.
 * @cssprop --checkout-tooltip-background - The tooltip bubble. Default: the text colour.
 * @cssprop --checkout-tooltip-color - Text in the tooltip bubble. Default: the background colour.
 */
export class CheckoutCard extends CheckoutElement {
  static override styles = [
    baseStyles,
    css`
      .with-brand {
        position: relative;
      }
      .with-brand input {
        padding-inline-end: 10rem;
      }
      .brand {
        position: absolute;
        inset-inline-end: calc(var(--_space) * 1.5);
        top: 50%;
        transform: translateY(-50%);
        color: var(--checkout-card-brand-color, var(--_muted));
        font-size: 0.875em;
        font-weight: 600;
      }
      .label-row {
        display: flex;
        align-items: center;
        gap: 4px;
      }
    `,
  ];

  @state() private errors: Partial<Record<CardField, string>> = {};
  @state() private brand: ReturnType<typeof detectBrand> = null;
  @state() private name = '';

  private readonly handle: CardHandle = attachCardFields(() => this.read());
  private releaseCard: (() => void) | null = null;

  private readonly registration: CheckoutField = {
    element: this,
    commit: async () => this.validate(order),
    focus: (name) => this.input(name as CardField)?.focus(),
    showError: (error) => this.showError(error),
  };

  protected override field(): CheckoutField {
    return this.registration;
  }

  protected override updated(): void {
    super.updated();
    if (this.checkout && !this.releaseCard && this.isConnected) {
      this.releaseCard = this.checkout.checkout.registerCard(this.handle);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.releaseCard?.();
    this.releaseCard = null;
  }

  protected override renderSession(_session: ClientSession): TemplateResult {
    const cvcLength = cvcLengthFor(this.brand);
    const cvcHint =
      this.brand === 'amex' ? this.t('cvcHintAmex') : this.t('cvcHint', { length: cvcLength });
    return html`<fieldset>
      <legend part="legend">${this.t('cardDetails')}</legend>
      ${field({
        id: 'number',
        label: this.t('cardNumber'),
        error: this.errors.number,
        control: html`<div class="with-brand" dir="ltr">
          <input
            id="number" name="cardnumber" type="text" dir="ltr" autocomplete="cc-number" inputmode="numeric"
            required part="input" spellcheck="false" maxlength="23"
            @input=${this.onNumberInput}
            @blur=${() => this.validate(['number'])}
            aria-invalid=${this.errors.number ? 'true' : 'false'}
            aria-describedby=${this.errors.number ? 'number-brand number-error' : 'number-brand'}
          />
          <span id="number-brand" part="brand" class="brand" data-brand=${this.brand ?? 'unknown'}>${this.brand ? brandLabel(this.brand) : ''}</span>
        </div>`,
      })}
      <div class="pair">
        ${field({
          id: 'expiry',
          label: this.t('expiry'),
          hint: this.t('expiryHint'),
          error: this.errors.expiry,
          control: html`<input
            id="expiry" name="exp-date" type="text" dir="ltr" autocomplete="cc-exp" inputmode="numeric"
            required part="input" maxlength="9"
            @input=${this.onExpiryInput}
            @blur=${() => this.validate(['expiry'])}
            aria-invalid=${this.errors.expiry ? 'true' : 'false'}
            aria-describedby=${describedBy('expiry', { hint: true, error: this.errors.expiry })}
          />`,
        })}
        ${field({
          id: 'cvc',
          label: this.t('cvc'),
          hint: cvcHint,
          error: this.errors.cvc,
          control: html`<input
            id="cvc" name="cvc" type="text" dir="ltr" autocomplete="cc-csc" inputmode="numeric"
            required part="input" maxlength=${cvcLength}
            @input=${this.onCvcInput}
            @blur=${() => this.validate(['cvc'])}
            aria-invalid=${this.errors.cvc ? 'true' : 'false'}
            aria-describedby=${describedBy('cvc', { hint: true, error: this.errors.cvc })}
          />`,
          extra: html`<checkout-tooltip part="cvc-help" exportparts="trigger:tooltip-trigger, bubble:tooltip" .label=${this.t('cvcHelpLabel')} .text=${this.brand === 'amex' ? this.t('cvcHelpAmex') : this.t('cvcHelp')}></checkout-tooltip>`,
        })}
      </div>
      ${field({
        id: 'name',
        label: this.t('cardholderName'),
        error: this.errors.name,
        control: html`<input
          id="name" name="ccname" type="text" autocomplete="cc-name" required part="input"
          .value=${live(this.name)}
          @input=${(event: InputEvent) => {
            this.name = (event.target as HTMLInputElement).value;
            if (this.errors.name) this.validate(['name']);
          }}
          @blur=${() => this.validate(['name'])}
          aria-invalid=${this.errors.name ? 'true' : 'false'}
          aria-describedby=${describedBy('name', { error: this.errors.name })}
        />`,
      })}
    </fieldset>`;
  }

  private input(name: CardField): HTMLInputElement | null {
    return this.renderRoot.querySelector(`#${name}`);
  }

  private read(): CardFieldValues {
    return {
      number: this.input('number')?.value ?? '',
      expiry: this.input('expiry')?.value ?? '',
      cvc: this.input('cvc')?.value ?? '',
      name: this.name,
    };
  }

  private check(name: CardField): string | null {
    const card = this.read();
    const message = (key: CardFieldError | null) => (key ? this.t(key) : null);
    switch (name) {
      case 'number':
        return message(validateCardNumber(card.number));
      case 'expiry':
        return message(validateExpiry(card.expiry));
      case 'cvc':
        return message(validateCvc(card.cvc, detectBrand(normalizeCardNumber(card.number))));
      case 'name':
        return card.name.trim() ? null : this.t('name_required');
    }
  }

  private validate(names: CardField[]): FieldProblem[] {
    const errors = { ...this.errors };
    for (const name of names) {
      const message = this.check(name);
      if (message) errors[name] = message;
      else delete errors[name];
    }
    this.errors = errors;
    return order
      .filter((name) => names.includes(name) && errors[name])
      .map((name) => ({ field: name, message: errors[name]! }));
  }

  private showError(error: ActionError): boolean {
    const name = fieldForCode[error.code];
    if (!name) return false;
    this.errors = { ...this.errors, [name]: error.message };
    void this.updateComplete.then(() => this.input(name)?.focus());
    return true;
  }

  private onNumberInput = (event: InputEvent): void => {
    const input = event.target as HTMLInputElement;
    // Keep the caret after the same digit once spaces are re-inserted.
    const digitsBeforeCaret = input.value
      .slice(0, input.selectionStart ?? input.value.length)
      .replace(/\D/g, '').length;
    const formatted = formatCardNumber(input.value);
    input.value = formatted;
    let caret = 0;
    for (let seen = 0; caret < formatted.length && seen < digitsBeforeCaret; caret++) {
      if (/\d/.test(formatted[caret]!)) seen++;
    }
    if (this.shadowRoot?.activeElement === input) input.setSelectionRange(caret, caret);
    this.brand = detectBrand(formatted);
    const stale = (['number', 'cvc'] as CardField[]).filter((name) => this.errors[name]);
    if (stale.length) this.validate(stale);
  };

  private onExpiryInput = (event: InputEvent): void => {
    const input = event.target as HTMLInputElement;
    input.value = formatExpiryInput(input.value, event.inputType?.startsWith('delete'));
    if (this.errors.expiry) this.validate(['expiry']);
  };

  private onCvcInput = (event: InputEvent): void => {
    const input = event.target as HTMLInputElement;
    input.value = input.value.replace(/\D/g, '').slice(0, cvcLengthFor(this.brand));
    if (this.errors.cvc) this.validate(['cvc']);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-card': CheckoutCard;
  }
}
