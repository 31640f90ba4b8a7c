import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/define.js';
import { customSessionLoader, inProvider, oneItem, payButton } from './support/checkout-story.js';
import type { StorySessionOptions } from './support/in-browser-endpoint.js';

/**
 * `<checkout-pay-button>` inside a `<checkout-provider>`. Its text follows
 * the session's `submit_type` and `mode`.
 */

const meta: Meta = {
  title: 'Elements/checkout-pay-button',
  component: 'checkout-pay-button',
  tags: ['autodocs'],
  render: inProvider(html`<checkout-pay-button></checkout-pay-button>`),
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
  },
};
export default meta;

type Story = StoryObj;

/** The button for a session with this `submit_type`. */
const withSubmitType = (submitType: NonNullable<StorySessionOptions['submit_type']>): Story => ({
  name: `submit_type ${submitType}`,
  loaders: [customSessionLoader({ ...oneItem, submit_type: submitType })],
});

export const SubmitTypeAuto = withSubmitType('auto');
export const SubmitTypePay = withSubmitType('pay');
export const SubmitTypeBook = withSubmitType('book');
export const SubmitTypeDonate = withSubmitType('donate');

/** A subscription: Subscribe. */
export const Subscription: Story = {
  name: 'mode subscription',
  loaders: [
    customSessionLoader({
      mode: 'subscription',
      lineItems: [{ product: 'Coffee club', unit_amount: 1500, recurring: { interval: 'month' } }],
    }),
  ],
};

/** A setup session: Save card. */
export const Setup: Story = {
  name: 'mode setup',
  loaders: [customSessionLoader({ mode: 'setup', lineItems: null, currency: 'eur' })],
};
