import { css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ClientLineItem, ClientSession } from '../../api/client-types.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/** Clicks closer together than this become one request. */
const coalesceMs = 400;

/**
 * The order's lines, with a quantity stepper on each line the session lets
 * the customer adjust. Changes show at once, are sent as one request once the
 * customer pauses, and roll back with the endpoint's reason if refused.
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
      .stepper {
        grid-column: 2 / -1;
        display: flex;
        align-items: center;
        gap: 4px;
      }
      .stepper button {
        min-width: 44px;
        border: 1px solid var(--_line);
        background: var(--_panel);
        color: var(--_text);
        font-weight: 700;
      }
      .stepper input {
        width: 4.5rem;
        text-align: center;
      }
      .error {
        grid-column: 2 / -1;
      }
    `,
  ];

  /** Quantities shown before the endpoint confirmed them, by line id. */
  @state() private pending: Record<string, number> = {};
  @state() private errors: Record<string, string> = {};
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  protected override renderSession(session: ClientSession): TemplateResult {
    return html`<ul part="list" aria-label=${this.t('orderSummary')}>
      ${session.line_items.map((item) => this.renderItem(item, session))}
    </ul>`;
  }

  private renderItem(item: ClientLineItem, session: ClientSession) {
    const quantity = this.pending[item.id] ?? item.quantity;
    const adjustable = item.adjustable_quantity?.enabled && session.status === 'open';
    const error = this.errors[item.id];
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
      ${adjustable ? this.renderStepper(item, quantity) : nothing}
      ${error ? html`<p part="error" class="error" id="error-${item.id}" role="alert">${error}</p>` : nothing}
    </li>`;
  }

  private renderStepper(item: ClientLineItem, quantity: number) {
    const { minimum, maximum } = item.adjustable_quantity!;
    const id = `quantity-${item.id}`;
    const error = this.errors[item.id];
    return html`<div part="stepper" class="stepper" role="group" aria-label=${this.t('quantityOf', { name: item.name })}>
      <button part="stepper-button" type="button" aria-label=${this.t('decreaseQuantity', { name: item.name })}
        aria-controls=${id} ?disabled=${quantity <= minimum}
        @click=${() => this.step(item, -1)}>−</button>
      <label class="visually-hidden" for=${id}>${this.t('quantityOf', { name: item.name })}</label>
      <input part="quantity" id=${id} type="number" inputmode="numeric" min=${minimum} max=${maximum}
        .value=${live(String(quantity))}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `error-${item.id}` : nothing}
        @change=${(event: Event) => {
          const value = Number((event.target as HTMLInputElement).value);
          if (Number.isInteger(value)) this.change(item, value);
          else this.requestUpdate();
        }} />
      <button part="stepper-button" type="button" aria-label=${this.t('increaseQuantity', { name: item.name })}
        aria-controls=${id} ?disabled=${quantity >= maximum}
        @click=${() => this.step(item, 1)}>+</button>
    </div>`;
  }

  /** Clicks come faster than renders: step from the latest shown quantity, within bounds. */
  private step(item: ClientLineItem, delta: number): void {
    const { minimum, maximum } = item.adjustable_quantity!;
    const next = (this.pending[item.id] ?? item.quantity) + delta;
    if (next >= minimum && next <= maximum) this.change(item, next);
  }

  /**
   * Shows the new quantity at once and sends it once the customer pauses. A
   * typed value out of bounds is sent as it is, so the endpoint's reason is
   * what the customer reads when it rolls back.
   */
  private change(item: ClientLineItem, wanted: number): void {
    this.pending = { ...this.pending, [item.id]: wanted };
    const { [item.id]: _cleared, ...errors } = this.errors;
    this.errors = errors;
    clearTimeout(this.timers.get(item.id));
    this.timers.set(
      item.id,
      setTimeout(() => void this.send(item.id, wanted), coalesceMs),
    );
  }

  private async send(id: string, quantity: number): Promise<void> {
    this.timers.delete(id);
    const checkout = this.checkout;
    if (!checkout) return;
    const result = await checkout.checkout.updateLineItemQuantity(id, quantity);
    // A newer change is waiting; it will settle the line.
    if (this.timers.has(id) || this.pending[id] !== quantity) return;
    const { [id]: _settled, ...pending } = this.pending;
    this.pending = pending;
    if (result.type === 'error') this.errors = { ...this.errors, [id]: result.error.message };
  }
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
