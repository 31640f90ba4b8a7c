import { ContextConsumer } from '@lit/context';
import { LitElement, nothing, type TemplateResult } from 'lit';
import type { ClientSession } from '../../api/client-types.js';
import { formatMoney } from '../../core/money.js';
import {
  type CheckoutField,
  type CheckoutState,
  checkoutContext,
} from '../checkout-provider/checkout-context.js';

/**
 * Base of every custom-mode element: subscribes to the nearest
 * `<checkout-provider>` and renders nothing until it has a session. On its
 * own (no provider around it) it says so in the console once and stays empty.
 * Elements with inputs register a `CheckoutField` while connected.
 */
export abstract class CheckoutElement extends LitElement {
  private readonly consumer = new ContextConsumer(this, {
    context: checkoutContext,
    subscribe: true,
    callback: () => this.requestUpdate(),
  });

  private unregister: (() => void) | null = null;
  private warned = false;

  /** The checkout as the provider last shared it; undefined outside a provider. */
  protected get checkout(): CheckoutState | undefined {
    return this.consumer.value;
  }

  protected get session(): ClientSession | null {
    return this.checkout?.session ?? null;
  }

  protected get locale(): string | undefined {
    return this.checkout?.locale;
  }

  protected money(amount: number, session: ClientSession = this.session!): string {
    return formatMoney(amount, session.currency, this.locale);
  }

  /** Elements with inputs return their field here to take part in confirm and the error summary. */
  protected field(): CheckoutField | null {
    return null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.findProvider();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unregister?.();
    this.unregister = null;
  }

  protected override updated(): void {
    const checkout = this.checkout;
    if (checkout && !this.unregister && this.isConnected) {
      const field = this.field();
      if (field) this.unregister = checkout.checkout.registerField(field);
    }
  }

  /** A provider defined after this element missed its request; ask again once it is. */
  private async findProvider(): Promise<void> {
    await this.updateComplete;
    if (this.checkout || !this.isConnected) return;
    const provider = ancestorProvider(this);
    if (provider && !customElements.get('checkout-provider')) {
      await customElements.whenDefined('checkout-provider');
      this.consumer.hostConnected();
      return;
    }
    if (!provider && !this.warned) {
      this.warned = true;
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
