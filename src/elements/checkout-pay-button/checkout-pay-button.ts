import { css, html, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/**
 * Confirms the checkout. Its text follows the session: "Pay", "Book" or
 * "Donate" with the amount (`submit_type`), "Subscribe" for subscriptions and
 * "Save card" for setup sessions.
 *
 * @summary Pay button for a `<checkout-provider>`.
 *
 * @csspart button - The button.
 *
 * @cssprop --checkout-pay-button-background - Default: the primary colour.
 * @cssprop --checkout-pay-button-color - Text. Default: the on-primary colour.
 * @cssprop --checkout-pay-button-height - Minimum height. Default `44px`.
 * @cssprop --checkout-pay-button-font-size - Default: the base font size.
 */
export class CheckoutPayButton extends CheckoutElement {
  static override styles = [
    baseStyles,
    css`
      button {
        width: 100%;
        min-height: var(--checkout-pay-button-height, 44px);
        background: var(--checkout-pay-button-background, var(--_primary));
        color: var(--checkout-pay-button-color, var(--_on-primary));
        font-size: var(--checkout-pay-button-font-size, inherit);
      }
    `,
  ];

  protected override renderSession(session: ClientSession): TemplateResult {
    const busy = this.checkout!.busy;
    return html`<button part="button" class="primary" type="button"
        ?disabled=${busy || session.status !== 'open'} aria-describedby="pay-status"
        @click=${this.#pay}>
        ${busy ? this.t('processing') : this.#label(session)}
      </button>
      <span id="pay-status" class="visually-hidden" role="status">${busy ? this.t('processing') : ''}</span>`;
  }

  /**
   * The button is disabled while the payment runs, which drops focus to the
   * page's body (and a closing 3-D Secure dialog has nowhere to return it).
   * Once the payment has ended, focus comes back here, unless the customer or
   * the kit (a field with a problem) has put it somewhere since.
   */
  #pay = async (): Promise<void> => {
    await this.checkout?.checkout.confirm();
    await this.updateComplete;
    if (document.activeElement === document.body) this.renderRoot.querySelector('button')?.focus();
  };

  #label(session: ClientSession): string {
    const amount = this.money(session.amount_total);
    if (session.mode === 'setup') return this.t('saveCard');
    if (session.mode === 'subscription') return this.t('subscribe', { amount });
    switch (session.submit_type) {
      case 'book':
        return this.t('book', { amount });
      case 'donate':
        return this.t('donate', { amount });
      default:
        return this.t('pay', { amount });
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-pay-button': CheckoutPayButton;
  }
}
