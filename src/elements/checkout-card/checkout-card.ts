import { css, html, type TemplateResult } from 'lit';
import {
  type CardField,
  type CardFrameSetup,
  type CardFrameTexts,
  cardFields,
  cardFrameTextKeys,
  type PayerDetails,
} from '../../api/card-frame.js';
import type { ClientSession } from '../../api/client-types.js';
import { CardFrameChannel, cardFrameSlot } from '../../client/card-frame-channel.js';
import { EndpointError, type PaymentResult } from '../../client/session-client.js';
import type {
  ActionError,
  CheckoutField,
  CheckoutState,
  FieldProblem,
  PaymentMethod,
} from '../checkout-provider/checkout-context.js';
import { baseStyles } from '../shared/base.styles.js';
import { CheckoutElement } from '../shared/checkout-element.js';

/** Endpoint error codes that belong to one card field. */
const fieldForCode: Record<string, CardField> = {
  incorrect_number: 'number',
  invalid_number: 'number',
  invalid_expiry_year: 'expiry',
  invalid_expiry_month: 'expiry',
  invalid_cvc: 'cvc',
  incorrect_cvc: 'cvc',
};

/** The card's own postal code, as the confirm names it (an address's has another param). */
const postalParam = 'payment_method.billing_details.postal_code';

/**
 * The tokens and component properties the card fields use, sent to the
 * frame as this element resolves them, so themes, `appearance` and the
 * page's custom properties style the fields inside it.
 */
const frameStyleNames = [
  '--_primary',
  '--_background',
  '--_text',
  '--_muted',
  '--_border',
  '--_danger',
  '--_focus',
  '--_radius',
  '--_space',
  '--_font',
  '--_field',
  '--_t-input-border',
  '--checkout-label-color',
  '--checkout-input-height',
  '--checkout-input-padding',
  '--checkout-input-border-color',
  '--checkout-input-border-width',
  '--checkout-input-radius',
  '--checkout-input-background',
  '--checkout-input-color',
];

/**
 * The frames' look, in one constructed stylesheet that the document (and any
 * shadow root holding a frame) adopts: the frame may sit in the page's light
 * DOM, out of reach of this element's styles, and a strict CSP allows no
 * style attribute. The frame pads its content for focus rings; pulled out by
 * as much, its fields line up with the rest of the form. Each frame's height
 * is a rule of its own, set through CSSOM.
 */
let frameSheet: CSSStyleSheet | null = null;
let frameCount = 0;

function frameStyles(frame: HTMLIFrameElement): CSSStyleDeclaration {
  if (!frameSheet) {
    frameSheet = new CSSStyleSheet();
    frameSheet.insertRule(
      '.checkout-card-frame{display:block;width:calc(100% + 12px);height:19rem;margin:-6px;border:0;color-scheme:inherit}',
    );
  }
  const id = String(++frameCount);
  frame.className = 'checkout-card-frame';
  frame.dataset.frame = id;
  frame.referrerPolicy = 'no-referrer';
  const index = frameSheet.insertRule(
    `.checkout-card-frame[data-frame="${id}"]{}`,
    frameSheet.cssRules.length,
  );
  return (frameSheet.cssRules[index] as CSSStyleRule).style;
}

/** Drops a frame's own rule once it is gone. */
function forgetFrameStyles(style: CSSStyleDeclaration | null): void {
  if (!frameSheet || !style) return;
  const index = [...frameSheet.cssRules].findIndex(
    (rule) => (rule as CSSStyleRule).style === style,
  );
  if (index > 0) frameSheet.deleteRule(index);
}

/** Adopts the frames' stylesheet into `root`, once. */
function adoptFrameStyles(root: Document | ShadowRoot): void {
  if (frameSheet && !root.adoptedStyleSheets.includes(frameSheet)) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, frameSheet];
  }
}

/** The frame's id for "the frame itself" in the error summary: its Try again button. */
const frameProblemField = 'card-frame';

/**
 * Card number, expiry, security code and cardholder name, in a frame served
 * by the endpoint (`/frames/card`, from its origin). The merchant's page
 * never holds the card: the fields, their formatting and validation, and the
 * confirm that carries the card all live in the frame, which reports only
 * outcomes. Problems show by the fields inside the frame and, after a
 * confirm, in `<checkout-messages>`, whose links move focus into the frame.
 * The frame takes the checkout's locale, words and design tokens, and sizes
 * itself to its content.
 *
 * Style the fields with the design tokens and the input properties below;
 * `::part` rules cannot reach into the frame.
 *
 * @summary Card fields for a `<checkout-provider>`, isolated in the endpoint's frame.
 *
 * @slot card-frame - Where the kit places the card frame itself; leave it empty.
 * @csspart error - The message shown when the frame could not load, with its Try again button.
 *
 */
export class CheckoutCard extends CheckoutElement {
  static override styles = [
    baseStyles,
    css`
      .frame {
        min-height: 1px;
      }
    `,
  ];

  #channel: CardFrameChannel | null = null;
  /** The rule that sizes this element's frame. */
  #frameStyle: CSSStyleDeclaration | null = null;
  /**
   * The provider's state the frame's setup was last read for. Reading it
   * forces a style recalculation, and the frame's own news (it is ready, its
   * height) changes neither the words nor the look it was sent.
   */
  #setupFor: CheckoutState | undefined;

  readonly #registration: CheckoutField = {
    element: this,
    commit: () => this.#commit(),
    focus: (name) => this.#focusField(name),
    showError: (error) => this.#showError(error),
  };

  readonly #method: PaymentMethod = {
    type: 'card',
    element: this,
    pay: (payer) => this.#pay(payer),
  };

  protected override field(): CheckoutField {
    return this.#registration;
  }

  protected override paymentMethod(): PaymentMethod {
    return this.#method;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#closeFrame();
  }

  #closeFrame(): void {
    this.#channel?.close();
    this.#channel?.frame.remove();
    this.#channel = null;
    forgetFrameStyles(this.#frameStyle);
    this.#frameStyle = null;
  }

  protected override renderSession(_session: ClientSession): TemplateResult {
    if (this.#channel?.state === 'failed') {
      return html`<p part="error" class="error" role="alert">${this.t('loadFailedTitle')}
        <button id=${frameProblemField} type="button" class="secondary" @click=${this.#retry}>${this.t('retry')}</button></p>`;
    }
    return html`<div class="frame"><slot name=${cardFrameSlot}></slot></div>`;
  }

  protected override updated(): void {
    super.updated();
    const connection = this.checkout?.checkout.connection();
    if (!connection || !this.isConnected) return;
    let channel = this.#channel;
    const stale =
      channel &&
      (channel.options.clientSecret !== connection.clientSecret ||
        channel.options.endpoint !== connection.endpoint);
    let made = false;
    if (!channel || stale) {
      made = true;
      this.#closeFrame();
      channel = this.#channel = new CardFrameChannel(
        {
          ...connection,
          setup: () => this.#frameSetup(),
          onChange: () => this.requestUpdate(),
          onSubmit: () => void this.checkout?.checkout.confirm(),
        },
        this.#frameAnchor(),
      );
      this.#frameStyle = frameStyles(channel.frame);
    }
    channel.frame.title = this.t('cardDetails');
    if (channel.height !== null) this.#frameStyle?.setProperty('height', `${channel.height}px`);
    this.#place(channel.frame);
    // A channel made just now sends the setup with its handshake, read then.
    if (!made && this.#setupFor !== this.checkout) channel.updateSetup();
    this.#setupFor = this.checkout;
  }

  /**
   * Puts the frame where the browser's card autofill can fill it: Chromium
   * fills no frame that sits inside a shadow root, so the frame lives in the
   * document's light DOM, slotted into this element. That is this element
   * itself when the page holds it, or `<checkout-embedded>`, which forwards
   * the slot to the card it renders. Inside any other shadow root it stays
   * in this element's own (it works there, without autofill).
   */
  #place(frame: HTMLIFrameElement): void {
    const anchor = this.#frameAnchor();
    if (anchor) {
      adoptFrameStyles(document);
      frame.slot = cardFrameSlot;
      if (frame.parentNode !== anchor) anchor.append(frame);
    } else {
      adoptFrameStyles(this.renderRoot as ShadowRoot);
      frame.removeAttribute('slot');
      const box = this.renderRoot.querySelector('.frame');
      if (box && frame.parentNode !== box) box.append(frame);
    }
  }

  /**
   * The element in the document's light DOM the frame sits in: this element,
   * or the `<checkout-embedded>` that renders it (which may have started the
   * frame already, see `startCardFrame`); null inside any other shadow root.
   */
  #frameAnchor(): Element | null {
    const root = this.getRootNode();
    const host = root instanceof ShadowRoot ? root.host : this;
    const ours = host === this || host.localName === 'checkout-embedded';
    return ours && host.getRootNode() === document ? host : null;
  }

  /** Another try after the frame failed to load: a new frame, a new handshake. */
  #retry = (): void => {
    this.#closeFrame();
    this.requestUpdate();
  };

  /** The frame's words in the checkout's locale, and this element's resolved tokens. */
  #frameSetup(): CardFrameSetup {
    const computed = getComputedStyle(this);
    const style: CardFrameSetup['style'] = [];
    for (const name of frameStyleNames) {
      const value = computed.getPropertyValue(name).trim();
      if (value) style.push([name, value]);
    }
    style.push(['--_size', computed.fontSize], ['--_scheme', computed.colorScheme || 'light']);
    const texts = Object.fromEntries(
      cardFrameTextKeys.map((key) => [
        key,
        key === 'cvcHint' ? this.t('cvcHint', { length: 3 }) : this.t(key),
      ]),
    ) as CardFrameTexts;
    return {
      lang: this.i18n.lang,
      dir: this.i18n.dir,
      postalCode: asksPostalCodeWithCard(this.session),
      texts,
      style,
    };
  }

  async #commit(): Promise<FieldProblem[]> {
    const problems = await this.#channel?.validate();
    return problems ?? [{ field: frameProblemField, message: this.t('loadFailedTitle') }];
  }

  #focusField(name: string): void {
    if ((cardFields as readonly string[]).includes(name)) {
      this.#channel?.focus(name as CardField);
    } else {
      this.renderRoot.querySelector<HTMLElement>(`#${frameProblemField}`)?.focus();
    }
  }

  #showError(error: ActionError): boolean {
    const name = error.field === postalParam ? 'postal' : fieldForCode[error.code];
    if (!name || !this.#channel) return false;
    this.#channel.showError(name, error.message);
    return true;
  }

  async #pay(payer: PayerDetails): Promise<PaymentResult> {
    if (!this.#channel) throw frameMissing(this.t('loadFailedTitle'));
    const result = await this.#channel.confirm(payer);
    if (!Array.isArray(result)) return result;
    // The card changed after it was checked: its problems show in the frame.
    throw new EndpointError(400, {
      type: 'invalid_request_error',
      code: result[0]!.field === 'name' ? 'name_required' : 'card_incomplete',
      message: result[0]!.message,
    });
  }
}

/**
 * The card form asks for the billing postal code when the session requires
 * it and no billing address is collected beside the card (a required
 * address, or the postal address tax needs, already holds one).
 */
function asksPostalCodeWithCard(session: ClientSession | null): boolean {
  if (session?.card_postal_code !== 'required') return false;
  const billingAddressShown =
    session.billing_address_collection === 'required' ||
    (session.automatic_tax.enabled && !session.shipping_address_collection);
  return !billingAddressShown;
}

function frameMissing(message: string): EndpointError {
  return new EndpointError(0, { type: 'api_error', code: 'card_frame_unavailable', message });
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-card': CheckoutCard;
  }
}
