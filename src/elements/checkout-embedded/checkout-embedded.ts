import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ClientSession } from '../../api/client-types.js';
import type { EndpointError } from '../../client/session-client.js';
import type { Phase } from '../../controllers/session-controller.js';
import { brandLabel } from '../../core/card.js';
import { formatMoney } from '../../core/money.js';
import { describeError, t } from '../../i18n/messages.js';
import type { CheckoutProvider } from '../checkout-provider/checkout-provider.js';
import { baseStyles } from '../shared/base.styles.js';
import { styles } from './checkout-embedded.styles.js';

/**
 * The complete checkout form for one session, composed of the custom-mode
 * elements inside one `<checkout-provider>`: order summary with quantities,
 * promotion code and totals; contact, shipping and card details; billing
 * address when needed; and the pay and cancel buttons. A session paid in
 * crypto shows `<checkout-crypto>` in place of the contact, address and card
 * fields. Everything it does, a merchant can do with the same elements in
 * their own layout.
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
 * @csspart form - The payment form.
 * @csspart status - The success, expired, canceled and failure panels.
 *
 * @cssprop --checkout-color-primary - Accent colour of buttons and focus rings.
 * @cssprop --checkout-color-on-primary - Text on the accent colour.
 * @cssprop --checkout-color-text - Text colour.
 * @cssprop --checkout-color-muted - Secondary text.
 * @cssprop --checkout-color-background - Background of the form.
 * @cssprop --checkout-color-border - Borders of inputs.
 * @cssprop --checkout-color-danger - Colour of error messages.
 * @cssprop --checkout-color-success - Colour of the success heading.
 * @cssprop --checkout-font-family - Font of every text.
 * @cssprop --checkout-radius - Corner radius of inputs and buttons.
 * @cssprop --checkout-spacing - Base spacing unit.
 */
export class CheckoutEmbedded extends LitElement {
  static override styles = [baseStyles, styles];

  /** The session's client secret, from your server. */
  @property({ attribute: 'client-secret' }) clientSecret: string | null = null;

  /** Alternative to `clientSecret`: called once to fetch it. */
  @property({ attribute: false }) fetchClientSecret: (() => Promise<string>) | null = null;

  /** Base URL of the session endpoint. Default: the origin the kit was loaded from. */
  @property() endpoint: string | null = null;

  /** Locale for amounts and names, e.g. `fr-FR`. Default: the session's, then the browser's. */
  @property() locale: string | null = null;

  /** Mirrors the inner provider, which owns the session. */
  @state() private phase: Phase = 'idle';
  @state() private session: ClientSession | null = null;

  @query('checkout-provider') private provider!: CheckoutProvider | null;

  private readonly sync = (): void => {
    const provider = this.provider;
    if (!provider) return;
    this.phase = provider.phase;
    this.session = provider.session;
  };

  override render(): TemplateResult {
    const session = this.session;
    return html`<div part="base" class="checkout" lang=${this.locale ?? nothing}>
      ${session && !session.livemode ? html`<p class="badge">${t('testMode')}</p>` : nothing}
      <checkout-provider
        .clientSecret=${this.clientSecret}
        .fetchClientSecret=${this.fetchClientSecret}
        .endpoint=${this.endpoint}
        .locale=${this.locale}
        @checkout-ready=${this.sync}
        @checkout-change=${this.sync}
        @checkout-error=${this.sync}
      >${this.renderPhase(session)}</checkout-provider>
    </div>`;
  }

  private renderPhase(session: ClientSession | null) {
    switch (this.phase) {
      case 'idle':
      case 'loading':
        return html`<p class="loading" role="status">${t('loading')}</p>`;
      case 'failed':
        return this.renderLoadFailure(this.provider?.loadError ?? null);
      default:
        return html`<div class="layout">
          ${session!.line_items.length ? this.renderSummary() : nothing}
          ${this.phase === 'open' ? this.renderForm(session!) : this.renderOutcome(session!)}
        </div>`;
    }
  }

  private renderSummary() {
    return html`<section part="summary" class="summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">${t('orderSummary')}</h2>
      <checkout-line-items></checkout-line-items>
      ${this.phase === 'open' ? html`<checkout-promotion-code></checkout-promotion-code>` : nothing}
      <checkout-totals></checkout-totals>
    </section>`;
  }

  private renderForm(session: ClientSession) {
    // A crypto session is paid by a transfer: the asset choice and deposit take the card form's place.
    if (session.payment_method_types.includes('crypto')) {
      return html`<div part="form" class="form">
        <checkout-messages></checkout-messages>
        <checkout-crypto></checkout-crypto>
        <checkout-cancel-button></checkout-cancel-button>
      </div>`;
    }
    const shipping = Boolean(session.shipping_address_collection);
    return html`<div part="form" class="form">
      <checkout-messages></checkout-messages>
      <section class="group" aria-labelledby="contact-heading">
        <h2 id="contact-heading">${t('contact')}</h2>
        <checkout-email></checkout-email>
        <checkout-phone></checkout-phone>
      </section>
      ${
        shipping
          ? html`<section class="group" aria-label=${t('shipping')}>
            <checkout-address type="shipping"></checkout-address>
            <checkout-shipping-rates></checkout-shipping-rates>
          </section>`
          : nothing
      }
      <checkout-card></checkout-card>
      <checkout-address type="billing"></checkout-address>
      <checkout-pay-button></checkout-pay-button>
      <checkout-cancel-button></checkout-cancel-button>
    </div>`;
  }

  private renderOutcome(session: ClientSession) {
    const payment = session.payment;
    const money = formatMoney(session.amount_total, session.currency, this.locale ?? undefined);
    const quote = session.crypto?.quote;
    const paidBody = session.crypto
      ? quote
        ? t('paidCryptoBody', { amount: money, crypto: quote.amount, asset: quote.asset })
        : t('paidCryptoAsset', { amount: money, asset: payment?.brand ?? '' })
      : session.mode === 'setup'
        ? t(
            'savedBody',
            payment ? { brand: brandLabel(payment.brand as never), last4: payment.last4 } : {},
          )
        : payment
          ? t('paidBody', {
              amount: money,
              brand: brandLabel(payment.brand as never),
              last4: payment.last4,
            })
          : '';
    const panels = {
      complete: [session.mode === 'setup' ? t('savedTitle') : t('paidTitle'), paidBody],
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
    return html`<section part="status" class="status status-failed" role="alert">
      <h2>${t('loadFailedTitle')}</h2>
      <p>${error ? describeError(error) : ''}</p>
      ${
        error?.retryable
          ? html`<button class="secondary" type="button" @click=${() => this.provider?.reload()}>${t('retry')}</button>`
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
