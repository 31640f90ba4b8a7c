import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../../src/define.js';
import {
  type CheckoutParameters,
  payWith,
  renderEmbedded,
  saying,
  sessionLoader,
  shown,
  statusPanel,
} from '../support/checkout-story.js';

/**
 * The network between the page and the endpoint fails. The story parameter
 * `endpointFaults` makes the in-page endpoint's fetch reject (`offline`) or
 * answer 503 as a proxy would for one client API route of the story's
 * session; every other request still reaches the real handler.
 */

const meta: Meta = {
  title: 'Customer states/Network failures',
  component: 'checkout-embedded',
  render: renderEmbedded,
  loaders: [sessionLoader()],
};
export default meta;

type Story = StoryObj;

const faults = (endpointFaults: CheckoutParameters['endpointFaults']) => ({ endpointFaults });

/** Loading the session fails because the connection is down: the form offers to try again. */
export const LoadOffline: Story = {
  name: 'Load failed: offline',
  parameters: faults({ 'POST /v1/client/session': 'offline' }),
  play: async ({ canvasElement }) => {
    await statusPanel(canvasElement);
    await shown(canvasElement, 'checkout-embedded >>> [part="status"] button');
  },
};

/** Loading the session gets a 503 with no JSON: the form says so and offers to try again. */
export const LoadUnavailable: Story = {
  name: 'Load failed: 503',
  parameters: faults({ 'POST /v1/client/session': 503 }),
  play: async ({ canvasElement }) => {
    await statusPanel(canvasElement);
    await shown(canvasElement, 'checkout-embedded >>> [part="status"] button');
  },
};

/** Paying fails because the connection is down: nothing is charged, the form says so. */
export const ConfirmOffline: Story = {
  name: 'Payment failed: offline',
  parameters: faults({ 'POST /v1/client/session/confirm': 'offline' }),
  play: async ({ canvasElement }) => {
    await payWith(canvasElement, '4242 4242 4242 4242');
    await saying(canvasElement, 'checkout-messages >>> [part="error"]');
  },
};

/** Paying gets a 503 with no JSON: the form says so, and the customer can pay again. */
export const ConfirmUnavailable: Story = {
  name: 'Payment failed: 503',
  parameters: faults({ 'POST /v1/client/session/confirm': 503 }),
  play: async ({ canvasElement }) => {
    await payWith(canvasElement, '4242 4242 4242 4242');
    await saying(canvasElement, 'checkout-messages >>> [part="error"]');
  },
};
