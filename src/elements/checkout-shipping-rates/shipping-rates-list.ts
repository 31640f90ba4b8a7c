import { html, type LitElement, nothing, type TemplateResult } from 'lit';
import type { ClientSession, ClientShippingRate } from '../../api/client-types.js';
import { deliveryEstimate } from '../../i18n/delivery-estimate.js';
import { addEnglish } from '../../i18n/messages.js';
import { shippingRatesMessages } from '../../i18n/parts/shipping-rates.js';
import type { Translator } from '../../i18n/translator.js';
import type { CheckoutState } from '../checkout-provider/checkout-context.js';
import { styles } from './checkout-shipping-rates.styles.js';

// This part's English words join the catalogue before it renders any.
addEnglish(shippingRatesMessages);

/**
 * The part of `<checkout-shipping-rates>` that loads beside the script only
 * for sessions with shipping rates: the radio group, each rate's estimate and
 * amount, and saving the customer's choice.
 */
export class ShippingRatesList {
  /** The list's rules, which join the element's shadow root as the list loads. */
  readonly styles = styles;
  /** Why the endpoint refused the last choice. */
  error: string | undefined;
  #choosing: string | null = null;

  constructor(
    private readonly host: LitElement,
    private readonly checkout: () => CheckoutState | undefined,
  ) {}

  render(session: ClientSession, i18n: Translator): TemplateResult {
    const chosen = this.#choosing ?? session.shipping_rate;
    return html`<fieldset aria-describedby=${this.error ? 'rates-error' : nothing}>
      <legend part="legend">${i18n.t('shippingMethod')}</legend>
      ${session.shipping_options.map((rate) => this.#renderRate(rate, chosen, session, i18n))}
      ${this.error ? html`<p part="error" class="error" id="rates-error">${this.error}</p>` : nothing}
    </fieldset>`;
  }

  #renderRate(
    rate: ClientShippingRate,
    chosen: string | null,
    session: ClientSession,
    i18n: Translator,
  ) {
    const estimate = rate.delivery_estimate && deliveryEstimate(i18n, rate.delivery_estimate);
    return html`<label part="rate" class="rate">
      <input part="radio" type="radio" name="shipping-rate" value=${rate.id} .checked=${rate.id === chosen}
        ?disabled=${session.status !== 'open'}
        @change=${() => this.#choose(rate.id)} />
      <span part="rate-name" class="name">${rate.display_name}${
        estimate
          ? html`<span class="visually-hidden">, </span><span part="rate-estimate" class="estimate">${estimate}</span>`
          : nothing
      }</span>
      <span part="rate-amount">${rate.amount ? i18n.money(rate.amount, session.currency, session.formatted_amounts) : i18n.t('free')}</span>
    </label>`;
  }

  async #choose(id: string): Promise<void> {
    const checkout = this.checkout();
    if (!checkout) return;
    this.#choosing = id;
    this.host.requestUpdate();
    const result = await checkout.checkout.updateShippingRate(id);
    if (this.#choosing !== id) return;
    this.#choosing = null;
    this.error = result.type === 'error' ? result.error.message : undefined;
    this.host.requestUpdate();
  }
}
