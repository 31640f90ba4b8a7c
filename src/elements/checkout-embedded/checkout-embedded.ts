import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ClientSession } from '../../api/client-types.js';
import type { CardFieldValues } from '../../client/card-payment.js';
import type { EndpointError } from '../../client/session-client.js';
import { SessionController } from '../../controllers/session-controller.js';
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
import { countries } from '../../core/countries.js';
import { formatMoney } from '../../core/money.js';
import { hasMessage, type MessageKey, t } from '../../i18n/messages.js';
import { styles } from './checkout-embedded.styles.js';

type FieldName = 'email' | 'number' | 'expiry' | 'cvc' | 'name' | 'country' | 'postal';

const fieldOrder: FieldName[] = ['email', 'number', 'expiry', 'cvc', 'name', 'country', 'postal'];

/** Endpoint error codes that belong to one field rather than the whole form. */
const fieldForCode: Record<string, FieldName> = {
  incorrect_number: 'number',
  invalid_expiry_year: 'expiry',
  invalid_cvc: 'cvc',
  incorrect_cvc: 'cvc',
};

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The complete checkout form for one session: order summary, contact, card
 * and billing details, and the pay button.
 *
 * @summary A complete, embeddable checkout form.
 *
 * @event checkout-ready - The session loaded. `detail.session`.
 * @event checkout-change - The session changed. `detail.session`.
 * @event checkout-success - Paid. Cancelable: stops the redirect to `success_url`.
 * @event checkout-cancel - The customer canceled. Cancelable: stops the redirect to `cancel_url`.
 * @event checkout-error - Loading failed or a payment was declined. `detail.error { code, message }`.
 * @event checkout-expired - The session expired.
 *
 * @csspart base - The outer container.
 * @csspart summary - The order summary.
 * @csspart line-item - One line of the order.
 * @csspart totals - Subtotal, discount, shipping, tax and total.
 * @csspart form - The payment form.
 * @csspart field - A label, input and message group.
 * @csspart input - Every text input and select.
 * @csspart error - A message beside a field.
 * @csspart error-summary - The list of problems shown after a failed submit.
 * @csspart pay-button - The pay button.
 * @csspart cancel-button - The cancel button.
 * @csspart status - The success, expired, canceled and failure panels.
 * @csspart challenge - The authentication dialog.
 *
 * @cssprop --checkout-color-primary - Accent colour of buttons and focus rings.
 * @cssprop --checkout-color-text - Text colour.
 * @cssprop --checkout-color-background - Background of the form.
 * @cssprop --checkout-color-danger - Colour of error messages.
 * @cssprop --checkout-font-family - Font of every text.
 * @cssprop --checkout-radius - Corner radius of inputs and buttons.
 * @cssprop --checkout-spacing - Base spacing unit.
 */
export class CheckoutEmbedded extends LitElement {
  static override styles = styles;

  /** The session's client secret, from your server. */
  @property({ attribute: 'client-secret' }) clientSecret: string | null = null;

  /** Alternative to `clientSecret`: called once to fetch it. */
  @property({ attribute: false }) fetchClientSecret: (() => Promise<string>) | null = null;

  /** Base URL of the session endpoint. Default: the origin the kit was loaded from. */
  @property() endpoint: string | null = null;

  /** Locale for amounts and names, e.g. `fr-FR`. Default: the browser's. */
  @property() locale: string | null = null;

  @state() private errors: Partial<Record<FieldName, string>> = {};
  @state() private formError: string | null = null;
  @state() private submitting = false;
  @state() private showSummary = false;
  @state() private brand: ReturnType<typeof detectBrand> = null;
  @state() private values: Record<'email' | 'name' | 'country' | 'postal', string> = {
    email: '',
    name: '',
    country: '',
    postal: '',
  };

  @query('dialog') private dialog!: HTMLDialogElement | null;

  private readonly checkout = new SessionController(this, () => ({
    clientSecret: this.clientSecret,
    fetchClientSecret: this.fetchClientSecret,
    endpoint: this.endpoint,
  }));

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (
      this.isConnected &&
      (changed.has('clientSecret') || changed.has('endpoint') || changed.has('fetchClientSecret'))
    ) {
      void this.checkout.load();
    }
    const session = this.checkout.session;
    if (session && !this.values.email && session.customer_email) {
      this.values = { ...this.values, email: session.customer_email };
    }
  }

  protected override updated(): void {
    const awaiting = this.checkout.session?.payment?.next_action?.type === 'authenticate';
    const open = this.checkout.phase === 'open';
    if (this.dialog && awaiting && open && !this.dialog.open) this.dialog.showModal();
    if (this.dialog?.open && (!awaiting || !open)) this.dialog.close();
  }

  override render(): TemplateResult {
    const { phase, session } = this.checkout;
    return html`<div part="base" class="checkout" lang=${this.locale ?? nothing}>
      ${session && !session.livemode ? html`<p class="badge">${t('testMode')}</p>` : nothing}
      ${this.renderPhase(phase, session)}
    </div>`;
  }

  private renderPhase(phase: SessionController['phase'], session: ClientSession | null) {
    switch (phase) {
      case 'idle':
      case 'loading':
        return html`<p class="loading" role="status">${t('loading')}</p>`;
      case 'failed':
        return this.renderLoadFailure(this.checkout.loadError);
      default:
        return html`${this.renderSummary(session!)}${phase === 'open' ? this.renderForm(session!) : this.renderOutcome(session!)}`;
    }
  }

  private money(amount: number, session: ClientSession): string {
    return formatMoney(amount, session.currency, this.locale ?? undefined);
  }

  private renderSummary(session: ClientSession) {
    const details = session.total_details;
    const row = (label: string, amount: number, className = '') =>
      html`<div class="row ${className}"><dt>${label}</dt><dd>${this.money(amount, session)}</dd></div>`;
    return html`<section part="summary" class="summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">${t('orderSummary')}</h2>
      <ul class="items">
        ${session.line_items.map(
          (item) => html`<li part="line-item" class="item">
            ${item.images[0] ? html`<img src=${item.images[0]} alt="" width="48" height="48" />` : nothing}
            <div class="item-text">
              <span class="item-name">${item.name}</span>
              <span class="item-meta">${t('quantity', { quantity: item.quantity })}${
                item.quantity > 1
                  ? html` · ${t('each', { amount: this.money(item.unit_amount, session) })}`
                  : nothing
              }</span>
            </div>
            <span class="item-amount">${this.money(item.amount_subtotal, session)}</span>
          </li>`,
        )}
      </ul>
      <dl part="totals" class="totals">
        ${row(t('subtotal'), session.amount_subtotal)}
        ${details.amount_discount ? row(t('discount'), -details.amount_discount) : nothing}
        ${details.amount_shipping ? row(t('shipping'), details.amount_shipping) : nothing}
        ${details.amount_tax ? row(t('tax'), details.amount_tax) : nothing}
        ${row(t('total'), session.amount_total, 'total')}
      </dl>
    </section>`;
  }

  private renderForm(session: ClientSession) {
    const needsAddress = session.billing_address_collection === 'required';
    const cvcLength = cvcLengthFor(this.brand);
    const problems = fieldOrder.filter((name) => this.errors[name]);
    return html`<form part="form" class="form" novalidate @submit=${this.onSubmit}>
      <div class="alerts" role="alert">
        ${
          this.showSummary && problems.length
            ? html`<div part="error-summary" class="error-summary">
              <h2>${t('errorSummaryTitle')}</h2>
              <ul>
                ${problems.map(
                  (name) =>
                    html`<li><a href="#${name}" @click=${(event: Event) => this.focusField(event, name)}>${this.errors[name]}</a></li>`,
                )}
              </ul>
            </div>`
            : nothing
        }
        ${this.formError ? html`<p part="error" class="form-error">${this.formError}</p>` : nothing}
      </div>

      <fieldset>
        <legend>${t('contact')}</legend>
        ${this.field(
          'email',
          t('email'),
          html`<input
          id="email" name="email" type="email" autocomplete="email" inputmode="email" required
          part="input" spellcheck="false"
          .value=${live(this.values.email)}
          @input=${(event: InputEvent) => this.setValue('email', event)}
          @blur=${() => this.validateField('email')}
          aria-invalid=${this.errors.email ? 'true' : 'false'}
          aria-describedby=${this.errors.email ? 'email-error' : nothing}
        />`,
        )}
      </fieldset>

      <fieldset>
        <legend>${t('cardDetails')}</legend>
        ${this.field(
          'number',
          t('cardNumber'),
          html`<div class="with-brand">
          <input
            id="number" name="cardnumber" type="text" autocomplete="cc-number" inputmode="numeric"
            required part="input" spellcheck="false" maxlength="23"
            @input=${this.onNumberInput}
            @blur=${() => this.validateField('number')}
            aria-invalid=${this.errors.number ? 'true' : 'false'}
            aria-describedby=${this.errors.number ? 'number-brand number-error' : 'number-brand'}
          />
          <span id="number-brand" class="brand" data-brand=${this.brand ?? 'unknown'}>${this.brand ? brandLabel(this.brand) : ''}</span>
        </div>`,
        )}
        <div class="pair">
          ${this.field(
            'expiry',
            t('expiry'),
            html`<input
            id="expiry" name="exp-date" type="text" autocomplete="cc-exp" inputmode="numeric"
            required part="input" maxlength="9"
            @input=${this.onExpiryInput}
            @blur=${() => this.validateField('expiry')}
            aria-invalid=${this.errors.expiry ? 'true' : 'false'}
            aria-describedby=${this.errors.expiry ? 'expiry-hint expiry-error' : 'expiry-hint'}
          />`,
            html`<span id="expiry-hint" class="hint">${t('expiryHint')}</span>`,
          )}
          ${this.field(
            'cvc',
            t('cvc'),
            html`<input
            id="cvc" name="cvc" type="text" autocomplete="cc-csc" inputmode="numeric"
            required part="input" maxlength=${cvcLength}
            @input=${this.onCvcInput}
            @blur=${() => this.validateField('cvc')}
            aria-invalid=${this.errors.cvc ? 'true' : 'false'}
            aria-describedby=${this.errors.cvc ? 'cvc-hint cvc-error' : 'cvc-hint'}
          />`,
            html`<span id="cvc-hint" class="hint">${this.brand === 'amex' ? t('cvcHintAmex') : t('cvcHint', { length: cvcLength })}</span>`,
          )}
        </div>
        ${this.field(
          'name',
          t('cardholderName'),
          html`<input
          id="name" name="ccname" type="text" autocomplete="cc-name" required part="input"
          .value=${live(this.values.name)}
          @input=${(event: InputEvent) => this.setValue('name', event)}
          @blur=${() => this.validateField('name')}
          aria-invalid=${this.errors.name ? 'true' : 'false'}
          aria-describedby=${this.errors.name ? 'name-error' : nothing}
        />`,
        )}
      </fieldset>

      ${needsAddress ? this.renderAddress() : nothing}

      <button part="pay-button" class="pay" type="submit" ?disabled=${this.submitting} aria-describedby="pay-status">
        ${this.submitting ? t('processing') : t('pay', { amount: this.money(session.amount_total, session) })}
      </button>
      <span id="pay-status" class="visually-hidden" role="status">${this.submitting ? t('processing') : ''}</span>
      <button part="cancel-button" class="cancel" type="button" ?disabled=${this.submitting} @click=${this.onCancel}>
        ${t('cancel')}
      </button>
      ${this.renderChallenge(session)}
    </form>`;
  }

  private renderAddress() {
    return html`<fieldset>
      <legend>${t('billingAddress')}</legend>
      ${this.field(
        'country',
        t('country'),
        html`<select
        id="country" name="country" autocomplete="country" required part="input"
        .value=${live(this.values.country)}
        @change=${(event: Event) => this.setValue('country', event)}
        @blur=${() => this.validateField('country')}
        aria-invalid=${this.errors.country ? 'true' : 'false'}
        aria-describedby=${this.errors.country ? 'country-error' : nothing}
      >
        <option value="">${t('chooseCountry')}</option>
        ${countries(this.locale ?? undefined).map(
          (country) =>
            html`<option value=${country.code} ?selected=${country.code === this.values.country}>${country.name}</option>`,
        )}
      </select>`,
      )}
      ${this.field(
        'postal',
        t('postalCode'),
        html`<input
        id="postal" name="postal" type="text" autocomplete="postal-code" required part="input"
        .value=${live(this.values.postal)}
        @input=${(event: InputEvent) => this.setValue('postal', event)}
        @blur=${() => this.validateField('postal')}
        aria-invalid=${this.errors.postal ? 'true' : 'false'}
        aria-describedby=${this.errors.postal ? 'postal-error' : nothing}
      />`,
      )}
    </fieldset>`;
  }

  private field(name: FieldName, label: string, control: TemplateResult, hint?: TemplateResult) {
    return html`<div part="field" class="field ${this.errors[name] ? 'invalid' : ''}">
      <label for=${name}>${label}</label>
      ${hint ?? nothing}
      ${control}
      ${this.errors[name] ? html`<p part="error" class="error" id="${name}-error">${this.errors[name]}</p>` : nothing}
    </div>`;
  }

  private renderChallenge(session: ClientSession) {
    return html`<dialog part="challenge" class="challenge" aria-labelledby="challenge-title" aria-describedby="challenge-body"
      @cancel=${(event: Event) => {
        // Escape counts as failing the challenge, so the customer is never left waiting.
        event.preventDefault();
        void this.onChallenge('fail');
      }}>
      <h2 id="challenge-title">${t('challengeTitle')}</h2>
      <p id="challenge-body">${t('challengeBody', { amount: this.money(session.amount_total, session) })}</p>
      <div class="challenge-actions">
        <button class="pay" type="button" ?disabled=${this.submitting} @click=${() => this.onChallenge('approve')}>${t('challengeApprove')}</button>
        <button class="secondary" type="button" ?disabled=${this.submitting} @click=${() => this.onChallenge('fail')}>${t('challengeFail')}</button>
      </div>
    </dialog>`;
  }

  private renderOutcome(session: ClientSession) {
    const payment = session.payment;
    const panels = {
      complete: [
        t('paidTitle'),
        payment
          ? t('paidBody', {
              amount: this.money(session.amount_total, session),
              brand: brandLabel(payment.brand as never),
              last4: payment.last4,
            })
          : '',
      ],
      expired: [t('expiredTitle'), t('expiredBody')],
      canceled: [t('canceledTitle'), t('canceledBody')],
      open: ['', ''],
    } as const;
    const [title, body] = panels[session.status];
    return html`<section part="status" class="status status-${session.status}" role="status">
      <h2>${title}</h2>
      <p>${body}</p>
    </section>`;
  }

  private renderLoadFailure(error: EndpointError | null) {
    const message = error ? this.describe(error) : '';
    return html`<section part="status" class="status status-failed" role="alert">
      <h2>${t('loadFailedTitle')}</h2>
      <p>${message}</p>
      ${error?.retryable ? html`<button class="secondary" type="button" @click=${() => this.checkout.load(true)}>${t('retry')}</button>` : nothing}
    </section>`;
  }

  /** The kit's own wording for an endpoint error when it has one. */
  private describe(error: EndpointError): string {
    if (error.declineCode && hasMessage(error.declineCode)) return t(error.declineCode);
    return hasMessage(error.code) ? t(error.code as MessageKey) : error.message;
  }

  private input(name: FieldName): HTMLInputElement | HTMLSelectElement | null {
    return this.renderRoot.querySelector(`#${name}`);
  }

  private setValue(name: keyof CheckoutEmbedded['values'], event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.values = { ...this.values, [name]: value };
    if (this.errors[name]) this.validateField(name);
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
    if (document.activeElement === this && this.shadowRoot?.activeElement === input)
      input.setSelectionRange(caret, caret);
    this.brand = detectBrand(formatted);
    if (this.errors.number || this.errors.cvc)
      this.validateAll(
        ['number', 'cvc'].filter((name) => this.errors[name as FieldName]) as FieldName[],
      );
  };

  private onExpiryInput = (event: InputEvent): void => {
    const input = event.target as HTMLInputElement;
    input.value = formatExpiryInput(input.value, event.inputType?.startsWith('delete'));
    if (this.errors.expiry) this.validateField('expiry');
  };

  private onCvcInput = (event: InputEvent): void => {
    const input = event.target as HTMLInputElement;
    input.value = input.value.replace(/\D/g, '').slice(0, cvcLengthFor(this.brand));
    if (this.errors.cvc) this.validateField('cvc');
  };

  private readCard(): CardFieldValues {
    return {
      number: this.input('number')?.value ?? '',
      expiry: this.input('expiry')?.value ?? '',
      cvc: this.input('cvc')?.value ?? '',
      name: this.values.name,
    };
  }

  /** Each field's rule; returns the message to show, or null. */
  private check(name: FieldName): string | null {
    const card = this.readCard();
    const cardError = (key: CardFieldError | null) => (key ? t(key) : null);
    switch (name) {
      case 'email':
        if (!this.values.email.trim()) return t('email_required');
        return emailPattern.test(this.values.email.trim()) ? null : t('email_invalid');
      case 'number':
        return cardError(validateCardNumber(card.number));
      case 'expiry':
        return cardError(validateExpiry(card.expiry));
      case 'cvc':
        return cardError(validateCvc(card.cvc, detectBrand(normalizeCardNumber(card.number))));
      case 'name':
        return card.name.trim() ? null : t('name_required');
      case 'country':
        return this.values.country ? null : t('country_required');
      case 'postal':
        return this.values.postal.trim() ? null : t('postal_code_required');
    }
  }

  private activeFields(): FieldName[] {
    const needsAddress = this.checkout.session?.billing_address_collection === 'required';
    return fieldOrder.filter((name) => needsAddress || (name !== 'country' && name !== 'postal'));
  }

  private validateField(name: FieldName): void {
    this.validateAll([name]);
  }

  private validateAll(names: FieldName[]): FieldName[] {
    const errors = { ...this.errors };
    for (const name of names) {
      const message = this.check(name);
      if (message) errors[name] = message;
      else delete errors[name];
    }
    this.errors = errors;
    if (this.showSummary && !Object.keys(errors).length) this.showSummary = false;
    return names.filter((name) => errors[name]);
  }

  private focusField(event: Event, name: FieldName): void {
    event.preventDefault();
    this.input(name)?.focus();
  }

  private onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.submitting) return;
    this.formError = null;
    const invalid = this.validateAll(this.activeFields());
    if (invalid.length) {
      this.showSummary = true;
      await this.updateComplete;
      this.input(invalid[0]!)?.focus();
      return;
    }
    this.showSummary = false;
    const session = this.checkout.session!;
    this.submitting = true;
    const result = await this.checkout.pay(this.readCard(), {
      email: this.values.email,
      ...(session.billing_address_collection === 'required'
        ? { address: { country: this.values.country, postal_code: this.values.postal.trim() } }
        : {}),
    });
    this.submitting = false;
    this.showPaymentError('session' in result ? result.error : result);
  };

  private async onChallenge(outcome: 'approve' | 'fail'): Promise<void> {
    if (this.submitting) return;
    this.submitting = true;
    const result = await this.checkout.authenticate(outcome);
    this.submitting = false;
    this.showPaymentError('session' in result ? result.error : result);
  }

  private showPaymentError(error: EndpointError | null): void {
    if (!error) return;
    const field = fieldForCode[error.code];
    const message = this.describe(error);
    if (field) {
      this.errors = { ...this.errors, [field]: message };
      this.showSummary = true;
      void this.updateComplete.then(() => this.input(field)?.focus());
    } else {
      this.formError = message;
    }
  }

  private onCancel = async (): Promise<void> => {
    this.submitting = true;
    const error = await this.checkout.cancel();
    this.submitting = false;
    if (error) this.formError = this.describe(error);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-embedded': CheckoutEmbedded;
  }
}
