import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import '../src/define.js';
import { everythingSession } from '../test/support/session-fixtures.js';
import {
  customSessionLoader,
  inProvider,
  payButton,
  providerIn,
  shown,
  storyOwnedInputs,
} from './support/checkout-story.js';

/**
 * Custom mode: a `<checkout-provider>` holds the session and the merchant
 * lays out the checkout elements inside it as they like. Two complete
 * layouts, and what an element does outside any provider. Each element on
 * its own inside a provider has its own stories (`Elements/checkout-…`).
 */

const meta: Meta = {
  title: 'Elements/checkout-provider',
  component: 'checkout-provider',
  tags: ['autodocs'],
  argTypes: storyOwnedInputs,
};
export default meta;

type Story = StoryObj;

const twoColumnStyles = html`<style>
  .shop {
    --checkout-color-primary: #3730a3;
    --checkout-radius: 10px;
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    gap: 2rem;
    max-width: 960px;
    font-family: system-ui, sans-serif;
  }
  .shop h2 {
    font-size: 1.125rem;
    margin: 0 0 0.75rem;
  }
  .shop .details,
  .shop .order {
    display: grid;
    gap: 1rem;
    align-content: start;
  }
  .shop .order {
    padding: 1.25rem;
    border-radius: 12px;
    background: #f4f4f5;
  }
</style>`;

/**
 * A merchant's two-column checkout: details and payment on the left, the
 * order on the right, themed with the kit's CSS custom properties.
 */
export const TwoColumnLayout: Story = {
  name: 'Layout: two columns',
  loaders: [customSessionLoader(everythingSession)],
  render: inProvider(html`${twoColumnStyles}
    <div class="shop">
      <section class="details" aria-labelledby="details-heading">
        <h2 id="details-heading">Your details</h2>
        <checkout-messages></checkout-messages>
        <checkout-email></checkout-email>
        <checkout-phone></checkout-phone>
        <checkout-address type="shipping"></checkout-address>
        <checkout-shipping-rates></checkout-shipping-rates>
        <checkout-card></checkout-card>
        <checkout-address type="billing"></checkout-address>
        <checkout-pay-button></checkout-pay-button>
        <checkout-cancel-button></checkout-cancel-button>
      </section>
      <section class="order" aria-labelledby="order-heading">
        <h2 id="order-heading">Your order</h2>
        <checkout-line-items></checkout-line-items>
        <checkout-promotion-code></checkout-promotion-code>
        <checkout-totals></checkout-totals>
      </section>
    </div>`),
  play: async ({ canvasElement }) => {
    await providerIn(canvasElement);
    await payButton(canvasElement);
    await shown(canvasElement, 'checkout-address[type="shipping"] >>> #shipping-country');
    await shown(canvasElement, 'checkout-line-items >>> [part="stepper"]');
  },
};

/** A short, single-column donation form: the order, email, card and one button. */
export const DonationLayout: Story = {
  name: 'Layout: donation, one column',
  loaders: [
    customSessionLoader({
      lineItems: [{ product: 'Donation to the library fund', unit_amount: 2500 }],
      submit_type: 'donate',
    }),
  ],
  render: inProvider(html`<div style="display: grid; gap: 1rem; max-width: 420px">
    <checkout-line-items></checkout-line-items>
    <checkout-totals></checkout-totals>
    <checkout-messages></checkout-messages>
    <checkout-email></checkout-email>
    <checkout-card></checkout-card>
    <checkout-pay-button></checkout-pay-button>
  </div>`),
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
  },
};

/** An element outside any provider says so in the console and renders nothing. */
export const OutsideProvider: Story = {
  name: 'An element outside a provider',
  render: () => html`<checkout-totals></checkout-totals>`,
  play: async ({ canvasElement }) => {
    const totals = canvasElement.querySelector('checkout-totals')!;
    await (totals as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    await expect(totals.shadowRoot?.querySelectorAll('*')).toHaveLength(0);
  },
};
