import { nothing, type TemplateResult } from 'lit';
import type { ClientCrypto, ClientSession } from '../../api/client-types.js';
import { LazyPartController } from '../../controllers/lazy-part-controller.js';
import { lazy } from '../../internal/lazy.js';
import type { CheckoutField, PaymentMethod } from '../checkout-provider/checkout-context.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/** The view is its own chunk: only crypto sessions, which are rare, need it. */
const loadCryptoView = lazy(() => import('./crypto-view.js'));

/**
 * Crypto payment for a session that accepts it: the customer picks one of the
 * allowed assets, the endpoint quotes the amount to send and a deposit
 * address (shown as text with a copy button, and as a QR code of the payment
 * URI, loaded on demand), and a countdown runs until the quote expires, when
 * the provider renews it. In test mode a button simulates the transfer; the
 * element then waits for confirmation, and the provider fires
 * `checkout-success` once the session completes. Renders nothing for sessions
 * that cannot be paid in crypto; the view loads beside the script the first
 * time the element shows a session that can.
 *
 * @summary Asset choice and deposit for a `<checkout-provider>`.
 *
 * @csspart legend - The asset picker's heading.
 * @csspart asset - One asset's label in the picker.
 * @csspart radio - An asset's radio button.
 * @csspart quote - The amount, rate, QR code, address and countdown.
 * @csspart amount - The amount to send.
 * @csspart qr - The QR code.
 * @csspart address - The deposit address.
 * @csspart copy - The copy button.
 * @csspart countdown - Time left on the quote.
 * @csspart simulate - The test-mode button that simulates the transfer.
 * @csspart quote-details - The exchange rate and network.
 * @csspart hint - Help under the QR code, the address and the simulate button.
 * @csspart status - The live region: quoting, a renewed quote, waiting for confirmation.
 * @csspart notice - A renewed quote or the confirmed payment, in the live region.
 * @csspart waiting - The panel shown while the transfer is confirmed.
 * @csspart spinner - The waiting panel's spinner.
 *
 * @cssprop --checkout-choice-background - Each asset in the picker. Default: the background (`flat`: the surface colour).
 * @cssprop --checkout-choice-border-color - Border of each asset. Default: the border colour (`flat`: none).
 * @cssprop --checkout-choice-selected-border-color - Border of the chosen asset. Default: the primary colour.
 * @cssprop --checkout-panel-background - The quote, the address and the waiting panel. Default: the background (`flat`: the surface colour).
 * @cssprop --checkout-panel-border-color - Their border. Default: the border colour (`flat`: none).
 * @cssprop --checkout-notice-background - A renewed quote or the confirmed payment. Default: the primary colour at 8 % over the background.
 * @csspart error - Why a choice or the simulated payment was refused.
 */
export class CheckoutCrypto extends CheckoutElement {
  static override styles = baseStyles;

  readonly #view = new LazyPartController(
    this,
    async () => {
      const { CryptoView } = await loadCryptoView();
      return new CryptoView(this, this.partContext);
    },
    () => acceptsCrypto(this.session),
  );

  /** In test mode, paying is simulating the transfer of the quoted amount. */
  readonly #method: PaymentMethod = {
    type: 'crypto',
    element: this,
    pay: async (_payer, client) => ({ session: await client.simulateCrypto(), error: null }),
  };

  /** Nothing to check before paying; the view shows a refused payment beside its button. */
  readonly #registration: CheckoutField = {
    element: this,
    commit: async () => [],
    focus: () => {},
    showError: () => acceptsCrypto(this.session),
  };

  protected override paymentMethod(): PaymentMethod {
    return this.#method;
  }

  protected override field(): CheckoutField {
    return this.#registration;
  }

  protected override renderSession(session: ClientSession): TemplateResult | typeof nothing {
    if (!acceptsCrypto(session)) return nothing;
    const view = this.#view.module;
    return view ? view.render(session, session.crypto) : this.#view.renderPending(this.i18n);
  }
}

/** Sessions the customer can pay in crypto; the element renders nothing for the others. */
function acceptsCrypto(
  session: ClientSession | null,
): session is ClientSession & { crypto: ClientCrypto } {
  return !!session?.crypto && session.payment_method_types.includes('crypto');
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-crypto': CheckoutCrypto;
  }
}
