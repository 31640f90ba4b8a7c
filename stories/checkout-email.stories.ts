import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import '../src/define.js';
import {
  customSessionLoader,
  inProvider,
  oneItem,
  saying,
  shown,
} from './support/checkout-story.js';
import { fill } from './support/in-browser-endpoint.js';

/** `<checkout-email>` inside a `<checkout-provider>`. */

const meta: Meta = {
  title: 'Elements/checkout-email',
  component: 'checkout-email',
  tags: ['autodocs'],
  render: inProvider(html`<checkout-email></checkout-email>`),
};
export default meta;

type Story = StoryObj;

/** Prefilled from the session's `customer_email`. */
export const Prefilled: Story = {
  loaders: [customSessionLoader({ ...oneItem, customer_email: 'jenny.rosen@example.com' })],
  play: async ({ canvasElement }) => {
    const input = await shown(canvasElement, 'checkout-email >>> #email');
    await expect(input.value).toBe('jenny.rosen@example.com');
  },
};

/** The customer typed an address that is not one and left the field: the message is beside it. */
export const Invalid: Story = {
  loaders: [customSessionLoader(oneItem)],
  play: async ({ canvasElement }) => {
    const input = await shown(canvasElement, 'checkout-email >>> #email');
    fill(input, 'jenny.rosen@');
    input.blur();
    await saying(canvasElement, 'checkout-email >>> [part="error"]');
  },
};
