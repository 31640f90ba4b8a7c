import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import {
  deep,
  expectAccessible,
  moduleRequested,
  mountInProvider,
  type SessionOptions,
  settle,
  settledNetwork,
  waitUntil,
} from './helpers.js';

/**
 * `<checkout-promotion-code>` loads its form beside the script, only for a
 * session that allows promotion codes. Mocha runs these in order in one page:
 * the first must run before anything loads it.
 */

const requested = () =>
  moduleRequested('/src/elements/checkout-promotion-code/promotion-code-form.ts');

async function mount(options: SessionOptions) {
  const { root } = await mountInProvider(
    html`<checkout-promotion-code></checkout-promotion-code>`,
    options,
  );
  return { root, element: root.querySelector('checkout-promotion-code')! };
}

describe('<checkout-promotion-code> loading lazily', () => {
  it('does not request the form for a session that does not allow promotion codes', async () => {
    const { root, element } = await mount({});
    await settle(root);
    expect(element.shadowRoot!.childElementCount).to.equal(0);
    await settledNetwork();
    expect(requested()).to.equal(false);
  });

  it('shows the form once loaded for a session that allows promotion codes', async () => {
    const { root, element } = await mount({ allow_promotion_codes: true });
    await waitUntil(() => deep(element, '#promotion-code'), 'no promotion code input');
    expect(requested()).to.equal(true);
    await settle(root);
    expect(deep(element, '[part="apply-button"]')!.textContent).to.equal('Apply');
    await expectAccessible(root);
  });
});
