import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/define.js';
import { customSessionLoader, inProvider, oneItem, shown } from './support/checkout-story.js';

/** `<checkout-phone>` inside a `<checkout-provider>`: the calling code and the number, saved in E.164. */

const meta: Meta = {
  title: 'Elements/checkout-phone',
  component: 'checkout-phone',
  tags: ['autodocs'],
  render: inProvider(html`<checkout-phone></checkout-phone>`),
};
export default meta;

type Story = StoryObj;

/** The phone number, optional, when the session collects one. */
export const Optional: Story = {
  loaders: [customSessionLoader({ ...oneItem, phone_number_collection: { enabled: true } })],
  play: async ({ canvasElement }) => {
    await shown(canvasElement, 'checkout-phone >>> #phone');
  },
};
