import { LitElement, nothing, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import type { MessageParams } from '../../i18n/format.js';
import type { MessageKey } from '../../i18n/messages.js';
import { englishTranslator, type Translator } from '../../i18n/translator.js';
import {
  type CheckoutField,
  type CheckoutState,
  type PaymentMethod,
  type ProviderRequestDetail,
  providerRequest,
} from '../checkout-provider/checkout-context.js';

/**
 * What a lazy part (the address form, the phone field, the crypto view) reads
 * of the element it renders inside: the provider's state and words, which
 * only the element can reach, read live at each call.
 */
export interface PartContext {
  /** The checkout as the provider last shared it; undefined outside a provider. */
  checkout(): CheckoutState | undefined;
  /** The provider's words and formats. */
  i18n(): Translator;
}

/**
 * Base of every custom-mode element: subscribes to the nearest
 * `<checkout-provider>` and renders nothing until it has a session. On its
 * own (no provider around it) it says so in the console once and stays empty.
 * Elements with inputs register a `CheckoutField` while connected, and
 * elements that can pay (card, crypto) a `PaymentMethod`.
 *
 * The design tokens and the input and button properties below apply to
 * every custom-mode element; each element documents its own properties and
 * parts.
 *
 * @cssprop --checkout-color-primary - Accent: the pay button, links, selected choices, focus ring. Default `#1f4fd1`.
 * @cssprop --checkout-color-on-primary - Text on the accent colour. Default `#fff`.
 * @cssprop --checkout-color-background - Background of the form, inputs and dialogs. Default `#fff`.
 * @cssprop --checkout-color-surface - Filled areas: flat inputs and panels. Default `#f3f4f6`.
 * @cssprop --checkout-color-text - Text. Default `#1a1d24`.
 * @cssprop --checkout-color-muted - Hints and secondary text. Default `#545b69`.
 * @cssprop --checkout-color-border - Borders of inputs and panels; keep 3:1 against the background. Default `#8a909c`.
 * @cssprop --checkout-color-danger - Errors. Default `#b3261e`.
 * @cssprop --checkout-color-success - Success. Default `#176b3a`.
 * @cssprop --checkout-color-focus - Focus ring. Default: the primary colour.
 * @cssprop --checkout-color-scheme - CSS `color-scheme` of the elements (`light` or `dark`), so native controls match. Default `light`.
 * @cssprop --checkout-font-family - Font. Default: the system UI font.
 * @cssprop --checkout-font-size - Base font size; the other sizes scale with it. Default `1rem`: the reader's font-size setting.
 * @cssprop --checkout-radius - Corner radius. Default `6px`.
 * @cssprop --checkout-spacing - Spacing unit; gaps and padding are multiples of it. Default `8px`.
 * @cssprop --checkout-shadow - Shadow of popups and dialogs. Default `0 8px 24px rgb(0 0 0 / 0.16)`.
 * @cssprop --checkout-label-color - Field labels. Default: the text colour.
 * @cssprop --checkout-input-background - Inputs and selects. Default: the background (`flat`: the surface colour).
 * @cssprop --checkout-input-color - Text in inputs and selects. Default: the text colour.
 * @cssprop --checkout-input-border-color - Border of inputs and selects. Default: the border colour.
 * @cssprop --checkout-input-border-width - One to four widths, as `border-width` takes them. Default `1px` (`flat`: `0 0 2px`).
 * @cssprop --checkout-input-radius - Corner radius of inputs and selects. Default: the radius.
 * @cssprop --checkout-input-height - Minimum height of inputs and selects. Default `44px`.
 * @cssprop --checkout-input-padding - Padding of inputs and selects. Default: one spacing unit by one and a half.
 * @cssprop --checkout-button-radius - Corner radius of every button. Default: the radius.
 */
export abstract class CheckoutElement extends LitElement {
  /** The checkout as the provider last shared it; undefined outside a provider. */
  protected checkout: CheckoutState | undefined;
  /** What a lazy part rendering inside this element reads of it, always current. */
  protected readonly partContext: PartContext = {
    checkout: () => this.checkout,
    i18n: () => this.i18n,
  };
  #unsubscribe: (() => void) | undefined;
  #unregister: Array<() => void> | null = null;
  #warned = false;

  protected get session(): ClientSession | null {
    return this.checkout?.session ?? null;
  }

  /** The provider's words and formats; English outside a provider. */
  protected get i18n(): Translator {
    return this.checkout?.i18n ?? englishTranslator;
  }

  /** The tag money, numbers and dates are formatted with, e.g. `fr-CH`. */
  protected get locale(): string {
    return this.i18n.locale;
  }

  /** The message for `key` in the checkout's locale. */
  protected t(key: MessageKey, params?: MessageParams): string {
    return this.i18n.t(key, params);
  }

  protected money(amount: number, session: ClientSession = this.session!): string {
    return this.i18n.money(amount, session.currency, session.formatted_amounts);
  }

  /** Elements with inputs return their field here to take part in confirm and the error summary. */
  protected field(): CheckoutField | null {
    return null;
  }

  /** Elements that can pay return how here; `confirm()` dispatches to it. */
  protected paymentMethod(): PaymentMethod | null {
    return null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#subscribe();
    void this.#findProvider();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The last state stays until another provider shares one: a moved element does not blank.
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const unregister of this.#unregister ?? []) unregister();
    this.#unregister = null;
  }

  /** Subscribes to the nearest provider that answers, if one does. */
  #subscribe(): void {
    const detail: ProviderRequestDetail = {};
    this.dispatchEvent(new CustomEvent(providerRequest, { bubbles: true, composed: true, detail }));
    this.#unsubscribe = detail.subscribe?.((state) => {
      this.checkout = state;
      this.requestUpdate();
    });
  }

  protected override updated(): void {
    const checkout = this.checkout;
    if (checkout && !this.#unregister && this.isConnected) {
      const field = this.field();
      const method = this.paymentMethod();
      this.#unregister = [
        ...(field ? [checkout.checkout.registerField(field)] : []),
        ...(method ? [checkout.checkout.registerPaymentMethod(method)] : []),
      ];
    }
  }

  /** A provider defined after this element missed its request; ask again once it is. */
  async #findProvider(): Promise<void> {
    await this.updateComplete;
    if (this.checkout || !this.isConnected) return;
    const provider = ancestorProvider(this);
    if (provider && !customElements.get('checkout-provider')) {
      await customElements.whenDefined('checkout-provider');
      if (this.isConnected && !this.#unsubscribe) this.#subscribe();
      return;
    }
    if (!provider && !this.#warned) {
      this.#warned = true;
      console.error(
        `checkout-kit: <${this.localName}> must be placed inside <checkout-provider>; it renders nothing on its own.`,
      );
    }
  }

  override render(): TemplateResult | typeof nothing {
    const session = this.session;
    return session ? this.renderSession(session) : nothing;
  }

  protected abstract renderSession(session: ClientSession): TemplateResult | typeof nothing;
}

/** The nearest `<checkout-provider>` above `element`, crossing shadow roots. */
function ancestorProvider(element: Element): Element | null {
  let node: Node | null = element.parentNode;
  while (node) {
    if (node instanceof Element && node.localName === 'checkout-provider') return node;
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return null;
}
