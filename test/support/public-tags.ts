import type { CheckoutTag } from '../../src/vue/index.js';

/**
 * The public contract's element names (the brief fixes them), in the order the
 * README lists them. The tests that check each tag's manifest entry and
 * framework wrapper read this one list.
 */
export const publicTags = [
  'checkout-embedded',
  'checkout-provider',
  'checkout-line-items',
  'checkout-totals',
  'checkout-promotion-code',
  'checkout-email',
  'checkout-card',
  'checkout-address',
  'checkout-phone',
  'checkout-shipping-rates',
  'checkout-crypto',
  'checkout-pay-button',
  'checkout-cancel-button',
  'checkout-messages',
] as const satisfies readonly CheckoutTag[];
