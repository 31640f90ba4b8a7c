import { css, nothing, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { LazyPartController } from '../../controllers/lazy-part-controller.js';
import { lazy } from '../../internal/lazy.js';
import type { CheckoutField, FieldProblem } from '../checkout-provider/checkout-context.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/** The calling codes and E.164 rules load only for sessions that collect a phone number. */
const loadPhoneField = lazy(() => import('./phone-field.js'));

/**
 * A phone number with its country calling code, saved to the session in
 * E.164 (`+442071838750`). Renders nothing unless the session collects phone
 * numbers. A number typed or autofilled with `+` or `00` keeps its own code.
 *
 * @summary Phone number for a `<checkout-provider>`.
 *
 * @csspart field - The label, inputs and message group.
 * @csspart label - The label.
 * @csspart hint - The hint under the label.
 * @csspart calling-code - The country calling code select.
 * @csspart input - The number input.
 * @csspart error - The message beside the field.
 */
export class CheckoutPhone extends CheckoutElement {
  static override styles = [
    baseStyles,
    // The phone part's field layout; here, not in the part, where it compresses worse.
    css`
      .phone {
        display: grid;
        grid-template-columns: minmax(7rem, 40%) 1fr;
        gap: var(--_space);
      }
    `,
  ];

  /** The field, once loaded; it keeps what the customer typed and saves it. */
  readonly #phoneField = new LazyPartController(
    this,
    async () => {
      const { PhoneField } = await loadPhoneField();
      return new PhoneField(this, this.partContext);
    },
    () => this.#collected,
  );

  readonly #registration: CheckoutField = {
    element: this,
    commit: () => this.#commit(),
    focus: () => void this.#focusNumber(),
    showError: (error) => this.#phoneField.module?.showError(error) ?? false,
  };

  protected override field(): CheckoutField {
    return this.#registration;
  }

  get #collected(): boolean {
    return Boolean(this.session?.phone_number_collection.enabled);
  }

  protected override renderSession(session: ClientSession): TemplateResult | typeof nothing {
    if (!this.#collected) return nothing;
    return this.#phoneField.module?.render(session) ?? this.#phoneField.renderPending(this.i18n);
  }

  async #commit(): Promise<FieldProblem[]> {
    if (!this.#collected) return [];
    const phone = await this.#phoneField.load();
    return phone ? phone.commit() : [{ field: 'phone', message: this.t('loadFailedTitle') }];
  }

  /** The error summary may ask for focus before the field has loaded or rendered. */
  async #focusNumber(): Promise<void> {
    const input = () => this.renderRoot.querySelector<HTMLInputElement>('#phone');
    if (!input()) {
      await this.#phoneField.load();
      await this.updateComplete;
    }
    input()?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-phone': CheckoutPhone;
  }
}
