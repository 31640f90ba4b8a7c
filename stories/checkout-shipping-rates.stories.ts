import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/define.js';
import { expressShipping, standardShipping } from '../test/support/session-fixtures.js';
import {
  answerTimeout,
  customSessionLoader,
  inProvider,
  oneItem,
  providerIn,
  shown,
} from './support/checkout-story.js';

/** `<checkout-shipping-rates>` inside a `<checkout-provider>`: the merchant's rates as a radio group. */

const meta: Meta = {
  title: 'Elements/checkout-shipping-rates',
  component: 'checkout-shipping-rates',
  tags: ['autodocs'],
  render: inProvider(html`<checkout-shipping-rates></checkout-shipping-rates>`),
  loaders: [
    customSessionLoader({
      ...oneItem,
      shipping_address_collection: { allowed_countries: ['US'] },
      shippingRates: [standardShipping, expressShipping],
    }),
  ],
};
export default meta;

type Story = StoryObj;

/** Two rates, the first chosen, with its delivery estimate. */
export const Rates: Story = {
  play: async ({ canvasElement }) => {
    await shown(canvasElement, 'checkout-shipping-rates >>> [part="rate"]');
  },
};

/** The customer chose Express: the session is re-priced with it. */
export const ExpressChosen: Story = {
  name: 'Express chosen',
  play: async ({ canvasElement }) => {
    const provider = await providerIn(canvasElement);
    const express = await shown(
      canvasElement,
      'checkout-shipping-rates >>> [part="rate"]:last-of-type input',
    );
    await userEvent.click(express);
    await waitFor(() => expect(provider.session!.total_details.amount_shipping).toBe(1500), {
      timeout: answerTimeout,
    });
  },
};
