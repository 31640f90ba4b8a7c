import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import type { CheckoutProvider } from '../../src/index.js';
import {
  deep,
  deepActive,
  moduleRequested,
  mountInProvider,
  type SessionOptions,
  settle,
  settledNetwork,
  waitUntil,
} from './helpers.js';

/**
 * `<checkout-address>` loads its form (address rules, subdivision lists, the
 * country combobox) beside the script, and only for sessions that ask for an
 * address. The tests run in order in one page: the first must run before
 * anything loads the form.
 */

const formRequested = () => moduleRequested('/src/elements/checkout-address/address-form.ts');

async function mount(options: SessionOptions): Promise<CheckoutProvider> {
  const { provider } = await mountInProvider(
    html`<checkout-address type="shipping"></checkout-address>
      <checkout-address type="billing"></checkout-address>`,
    { ui_mode: 'custom', ...options },
  );
  return provider;
}

const billing = (provider: CheckoutProvider) =>
  provider.querySelector<HTMLElement>('checkout-address[type="billing"]')!;

describe('<checkout-address> loading its form', () => {
  it('does not load the form for a session that needs no address', async () => {
    const provider = await mount({});
    await settle(provider);
    expect(provider.session!.automatic_tax.enabled).to.equal(false);
    for (const address of provider.querySelectorAll('checkout-address')) {
      expect(address.shadowRoot!.childElementCount, address.type).to.equal(0);
    }
    await settledNetwork();
    // Still recording: the provider's request for the session is there.
    expect(moduleRequested('/v1/client/session')).to.equal(true);
    expect(formRequested()).to.equal(false);
    expect(customElements.get('checkout-country-combobox')).to.equal(undefined);
  });

  it('loads it once the session asks for an address; confirming before it is in waits for it', async () => {
    const provider = await mount({ billing_address_collection: 'required' });
    // Not loaded yet: confirming must still check the address, not skip it.
    expect(deep(billing(provider), 'checkout-country-combobox')).to.equal(null);
    const result = await provider.confirm();
    expect(result.type).to.equal('error');
    if (result.type === 'error') {
      expect(result.error.code).to.equal('validation_failed');
      // The country comes preselected from the locale's region; the street is the first gap.
      expect(result.error.message).to.equal('Enter the first line of your address');
    }
    expect(formRequested()).to.equal(true);
    expect(customElements.get('checkout-country-combobox')).to.not.equal(undefined);
    // The error summary's first problem takes focus: the first line of the address.
    await waitUntil(
      () => deepActive() === deep(billing(provider), '#billing-line1'),
      'the first address line was not focused',
    );
  });
});
