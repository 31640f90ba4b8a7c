import { html, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ClientSession } from '../../api/client-types.js';
import type {
  ActionError,
  CheckoutField,
  FieldProblem,
} from '../checkout-provider/checkout-context.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';
import { describedBy, field } from '../shared/field.js';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The customer's email address, saved to the session when it is valid.
 *
 * @summary Email field for a `<checkout-provider>`.
 *
 * @csspart field - The label, input and message group.
 * @csspart label - The label.
 * @csspart input - The email input.
 * @csspart error - The message beside the field.
 */
export class CheckoutEmail extends CheckoutElement {
  static override properties = {
    value: { state: true },
    error: { state: true },
  };

  static override styles = baseStyles;

  private value: string | null = null;
  private error: string | undefined;

  readonly #registration: CheckoutField = {
    element: this,
    commit: () => this.#commit(),
    focus: () => this.renderRoot.querySelector('input')?.focus(),
    showError: (error) => this.#showError(error),
  };

  protected override field(): CheckoutField {
    return this.#registration;
  }

  #current(session: ClientSession | null = this.session): string {
    return this.value ?? session?.customer_email ?? '';
  }

  protected override renderSession(session: ClientSession): TemplateResult {
    return field({
      id: 'email',
      label: this.t('email'),
      error: this.error,
      control: html`<input
        id="email" name="email" type="email" dir="ltr" autocomplete="email" inputmode="email" required
        part="input" spellcheck="false"
        .value=${live(this.#current(session))}
        @input=${(event: InputEvent) => {
          this.value = (event.target as HTMLInputElement).value;
          if (this.error) this.error = this.#check() ?? undefined;
        }}
        @blur=${() => void this.#leave()}
        aria-invalid=${this.error ? 'true' : 'false'}
        aria-describedby=${describedBy('email', { error: this.error })}
      />`,
    });
  }

  #check(): string | null {
    const value = this.#current().trim();
    if (!value) return this.t('email_required');
    return emailPattern.test(value) ? null : this.t('email_invalid');
  }

  /**
   * Leaving the field checks what was typed; leaving it empty says nothing
   * yet: "required" waits for a pay attempt, not the first Tab through.
   */
  async #leave(): Promise<void> {
    if (this.#current().trim() || this.error) await this.#save();
  }

  /** Validates and, when the address changed, saves it to the session. */
  async #save(): Promise<string | null> {
    const problem = this.#check();
    this.error = problem ?? undefined;
    const value = this.#current().trim();
    if (problem || !this.checkout || value === this.session?.customer_email) return problem;
    const result = await this.checkout.checkout.updateEmail(value);
    if (result.type === 'error') {
      this.error = result.error.message;
      return result.error.message;
    }
    return null;
  }

  async #commit(): Promise<FieldProblem[]> {
    const problem = await this.#save();
    return problem ? [{ field: 'email', message: problem }] : [];
  }

  #showError(error: ActionError): boolean {
    if (error.field !== 'email' && !error.code.startsWith('email_')) return false;
    this.error = error.message;
    return true;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-email': CheckoutEmail;
  }
}
