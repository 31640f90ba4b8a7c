import { css, html, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { t } from '../../i18n/messages.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/**
 * Cancels the checkout; the provider then fires `checkout-cancel` and, unless
 * prevented, returns to the session's `cancel_url`.
 *
 * @summary Cancel button for a `<checkout-provider>`.
 *
 * @csspart button - The button.
 */
export class CheckoutCancelButton extends CheckoutElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        text-align: center;
      }
    `,
  ];

  protected override renderSession(session: ClientSession): TemplateResult {
    return html`<button part="button" class="link" type="button"
      ?disabled=${this.checkout!.busy || session.status !== 'open'}
      @click=${() => this.checkout?.checkout.cancel()}>${t('cancel')}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-cancel-button': CheckoutCancelButton;
  }
}
