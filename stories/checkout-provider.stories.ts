import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/define.js';
import type { CheckoutProvider } from '../src/index.js';
import {
  everythingSession,
  expressShipping,
  standardShipping,
} from '../test/support/session-fixtures.js';
import {
  chooseCountry,
  createStorySession,
  deep,
  deepOrThrow,
  fill,
  type StorySessionOptions,
  storyEndpoint,
} from './support/in-browser-endpoint.js';

/**
 * Custom mode: a `<checkout-provider>` holds the session and the merchant
 * lays out the checkout elements inside it as they like. First two complete
 * layouts, then each element on its own inside a provider. Sessions come from
 * the real endpoint handler running in the page (`support/in-browser-endpoint.ts`).
 */

/** How long a play function waits for the endpoint's answer to show. */
const answerTimeout = 5000;

const standard = standardShipping;
const express = expressShipping;

/** A session with everything the elements cover. */
const everything: StorySessionOptions = { ...everythingSession, ui_mode: 'custom' };

/** One line item, for the elements that show an amount. */
const oneItem: StorySessionOptions = {
  ui_mode: 'custom',
  lineItems: [{ product: 'Thing', unit_amount: 1250 }],
};

/** A loader that creates a custom-mode session and hands its client secret to `render`. */
const sessionLoader =
  (options: StorySessionOptions = {}) =>
  async () => ({
    clientSecret: (await createStorySession({ ui_mode: 'custom', ...options })).client_secret,
  });

/** Renders `content` inside a provider on the loaded session. */
const inProvider =
  (content: TemplateResult) =>
  (_args: unknown, { loaded }: StoryContext) =>
    html`<checkout-provider endpoint=${storyEndpoint} client-secret=${loaded['clientSecret']} locale="en-US">${content}</checkout-provider>`;

/** Waits until the provider in the story has loaded its session, and returns it. */
const providerIn = (canvasElement: HTMLElement) =>
  waitFor(
    () => {
      const provider = canvasElement.querySelector<CheckoutProvider>('checkout-provider');
      expect(provider?.session).toBeTruthy();
      return provider!;
    },
    { timeout: answerTimeout },
  );

/** Waits until `selector` matches under the story, through shadow roots, and returns the match. */
const shown = <T extends Element = HTMLInputElement>(
  canvasElement: HTMLElement,
  selector: string,
) =>
  waitFor(
    () => {
      const found = deep<T>(canvasElement, selector);
      expect(found, selector).toBeTruthy();
      return found!;
    },
    { timeout: answerTimeout },
  );

const meta: Meta = {
  title: 'Elements/checkout-provider (custom mode)',
  component: 'checkout-provider',
};
export default meta;

type Story = StoryObj;

// ---- layouts ----------------------------------------------------------------

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
  loaders: [sessionLoader(everything)],
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
    await shown(canvasElement, 'checkout-pay-button >>> button');
    await shown(canvasElement, 'checkout-address[type="shipping"] >>> #shipping-country');
    await shown(canvasElement, 'checkout-line-items >>> [part="stepper"]');
  },
};

/** A short, single-column donation form: the order, email, card and one button. */
export const DonationLayout: Story = {
  name: 'Layout: donation, one column',
  loaders: [
    sessionLoader({
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
    const button = await shown<HTMLButtonElement>(canvasElement, 'checkout-pay-button >>> button');
    await expect(button).toHaveTextContent('Donate $25.00');
  },
};

// ---- one element each -------------------------------------------------------

/** Quantity steppers on the lines the session lets the customer adjust; one step up, saved. */
export const LineItems: Story = {
  name: '<checkout-line-items> with steppers',
  loaders: [
    sessionLoader({
      lineItems: [
        {
          product: 'Mug',
          unit_amount: 1200,
          quantity: 2,
          adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 },
        },
        { product: 'Poster', unit_amount: 2000 },
      ],
    }),
  ],
  render: inProvider(html`<checkout-line-items></checkout-line-items>`),
  play: async ({ canvasElement }) => {
    const provider = await providerIn(canvasElement);
    await userEvent.click(
      await shown<HTMLButtonElement>(
        canvasElement,
        'checkout-line-items >>> [aria-label="Increase quantity of Mug"]',
      ),
    );
    await waitFor(() => expect(provider.session!.line_items[0]!.quantity).toBe(3), {
      timeout: answerTimeout,
    });
  },
};

/** Prices that include tax: the totals say how much tax they include, and a tooltip which rate. */
export const TotalsInclusiveTax: Story = {
  name: '<checkout-totals> with inclusive tax',
  loaders: [
    sessionLoader({
      lineItems: [{ product: 'Print', unit_amount: 12000, tax_behavior: 'inclusive' }],
      automatic_tax: { enabled: true },
    }),
  ],
  render: inProvider(html`<checkout-totals></checkout-totals>`),
  play: async ({ canvasElement }) => {
    const provider = await providerIn(canvasElement);
    // The merchant's page knows the customer's address: it tells the provider.
    const result = await provider.updateBillingAddress({ country: 'GB', postal_code: 'SW1A 1AA' });
    await expect(result.type).toBe('success');
    await waitFor(
      () =>
        expect(deep(canvasElement, 'checkout-totals >>> .inclusive dt')).toHaveTextContent(
          'Includes $20.00 tax',
        ),
      { timeout: answerTimeout },
    );
  },
};

/** The promotion code field, when the session allows codes. */
export const PromotionCode: Story = {
  name: '<checkout-promotion-code>',
  loaders: [sessionLoader({ ...oneItem, allow_promotion_codes: true })],
  render: inProvider(html`<checkout-promotion-code></checkout-promotion-code>`),
  play: async ({ canvasElement }) => {
    await shown(canvasElement, 'checkout-promotion-code >>> #promotion-code');
  },
};

/** The email field, prefilled from the session's `customer_email`. */
export const Email: Story = {
  name: '<checkout-email>',
  loaders: [sessionLoader({ ...oneItem, customer_email: 'jenny.rosen@example.com' })],
  render: inProvider(html`<checkout-email></checkout-email>`),
  play: async ({ canvasElement }) => {
    const input = await shown(canvasElement, 'checkout-email >>> #email');
    await expect(input.value).toBe('jenny.rosen@example.com');
  },
};

/** The card fields; the brand shows as soon as the number says which it is. */
export const Card: Story = {
  name: '<checkout-card>',
  loaders: [sessionLoader(oneItem)],
  render: inProvider(html`<checkout-card></checkout-card>`),
  play: async ({ canvasElement }) => {
    fill(await shown(canvasElement, 'checkout-card >>> #number'), '4242424242424242');
    await waitFor(() =>
      expect(deep(canvasElement, 'checkout-card >>> [part="brand"]')).toHaveTextContent('Visa'),
    );
    await expect(deepOrThrow(canvasElement, 'checkout-card >>> #number').value).toBe(
      '4242 4242 4242 4242',
    );
  },
};

/** A shipping address; choosing Canada brings its province list and postal code. */
export const ShippingAddress: Story = {
  name: '<checkout-address type="shipping">',
  loaders: [
    sessionLoader({
      ...oneItem,
      shipping_address_collection: { allowed_countries: ['US', 'GB', 'CA'] },
    }),
  ],
  render: inProvider(html`<checkout-address type="shipping"></checkout-address>`),
  play: async ({ canvasElement }) => {
    chooseCountry(
      await shown<HTMLElement>(
        canvasElement,
        'checkout-address[type="shipping"] >>> #shipping-country',
      ),
      'Canada',
    );
    await waitFor(() =>
      expect(
        deep(canvasElement, 'checkout-address >>> label[for="shipping-state"]'),
      ).toHaveTextContent('Province'),
    );
  },
};

/** The phone number with its calling code, when the session collects one. */
export const Phone: Story = {
  name: '<checkout-phone>',
  loaders: [sessionLoader({ ...oneItem, phone_number_collection: { enabled: true } })],
  render: inProvider(html`<checkout-phone></checkout-phone>`),
  play: async ({ canvasElement }) => {
    await shown(canvasElement, 'checkout-phone >>> #phone');
  },
};

/** The merchant's shipping rates as a radio group. */
export const ShippingRates: Story = {
  name: '<checkout-shipping-rates>',
  loaders: [
    sessionLoader({
      ...oneItem,
      shipping_address_collection: { allowed_countries: ['US'] },
      shippingRates: [standard, express],
    }),
  ],
  render: inProvider(html`<checkout-shipping-rates></checkout-shipping-rates>`),
  play: async ({ canvasElement }) => {
    await shown(canvasElement, 'checkout-shipping-rates >>> [part="rate"]');
  },
};

/** The pay button for a session with this `submit_type`. */
const payButtonStory = (
  submitType: NonNullable<StorySessionOptions['submit_type']>,
  label: string,
): Story => ({
  name: `<checkout-pay-button> (submit_type ${submitType})`,
  loaders: [sessionLoader({ ...oneItem, submit_type: submitType })],
  render: inProvider(html`<checkout-pay-button></checkout-pay-button>`),
  play: async ({ canvasElement }) => {
    await expect(
      await shown<HTMLButtonElement>(canvasElement, 'checkout-pay-button >>> button'),
    ).toHaveTextContent(label);
  },
});

export const PayButtonAuto = payButtonStory('auto', 'Pay $12.50');
export const PayButtonPay = payButtonStory('pay', 'Pay $12.50');
export const PayButtonBook = payButtonStory('book', 'Book · $12.50');
export const PayButtonDonate = payButtonStory('donate', 'Donate $12.50');

/** The cancel button. */
export const CancelButton: Story = {
  name: '<checkout-cancel-button>',
  loaders: [sessionLoader(oneItem)],
  render: inProvider(html`<checkout-cancel-button></checkout-cancel-button>`),
  play: async ({ canvasElement }) => {
    await shown(canvasElement, 'checkout-cancel-button >>> button');
  },
};

/**
 * The messages after pressing pay with nothing filled in: an error summary
 * linking to each field, worded as by the field.
 */
export const MessagesErrorSummary: Story = {
  name: '<checkout-messages> with an error summary',
  loaders: [sessionLoader(oneItem)],
  render: inProvider(html`<div style="display: grid; gap: 1rem; max-width: 480px">
    <checkout-messages></checkout-messages>
    <checkout-email></checkout-email>
    <checkout-card></checkout-card>
    <checkout-pay-button></checkout-pay-button>
  </div>`),
  play: async ({ canvasElement }) => {
    await userEvent.click(
      await shown<HTMLButtonElement>(canvasElement, 'checkout-pay-button >>> button'),
    );
    await shown(canvasElement, 'checkout-messages >>> [part="error-summary"]');
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
