import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import { expressShipping, standardShipping } from '../support/session-fixtures.js';
import {
  deep,
  deepAll,
  expectAccessible,
  moduleRequested,
  mountInProvider,
  type SessionOptions,
  settle,
  settledNetwork,
  waitUntil,
} from './helpers.js';

/**
 * `<checkout-shipping-rates>` loads its rate list beside the script, only for
 * a session with shipping rates. Mocha runs these in order in one page: the
 * first must run before anything loads it.
 */

const requested = () =>
  moduleRequested('/src/elements/checkout-shipping-rates/shipping-rates-list.ts');

const withRates: SessionOptions = {
  shipping_address_collection: { allowed_countries: ['US', 'GB'] },
  shippingRates: [standardShipping, { ...expressShipping, amount: 0 }],
};

async function mount(options: SessionOptions) {
  const mounted = await mountInProvider(
    html`<checkout-shipping-rates></checkout-shipping-rates>`,
    options,
  );
  return { ...mounted, element: mounted.root.querySelector('checkout-shipping-rates')! };
}

describe('<checkout-shipping-rates> loading lazily', () => {
  it('does not request the rate list for a session without shipping rates', async () => {
    const { root, element } = await mount({});
    await settle(root);
    expect(element.shadowRoot!.childElementCount).to.equal(0);
    await settledNetwork();
    expect(requested()).to.equal(false);
  });

  it('shows the rates, in English and styled, once loaded for a session with shipping rates', async () => {
    const { root, element } = await mount(withRates);
    await waitUntil(() => deep(element, '[part="radio"]'), 'no shipping rates');
    expect(requested()).to.equal(true);
    await settle(root);
    expect(deep(element, '[part="legend"]')!.textContent).to.equal('Shipping method');
    expect(deep(element, '[part="rate-estimate"]')!.textContent).to.equal('3–5 business days');
    const amounts = deepAll(element, '[part="rate-amount"]').map((amount) => amount.textContent);
    expect(amounts).to.deep.equal(['$5.00', 'Free']);
    // The list's own rules arrive with it.
    expect(getComputedStyle(deep(element, '[part="rate"]')!).display).to.equal('grid');
    await expectAccessible(root);
  });

  it('saves the rate the customer chooses', async () => {
    const { provider, element } = await mount(withRates);
    await waitUntil(() => deep(element, '[part="radio"]'), 'no shipping rates');
    const express = provider.session!.shipping_options[1]!.id;
    deep<HTMLInputElement>(element, `[part="radio"][value="${express}"]`)!.click();
    await waitUntil(() => provider.session!.shipping_rate === express, 'rate not saved');
    await settle(element);
    expect(deep<HTMLInputElement>(element, `[part="radio"][value="${express}"]`)!.checked).to.equal(
      true,
    );
  });
});
