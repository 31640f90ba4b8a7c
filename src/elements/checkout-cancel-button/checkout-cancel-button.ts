import { css, html, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/**
 * Cancels the checkout; the provider then fires `checkout-cancel` and, unless
 * prevented, returns to the session's `cancel_url`.
 *
 * @summary Cancel button for a `<checkout-provider>`.
 *
 * @csspart button - The button.
 *
 * @cssprop --checkout-cancel-button-color - Default: the primary colour.
 */
export class CheckoutCancelButton extends CheckoutElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        text-align: center;
      }
      button {
        color: var(--checkout-cancel-button-color, var(--_primary));
      }
    `,
  ];

  protected override renderSession(session: ClientSession): TemplateResult {
    return html`<button part="button" class="link" type="button"
      ?disabled=${this.checkout!.busy || session.status !== 'open'}
      @click=${() => this.checkout?.checkout.cancel()}>${this.t('cancel')}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-cancel-button': CheckoutCancelButton;
  }
}
