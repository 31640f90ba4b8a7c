/**
 * The package's entry points load in Node, where there is no `window` and no
 * `customElements`: a framework app that renders on the server imports them
 * there. The React wrappers even render to HTML on the server.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { publicTags } from '../support/public-tags.js';

const pascal = (tag: string) =>
  tag.replace(/(?:^|-)(\w)/g, (_, letter: string) => letter.toUpperCase());

describe('entry points in Node', () => {
  test('this is Node, without the browser globals', () => {
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
    assert.equal(typeof (globalThis as { customElements?: unknown }).customElements, 'undefined');
  });

  test('checkout-kit imports and exports the element classes', async () => {
    const kit = await import('../../src/index.js');
    for (const tag of publicTags)
      assert.equal(typeof kit[pascal(tag) as keyof typeof kit], 'function');
  });

  test('checkout-kit/react imports and has one wrapper per element, named after it, and useCheckout', async () => {
    const react = await import('../../src/react/index.js');
    assert.deepEqual(Object.keys(react).sort(), [...publicTags.map(pascal), 'useCheckout'].sort());
    for (const tag of publicTags) {
      const wrapper = react[pascal(tag) as keyof typeof react] as { displayName?: string };
      assert.equal(wrapper.displayName, pascal(tag));
    }
  });

  test('checkout-kit/react renders on the server as the plain tags', async () => {
    const { CheckoutEmbedded, CheckoutProvider, CheckoutCard } = await import(
      '../../src/react/index.js'
    );
    const markup = renderToString(
      createElement(
        'div',
        null,
        createElement(CheckoutEmbedded, { id: 'pay', onCheckoutSuccess: () => {} }),
        createElement(CheckoutProvider, null, createElement(CheckoutCard)),
      ),
    );
    assert.match(markup, /<checkout-embedded id="pay"[^>]*><\/checkout-embedded>/);
    assert.match(markup, /<checkout-provider[^>]*><checkout-card[^>]*><\/checkout-card>/);
    // Event props are listeners, never attributes.
    assert.doesNotMatch(markup, /onCheckout|oncheckout/i);
  });

  test('checkout-kit/vue imports, and isCustomElement names the kit’s tags', async () => {
    const vue = await import('../../src/vue/index.js');
    for (const tag of publicTags) assert.equal(vue.isCustomElement(tag), true, tag);
    for (const tag of ['div', 'checkout', 'my-checkout-form', 'RouterView', 'transition']) {
      assert.equal(vue.isCustomElement(tag), false, tag);
    }
  });
});
