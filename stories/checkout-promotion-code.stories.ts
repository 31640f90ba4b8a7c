import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/define.js';
import {
  applyCode,
  customSessionLoader,
  inProvider,
  oneItem,
  saying,
  shown,
} from './support/checkout-story.js';
import { createStoryPromotionCode } from './support/in-browser-endpoint.js';

/**
 * `<checkout-promotion-code>` inside a `<checkout-provider>`. Each refusal
 * the endpoint knows is a story under "Customer states/Promotion codes".
 */

const meta: Meta = {
  title: 'Elements/checkout-promotion-code',
  component: 'checkout-promotion-code',
  tags: ['autodocs'],
  render: inProvider(html`<checkout-promotion-code></checkout-promotion-code>`),
};
export default meta;

type Story = StoryObj;

/** The code field, when the session allows codes. */
export const Field: Story = {
  loaders: [customSessionLoader({ ...oneItem, allow_promotion_codes: true })],
  play: async ({ canvasElement }) => {
    await shown(canvasElement, 'checkout-promotion-code >>> #promotion-code');
  },
};

/** A code applied: the code with a Remove button in place of the field. */
export const Applied: Story = {
  loaders: [
    async (context) => {
      await createStoryPromotionCode({ code: 'TENOFF', percent_off: 10 });
      return customSessionLoader({ ...oneItem, allow_promotion_codes: true })(context);
    },
  ],
  play: async ({ canvasElement }) => {
    await applyCode(canvasElement, 'TENOFF');
    await saying(canvasElement, 'checkout-promotion-code >>> [part="applied"]');
  },
};
