import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/define.js';
import {
  customSessionLoader,
  inProvider,
  oneItem,
  saying,
  shown,
} from './support/checkout-story.js';
import { chooseCountry, deep } from './support/in-browser-endpoint.js';

/**
 * `<checkout-address>` inside a `<checkout-provider>`: a searchable country
 * list, and fields that follow the country chosen.
 */

const meta: Meta = {
  title: 'Elements/checkout-address',
  component: 'checkout-address',
  tags: ['autodocs'],
  // Each story shows one type of address; the type is part of its layout.
  argTypes: { type: { control: false }, fields: { control: false } },
};
export default meta;

type Story = StoryObj;

/** A shipping address; choosing Canada brings its province list and postal code. */
export const Shipping: Story = {
  name: 'type="shipping"',
  loaders: [
    customSessionLoader({
      ...oneItem,
      shipping_address_collection: { allowed_countries: ['US', 'GB', 'CA'] },
    }),
  ],
  render: inProvider(html`<checkout-address type="shipping"></checkout-address>`),
  play: async ({ canvasElement }) => {
    chooseCountry(
      await shown<HTMLElement>(canvasElement, 'checkout-address >>> #shipping-country'),
      'Canada',
    );
    await saying(canvasElement, 'checkout-address >>> label[for="shipping-state"]');
  },
};

/** A required billing address, in full; Japan's prefectures once it is chosen. */
export const Billing: Story = {
  name: 'type="billing"',
  loaders: [customSessionLoader({ ...oneItem, billing_address_collection: 'required' })],
  render: inProvider(html`<checkout-address type="billing"></checkout-address>`),
  play: async ({ canvasElement }) => {
    chooseCountry(
      await shown<HTMLElement>(canvasElement, 'checkout-address >>> #billing-country'),
      'Japan',
    );
    await shown(canvasElement, 'checkout-address >>> #billing-state');
  },
};

/** Tax needs a place and nothing is shipped: only country, state and postal code. */
export const PostalOnly: Story = {
  name: 'Only what tax needs',
  loaders: [customSessionLoader({ ...oneItem, automatic_tax: { enabled: true } })],
  render: inProvider(html`<checkout-address type="billing"></checkout-address>`),
  play: async ({ canvasElement }) => {
    await shown(canvasElement, 'checkout-address >>> #billing-country');
    if (deep(canvasElement, 'checkout-address >>> #billing-line1')) {
      throw new Error('Only country, state and postal code should be asked for.');
    }
  },
};
