import { css, html, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { t } from '../../i18n/messages.js';
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
 */
export class CheckoutPayButton extends CheckoutElement {
  static override styles = [
    baseStyles,
    css`
      button {
        width: 100%;
      }
    `,
  ];

  protected override renderSession(session: ClientSession): TemplateResult {
    const busy = this.checkout!.busy;
    return html`<button part="button" class="primary" type="button"
        ?disabled=${busy || session.status !== 'open'} aria-describedby="pay-status"
        @click=${() => this.checkout?.checkout.confirm()}>
        ${busy ? t('processing') : this.label(session)}
      </button>
      <span id="pay-status" class="visually-hidden" role="status">${busy ? t('processing') : ''}</span>`;
  }

  private label(session: ClientSession): string {
    const amount = this.money(session.amount_total);
    if (session.mode === 'setup') return t('saveCard');
    if (session.mode === 'subscription') return t('subscribe', { amount });
    switch (session.submit_type) {
      case 'book':
        return t('book', { amount });
      case 'donate':
        return t('donate', { amount });
      default:
        return t('pay', { amount });
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-pay-button': CheckoutPayButton;
  }
}
