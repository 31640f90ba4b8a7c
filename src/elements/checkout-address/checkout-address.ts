import { css, html, nothing, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { LazyPartController } from '../../controllers/lazy-part-controller.js';
import { lazy } from '../../internal/lazy.js';
import type { CheckoutField, FieldProblem } from '../checkout-provider/checkout-context.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/**
 * The fields and their rules (address formats, subdivision lists, the country
 * combobox) load beside the script, only for sessions that ask for an address.
 */
const loadAddressForm = lazy(() => import('./address-form.js'));

/**
 * A postal address, billing or shipping. The country is a searchable
 * combobox (names in the current locale); the other fields adapt to it: the
 * postal code's label, format and presence, and the state, province or
 * prefecture list. A complete, valid address is saved to the session when
 * the customer leaves the fieldset, so tax and shipping re-price at once.
 * The fields load beside the script the first time a session asks for an
 * address; a session that needs none never fetches them.
 *
 * @summary Billing or shipping address for a `<checkout-provider>`.
 *
 * @csspart legend - The "Billing address" or "Shipping address" heading.
 * @csspart same-as-shipping - The "same as shipping" checkbox and its label (billing only).
 * @csspart checkbox - The "same as shipping" checkbox.
 * @csspart field - A label, input and message group.
 * @csspart label - A field's label.
 * @csspart hint - A hint under a label (the postal code's format).
 * @csspart input - Each input and select, the country field's included.
 * @csspart error - A message beside a field.
 * @csspart listbox - The country list.
 * @csspart option - One country in the list.
 */
export class CheckoutAddress extends CheckoutElement {
  static override properties = {
    type: { reflect: true },
    fields: { reflect: true },
  };

  static override styles = [
    baseStyles,
    // The address form's "same as shipping" box; here, not in its part, where they compress worse.
    css`
      .check {
        display: flex;
        align-items: center;
        gap: var(--_space);
        min-height: 44px;
        font-weight: 600;
      }
      .check input {
        width: 24px;
        min-height: 24px;
        margin: 0;
      }
    `,
  ];

  /** Which address this is. */
  type: 'billing' | 'shipping' = 'billing';

  /**
   * `full` asks for the whole address; `postal` only for country, state and
   * postal code. A billing address the session does not require is always `postal`.
   */
  fields: 'full' | 'postal' = 'full';

  /** This address's form, once loaded; it keeps what the customer typed. */
  readonly #form = new LazyPartController(
    this,
    async () => {
      const { AddressForm } = await loadAddressForm();
      return new AddressForm(this, this.partContext);
    },
    () => this.#needed,
  );

  readonly #registration: CheckoutField = {
    element: this,
    commit: () => this.#commit(),
    settle: () => this.#settle(),
    focus: (id) => void this.#focusField(id),
    // Until the form has loaded, the provider shows the error above the form instead.
    showError: (error) => this.#form.module?.showError(error) ?? false,
  };

  protected override field(): CheckoutField | null {
    return this.#registration;
  }

  get #collectsShipping(): boolean {
    return Boolean(this.session?.shipping_address_collection);
  }

  /**
   * A billing address is asked for when the session requires one, or, with
   * only country, state and postal code, when tax needs a place and there is
   * no shipping address to take it from. Otherwise the element stays empty.
   */
  get #needed(): boolean {
    const session = this.session;
    if (!session) return false;
    if (this.type === 'shipping') return this.#collectsShipping;
    return (
      session.billing_address_collection === 'required' ||
      (session.automatic_tax.enabled && !this.#collectsShipping)
    );
  }

  protected override renderSession(session: ClientSession): TemplateResult | typeof nothing {
    if (!this.#needed) return nothing;
    const legend = this.type === 'shipping' ? this.t('shippingAddress') : this.t('billingAddress');
    return html`<fieldset @focusout=${this.#onFocusOut}>
      <legend part="legend">${legend}</legend>
      ${this.#form.module?.render(session) ?? this.#form.renderPending(this.i18n)}
    </fieldset>`;
  }

  #onFocusOut = (event: FocusEvent): void => this.#form.module?.leave(event);

  async #commit(): Promise<FieldProblem[]> {
    if (!this.#needed) return [];
    const form = await this.#form.load();
    if (!form) return [{ field: `${this.type}-country`, message: this.t('loadFailedTitle') }];
    return form.commit();
  }

  async #settle(): Promise<FieldProblem[]> {
    return this.#needed ? ((await this.#form.load())?.settle() ?? []) : [];
  }

  /** Focuses a field by id, once the form that renders it has loaded. */
  async #focusField(id: string): Promise<void> {
    if (!this.#form.module) {
      await this.#form.load();
      await this.updateComplete;
    }
    this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-address': CheckoutAddress;
  }
}
