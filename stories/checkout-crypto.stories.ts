import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { userEvent } from 'storybook/test';
import '../src/define.js';
import { inProvider, sessionLoader, shown } from './support/checkout-story.js';
import {
  createStoryCryptoSession,
  type StoryCryptoSessionOptions,
} from './support/in-browser-endpoint.js';

/**
 * `<checkout-crypto>`: a crypto checkout (seed 002's `POST /api/v1/checkout`)
 * paid through the kit. The session comes from the real endpoint handler
 * running in the page, in test mode, so the quote, the deposit address and
 * the simulated transfer are the endpoint's own. A simulated transfer takes a
 * minute to confirm here, so the waiting state stays on screen.
 */

const cryptoLoader = (options: StoryCryptoSessionOptions = {}) =>
  sessionLoader(() => createStoryCryptoSession(options));

/** Chooses an asset the way a customer does and waits for its quote and QR code. */
async function chooseAsset(canvasElement: HTMLElement, asset: string): Promise<void> {
  await userEvent.click(
    await shown<HTMLInputElement>(canvasElement, `checkout-crypto >>> input[value="${asset}"]`),
  );
  await shown(canvasElement, 'checkout-crypto >>> svg[part="qr"]');
}

const meta: Meta = {
  title: 'Elements/checkout-crypto',
  component: 'checkout-crypto',
  tags: ['autodocs'],
  loaders: [cryptoLoader()],
  // The order and the crypto payment, inside a provider.
  render: inProvider(html`<div style="display: grid; gap: 1rem; max-width: 420px">
    <checkout-line-items></checkout-line-items>
    <checkout-totals></checkout-totals>
    <checkout-messages></checkout-messages>
    <checkout-crypto></checkout-crypto>
  </div>`),
};
export default meta;

type Story = StoryObj;

/** The assets the merchant allows, as a radio group; nothing to send until one is chosen. */
export const AssetChoice: Story = {
  name: 'Choosing an asset',
  play: async ({ canvasElement }) => {
    await shown(canvasElement, 'checkout-crypto >>> input[value="USDC"]');
  },
};

/** The merchant allows two of the three assets; only those are offered. */
export const AllowedAssetsOnly: Story = {
  name: 'Only the allowed assets',
  loaders: [cryptoLoader({ allowedAssets: ['USDC', 'USDT'] })],
  play: async ({ canvasElement }) => {
    await shown(canvasElement, 'checkout-crypto >>> input[value="USDT"]');
  },
};

/**
 * ETH chosen: the amount to send, the rate, the QR code of the payment URI
 * (its encoder loaded only now), the deposit address with a copy button, the
 * time the quote holds, and in test mode the button that simulates the transfer.
 */
export const QuoteShown: Story = {
  name: 'Quote shown',
  play: async ({ canvasElement }) => {
    await chooseAsset(canvasElement, 'ETH');
    await shown(canvasElement, 'checkout-crypto >>> [part="amount"]');
  },
};

/** The transfer was simulated: the element waits for the network to confirm it. */
export const WaitingForConfirmation: Story = {
  name: 'Waiting for confirmation',
  play: async ({ canvasElement }) => {
    await chooseAsset(canvasElement, 'USDC');
    await userEvent.click(
      await shown<HTMLButtonElement>(canvasElement, 'checkout-crypto >>> [part="simulate"]'),
    );
    await shown(canvasElement, 'checkout-crypto >>> [part="waiting"]');
  },
};
