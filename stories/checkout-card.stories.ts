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
import { fill } from './support/in-browser-endpoint.js';

/**
 * `<checkout-card>` inside a `<checkout-provider>`: number, expiry, security
 * code and name. What each test card does when paid is under "Customer
 * states/Payment outcomes".
 */

const meta: Meta = {
  title: 'Elements/checkout-card',
  component: 'checkout-card',
  tags: ['autodocs'],
  render: inProvider(html`<checkout-card></checkout-card>`),
  loaders: [customSessionLoader(oneItem)],
};
export default meta;

type Story = StoryObj;

/** The brand shows as soon as the number says which it is, and the number is grouped. */
export const BrandDetected: Story = {
  name: 'Brand detected',
  play: async ({ canvasElement }) => {
    fill(await shown(canvasElement, '.checkout-card-frame >>> #number'), '4242424242424242');
    await saying(canvasElement, '.checkout-card-frame >>> [part="brand"]');
  },
};

/** American Express: grouped 4-6-5, with a four-digit security code. */
export const AmericanExpress: Story = {
  name: 'American Express',
  play: async ({ canvasElement }) => {
    fill(await shown(canvasElement, '.checkout-card-frame >>> #number'), '378282246310005');
    await saying(canvasElement, '.checkout-card-frame >>> [part="brand"]');
  },
};
