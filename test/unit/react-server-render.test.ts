/**
 * `useCheckout()` during server rendering (Next.js, Remix): inside the
 * provider it renders the loading state, with no session, and outside it
 * says how to fix the mistake.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { CheckoutProvider, useCheckout } from '../../src/react/index.js';

/** A component of the merchant's, reading the checkout through the hook. */
function Status() {
  const { phase, session, problems } = useCheckout();
  return createElement(
    'output',
    null,
    `${phase} ${session?.id ?? 'no session'} ${problems.length} problems`,
  );
}

test('useCheckout renders on the server inside CheckoutProvider', () => {
  const markup = renderToString(createElement(CheckoutProvider, null, createElement(Status)));
  assert.match(markup, /<checkout-provider[^>]*><output>loading no session 0 problems<\/output>/);
});

test('useCheckout outside a CheckoutProvider throws, naming the fix', () => {
  assert.throws(() => renderToString(createElement(Status)), /inside <CheckoutProvider>/);
});
