import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/define.js';
import {
  answerTimeout,
  customSessionLoader,
  inProvider,
  providerIn,
  saying,
  shown,
} from './support/checkout-story.js';
import { deepOrThrow } from './support/in-browser-endpoint.js';

/**
 * `<checkout-line-items>` inside a `<checkout-provider>`: the order's lines,
 * with quantity steppers where the session lets the customer adjust them.
 */

const meta: Meta = {
  title: 'Elements/checkout-line-items',
  component: 'checkout-line-items',
  tags: ['autodocs'],
  render: inProvider(html`<checkout-line-items></checkout-line-items>`),
};
export default meta;

type Story = StoryObj;

const mug = { product: 'Mug', unit_amount: 1200 };

/** Quantity steppers on the lines the session lets the customer adjust; one step up, saved. */
export const WithSteppers: Story = {
  name: 'With steppers',
  loaders: [
    customSessionLoader({
      lineItems: [
        { ...mug, quantity: 2, adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 } },
        { product: 'Poster', unit_amount: 2000 },
      ],
    }),
  ],
  play: async ({ canvasElement }) => {
    const provider = await providerIn(canvasElement);
    const stepper = await shown<HTMLElement>(
      canvasElement,
      'checkout-line-items >>> [part="stepper"]',
    );
    await userEvent.click(stepper.querySelector<HTMLButtonElement>('button:last-of-type')!);
    await waitFor(() => expect(provider.session!.line_items[0]!.quantity).toBe(3), {
      timeout: answerTimeout,
    });
  },
};

/**
 * Quantity limits: at the maximum of 3 the + button is disabled, and a
 * quantity typed beyond it is refused by the endpoint, rolled back, and the
 * reason shown beside the line.
 */
export const QuantityLimits: Story = {
  name: 'Quantity limits',
  loaders: [
    customSessionLoader({
      lineItems: [
        { ...mug, quantity: 3, adjustable_quantity: { enabled: true, minimum: 1, maximum: 3 } },
      ],
    }),
  ],
  play: async ({ canvasElement }) => {
    const stepper = await shown<HTMLElement>(
      canvasElement,
      'checkout-line-items >>> [part="stepper"]',
    );
    await expect(stepper.querySelector<HTMLButtonElement>('button:last-of-type')!.disabled).toBe(
      true,
    );
    const input = deepOrThrow(stepper, 'input');
    input.value = '7';
    input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await saying(canvasElement, 'checkout-line-items >>> [part="error"]');
    await waitFor(() => expect(input.value).toBe('3'), { timeout: answerTimeout });
  },
};

/** A recurring price: "then $X every month" under the line. */
export const Recurring: Story = {
  loaders: [
    customSessionLoader({
      mode: 'subscription',
      lineItems: [{ product: 'Coffee club', unit_amount: 1500, recurring: { interval: 'month' } }],
    }),
  ],
  play: async ({ canvasElement }) => {
    await saying(canvasElement, 'checkout-line-items >>> .recurring');
  },
};
