import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { userEvent } from 'storybook/test';
import '../src/define.js';
import { customSessionLoader, inProvider, oneItem, shown } from './support/checkout-story.js';

/**
 * `<checkout-cancel-button>` inside a `<checkout-provider>`. What pressing it
 * does to the complete form is the story "Elements/checkout-embedded › Canceled".
 */

const meta: Meta = {
  title: 'Elements/checkout-cancel-button',
  component: 'checkout-cancel-button',
  tags: ['autodocs'],
  render: inProvider(html`<checkout-cancel-button></checkout-cancel-button>`),
};
export default meta;

type Story = StoryObj;

/** The cancel button of an open session. */
export const Open: Story = {
  loaders: [customSessionLoader(oneItem)],
  play: async ({ canvasElement }) => {
    await shown(canvasElement, 'checkout-cancel-button >>> button:not([disabled])');
  },
};

/** Pressed once: it asks before ending the checkout, and focus is on the answer that keeps it. */
export const Confirming: Story = {
  loaders: [customSessionLoader(oneItem)],
  play: async ({ canvasElement }) => {
    await userEvent.click(
      await shown<HTMLButtonElement>(
        canvasElement,
        'checkout-cancel-button >>> button:not([disabled])',
      ),
    );
    await shown(canvasElement, 'checkout-cancel-button >>> [part="keep-button"]');
  },
};
