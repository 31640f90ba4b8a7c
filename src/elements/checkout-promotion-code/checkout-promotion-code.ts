import { css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { ClientSession } from '../../api/client-types.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';
import { describedBy, field } from '../shared/field.js';

/**
 * A promotion code field with Apply, or the applied code with Remove. Each
 * refusal (unknown, expired, not yet active, used up, minimum not met, wrong
 * currency, not for this customer) is shown beside the field. Renders nothing
 * when the session does not allow promotion codes.
 *
 * @summary Promotion code entry for a `<checkout-provider>`.
 *
 * @csspart field - The label, input and message group.
 * @csspart label - The label.
 * @csspart input - The code input.
 * @csspart apply-button - The Apply button.
 * @csspart applied - The applied code and its Remove button.
 * @csspart code - The applied code itself.
 * @csspart remove-button - The Remove button.
 * @csspart error - Why a code was refused.
 */
export class CheckoutPromotionCode extends CheckoutElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: grid;
        grid-template-columns: 1fr auto;
        align-items: end;
        gap: var(--_space);
      }
      form .field {
        grid-column: 1;
      }
      form .apply {
        grid-column: 2;
        grid-row: 1;
        align-self: start;
        margin-top: 1.6em;
      }
      .applied {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--_space);
        margin: 0;
      }
      .code {
        font-weight: 700;
        letter-spacing: 0.04em;
      }
    `,
  ];

  @state() private code = '';
  @state() private error: string | undefined;
  @state() private pending = false;
  @state() private announcement = '';

  protected override renderSession(session: ClientSession): TemplateResult | typeof nothing {
    if (!session.allow_promotion_codes && !session.discount) return nothing;
    const status = html`<p class="visually-hidden" role="status">${this.announcement}</p>`;
    if (session.discount) {
      return html`<p part="applied" class="applied">
          <span>${this.t('appliedCodeLabel')} <span part="code" class="code">${session.discount.code}</span></span>
          <button part="remove-button" class="link" type="button" ?disabled=${this.pending || session.status !== 'open'}
            aria-label=${this.t('removePromotionCode', { code: session.discount.code })}
            @click=${this.onRemove}>${this.t('remove')}</button>
        </p>${status}`;
    }
    return html`<form novalidate @submit=${this.apply}>
        ${field({
          id: 'promotion-code',
          label: this.t('promotionCode'),
          error: this.error,
          control: html`<input
            id="promotion-code" name="promotion-code" type="text" dir="ltr" part="input"
            autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="200"
            .value=${this.code}
            @input=${(event: InputEvent) => {
              this.code = (event.target as HTMLInputElement).value;
            }}
            aria-invalid=${this.error ? 'true' : 'false'}
            aria-describedby=${describedBy('promotion-code', { error: this.error })}
          />`,
        })}
        <button part="apply-button" class="secondary apply" type="submit" ?disabled=${this.pending}>${this.t('apply')}</button>
      </form>${status}`;
  }

  private apply = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (!this.checkout || this.pending) return;
    this.pending = true;
    const result = await this.checkout.checkout.applyPromotionCode(this.code);
    this.pending = false;
    if (result.type === 'error') {
      this.error = result.error.message;
      await this.updateComplete;
      this.renderRoot.querySelector('input')?.focus();
      return;
    }
    this.error = undefined;
    this.code = '';
    this.announcement = this.t('promotionCodeApplied', {
      code: result.session.discount?.code ?? '',
    });
    await this.updateComplete;
    this.renderRoot.querySelector('button')?.focus();
  };

  private onRemove = async (): Promise<void> => {
    if (!this.checkout) return;
    this.pending = true;
    const result = await this.checkout.checkout.removePromotionCode();
    this.pending = false;
    if (result.type === 'success') {
      this.announcement = this.t('promotionCodeRemoved');
      await this.updateComplete;
      this.renderRoot.querySelector('input')?.focus();
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-promotion-code': CheckoutPromotionCode;
  }
}
