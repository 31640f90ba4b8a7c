import { nothing, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { LazyPartController } from '../../controllers/lazy-part-controller.js';
import { lazy } from '../../internal/lazy.js';
import type { CheckoutField, FieldProblem } from '../checkout-provider/checkout-context.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/** The rate list loads only for sessions that offer shipping rates. */
const loadShippingRatesList = lazy(() => import('./shipping-rates-list.js'));

/**
 * The merchant's shipping rates as a radio group; choosing one re-prices the
 * session on the endpoint. Renders nothing when the session has no rates.
 *
 * @summary Shipping rate choice for a `<checkout-provider>`.
 *
 * @csspart legend - The "Shipping method" heading.
 * @csspart rate - One rate: its radio button, name, estimate and amount.
 * @csspart radio - A rate's radio button.
 * @csspart rate-name - A rate's name.
 * @csspart rate-estimate - A rate's delivery estimate.
 * @csspart rate-amount - A rate's amount.
 * @csspart error - Why a choice was refused.
 *
 * @cssprop --checkout-choice-background - Each rate. Default: the background (`flat`: the surface colour).
 * @cssprop --checkout-choice-border-color - Border of each rate. Default: the border colour (`flat`: none).
 * @cssprop --checkout-choice-selected-border-color - Border of the chosen rate. Default: the primary colour.
 */
export class CheckoutShippingRates extends CheckoutElement {
  static override styles = baseStyles;

  readonly #list = new LazyPartController(
    this,
    async () => {
      const { ShippingRatesList } = await loadShippingRatesList();
      return new ShippingRatesList(this, () => this.checkout);
    },
    () => this.#shown,
  );

  readonly #registration: CheckoutField = {
    element: this,
    commit: () => this.#commit(),
    focus: () => void this.#focusRate(),
  };

  protected override field(): CheckoutField {
    return this.#registration;
  }

  get #shown(): boolean {
    return Boolean(this.session?.shipping_options.length);
  }

  protected override renderSession(session: ClientSession): TemplateResult | typeof nothing {
    if (!this.#shown) return nothing;
    const list = this.#list.module;
    return list ? list.render(session, this.i18n) : this.#list.renderPending(this.i18n);
  }

  async #commit(): Promise<FieldProblem[]> {
    if (!this.#shown) return [];
    const list = await this.#list.load();
    const field = this.session?.shipping_rate ?? '';
    if (!list) return [{ field, message: this.t('loadFailedTitle') }];
    return list.error ? [{ field, message: list.error }] : [];
  }

  /** The error summary may ask for focus before the rates have loaded or rendered. */
  async #focusRate(): Promise<void> {
    if (!this.#list.module) {
      await this.#list.load();
      await this.updateComplete;
    }
    this.renderRoot.querySelector<HTMLInputElement>('input:checked, input')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-shipping-rates': CheckoutShippingRates;
  }
}
