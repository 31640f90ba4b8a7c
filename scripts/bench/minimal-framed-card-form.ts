// The minimal Lit form with its card fields in the kit's card frame, as any
// form that keeps card data out of the page must: the frame starts with the
// form, and once it says ready it gets the client secret, English words and a
// MessagePort. `npm run bench -- page` reads it beside the plain minimal form,
// to show how much of the kit's time is the frame itself.
import { css, html } from 'lit';
import { type CardFrameTexts, cardFrameChannel } from '../../src/api/card-frame.js';
import { MinimalCardForm } from './minimal-lit-form.js';

const texts: CardFrameTexts = {
  cardDetails: 'Card details',
  cardNumber: 'Card number',
  expiry: 'Expiry',
  expiryHint: 'MM / YY',
  cvc: 'Security code',
  cvcHint: '3 digits',
  cvcHintAmex: '4 digits',
  cvcHelpLabel: 'What is the security code?',
  cvcHelp: 'The last 3 digits on the back of your card.',
  cvcHelpAmex: 'The 4 digits on the front of your card.',
  cardholderName: 'Name on card',
  postalCode: 'Postal code',
  client_secret_invalid: 'This checkout is not valid.',
  number_required: 'Enter your card number.',
  number_incomplete: 'Your card number is incomplete.',
  number_invalid: 'Your card number is not valid.',
  expiry_required: 'Enter the expiry date.',
  expiry_invalid: 'The expiry date is not valid.',
  expiry_past: 'Your card has expired.',
  cvc_required: 'Enter the security code.',
  cvc_incomplete: 'The security code is incomplete.',
  name_required: 'Enter the name on your card.',
  postal_code_required: 'Enter your postal code.',
  postal_code_invalid: 'The postal code is not valid.',
};

class MinimalFramedCardForm extends MinimalCardForm {
  static override styles = [
    MinimalCardForm.styles,
    css`iframe { display: block; width: 100%; height: 14rem; border: 0; }`,
  ];

  private readonly onMessage = (event: MessageEvent) => {
    const frame = this.renderRoot.querySelector('iframe');
    const data = event.data as { channel?: unknown; type?: unknown } | null;
    if (!frame || event.source !== frame.contentWindow) return;
    if (data?.channel !== cardFrameChannel || data.type !== 'ready') return;
    const { port1, port2 } = new MessageChannel();
    const init = {
      channel: cardFrameChannel,
      type: 'init',
      clientSecret: this.getAttribute('client-secret') ?? '',
      setup: { lang: 'en', dir: 'ltr', postalCode: false, texts, style: [] },
    };
    frame.contentWindow!.postMessage(init, new URL(frame.src).origin, [port2]);
    port1.start();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('message', this.onMessage);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('message', this.onMessage);
  }

  override render() {
    const session = this.session;
    const total = session
      ? `${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}`
      : '';
    // The frame is there from the first render, so it loads beside the session read.
    return html`<form @submit=${(event: Event) => event.preventDefault()}>
      <p>${session ? `${session.line_items.map((item) => item.name).join(', ')}: ${total}` : 'Loading…'}</p>
      <label>Email <input type="email" autocomplete="email" /></label>
      <iframe title="Card details" src="${this.getAttribute('endpoint')}/frames/card"></iframe>
      <button ?disabled=${!session}>Pay ${total}</button>
    </form>`;
  }
}

customElements.define('minimal-framed-card-form', MinimalFramedCardForm);
