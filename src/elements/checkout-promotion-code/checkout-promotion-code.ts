import { css, nothing, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { LazyPartController } from '../../controllers/lazy-part-controller.js';
import { lazy } from '../../internal/lazy.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/** The form loads only for sessions that allow promotion codes or carry one. */
const loadPromotionCodeForm = lazy(() => import('./promotion-code-form.js'));

/**
 * A promotion code field with Apply, or the applied code with Remove. Each
 * refusal (unknown, expired, not yet active, used up, minimum not met, wrong
 * currency, not for this customer) is shown beside the field. Renders nothing
 * when the session does not allow promotion codes.
 *
 * @summary Promotion code entry for a `<checkout-provider>`.
 *
 * @csspart field - The label, input and message group.
 * @csspart label - The label.
 * @csspart input - The code input.
 * @csspart apply-button - The Apply button.
 * @csspart applied - The applied code and its Remove button.
 * @csspart code - The applied code itself.
 * @csspart remove-button - The Remove button.
 * @csspart error - Why a code was refused.
 */
export class CheckoutPromotionCode extends CheckoutElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: grid;
        grid-template-columns: 1fr auto;
        align-items: end;
        gap: var(--_space);
      }
      form .field {
        grid-column: 1;
      }
      form .apply {
        grid-column: 2;
        grid-row: 1;
        align-self: start;
        margin-top: 1.6em;
      }
      .applied {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--_space);
        margin: 0;
      }
      .code {
        font-weight: 700;
        letter-spacing: 0.04em;
      }
    `,
  ];

  readonly #form = new LazyPartController(
    this,
    async () => {
      const { PromotionCodeForm } = await loadPromotionCodeForm();
      return new PromotionCodeForm(this, () => this.checkout);
    },
    () => this.#shown,
  );

  get #shown(): boolean {
    return Boolean(this.session?.allow_promotion_codes || this.session?.discount);
  }

  protected override renderSession(session: ClientSession): TemplateResult | typeof nothing {
    if (!this.#shown) return nothing;
    const form = this.#form.module;
    return form ? form.render(session, this.i18n) : this.#form.renderPending(this.i18n);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-promotion-code': CheckoutPromotionCode;
  }
}
