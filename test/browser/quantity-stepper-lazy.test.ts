import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import {
  deep,
  deepText,
  expectAccessible,
  moduleRequested,
  mountInProvider,
  type SessionOptions,
  settle,
  settledNetwork,
  waitUntil,
} from './helpers.js';

/**
 * `<checkout-line-items>` loads its quantity stepper beside the script, only
 * for a session with a line the customer may adjust. Mocha runs these in
 * order in one page: the first must run before anything loads it.
 */

const requested = () => moduleRequested('/src/elements/checkout-line-items/quantity-stepper.ts');

async function mount(options: SessionOptions) {
  const { root } = await mountInProvider(
    html`<checkout-line-items></checkout-line-items>`,
    options,
  );
  const element = root.querySelector('checkout-line-items')!;
  await element.updateComplete;
  return { root, element };
}

const line = (element: Element) => deepText(deep(element, '[part="line-item"]')!);

describe('<checkout-line-items> loading its stepper lazily', () => {
  it('does not request the stepper for a session without an adjustable line', async () => {
    const { root, element } = await mount({
      lineItems: [
        {
          product: 'Mug',
          unit_amount: 1200,
          quantity: 2,
          adjustable_quantity: { enabled: false },
        },
      ],
    });
    await settle(root);
    expect(line(element)).to.equal('Mug Qty 2 · $12.00 each $24.00');
    expect(deep(element, '[part="stepper"]')).to.equal(null);
    await settledNetwork();
    expect(requested()).to.equal(false);
  });

  it('shows the quantity until the stepper has loaded, then the stepper', async () => {
    const { root, element } = await mount({
      lineItems: [
        {
          product: 'Mug',
          unit_amount: 1200,
          quantity: 2,
          adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 },
        },
      ],
    });
    expect(line(element)).to.equal('Mug Qty 2 · $12.00 each $24.00');
    await waitUntil(() => deep(element, '[part="stepper"]'), 'no stepper');
    expect(requested()).to.equal(true);
    await settle(root);
    expect(line(element)).to.equal('Mug $24.00 − Quantity of Mug +');
    expect(deep(element, '[part="quantity"]')!.value).to.equal('2');
    expect(deep(element, '[aria-label="Increase quantity of Mug"]')).to.not.equal(null);
    await expectAccessible(root);
  });
});
