import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { discardStartedFrame, startCardFrame } from '../../client/card-frame-channel.js';
import type { EndpointError } from '../../client/session-client.js';
import { endpointBase } from '../../client/session-prefetch.js';
import { AppearanceController } from '../../controllers/appearance-controller.js';
import { LazyPartController } from '../../controllers/lazy-part-controller.js';
import { LocalizationController } from '../../controllers/localization-controller.js';
import type { Phase } from '../../controllers/session-controller.js';
import type { MessageParams } from '../../i18n/format.js';
import { errorMessagesReady, loadErrorMessages, type MessageKey } from '../../i18n/messages.js';
import { type MessageOverrides, messagesConverter } from '../../i18n/overrides.js';
import { lazy } from '../../internal/lazy.js';
import type { CheckoutProvider } from '../checkout-provider/checkout-provider.js';
import { type Appearance, appearanceConverter } from '../shared/appearance.js';
import { baseStyles } from '../shared/base.styles.js';
import { initialSessionAttribute } from '../shared/json-attribute.js';
import { styles } from './checkout-embedded.styles.js';

/** Paid, saved, expired or canceled: only a session that has ended shows it. */
const loadOutcome = lazy(() => import('./outcome-panel.js'));

/**
 * The complete checkout form for one session, composed of the custom-mode
 * elements inside one `<checkout-provider>`: order summary with quantities,
 * promotion code and totals; contact, shipping and card details; billing
 * address when needed; and the pay and cancel buttons. A session paid in
 * crypto shows `<checkout-crypto>` in place of the contact, address and card
 * fields. Everything it does, a merchant can do with the same elements in
 * their own layout.
 *
 * It speaks the `locale` property's language, else the session's, else the
 * browser's, each falling back to its parent language (`fr-CH` → French
 * words, Swiss formats) and finally to English; Arabic lays it out right to
 * left. `messages` replaces any string by its key.
 *
 * @summary A complete, embeddable checkout form.
 *
 * @event {CheckoutEvent<'checkout-ready'>} checkout-ready - The session loaded. `detail.session`.
 * @event {CheckoutEvent<'checkout-change'>} checkout-change - The session changed. `detail.session`.
 * @event {CheckoutEvent<'checkout-success'>} checkout-success - Paid. Cancelable: stops the redirect to `success_url`.
 * @event {CheckoutEvent<'checkout-cancel'>} checkout-cancel - The customer canceled. Cancelable: stops the redirect to `cancel_url`.
 * @event {CheckoutEvent<'checkout-error'>} checkout-error - Loading failed or a payment was declined. `detail.error { code, message }`.
 * @event {CheckoutEvent<'checkout-expired'>} checkout-expired - The session expired.
 *
 * @csspart base - The outer container.
 * @csspart badge - The "Test mode" badge.
 * @csspart loading - The loading message.
 * @csspart summary - The order summary.
 * @csspart form - The payment form.
 * @csspart group - The contact and shipping sections of the form.
 * @csspart heading - Every heading: sections, the error summary, outcome panels, the dialog.
 * @csspart status - The success, expired, canceled and failure panels.
 * @csspart receipt - The paid session's receipt: amount, card and email.
 * @csspart retry-button - The button that loads the session again after a failure.
 * @csspart line-items - The list of lines.
 * @csspart line-item - One line.
 * @csspart image - A line's product image.
 * @csspart line-item-name - A line's product name.
 * @csspart line-item-meta - A line's variant, description, quantity or billing interval.
 * @csspart line-item-amount - A line's amount.
 * @csspart stepper - A line's quantity controls.
 * @csspart stepper-button - The − and + buttons.
 * @csspart quantity - The quantity input.
 * @csspart applied - The applied promotion code and its Remove button.
 * @csspart applied-code - The applied promotion code itself.
 * @csspart apply-button - The promotion code's Apply button.
 * @csspart remove-button - The promotion code's Remove button.
 * @csspart totals - The list of amounts.
 * @csspart row - Each amount's row, the total's included.
 * @csspart total - The total row.
 * @csspart note - A line of explanation under the totals.
 * @csspart tax-help - The tax explanation tooltip.
 * @csspart tooltip-trigger - A tooltip's "?" button.
 * @csspart tooltip - A tooltip's text bubble.
 * @csspart error-summary - The box listing the problems after a failed payment.
 * @csspart error-link - One problem, a link to its field.
 * @csspart expiry-notice - The notice that the session expires soon.
 * @csspart legend - The heading of a group of fields (card, address, shipping method, crypto asset).
 * @csspart field - A label, input and message group.
 * @csspart label - A field's label.
 * @csspart hint - A hint under a label.
 * @csspart input - Every text input and select, the country field's included.
 * @csspart error - A message beside a field, or an error that belongs to no field.
 * @csspart calling-code - The phone number's calling code select.
 * @csspart same-as-shipping - The "same as shipping" checkbox and its label.
 * @csspart checkbox - The "same as shipping" checkbox.
 * @csspart listbox - The country list.
 * @csspart option - One country in the list.
 * @csspart rate - One shipping rate.
 * @csspart radio - The radio button of a shipping rate or crypto asset.
 * @csspart rate-name - A shipping rate's name.
 * @csspart rate-estimate - A shipping rate's delivery estimate.
 * @csspart rate-amount - A shipping rate's amount.
 * @csspart pay-button - The pay button.
 * @csspart cancel-button - The cancel button, shown when the session has a `cancel_url`, and its confirmation's cancel button.
 * @csspart cancel-confirm - The question that confirms a cancel.
 * @csspart keep-button - The confirmation's "Continue checkout" button.
 * @csspart challenge - The authentication dialog.
 * @csspart approve-button - The dialog's approve button (test mode).
 * @csspart fail-button - The dialog's fail button (test mode).
 * @csspart asset - One crypto asset in the picker.
 * @csspart crypto-status - The crypto live region: quoting, a renewed quote, waiting.
 * @csspart notice - A renewed quote or the confirmed crypto payment.
 * @csspart waiting - The panel shown while the transfer is confirmed.
 * @csspart spinner - The waiting panel's spinner.
 * @csspart quote - The crypto amount, rate, QR code, address and countdown.
 * @csspart crypto-amount - The crypto amount to send.
 * @csspart quote-details - The exchange rate and network.
 * @csspart qr - The QR code.
 * @csspart address - The deposit address.
 * @csspart copy - The copy button.
 * @csspart countdown - Time left on the quote.
 * @csspart simulate - The test-mode button that simulates the transfer.
 *
 * Every token and component property applies inside, through the inner
 * elements' shadow roots; `appearance` sets them on this element.
 *
 * @cssprop --checkout-color-primary - Accent: the pay button, links, selected choices, focus ring. Default `#1f4fd1`.
 * @cssprop --checkout-color-on-primary - Text on the accent colour. Default `#fff`.
 * @cssprop --checkout-color-background - Background of the form, inputs and dialogs. Default `#fff`.
 * @cssprop --checkout-color-surface - Filled areas: flat inputs and panels. Default `#f3f4f6`.
 * @cssprop --checkout-color-text - Text. Default `#1a1d24`.
 * @cssprop --checkout-color-muted - Hints and secondary text. Default `#545b69`.
 * @cssprop --checkout-color-border - Borders of inputs and panels; keep 3:1 against the background. Default `#8a909c`.
 * @cssprop --checkout-color-danger - Errors. Default `#b3261e`.
 * @cssprop --checkout-color-success - Success. Default `#176b3a`.
 * @cssprop --checkout-color-focus - Focus ring. Default: the primary colour.
 * @cssprop --checkout-color-scheme - CSS `color-scheme` of the elements (`light` or `dark`), so native controls match. Default `light`.
 * @cssprop --checkout-font-family - Font. Default: the system UI font.
 * @cssprop --checkout-font-size - Base font size; the other sizes scale with it. Default `1rem`: the reader's font-size setting.
 * @cssprop --checkout-radius - Corner radius. Default `6px`.
 * @cssprop --checkout-spacing - Spacing unit; gaps and padding are multiples of it. Default `8px`.
 * @cssprop --checkout-shadow - Shadow of popups and dialogs. Default `0 8px 24px rgb(0 0 0 / 0.16)`.
 * @cssprop --checkout-label-color - Field labels. Default: the text colour.
 * @cssprop --checkout-input-background - Inputs and selects. Default: the background (`flat`: the surface colour).
 * @cssprop --checkout-input-color - Text in inputs and selects. Default: the text colour.
 * @cssprop --checkout-input-border-color - Border of inputs and selects. Default: the border colour.
 * @cssprop --checkout-input-border-width - One to four widths, as `border-width` takes them. Default `1px` (`flat`: `0 0 2px`).
 * @cssprop --checkout-input-radius - Corner radius of inputs and selects. Default: the radius.
 * @cssprop --checkout-input-height - Minimum height of inputs and selects. Default `44px`.
 * @cssprop --checkout-input-padding - Padding of inputs and selects. Default: one spacing unit by one and a half.
 * @cssprop --checkout-button-radius - Corner radius of every button. Default: the radius.
 * @cssprop --checkout-embedded-max-width - Width of the form; from 720px of room the summary sits beside the payment form. Default `960px`.
 * @cssprop --checkout-embedded-padding - Space around the form. Default: two spacing units.
 * @cssprop --checkout-badge-background - The "Test mode" badge. Default `#fff4d6`.
 * @cssprop --checkout-badge-color - Its text. Default `#6b4a00`.
 * @cssprop --checkout-line-item-image-size - Width and height of product images. Default `48px`.
 * @cssprop --checkout-line-item-image-radius - Corner radius of product images. Default: the radius.
 * @cssprop --checkout-total-font-size - Size of the total row. Default `1.125em`.
 * @cssprop --checkout-totals-divider-color - The line above the total. Default: the border colour.
 * @cssprop --checkout-choice-background - Each shipping rate and crypto asset. Default: the background (`flat`: the surface colour).
 * @cssprop --checkout-choice-border-color - Their border. Default: the border colour (`flat`: none).
 * @cssprop --checkout-choice-selected-border-color - Border of the chosen one. Default: the primary colour.
 * @cssprop --checkout-panel-background - The crypto quote, address and waiting panel. Default: the background (`flat`: the surface colour).
 * @cssprop --checkout-panel-border-color - Their border. Default: the border colour (`flat`: none).
 * @cssprop --checkout-notice-background - Notices: the session expires soon, a renewed quote. Default: the primary colour at 8 % over the background.
 * @cssprop --checkout-error-summary-border-color - Default: the danger colour.
 * @cssprop --checkout-pay-button-background - Default: the primary colour.
 * @cssprop --checkout-pay-button-color - Text of the pay button. Default: the on-primary colour.
 * @cssprop --checkout-pay-button-height - Minimum height of the pay button. Default `44px`.
 * @cssprop --checkout-pay-button-font-size - Default: the base font size.
 * @cssprop --checkout-cancel-button-color - Default: the primary colour.
 * @cssprop --checkout-tooltip-background - Help bubbles. Default: the text colour.
 * @cssprop --checkout-tooltip-color - Text in help bubbles. Default: the background colour.
 * @cssprop --checkout-dialog-background - The authentication dialog. Default: the background colour.
 * @cssprop --checkout-dialog-backdrop - Behind the dialog. Default `rgb(0 0 0 / 0.5)`.
 */
export class CheckoutEmbedded extends LitElement {
  // The inputs are spelled out here and in <checkout-provider>, not shared: the custom
  // elements manifest's analyzer reads this literal for the attributes.
  static override properties = {
    clientSecret: { attribute: 'client-secret' },
    fetchClientSecret: { attribute: false },
    initialSession: { attribute: 'initial-session', converter: initialSessionAttribute },
    endpoint: {},
    locale: {},
    messages: { converter: messagesConverter },
    appearance: { converter: appearanceConverter },
    phase: { state: true },
    session: { state: true },
  };

  static override styles = [baseStyles, styles];

  /** The session's client secret, from your server. */
  clientSecret: string | null = null;

  /** Alternative to `clientSecret`: called once to fetch it. */
  fetchClientSecret: (() => Promise<string>) | null = null;

  /**
   * The session as the client API answers it, when the page already has it
   * (the hosted page sends it with its HTML, a server-rendered page can too):
   * the element shows it at once instead of reading it first. Used only when
   * it is the client secret's session. Attribute: the same object as JSON.
   */
  initialSession: ClientSession | null = null;

  /** Base URL of the session endpoint. Default: the origin the kit was loaded from. */
  endpoint: string | null = null;

  /**
   * Locale of the words and formats, e.g. `fr` or `fr-CH`. Default: the
   * session's, then the browser's. A tag without its own pack speaks its
   * parent language (`fr-CH` → French) and keeps its formats (Swiss money);
   * one with none at all falls back to the next choice, and finally English.
   * Arabic lays the form out right to left.
   */
  locale: string | null = null;

  /**
   * The merchant's wording, by message key, over the active locale's, e.g.
   * `{ pay: 'Buy now · {amount}' }`. Keep the placeholders of the key you
   * replace. Attribute: the same object as JSON.
   */
  messages: MessageOverrides | null = null;

  /**
   * Theme, colour scheme and token values, e.g.
   * `{ theme: 'night', variables: { colorPrimary: '#0a7' } }`. CSS custom
   * properties the page sets win over them. Attribute: the same object as JSON.
   */
  appearance: Appearance | null = null;

  /** Mirrors the inner provider, which owns the session. */
  private phase: Phase = 'idle';
  private session: ClientSession | null = null;

  /** The inner provider, once drawn. */
  get #provider(): CheckoutProvider | null {
    return this.renderRoot?.querySelector<CheckoutProvider>('checkout-provider') ?? null;
  }

  /** Resolves like the inner provider's, which shares the same cached packs. */
  readonly #localization = new LocalizationController(this, () => ({
    locale: this.locale,
    sessionLocale: this.session?.locale,
    messages: this.messages,
  }));

  readonly #outcome = new LazyPartController(this, loadOutcome, () =>
    ['complete', 'expired', 'canceled'].includes(this.phase),
  );

  constructor() {
    super();
    new AppearanceController(this);
  }

  /** The form gave way to an outcome while the customer was in it: focus goes to the outcome. */
  #focusOutcome = false;

  override willUpdate(changed: PropertyValues<this>): void {
    this.#startFrameEarly();
    if (changed.get('phase' as keyof CheckoutEmbedded) === 'open' && this.phase !== 'open') {
      // In the form's shadow tree, or in the card frame, which is this element's own child.
      const active = document.activeElement;
      this.#focusOutcome =
        !active || active === document.body || active === this || this.contains(active);
    }
  }

  override updated(): void {
    // The outcome panel loads beside the script: it may arrive a render later.
    const heading =
      this.#focusOutcome && this.renderRoot.querySelector<HTMLElement>('[part="status"] h2');
    if (heading) {
      this.#focusOutcome = false;
      heading.focus();
    }
  }

  /**
   * While the session loads, the card frame loads beside it, in the slot the
   * form's `<checkout-card>` will show it in and adopt it from; once the
   * session shows no card form (paid in crypto, an outcome, a load failure)
   * it goes.
   */
  #startFrameEarly(): void {
    if (this.phase === 'idle' || this.phase === 'loading') {
      if (this.isConnected && this.getRootNode() === document) {
        startCardFrame(this, endpointBase(this.endpoint));
      }
    } else if (this.phase !== 'open' || this.session?.payment_method_types.includes('crypto')) {
      discardStartedFrame(this);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    discardStartedFrame(this);
  }

  #t(key: MessageKey, params?: MessageParams): string {
    return this.#localization.translator.t(key, params);
  }

  readonly #sync = (): void => {
    const provider = this.#provider;
    if (!provider) return;
    this.phase = provider.phase;
    this.session = provider.session;
  };

  override render(): TemplateResult {
    const session = this.session;
    const { lang, dir } = this.#localization.translator;
    // The merchant's own `lang` and `dir` on the element win over the locale's.
    const own = (name: string) => this.getAttribute(name) ?? undefined;
    return html`<div part="base" class="checkout" lang=${own('lang') ? nothing : lang} dir=${own('dir') ? nothing : dir}>
      ${session && !session.livemode ? html`<p part="badge" class="badge">${this.#t('testMode')}</p>` : nothing}
      <checkout-provider exportparts="challenge, heading, approve-button, fail-button"
        .clientSecret=${this.clientSecret}
        .fetchClientSecret=${this.fetchClientSecret}
        .initialSession=${this.initialSession}
        .endpoint=${this.endpoint}
        .locale=${this.locale}
        .messages=${this.messages}
        lang=${own('lang') ?? nothing}
        dir=${own('dir') ?? nothing}
        @checkout-ready=${this.#sync}
        @checkout-change=${this.#sync}
        @checkout-error=${this.#sync}
      >${this.#renderPhase(session)}</checkout-provider>
    </div>`;
  }

  #renderPhase(session: ClientSession | null) {
    switch (this.phase) {
      case 'idle':
      case 'loading':
        return this.#renderSkeleton();
      case 'failed':
        return this.#renderLoadFailure(this.#provider?.loadError ?? null);
      default:
        return html`<div class="layout">
          ${session!.line_items.length ? this.#renderSummary() : nothing}
          ${
            this.phase === 'open'
              ? this.#renderForm(session!)
              : (this.#outcome.module?.renderOutcome(session!, this.#localization.translator) ??
                this.#outcome.renderPending(this.#localization.translator))
          }
        </div>`;
    }
  }

  /** The final layout's shape while the session loads, so nothing jumps when it arrives. */
  #renderSkeleton() {
    const field = html`<div class="bone label"></div><div class="bone input"></div>`;
    return html`<div part="loading" class="layout loading" role="status">
      <span class="visually-hidden">${this.#t('loading')}</span>
      <div class="summary" aria-hidden="true">
        <div class="bone heading"></div>
        <div class="bone line"></div>
        <div class="bone line"></div>
        <div class="bone total"></div>
      </div>
      <div class="form" aria-hidden="true">
        <div class="bone heading"></div>
        ${field}${field}${field}
        <div class="bone button"></div>
      </div>
    </div>`;
  }

  #renderSummary() {
    return html`<section part="summary" class="summary" aria-labelledby="summary-heading">
      <h2 part="heading" id="summary-heading">${this.#t('orderSummary')}</h2>
      <checkout-line-items exportparts="list:line-items, line-item, image, name:line-item-name, meta:line-item-meta, amount:line-item-amount, stepper, stepper-button, quantity, error"></checkout-line-items>
      ${
        this.phase === 'open'
          ? html`<checkout-promotion-code exportparts="field, label, input, error, apply-button, applied, code:applied-code, remove-button"></checkout-promotion-code>`
          : nothing
      }
      <checkout-totals exportparts="totals, row, total, note, tax-help, tooltip-trigger, tooltip"></checkout-totals>
    </section>`;
  }

  #renderForm(session: ClientSession) {
    // A crypto session is paid by a transfer: the asset choice and deposit take the card form's place.
    return html`<div part="form" class="form">
      <checkout-messages exportparts="error-summary, heading, error-link, error, expiry-notice"></checkout-messages>
      ${
        session.payment_method_types.includes('crypto')
          ? html`<checkout-crypto exportparts="legend, asset, radio, error, status:crypto-status, notice, waiting, spinner, quote, amount:crypto-amount, quote-details, qr, hint, address, copy, countdown, simulate"></checkout-crypto>`
          : this.#renderCardForm(session)
      }
      ${this.#renderCancel(session)}
    </div>`;
  }

  /** Contact, shipping, card and billing details, and the pay button. */
  #renderCardForm(session: ClientSession) {
    const shipping = Boolean(session.shipping_address_collection);
    return html`<section part="group" class="group" aria-labelledby="contact-heading">
        <h2 part="heading" id="contact-heading">${this.#t('contact')}</h2>
        <checkout-email exportparts="field, label, input, error"></checkout-email>
        <checkout-phone exportparts="field, label, hint, calling-code, input, error"></checkout-phone>
      </section>
      ${
        shipping
          ? html`<section part="group" class="group" aria-label=${this.#t('shipping')}>
            <checkout-address type="shipping" exportparts="legend, same-as-shipping, checkbox, field, label, hint, input, error, listbox, option"></checkout-address>
            <checkout-shipping-rates exportparts="legend, rate, radio, rate-name, rate-estimate, rate-amount, error"></checkout-shipping-rates>
          </section>`
          : nothing
      }
      <checkout-card exportparts="error"><slot name="card-frame" slot="card-frame"></slot></checkout-card>
      <checkout-address type="billing" exportparts="legend, same-as-shipping, checkbox, field, label, hint, input, error, listbox, option"></checkout-address>
      <checkout-pay-button exportparts="button:pay-button"></checkout-pay-button>`;
  }

  /** Only a session with somewhere to return to offers to cancel. */
  #renderCancel(session: ClientSession) {
    return session.cancel_url
      ? html`<checkout-cancel-button exportparts="button:cancel-button, confirm:cancel-confirm, keep-button"></checkout-cancel-button>`
      : nothing;
  }

  /** The error's own words, once their English (a lazy chunk) is here; until then nothing. */
  #describeLoadError(error: EndpointError): string {
    const translator = this.#localization.translator;
    if (errorMessagesReady(translator.messages)) return translator.describeError(error);
    void loadErrorMessages().then(() => this.requestUpdate());
    return '';
  }

  #renderLoadFailure(error: EndpointError | null) {
    return html`<section part="status" class="status status-failed" role="alert">
      <h2 part="heading">${this.#t('loadFailedTitle')}</h2>
      <p>${error ? this.#describeLoadError(error) : ''}</p>
      ${
        error?.retryable
          ? html`<button part="retry-button" class="secondary" type="button" @click=${() => this.#provider?.reload()}>${this.#t('retry')}</button>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-embedded': CheckoutEmbedded;
  }
}
