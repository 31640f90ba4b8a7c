import {
  html,
  nothing,
  type ReactiveController,
  type ReactiveElement,
  svg,
  type TemplateResult,
} from 'lit';
import { live } from 'lit/directives/live.js';
import type {
  ClientCrypto,
  ClientSession,
  CryptoAsset,
  CryptoQuote,
} from '../../api/client-types.js';
import type { MessageParams } from '../../i18n/format.js';
import type { MessageKey } from '../../i18n/messages.js';
import { addEnglish } from '../../i18n/messages.js';
import { cryptoMessages } from '../../i18n/parts/crypto.js';
import type { CheckoutState } from '../checkout-provider/checkout-context.js';
import type { PartContext } from '../shared/checkout-element.js';
import { styles } from './checkout-crypto.styles.js';
import { qrPath } from './qr-code.js';

// This part's English words join the catalogue before it renders any.
addEnglish(cryptoMessages);

/**
 * What `<checkout-crypto>` shows for a crypto session, and what it does: the
 * asset picker, the quote with its countdown, QR code and copy button, the
 * test-mode simulate button and the waiting panel. A lazy chunk: the element
 * loads it the first time it renders a crypto session, so checkouts paid by
 * card never download it. Its rules (`styles`) join the element's shadow
 * root as it loads (see LazyPartController).
 */

/** Modules of white around the code, as the QR specification asks for. */
const quietZone = 4;

/** Renders into `host`'s shadow root and re-renders it when the view's own state changes. */
export class CryptoView implements ReactiveController {
  /** The view's rules, which join the element's shadow root as the view loads. */
  readonly styles = styles;
  /** The asset being quoted, until the endpoint answers. */
  #choosing: CryptoAsset | null = null;
  #chooseError: string | undefined;
  #simulating = false;
  #simulateError: { quote: number; message: string } | undefined;
  /** The address the copy button last handled, and how. */
  #copied: { address: string; message: string } | null = null;
  /** The last quote's QR code as path data, drawn once, not on every tick. */
  #qr: { uri: string; path: string } | null = null;
  /** Ticks each second while a quote is shown, for the countdown. */
  #ticker: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveElement,
    private readonly context: PartContext,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#tick();
  }

  hostDisconnected(): void {
    clearTimeout(this.#ticker);
  }

  /**
   * Wakes just after each whole second of the wall clock, not every 1000 ms
   * from connection: the countdown then turns when the second does instead
   * of up to a second late, and a late timer resynchronises on its next wake.
   */
  #tick = (): void => {
    if (this.#shownQuote()) this.host.requestUpdate();
    this.#ticker = setTimeout(this.#tick, 1000 - (Date.now() % 1000) + 5);
  };

  get #checkout(): CheckoutState | undefined {
    return this.context.checkout();
  }

  get #locale(): string {
    return this.context.i18n().locale;
  }

  #t(key: MessageKey, params?: MessageParams): string {
    return this.context.i18n().t(key, params);
  }

  /** The quote on screen: the session's, unless the customer is switching to another asset. */
  #shownQuote(): CryptoQuote | null {
    const session = this.#checkout?.session;
    const crypto = session?.crypto;
    if (session?.status !== 'open' || crypto?.status !== 'awaiting_payment' || !crypto.quote) {
      return null;
    }
    return this.#choosing && this.#choosing !== crypto.quote.asset ? null : crypto.quote;
  }

  /** The view of a session that accepts crypto (`session.crypto` is set). */
  render(session: ClientSession, crypto: ClientCrypto): TemplateResult {
    const paying = crypto.status === 'confirming' || crypto.status === 'confirmed';
    const quote = this.#shownQuote();
    return html`${paying ? nothing : this.#renderPicker(session, crypto)}
      <div part="status" class="status" role="status" tabindex="-1">${this.#renderStatus(session, crypto, quote)}</div>
      ${quote ? this.#renderQuote(session, quote) : nothing}`;
  }

  #renderPicker(session: ClientSession, crypto: ClientCrypto) {
    const chosen = this.#choosing ?? crypto.quote?.asset ?? null;
    const disabled = session.status !== 'open' || this.#checkout!.busy || this.#simulating;
    const error = this.#chooseError;
    return html`<fieldset aria-describedby=${error ? 'asset-error' : nothing}>
      <legend part="legend">${this.#t('cryptoAssetLegend')}</legend>
      <div class="assets">
        ${crypto.allowed_assets.map(
          (asset) => html`<label part="asset" class="asset">
            <input part="radio" type="radio" name="crypto-asset" value=${asset} .checked=${live(asset === chosen)}
              ?disabled=${disabled} @change=${() => this.#choose(asset)} />
            <span>${this.#t(`asset_${asset}` as MessageKey)}</span>
          </label>`,
        )}
      </div>
      ${error ? html`<p part="error" class="error" id="asset-error">${error}</p>` : nothing}
    </fieldset>`;
  }

  /** What the live region says: quoting, a renewed quote, or the transfer's progress. */
  #renderStatus(session: ClientSession, crypto: ClientCrypto, quote: CryptoQuote | null) {
    if (session.status === 'complete' || crypto.status === 'confirmed') {
      return html`<p part="notice" class="notice">${this.#t('cryptoConfirmed')}</p>`;
    }
    if (crypto.status === 'confirming') {
      return html`<div part="waiting" class="waiting">
        <span part="spinner" class="spinner" aria-hidden="true"></span>
        <p class="waiting-title">${this.#t('cryptoWaiting')}</p>
        <p>${this.#t('cryptoWaitingBody')}</p>
        ${
          crypto.transaction
            ? html`<p><span class="label">${this.#t('cryptoTransaction')}</span>
              <span class="transaction" dir="ltr">${crypto.transaction}</span></p>`
            : nothing
        }
      </div>`;
    }
    if (this.#choosing && !quote) return html`<p>${this.#t('cryptoQuoting')}</p>`;
    const { replacedQuote, quoteRefreshError } = this.#checkout!;
    if (quoteRefreshError) return html`<p part="error" class="error">${quoteRefreshError}</p>`;
    if (quote && replacedQuote?.asset === quote.asset) {
      return html`<p part="notice" class="notice">${this.#t('cryptoQuoteRefreshed', { amount: quote.amount, asset: quote.asset })}</p>`;
    }
    return nothing;
  }

  #renderQuote(session: ClientSession, quote: CryptoQuote) {
    const left = Math.max(0, quote.expires_at - Math.floor(Date.now() / 1000));
    const price = new Intl.NumberFormat(this.#locale, {
      style: 'currency',
      currency: session.currency.toUpperCase(),
    }).format(Number(quote.rate));
    const copied = this.#copied?.address === quote.address ? this.#copied.message : '';
    return html`<div part="quote" class="quote">
      <div>
        <p class="label">${this.#t('cryptoSend')}</p>
        <p part="amount" class="amount">${this.#t('cryptoAmount', { amount: quote.amount, asset: quote.asset })}</p>
      </div>
      <dl part="quote-details">
        <dt>${this.#t('cryptoRate')}</dt>
        <dd>${this.#t('cryptoRateValue', { asset: quote.asset, price })}</dd>
        <dt>${this.#t('cryptoNetwork')}</dt>
        <dd>${this.#t(`cryptoNetwork_${quote.network}` as MessageKey)}</dd>
      </dl>
      ${this.#renderQr(quote)}
      <p part="hint" class="hint">${this.#t('cryptoScan')}</p>
      <div class="address">
        <span class="label" id="address-label">${this.#t('cryptoAddress')}</span>
        <code part="address" id="address" dir="ltr">${quote.address}</code>
        <button part="copy" class="secondary copy" type="button"
          @click=${() => this.#copy(quote.address)}>${this.#t('copyAddress')}</button>
        <p part="hint" class="hint" role="status">${copied}</p>
      </div>
      <p part="countdown" class="countdown">${
        left > 0
          ? this.#t('cryptoExpiresIn', { time: clock(left, this.#locale) })
          : this.#t('cryptoQuoteRenewing')
      }</p>
      ${session.livemode ? nothing : this.#renderSimulate(quote)}
    </div>`;
  }

  #renderQr(quote: CryptoQuote) {
    // An endpoint older than `quote.qr` sends none: the address is there as text.
    if (!quote.qr) return nothing;
    if (this.#qr?.uri !== quote.uri) this.#qr = { uri: quote.uri, path: qrPath(quote.qr) };
    const side = quote.qr.size + quietZone * 2;
    return html`<svg part="qr" class="qr" role="img"
      aria-label=${this.#t('cryptoQr', { amount: quote.amount, asset: quote.asset })}
      viewBox="${-quietZone} ${-quietZone} ${side} ${side}" shape-rendering="crispEdges">${svg`<rect
        x=${-quietZone} y=${-quietZone} width=${side} height=${side} fill="#ffffff" /><path
        d=${this.#qr.path} fill="#000000" />`}</svg>`;
  }

  #renderSimulate(quote: CryptoQuote) {
    // A refusal belongs to the quote it was made with; a renewed quote starts clean.
    const error =
      this.#simulateError?.quote === quote.expires_at ? this.#simulateError.message : undefined;
    return html`<div class="simulate">
      <button part="simulate" class="primary" type="button"
        ?disabled=${this.#simulating || this.#checkout!.busy}
        aria-describedby=${error ? 'simulate-hint simulate-error' : 'simulate-hint'}
        @click=${this.#simulate}>${this.#t('simulatePayment')}</button>
      <p part="hint" class="hint" id="simulate-hint">${this.#t('cryptoTestHint')}</p>
      ${error ? html`<p part="error" class="error" id="simulate-error">${error}</p>` : nothing}
    </div>`;
  }

  async #choose(asset: CryptoAsset): Promise<void> {
    const checkout = this.#checkout;
    if (!checkout) return;
    this.#choosing = asset;
    this.#chooseError = undefined;
    this.#simulateError = undefined;
    this.host.requestUpdate();
    const result = await checkout.checkout.selectCryptoAsset(asset);
    // A later choice is on its way; it settles the picker.
    if (this.#choosing !== asset) return;
    this.#choosing = null;
    if (result.type === 'error') this.#chooseError = result.error.message;
    this.host.requestUpdate();
  }

  #simulate = async (): Promise<void> => {
    const checkout = this.#checkout;
    const quote = this.#shownQuote();
    if (!checkout || !quote || this.#simulating) return;
    this.#simulating = true;
    this.#simulateError = undefined;
    this.host.requestUpdate();
    const result = await checkout.checkout.simulateCryptoPayment();
    this.#simulating = false;
    this.host.requestUpdate();
    if (result.type === 'error') {
      this.#simulateError = { quote: quote.expires_at, message: result.error.message };
      return;
    }
    // The button is gone; the waiting state is where the customer is now.
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>('.status')?.focus();
  };

  /** Copies with the Clipboard API, or selects the address for the customer to copy. */
  async #copy(address: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(address);
      this.#copied = { address, message: this.#t('addressCopied') };
    } catch {
      const code = this.host.renderRoot.querySelector('#address');
      const selection = getSelection();
      // selectAllChildren rather than addRange, which WebKit ignores for a range in a shadow root.
      if (code && selection) selection.selectAllChildren(code);
      this.#copied = { address, message: this.#t('addressSelected') };
    }
    this.host.requestUpdate();
  }
}

/** `14:05` for 845 seconds, in the locale's digits. */
function clock(seconds: number, locale: string): string {
  const minutes = new Intl.NumberFormat(locale).format(Math.floor(seconds / 60));
  const rest = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2 }).format(seconds % 60);
  return `${minutes}:${rest}`;
}
