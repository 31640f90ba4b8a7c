import { css, html, nothing, type TemplateResult } from 'lit';
import type { ClientLineItem, ClientSession } from '../../api/client-types.js';
import { LazyPartController } from '../../controllers/lazy-part-controller.js';
import { lazy } from '../../internal/lazy.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/** The stepper loads only for sessions with a line the customer may adjust, which few have. */
const loadQuantityStepper = lazy(() => import('./quantity-stepper.js'));

/**
 * The order's lines, with a quantity stepper on each line the session lets
 * the customer adjust. Changes show at once, are sent as one request once the
 * customer pauses, and roll back with the endpoint's reason if refused. The
 * stepper loads beside the script for sessions that have such a line; until
 * it has, the line shows its quantity as other lines do.
 *
 * @summary Line items for a `<checkout-provider>`.
 *
 * @csspart list - The list of lines.
 * @csspart line-item - One line.
 * @csspart image - A line's product image.
 * @csspart name - A line's product name.
 * @csspart meta - A line's variant, description, quantity or billing interval.
 * @csspart amount - A line's amount.
 * @csspart stepper - The quantity controls of a line.
 * @csspart stepper-button - The − and + buttons.
 * @csspart quantity - The quantity input.
 * @csspart error - Why a quantity change was refused.
 *
 * @cssprop --checkout-line-item-image-size - Width and height of product images. Default `48px`.
 * @cssprop --checkout-line-item-image-radius - Corner radius of product images. Default: the radius.
 */
export class CheckoutLineItems extends CheckoutElement {
  static override styles = [
    baseStyles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: grid;
        grid-template-columns: auto 1fr auto;
        align-items: center;
        gap: var(--_space) calc(var(--_space) * 1.5);
        padding: var(--_space) 0;
      }
      img {
        width: var(--checkout-line-item-image-size, 48px);
        height: var(--checkout-line-item-image-size, 48px);
        border-radius: var(--checkout-line-item-image-radius, var(--_radius));
        object-fit: cover;
      }
      .text {
        display: grid;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .meta {
        color: var(--_muted);
        font-size: 0.875em;
      }
      .recurring {
        display: block;
      }
      .amount {
        font-variant-numeric: tabular-nums;
      }
      /* One compact control: − quantity +, 32 px targets (WCAG 2.5.8 asks for 24). */
      .stepper {
        grid-column: 2 / -1;
        justify-self: start;
        display: inline-flex;
        border: 1px solid var(--_line);
        border-radius: var(--_radius);
        background: var(--_field);
      }
      .stepper button {
        min-width: 32px;
        min-height: 32px;
        padding: 0;
        border: 0;
        background: none;
        color: var(--_text);
        font-weight: 700;
      }
      .stepper input {
        width: 3rem;
        min-height: 32px;
        padding: 0;
        border: 0;
        border-inline: 1px solid var(--_line);
        border-radius: 0;
        text-align: center;
        appearance: textfield;
      }
      .stepper input::-webkit-inner-spin-button {
        appearance: none;
      }
      .error {
        grid-column: 2 / -1;
      }
    `,
  ];

  readonly #stepper = new LazyPartController(
    this,
    async () => {
      const { QuantityStepper } = await loadQuantityStepper();
      return new QuantityStepper(this, () => this.checkout);
    },
    () => {
      const session = this.session;
      return Boolean(session?.line_items.some((item) => isAdjustable(item, session)));
    },
  );

  protected override renderSession(session: ClientSession): TemplateResult {
    return html`<ul part="list" aria-label=${this.t('orderSummary')}>
      ${session.line_items.map((item) => this.#renderItem(item, session))}
    </ul>${this.#stepper.renderPending(this.i18n)}`;
  }

  #renderItem(item: ClientLineItem, session: ClientSession) {
    const stepper = this.#stepper.module;
    const quantity = stepper?.quantity(item) ?? item.quantity;
    const adjustable = stepper && isAdjustable(item, session);
    const image = item.images.find(isWebUrl);
    // A single line bought once (an amount-only session) reads as one amount, without "Qty 1".
    const countless = quantity === 1 && session.line_items.length === 1;
    return html`<li part="line-item">
      ${
        image
          ? html`<img part="image" src=${image} alt="" width="48" height="48" loading="lazy"
            referrerpolicy="no-referrer" />`
          : html`<span></span>`
      }
      <div class="text">
        <span part="name" class="name">${item.name}</span>
        ${item.variant ? html`<span part="meta" class="meta variant">${item.variant}</span>` : nothing}
        ${item.description ? html`<span part="meta" class="meta">${item.description}</span>` : nothing}
        <span part="meta" class="meta">${
          adjustable || countless
            ? nothing
            : html`${this.t('quantity', { quantity })}${
                quantity > 1
                  ? html` · ${this.t('each', { amount: this.money(item.unit_amount) })}`
                  : nothing
              }`
        }${
          item.recurring
            ? html`<span class="recurring">${this.i18n.recurring(item.recurring, this.money(item.unit_amount * quantity))}</span>`
            : nothing
        }</span>
      </div>
      <span part="amount" class="amount">${this.money(item.unit_amount * quantity)}</span>
      ${adjustable ? stepper.render(item, this.i18n) : nothing}
      ${stepper ? stepper.renderError(item) : nothing}
    </li>`;
  }
}

/** Lines the customer may change the quantity of, while the session is open. */
function isAdjustable(item: ClientLineItem, session: ClientSession): boolean {
  return Boolean(item.adjustable_quantity?.enabled) && session.status === 'open';
}

/** Images come from the merchant; only plain web addresses are shown. */
function isWebUrl(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-line-items': CheckoutLineItems;
  }
}
