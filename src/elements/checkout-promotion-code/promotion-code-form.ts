import { html, type LitElement, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { addEnglish } from '../../i18n/messages.js';
import { promotionCodeMessages } from '../../i18n/parts/promotion-code.js';
import type { Translator } from '../../i18n/translator.js';
import type { CheckoutState } from '../checkout-provider/checkout-context.js';
import { describedBy, field } from '../shared/field.js';

// This part's English words join the catalogue before it renders any.
addEnglish(promotionCodeMessages);

/**
 * The part of `<checkout-promotion-code>` that loads beside the script only
 * for sessions that allow promotion codes (or carry one): the code field with
 * Apply, the applied code with Remove, and what they announce.
 */
export class PromotionCodeForm {
  #code = '';
  #error: string | undefined;
  #pending = false;
  #announcement = '';

  constructor(
    private readonly host: LitElement,
    private readonly checkout: () => CheckoutState | undefined,
  ) {}

  render(session: ClientSession, i18n: Translator): TemplateResult {
    const status = html`<p class="visually-hidden" role="status">${this.#announcement}</p>`;
    if (session.discount) {
      return html`<p part="applied" class="applied">
          <span>${i18n.t('appliedCodeLabel')} <span part="code" class="code">${session.discount.code}</span></span>
          <button part="remove-button" class="link" type="button" ?disabled=${this.#pending || session.status !== 'open'}
            aria-label=${i18n.t('removePromotionCode', { code: session.discount.code })}
            @click=${this.#onRemove}>${i18n.t('remove')}</button>
        </p>${status}`;
    }
    return html`<form novalidate @submit=${this.#apply}>
        ${field({
          id: 'promotion-code',
          label: i18n.t('promotionCode'),
          error: this.#error,
          control: html`<input
            id="promotion-code" name="promotion-code" type="text" dir="ltr" part="input"
            autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="200"
            .value=${this.#code}
            @input=${(event: InputEvent) => {
              this.#code = (event.target as HTMLInputElement).value;
              this.host.requestUpdate();
            }}
            aria-invalid=${this.#error ? 'true' : 'false'}
            aria-describedby=${describedBy('promotion-code', { error: this.#error })}
          />`,
        })}
        <button part="apply-button" class="secondary apply" type="submit" ?disabled=${this.#pending}>${i18n.t('apply')}</button>
      </form>${status}`;
  }

  #apply = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const checkout = this.checkout();
    if (!checkout || this.#pending) return;
    this.#pending = true;
    this.host.requestUpdate();
    const result = await checkout.checkout.applyPromotionCode(this.#code);
    this.#pending = false;
    if (result.type === 'error') {
      this.#error = result.error.message;
      await this.#rendered();
      this.host.renderRoot.querySelector('input')?.focus();
      return;
    }
    this.#error = undefined;
    this.#code = '';
    this.#announcement = checkout.i18n.t('promotionCodeApplied', {
      code: result.session.discount?.code ?? '',
    });
    await this.#rendered();
    this.host.renderRoot.querySelector('button')?.focus();
  };

  #onRemove = async (): Promise<void> => {
    const checkout = this.checkout();
    if (!checkout) return;
    this.#pending = true;
    this.host.requestUpdate();
    const result = await checkout.checkout.removePromotionCode();
    this.#pending = false;
    this.host.requestUpdate();
    if (result.type === 'success') {
      this.#announcement = checkout.i18n.t('promotionCodeRemoved');
      await this.#rendered();
      this.host.renderRoot.querySelector('input')?.focus();
    }
  };

  /** Shows the changed state and waits until it is in the DOM. */
  #rendered(): Promise<boolean> {
    this.host.requestUpdate();
    return this.host.updateComplete;
  }
}
