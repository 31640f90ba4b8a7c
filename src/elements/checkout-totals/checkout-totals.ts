import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { lazy } from '../../internal/lazy.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/**
 * The tax tooltip is defined beside the script once a session has a tax
 * rate to explain, which the first paint of most checkouts does not.
 */
const defineTooltip = lazy(() => import('../internal/define-tooltip.js'));

/**
 * Subtotal, discount, shipping, tax and total, as the endpoint computed them.
 * Exclusive tax is its own line; tax inside inclusive prices is shown as
 * "includes". A tooltip explains which rate applies.
 *
 * @summary Order totals for a `<checkout-provider>`.
 *
 * @csspart totals - The list of amounts.
 * @csspart row - Each amount's row (label and amount), the total's included.
 * @csspart total - The total row.
 * @csspart note - A line of explanation: tax included, tax calculated later, a recurring amount.
 * @csspart tax-help - The tax explanation tooltip.
 * @csspart tooltip-trigger - The tooltip's "?" button.
 * @csspart tooltip - The tooltip's text bubble.
 *
 * @cssprop --checkout-total-font-size - Size of the total row. Default `1.125em`.
 * @cssprop --checkout-totals-divider-color - The line above the total. Default: the border colour.
 * @cssprop --checkout-tooltip-background - The tooltip bubble. Default: the text colour.
 * @cssprop --checkout-tooltip-color - Text in the tooltip bubble. Default: the background colour.
 */
export class CheckoutTotals extends CheckoutElement {
  static override styles = [
    baseStyles,
    css`
      dl {
        margin: 0;
      }
      .row {
        display: flex;
        justify-content: space-between;
        gap: var(--_space);
      }
      dt {
        display: flex;
        align-items: center;
        gap: 4px;
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      .total {
        margin-top: var(--_space);
        border-top: 1px solid var(--checkout-totals-divider-color, var(--_border));
        padding-top: var(--_space);
        font-weight: 700;
        font-size: var(--checkout-total-font-size, 1.125em);
      }
      .note {
        color: var(--_muted);
        font-size: 0.875em;
      }
    `,
  ];

  /** The total last shown, to tell a change from a re-render. */
  #shownTotal: number | undefined;
  /** Read out once when the total changes; the rows themselves are not a live region. */
  #announcement = '';

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const total = this.session?.amount_total;
    if (total === undefined) return;
    if (this.#shownTotal !== undefined && total !== this.#shownTotal) {
      this.#announcement = `${this.t('total')} ${this.money(total)}`;
    }
    this.#shownTotal = total;
  }

  protected override renderSession(session: ClientSession): TemplateResult | typeof nothing {
    // A setup session with nothing to buy has no amounts to show.
    if (!session.line_items.length) return nothing;
    const details = session.total_details;
    const tax = session.tax;
    const exclusive = tax?.amount_exclusive ?? details.amount_tax;
    const inclusive = tax?.amount_inclusive ?? 0;
    const row = (label: TemplateResult | string, amount: string, className = '') =>
      html`<div class="row ${className}" part="row"><dt>${label}</dt><dd>${amount}</dd></div>`;
    const recurring = session.line_items.filter((item) => item.recurring);
    return html`<p class="visually-hidden" role="status">${this.#announcement}</p>
    <dl part="totals">
      ${row(this.t('subtotal'), this.money(session.amount_subtotal))}
      ${
        session.discount || details.amount_discount
          ? row(
              session.discount
                ? this.t('discountWithCode', { code: session.discount.code })
                : this.t('discount'),
              this.money(-details.amount_discount),
              'discount',
            )
          : nothing
      }
      ${
        session.shipping_address_collection || details.amount_shipping
          ? row(this.t('shipping'), this.money(details.amount_shipping), 'shipping')
          : nothing
      }
      ${exclusive ? row(this.#taxLabel(session, this.t('tax')), this.money(exclusive), 'tax') : nothing}
      <div class="row total" part="row total"><dt>${this.t('total')}</dt><dd>${this.money(session.amount_total)}</dd></div>
      ${
        inclusive
          ? html`<div class="row note inclusive" part="note"><dt>${this.#taxLabel(session, this.t('includesTax', { amount: this.money(inclusive) }))}</dt></div>`
          : nothing
      }
      ${
        session.automatic_tax.status === 'requires_location_inputs'
          ? html`<div class="row note" part="note"><dt>${this.t('taxCalculatedLater')}</dt></div>`
          : nothing
      }
      ${recurring.map(
        (item) =>
          html`<div class="row note" part="note"><dt>${this.i18n.recurring(item.recurring!, this.money(item.amount_subtotal))}</dt></div>`,
      )}
    </dl>`;
  }

  #taxLabel(session: ClientSession, label: string): TemplateResult {
    const tax = session.tax;
    if (!tax) return html`${label}`;
    const place = tax.state ? `${tax.state}, ${tax.country}` : tax.country;
    const text = this.t('taxExplanation', {
      name: tax.display_name,
      percentage: new Intl.NumberFormat(this.locale, { maximumFractionDigits: 3 }).format(
        tax.percentage,
      ),
      place,
    });
    // Until it is defined, the element shows nothing; the rate's amount is in the row already.
    void defineTooltip().catch(() => {});
    return html`${label}<checkout-tooltip part="tax-help" exportparts="trigger:tooltip-trigger, bubble:tooltip" .label=${this.t('taxHelpLabel')} .text=${text}></checkout-tooltip>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-totals': CheckoutTotals;
  }
}
