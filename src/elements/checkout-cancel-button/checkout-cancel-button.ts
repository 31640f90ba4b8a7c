import { css, html, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/**
 * Cancels the checkout, once the customer confirms (one stray click must not
 * end a session); the provider then fires `checkout-cancel` and, unless
 * prevented, returns to the session's `cancel_url`. `<checkout-embedded>`
 * shows it only for a session with a `cancel_url`; placed in a custom layout,
 * it always shows.
 *
 * @summary Cancel button for a `<checkout-provider>`.
 *
 * @csspart button - The button, and the confirmation's "Cancel and return".
 * @csspart confirm - The confirmation: its question and buttons.
 * @csspart keep-button - The confirmation's "Continue checkout".
 *
 * @cssprop --checkout-cancel-button-color - Default: the primary colour.
 */
export class CheckoutCancelButton extends CheckoutElement {
  static override properties = {
    confirming: { state: true },
  };

  static override styles = [
    baseStyles,
    css`
      :host {
        text-align: center;
      }
      .link {
        color: var(--checkout-cancel-button-color, var(--_primary));
      }
      .confirm {
        display: grid;
        gap: var(--_space);
        justify-items: center;
      }
      .confirm p {
        margin: 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        justify-content: center;
        gap: var(--_space);
      }
    `,
  ];

  /** The customer asked to cancel and has not yet answered the question. */
  private confirming = false;

  protected override renderSession(session: ClientSession): TemplateResult {
    const disabled = this.checkout!.busy || session.status !== 'open';
    if (!this.confirming) {
      return html`<button part="button" class="link" type="button" ?disabled=${disabled}
        @click=${() => this.#ask(true)}>${this.t('cancel')}</button>`;
    }
    return html`<div part="confirm" class="confirm" role="group" aria-labelledby="question"
      @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this.#ask(false)}>
      <p id="question">${this.t('cancelConfirm')}</p>
      <div class="actions">
        <button part="keep-button" class="primary" type="button" @click=${() => this.#ask(false)}>${this.t('cancelKeep')}</button>
        <button part="button" class="secondary" type="button" ?disabled=${disabled}
          @click=${() => this.checkout?.checkout.cancel()}>${this.t('cancel')}</button>
      </div>
    </div>`;
  }

  /** Opens or closes the question; focus goes to its safe answer, then back to the button. */
  async #ask(confirming: boolean): Promise<void> {
    this.confirming = confirming;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(confirming ? '.primary' : 'button')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-cancel-button': CheckoutCancelButton;
  }
}
