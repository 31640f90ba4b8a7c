import { css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { ClientSession, ClientShippingRate } from '../../api/client-types.js';
import type { CheckoutField } from '../checkout-provider/checkout-context.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

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
  static override styles = [
    baseStyles,
    css`
      .rate {
        display: grid;
        grid-template-columns: auto 1fr auto;
        align-items: center;
        gap: var(--_space);
        min-height: 44px;
        padding: var(--_space) calc(var(--_space) * 1.5);
        border: 1px solid var(--checkout-choice-border-color, var(--_line));
        border-radius: var(--_radius);
        background: var(--checkout-choice-background, var(--_panel));
        font-weight: 400;
      }
      .rate:has(input:checked) {
        border: 2px solid var(--checkout-choice-selected-border-color, var(--_primary));
      }
      @media (forced-colors: active) {
        .rate:has(input:checked) {
          border-color: Highlight;
        }
      }
      input {
        width: auto;
        min-height: 0;
        margin: 0;
      }
      .name {
        display: grid;
      }
      .estimate {
        color: var(--_muted);
        font-size: 0.875em;
      }
    `,
  ];

  @state() private error: string | undefined;
  @state() private choosing: string | null = null;

  private readonly registration: CheckoutField = {
    element: this,
    commit: async () =>
      this.error ? [{ field: this.session?.shipping_rate ?? '', message: this.error }] : [],
    focus: () => this.renderRoot.querySelector<HTMLInputElement>('input:checked, input')?.focus(),
  };

  protected override field(): CheckoutField {
    return this.registration;
  }

  protected override renderSession(session: ClientSession): TemplateResult | typeof nothing {
    if (!session.shipping_options.length) return nothing;
    const chosen = this.choosing ?? session.shipping_rate;
    return html`<fieldset aria-describedby=${this.error ? 'rates-error' : nothing}>
      <legend part="legend">${this.t('shippingMethod')}</legend>
      ${session.shipping_options.map((rate) => this.renderRate(rate, chosen, session))}
      ${this.error ? html`<p part="error" class="error" id="rates-error">${this.error}</p>` : nothing}
    </fieldset>`;
  }

  private renderRate(rate: ClientShippingRate, chosen: string | null, session: ClientSession) {
    const estimate = rate.delivery_estimate && this.i18n.deliveryEstimate(rate.delivery_estimate);
    return html`<label part="rate" class="rate">
      <input part="radio" type="radio" name="shipping-rate" value=${rate.id} .checked=${rate.id === chosen}
        ?disabled=${session.status !== 'open'}
        @change=${() => this.choose(rate.id)} />
      <span part="rate-name" class="name">${rate.display_name}${
        estimate
          ? html`<span class="visually-hidden">, </span><span part="rate-estimate" class="estimate">${estimate}</span>`
          : nothing
      }</span>
      <span part="rate-amount">${rate.amount ? this.money(rate.amount) : this.t('free')}</span>
    </label>`;
  }

  private async choose(id: string): Promise<void> {
    if (!this.checkout) return;
    this.choosing = id;
    const result = await this.checkout.checkout.updateShippingRate(id);
    if (this.choosing !== id) return;
    this.choosing = null;
    this.error = result.type === 'error' ? result.error.message : undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-shipping-rates': CheckoutShippingRates;
  }
}
