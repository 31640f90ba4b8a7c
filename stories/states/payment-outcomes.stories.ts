import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { userEvent } from 'storybook/test';
import '../../src/define.js';
import {
  challengeDialog,
  gone,
  payWith,
  renderEmbedded,
  saying,
  sessionLoader,
  shown,
  statusPanel,
  type TestCard,
} from '../support/checkout-story.js';

/**
 * The customer fills in the complete form and presses pay with one of the
 * test processor's cards; each story ends in the outcome that card has.
 * Declines show in the messages above the form, or beside the field they
 * concern (a wrong security code).
 */

const meta: Meta = {
  title: 'Customer states/Payment outcomes',
  component: 'checkout-embedded',
  render: renderEmbedded,
  loaders: [sessionLoader()],
};
export default meta;

type Story = StoryObj;

/** Pays with `card` and waits for the decline to show where `selector` says. */
const declinedWith = (card: TestCard, selector = 'checkout-messages >>> [part="error"]') => ({
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    await payWith(canvasElement, card);
    await saying(canvasElement, selector);
  },
});

/** 4242 4242 4242 4242: paid. */
export const Paid: Story = {
  play: async ({ canvasElement }) => {
    await payWith(canvasElement, '4242 4242 4242 4242');
    await statusPanel(canvasElement);
  },
};

/** American Express, with its four-digit security code: paid. */
export const PaidWithAmex: Story = {
  name: 'Paid with American Express',
  play: async ({ canvasElement }) => {
    await payWith(canvasElement, { number: '3782 822463 10005', cvc: '1234' });
    await statusPanel(canvasElement);
  },
};

/** 4000 0000 0000 0002: `card_declined`. */
export const Declined: Story = {
  name: 'Declined: card_declined',
  ...declinedWith({ number: '4000 0000 0000 0002' }),
};

/** 4000 0000 0000 9995: `insufficient_funds`. */
export const InsufficientFunds: Story = {
  name: 'Declined: insufficient_funds',
  ...declinedWith({ number: '4000 0000 0000 9995' }),
};

/** 4000 0000 0000 0069: `expired_card`. */
export const ExpiredCard: Story = {
  name: 'Declined: expired_card',
  ...declinedWith({ number: '4000 0000 0000 0069' }),
};

/** 4000 0000 0000 0127: `incorrect_cvc`, shown beside the security code. */
export const IncorrectCvc: Story = {
  name: 'Declined: incorrect_cvc',
  ...declinedWith({ number: '4000 0000 0000 0127' }, '.checkout-card-frame >>> #cvc-error'),
};

/** 4000 0000 0000 0119: `processing_error`; the customer may simply try again. */
export const ProcessingError: Story = {
  name: 'Declined: processing_error (retryable)',
  ...declinedWith({ number: '4000 0000 0000 0119' }),
};

/** The payment is on its way to the endpoint: the button says so and waits. */
export const Processing: Story = {
  parameters: { endpointFaults: { 'POST /v1/client/session/confirm': 'hang' } },
  play: async ({ canvasElement }) => {
    await payWith(canvasElement, '4242 4242 4242 4242');
    await shown(canvasElement, 'checkout-pay-button >>> button[disabled]');
  },
};

/** 4000 0025 0000 3155: the bank asks the customer to authenticate; the challenge is open. */
export const AuthenticationChallenge: Story = {
  name: 'Authentication: challenge',
  play: async ({ canvasElement }) => {
    await payWith(canvasElement, '4000 0025 0000 3155');
    await challengeDialog(canvasElement);
  },
};

/** The customer approves the challenge: paid. */
export const AuthenticationApproved: Story = {
  name: 'Authentication: approved',
  play: async ({ canvasElement }) => {
    await payWith(canvasElement, '4000 0025 0000 3155');
    const dialog = await challengeDialog(canvasElement);
    await userEvent.click(dialog.querySelector<HTMLButtonElement>('button.primary')!);
    await statusPanel(canvasElement);
  },
};

/** The customer fails the challenge: not paid, and the form says why. */
export const AuthenticationFailed: Story = {
  name: 'Authentication: failed',
  play: async ({ canvasElement }) => {
    await payWith(canvasElement, '4000 0025 0000 3155');
    const dialog = await challengeDialog(canvasElement);
    await userEvent.click(dialog.querySelector<HTMLButtonElement>('button.secondary')!);
    await gone(canvasElement, 'dialog[part="challenge"][open]');
    await saying(canvasElement, 'checkout-messages >>> [part="error"]');
  },
};
