import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../../src/define.js';
import { demoCatalog } from '../../src/server/index.js';
import { payButton, renderEmbedded, sessionLoader, shown } from '../support/checkout-story.js';
import { createSeedSession } from '../support/in-browser-endpoint.js';

/**
 * The complete form on a session from each of the five merchant APIs the
 * endpoint speaks, each created with that API's documented example request,
 * path and authentication (`createSeedSession`). Each API brings its own
 * session shape: catalog products with variants and a code applied at
 * creation (000), a catalog price with an adjustable quantity (001), a
 * crypto checkout (002), inclusive tax (003), product data with an image (004).
 */

const meta: Meta = {
  title: 'Customer states/Sessions from each merchant API',
  component: 'checkout-embedded',
  render: renderEmbedded,
};
export default meta;

type Story = StoryObj;

/** Seed 000, `POST /v1/checkout` (Bearer): catalog T-shirts in a size, a sticker pack by id, WELCOME10 applied. */
export const Seed000: Story = {
  name: '000 · POST /v1/checkout',
  loaders: [sessionLoader(() => createSeedSession('000'))],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
    await shown(canvasElement, 'checkout-line-items >>> .variant');
  },
};

/** Seed 000 with `subscription_plan_id`: mode `subscription`, billed every month. */
export const Seed000Subscription: Story = {
  name: '000 · POST /v1/checkout (subscription plan)',
  loaders: [
    sessionLoader(() =>
      createSeedSession('000', {
        subscription_plan_id: demoCatalog.plans.monthly,
        promo_code: undefined,
        line_items: undefined,
      }),
    ),
  ],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
    await shown(canvasElement, 'checkout-line-items >>> .recurring');
  },
};

/** Seed 001, `POST /api/v3/checkout/sessions` (Bearer): a catalog price, quantity 1–5. */
export const Seed001: Story = {
  name: '001 · POST /api/v3/checkout/sessions',
  loaders: [sessionLoader(() => createSeedSession('001'))],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
    await shown(canvasElement, 'checkout-line-items >>> [part="stepper"]');
  },
};

/** Seed 002, `POST /api/v1/checkout` (Bearer): a crypto checkout, the asset choice in place of the card. */
export const Seed002: Story = {
  name: '002 · POST /api/v1/checkout (crypto)',
  loaders: [sessionLoader(() => createSeedSession('002'))],
  play: async ({ canvasElement }) => {
    await shown(canvasElement, 'checkout-crypto >>> input[value="ETH"]');
  },
};

/** Seed 003, `POST /v1/checkout_sessions` (Basic, Idempotency-Key): inclusive tax, embedded mode. */
export const Seed003: Story = {
  name: '003 · POST /v1/checkout_sessions',
  loaders: [sessionLoader(() => createSeedSession('003'))],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
  },
};

/** Seed 004, `POST /api/v2/checkout-sessions` (Basic): product data with a description and an image. */
export const Seed004: Story = {
  name: '004 · POST /api/v2/checkout-sessions',
  loaders: [sessionLoader(() => createSeedSession('004'))],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
    await shown(canvasElement, 'checkout-line-items >>> img[part="image"]');
  },
};
