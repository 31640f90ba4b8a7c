import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import { browserSuiteSecretKey } from '../support/browser-suite.js';
import { deep, deepText, waitUntil } from './helpers.js';

/**
 * `<checkout-crypto>`'s copy button without a clipboard, written for every
 * engine (web-test-runner.engines.config.mjs runs it in Firefox and WebKit
 * too): the deposit address is selected in the page's own selection, for the
 * customer to copy. WebKit ignored the range the view once added for it.
 */
describe('<checkout-crypto> copying without a clipboard', () => {
  afterEach(() => {
    delete (navigator as unknown as Record<string, unknown>)['clipboard'];
    getSelection()?.removeAllRanges();
  });

  it('selects the deposit address and says so', async () => {
    const response = await fetch('/api/v1/checkout', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${browserSuiteSecretKey}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        amount: 100,
        currency: 'USD',
        successUrl: 'https://shop.example/thanks',
        cancelUrl: 'https://shop.example/cart',
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        metadata: { order: '42' },
        productId: 'prod_hoodie',
        productName: 'Hoodie',
        productDescription: 'Heavyweight cotton',
        allowedAssets: ['ETH'],
      }),
    });
    if (!response.ok) throw new Error(`create crypto: ${response.status} ${await response.text()}`);
    const { client_secret } = (await response.json()) as { client_secret: string };
    const root = await fixture<HTMLElement>(html`<div>
      <checkout-provider locale="en-US"><checkout-crypto></checkout-crypto></checkout-provider>
    </div>`);
    const provider = root.querySelector('checkout-provider')!;
    const ready = oneEvent(provider, 'checkout-ready');
    provider.clientSecret = client_secret;
    await ready;
    await waitUntil(() => deep(root, 'checkout-crypto >>> input[value="ETH"]'), 'no ETH choice');
    deep(root, 'checkout-crypto >>> input[value="ETH"]')!.click();
    await waitUntil(() => deep(root, 'checkout-crypto >>> #address'), 'no deposit address');
    const address = deep(root, 'checkout-crypto >>> #address')!.textContent!.trim();
    expect(address).to.match(/^0x[0-9a-f]{40}$/);

    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: () => Promise.reject(new DOMException('Denied', 'NotAllowedError')) },
    });
    deep<HTMLButtonElement>(root, 'checkout-crypto >>> [part="copy"]')!.click();
    await waitUntil(() => deepText(root).includes('Address selected.'), 'no "Address selected."');
    expect(getSelection()?.toString()).to.equal(address);
  });
});
