import {
  html,
  nothing,
  type ReactiveController,
  type ReactiveElement,
  type TemplateResult,
} from 'lit';
import { live } from 'lit/directives/live.js';
import type { ClientLineItem } from '../../api/client-types.js';
import { addEnglish } from '../../i18n/messages.js';
import { quantityStepperMessages } from '../../i18n/parts/quantity-stepper.js';
import type { Translator } from '../../i18n/translator.js';
import type { CheckoutState } from '../checkout-provider/checkout-context.js';

// This part's English words join the catalogue before it renders any.
addEnglish(quantityStepperMessages);

/** Clicks closer together than this become one request. */
const coalesceMs = 400;

/**
 * The part of `<checkout-line-items>` that loads beside the script only for
 * sessions with an adjustable line: each such line's − / input / + stepper.
 * Changes show at once, are sent as one request once the customer pauses, and
 * roll back with the endpoint's reason, shown beside the line, if refused.
 * Changes not sent yet are dropped when the element leaves the page.
 */
export class QuantityStepper implements ReactiveController {
  /** Quantities shown before the endpoint confirmed them, by line id. */
  #pending: Record<string, number> = {};
  #errors: Record<string, string> = {};
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly host: ReactiveElement,
    private readonly checkout: () => CheckoutState | undefined,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  /** The quantity the line shows: the customer's latest change, or the session's. */
  quantity(item: ClientLineItem): number {
    return this.#pending[item.id] ?? item.quantity;
  }

  /** The stepper of an adjustable line. */
  render(item: ClientLineItem, i18n: Translator): TemplateResult {
    const { minimum, maximum } = item.adjustable_quantity!;
    const quantity = this.quantity(item);
    const id = `quantity-${item.id}`;
    const error = this.#errors[item.id];
    return html`<div part="stepper" class="stepper" role="group" aria-label=${i18n.t('quantityOf', { name: item.name })}>
      <button part="stepper-button" type="button" aria-label=${i18n.t('decreaseQuantity', { name: item.name })}
        aria-controls=${id} ?disabled=${quantity <= minimum}
        @click=${() => this.#step(item, -1)}>−</button>
      <label class="visually-hidden" for=${id}>${i18n.t('quantityOf', { name: item.name })}</label>
      <input part="quantity" id=${id} type="number" inputmode="numeric" min=${minimum} max=${maximum}
        .value=${live(String(quantity))}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `error-${item.id}` : nothing}
        @change=${(event: Event) => {
          const value = Number((event.target as HTMLInputElement).value);
          if (Number.isInteger(value)) this.#change(item, value);
          else this.host.requestUpdate();
        }} />
      <button part="stepper-button" type="button" aria-label=${i18n.t('increaseQuantity', { name: item.name })}
        aria-controls=${id} ?disabled=${quantity >= maximum}
        @click=${() => this.#step(item, 1)}>+</button>
    </div>`;
  }

  /** Why the line's last change was refused, if it was. */
  renderError(item: ClientLineItem): TemplateResult | typeof nothing {
    const error = this.#errors[item.id];
    return error
      ? html`<p part="error" class="error" id="error-${item.id}" role="alert">${error}</p>`
      : nothing;
  }

  /** Clicks come faster than renders: step from the latest shown quantity, within bounds. */
  #step(item: ClientLineItem, delta: number): void {
    const { minimum, maximum } = item.adjustable_quantity!;
    const next = this.quantity(item) + delta;
    if (next >= minimum && next <= maximum) this.#change(item, next);
  }

  /**
   * Shows the new quantity at once and sends it once the customer pauses. A
   * typed value out of bounds is sent as it is, so the endpoint's reason is
   * what the customer reads when it rolls back.
   */
  #change(item: ClientLineItem, wanted: number): void {
    this.#pending = { ...this.#pending, [item.id]: wanted };
    const { [item.id]: _cleared, ...errors } = this.#errors;
    this.#errors = errors;
    this.host.requestUpdate();
    clearTimeout(this.#timers.get(item.id));
    this.#timers.set(
      item.id,
      setTimeout(() => void this.#send(item.id, wanted), coalesceMs),
    );
  }

  async #send(id: string, quantity: number): Promise<void> {
    this.#timers.delete(id);
    const checkout = this.checkout();
    if (!checkout) return;
    const result = await checkout.checkout.updateLineItemQuantity(id, quantity);
    // A newer change is waiting; it will settle the line.
    if (this.#timers.has(id) || this.#pending[id] !== quantity) return;
    const { [id]: _settled, ...pending } = this.#pending;
    this.#pending = pending;
    if (result.type === 'error') this.#errors = { ...this.#errors, [id]: result.error.message };
    this.host.requestUpdate();
  }
}
