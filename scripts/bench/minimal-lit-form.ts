// The reference `npm run bench -- page` measures the kit against: the least a
// Lit card form can be. It reads the session with one plain fetch (the same
// CORS-safelisted read the kit makes), shows the total, and renders email,
// card number, expiry, security code and name inputs with a pay button. No
// validation, no card frame, no localisation: a floor, not a rival.
import { type CSSResultGroup, css, html, LitElement } from 'lit';

interface Session {
  amount_total: number;
  currency: string;
  line_items: { name: string }[];
}

export class MinimalCardForm extends LitElement {
  static override properties = { session: { state: true } };
  static override styles: CSSResultGroup = css`
    :host { display: block; max-width: 28rem; font: 1rem system-ui, sans-serif; }
    label { display: block; margin-top: 0.75rem; }
    input { display: block; width: 100%; box-sizing: border-box; padding: 0.5rem; }
    .row { display: flex; gap: 0.5rem; }
    button { margin-top: 1rem; width: 100%; padding: 0.75rem; }
  `;

  declare session: Session | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const endpoint = this.getAttribute('endpoint') ?? '';
    void fetch(`${endpoint}/v1/client/session`, {
      method: 'POST',
      body: this.getAttribute('client-secret') ?? '',
      credentials: 'omit',
    })
      .then((response) => response.json())
      .then((session: Session) => {
        this.session = session;
      });
  }

  override render() {
    const session = this.session;
    if (!session) return html`<p>Loading…</p>`;
    const total = `${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}`;
    return html`<form @submit=${(event: Event) => event.preventDefault()}>
      <p>${session.line_items.map((item) => item.name).join(', ')}: ${total}</p>
      <label>Email <input type="email" autocomplete="email" /></label>
      <label>Card number <input inputmode="numeric" autocomplete="cc-number" /></label>
      <div class="row">
        <label>Expiry <input autocomplete="cc-exp" /></label>
        <label>Security code <input inputmode="numeric" autocomplete="cc-csc" /></label>
      </div>
      <label>Name on card <input autocomplete="cc-name" /></label>
      <button>Pay ${total}</button>
    </form>`;
  }

  override updated(): void {
    if (this.session) this.dispatchEvent(new Event('ready'));
  }
}

if (!customElements.get('minimal-card-form'))
  customElements.define('minimal-card-form', MinimalCardForm);
