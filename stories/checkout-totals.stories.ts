import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import '../src/define.js';
import {
  customSessionLoader,
  inProvider,
  providerIn,
  saying,
  sessionLoader,
} from './support/checkout-story.js';
import { createStoryPromotionCode, createStorySession } from './support/in-browser-endpoint.js';

/**
 * `<checkout-totals>` inside a `<checkout-provider>`: subtotal, discount,
 * shipping, tax and total, as the endpoint computed them.
 */

const meta: Meta = {
  title: 'Elements/checkout-totals',
  component: 'checkout-totals',
  tags: ['autodocs'],
  render: inProvider(html`<checkout-totals></checkout-totals>`),
};
export default meta;

type Story = StoryObj;

/** A discount (a code applied when the session was created) and a shipping rate. */
export const DiscountAndShipping: Story = {
  name: 'Discount and shipping',
  loaders: [
    sessionLoader(async () => {
      const { id } = await createStoryPromotionCode({ code: 'SAVE20', percent_off: 20 });
      return createStorySession({
        ui_mode: 'custom',
        lineItems: [{ product: 'Lamp', unit_amount: 5000 }],
        shipping_address_collection: { allowed_countries: ['US'] },
        shippingRates: [{ display_name: 'Standard', amount: 500 }],
        discounts: [{ promotion_code: id }],
      });
    }),
  ],
  play: async ({ canvasElement }) => {
    await saying(canvasElement, 'checkout-totals >>> [part~="total"]');
  },
};

/** Prices that include tax: the totals say how much tax they include, and a tooltip which rate. */
export const InclusiveTax: Story = {
  name: 'Inclusive tax',
  loaders: [
    customSessionLoader({
      lineItems: [{ product: 'Print', unit_amount: 12000, tax_behavior: 'inclusive' }],
      automatic_tax: { enabled: true },
    }),
  ],
  play: async ({ canvasElement }) => {
    const provider = await providerIn(canvasElement);
    // The merchant's page knows the customer's address: it tells the provider.
    const result = await provider.updateBillingAddress({ country: 'GB', postal_code: 'SW1A 1AA' });
    await expect(result.type).toBe('success');
    await saying(canvasElement, 'checkout-totals >>> .inclusive dt');
  },
};
