import { css, html, nothing, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/** Below this much time left, the customer is told the session will expire. */
const noticeSeconds = 10 * 60;

/**
 * The checkout's messages: the error summary after a failed confirm (each
 * problem links to its field, worded as by the field), an error that belongs
 * to no field (a decline), and a notice when the session expires within ten
 * minutes. The summary and errors sit in an alert region so they are read out.
 *
 * @summary Error summary and live region for a `<checkout-provider>`.
 *
 * @csspart error-summary - The box listing the problems.
 * @csspart heading - The summary's "There is a problem" heading.
 * @csspart error-link - One problem, a link to its field.
 * @csspart error - An error that belongs to no field.
 * @csspart expiry-notice - The notice that the session expires soon.
 *
 * @cssprop --checkout-error-summary-border-color - Default: the danger colour.
 * @cssprop --checkout-notice-background - The expiry notice. Default: the primary colour at 8 % over the background.
 */
export class CheckoutMessages extends CheckoutElement {
  static override properties = {
    now: { state: true },
  };

  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: var(--_space);
      }
      .error-summary {
        padding: calc(var(--_space) * 2);
        border: 3px solid var(--checkout-error-summary-border-color, var(--_danger));
        border-radius: var(--_radius);
      }
      .error-summary ul {
        margin: 0;
        padding-inline-start: calc(var(--_space) * 2.5);
      }
      .error-summary a {
        color: var(--_danger);
        font-weight: 600;
      }
      .expiry-notice {
        margin: 0;
        padding: var(--_space) calc(var(--_space) * 1.5);
        border-inline-start: 4px solid var(--_primary);
        background: var(
          --checkout-notice-background,
          color-mix(in srgb, var(--_primary) 8%, var(--_background))
        );
      }
    `,
  ];

  /** Ticks while the session is open, so the notice appears and counts down on time. */
  private now = Date.now();
  #ticker: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#ticker = setInterval(() => {
      if (this.session?.status === 'open') this.now = Date.now();
    }, 15_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#ticker);
  }

  protected override renderSession(session: ClientSession): TemplateResult {
    const { problems, formError, checkout } = this.checkout!;
    const expiry = this.#renderExpiry(session);
    // Says so on the host, so a layout can close the gap an empty element leaves.
    this.toggleAttribute('data-empty', !problems.length && !formError && expiry === nothing);
    return html`<div role="alert">
        ${
          problems.length
            ? html`<div part="error-summary" class="error-summary">
              <h2 part="heading">${this.t('errorSummaryTitle')}</h2>
              <ul>
                ${problems.map(
                  (problem) =>
                    html`<li><a part="error-link" href="#${problem.field}"
                      @click=${(event: Event) => {
                        event.preventDefault();
                        checkout.focusProblem(problem);
                      }}>${problem.message}</a></li>`,
                )}
              </ul>
            </div>`
            : nothing
        }
        ${formError ? html`<p part="error" class="form-error">${formError}</p>` : nothing}
      </div>
      <div role="status">${expiry}</div>`;
  }

  #renderExpiry(session: ClientSession) {
    const left = session.expires_at - Math.floor(Math.max(this.now, Date.now()) / 1000);
    if (session.status !== 'open' || left > noticeSeconds || left <= 0) return nothing;
    const minutes = Math.max(1, Math.ceil(left / 60));
    const when = new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto' }).format(
      minutes,
      'minute',
    );
    return html`<p part="expiry-notice" class="expiry-notice">${this.t('expiresSoon', { when })}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-messages': CheckoutMessages;
  }
}
