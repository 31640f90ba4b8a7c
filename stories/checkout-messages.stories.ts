import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { userEvent } from 'storybook/test';
import '../src/define.js';
import {
  inProvider,
  oneItem,
  payButton,
  saying,
  sessionLoader,
  shown,
} from './support/checkout-story.js';
import { createStorySession, expireStorySessionIn } from './support/in-browser-endpoint.js';

/**
 * `<checkout-messages>` inside a `<checkout-provider>`: the error summary,
 * an error that belongs to no field, and the expiry notice. Declines are
 * under "Customer states/Payment outcomes".
 */

const meta: Meta = {
  title: 'Elements/checkout-messages',
  component: 'checkout-messages',
  tags: ['autodocs'],
};
export default meta;

type Story = StoryObj;

/**
 * After pressing pay with nothing filled in: an error summary linking to
 * each field, worded as by the field.
 */
export const ErrorSummary: Story = {
  name: 'Error summary',
  loaders: [sessionLoader({ ...oneItem, ui_mode: 'custom' })],
  render: inProvider(html`<div style="display: grid; gap: 1rem; max-width: 480px">
    <checkout-messages></checkout-messages>
    <checkout-email></checkout-email>
    <checkout-card></checkout-card>
    <checkout-pay-button></checkout-pay-button>
  </div>`),
  play: async ({ canvasElement }) => {
    await userEvent.click(await payButton(canvasElement));
    await shown(canvasElement, 'checkout-messages >>> [part="error-summary"]');
  },
};

/** Five minutes are left: the notice says so, in a status region. */
export const ExpiryNotice: Story = {
  name: 'Expiry notice',
  loaders: [
    sessionLoader(async () => {
      const session = await createStorySession({ ...oneItem, ui_mode: 'custom' });
      await expireStorySessionIn(session.id, 5);
      return session;
    }),
  ],
  render: inProvider(html`<checkout-messages></checkout-messages>`),
  play: async ({ canvasElement }) => {
    await saying(canvasElement, 'checkout-messages >>> [part="expiry-notice"]');
  },
};
