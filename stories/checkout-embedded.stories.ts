import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent } from 'storybook/test';
import '../src/define.js';
import { everythingSession } from '../test/support/session-fixtures.js';
import {
  embedded,
  payButton,
  renderEmbedded,
  saying,
  sessionLoader,
  shown,
  statusPanel,
  storyOwnedInputs,
} from './support/checkout-story.js';
import {
  chooseCountry,
  confirmStoryPayment,
  createStorySession,
  deepOrThrow,
  expireStorySession,
  expireStorySessionIn,
} from './support/in-browser-endpoint.js';

/**
 * `<checkout-embedded>`, the complete form, in each state a session can be
 * in when it loads. Every session is created by the real endpoint handler
 * running in the page (see `support/in-browser-endpoint.ts`); loaders put it
 * into the state the story shows before it renders. What the customer reaches
 * by acting is under "Customer states".
 *
 * The form is a `<checkout-provider>` with the custom-mode elements inside,
 * in the embedded element's shadow root; each element keeps its fields in its
 * own shadow root, but the card's, which are in the endpoint's card frame
 * (`.checkout-card-frame >>> #number`).
 */

/** A product name that would run script if it were ever parsed as HTML. */
const untrustedProductName = '<img src=x onerror=alert(1)>';

const meta: Meta = {
  title: 'Elements/checkout-embedded',
  component: 'checkout-embedded',
  tags: ['autodocs'],
  argTypes: storyOwnedInputs,
  render: renderEmbedded,
};
export default meta;

type Story = StoryObj;

/** An open session: order summary and the payment form. */
export const Open: Story = {
  loaders: [sessionLoader()],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
  },
};

/** Waiting for the client secret: the element shows its loading status. */
export const Loading: Story = {
  render: (_args, context) =>
    embedded(context, { fetchClientSecret: () => new Promise<string>(() => {}) }),
  play: async ({ canvasElement }) => {
    await saying(canvasElement, 'checkout-embedded >>> [role="status"]');
  },
};

/**
 * The session requires a billing address: the full address joins the form.
 * The country is a searchable list, preselected from the locale's region;
 * the state and postal code fields follow the chosen country's rules.
 */
export const OpenWithBillingAddress: Story = {
  name: 'Open with billing address required',
  loaders: [sessionLoader({ billing_address_collection: 'required' })],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
    const address = deepOrThrow<HTMLElement>(canvasElement, 'checkout-address[type="billing"]');
    // The address form loads beside the script once the session asks for it.
    for (const id of ['billing-country', 'billing-line1', 'billing-line2', 'billing-city']) {
      await shown(address, `#${id}`);
    }
    chooseCountry(deepOrThrow(address, '#billing-country'), 'United States');
    await shown(canvasElement, 'checkout-address >>> #billing-state');
    await shown(canvasElement, 'checkout-address >>> #billing-postal');
  },
};

/**
 * Everything a session can ask for: adjustable quantities, promotion codes,
 * automatic tax (computed once an address is known), shipping with two rates
 * and a phone number.
 */
export const FullForm: Story = {
  name: 'Full form (quantities, promotion code, tax, shipping, phone)',
  loaders: [sessionLoader(everythingSession)],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
    for (const selector of [
      'checkout-line-items >>> [part="stepper"]',
      'checkout-promotion-code >>> #promotion-code',
      'checkout-phone >>> #phone',
      'checkout-address[type="shipping"] >>> #shipping-country',
      'checkout-shipping-rates >>> [part="rate"]',
    ]) {
      // Each of these parts loads beside the script because this session asks for it.
      await shown(canvasElement, selector);
    }
  },
};

/** A subscription: the interval shows in the summary and the button says Subscribe. */
export const Subscription: Story = {
  loaders: [
    sessionLoader({
      mode: 'subscription',
      lineItems: [
        {
          product: 'Coffee club',
          unit_amount: 1500,
          recurring: { interval: 'month', interval_count: 3 },
        },
      ],
    }),
  ],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
    await saying(canvasElement, 'checkout-line-items >>> .recurring');
  },
};

/** A setup session saves a card for later: nothing is charged and the button says so. */
export const Setup: Story = {
  loaders: [sessionLoader({ mode: 'setup', lineItems: null, currency: 'eur' })],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
  },
};

/** Five minutes are left: the form says so, in a status region. */
export const ExpiringSoon: Story = {
  name: 'Expiring soon',
  loaders: [
    sessionLoader(async () => {
      const session = await createStorySession();
      await expireStorySessionIn(session.id, 5);
      return session;
    }),
  ],
  play: async ({ canvasElement }) => {
    await saying(canvasElement, 'checkout-messages >>> [part="expiry-notice"]');
  },
};

/** A session already paid (through the client API) before the element loads it. */
export const Complete: Story = {
  loaders: [
    sessionLoader(async () => {
      const session = await createStorySession();
      const paid = await confirmStoryPayment(session.client_secret, '4242424242424242');
      if (paid.session.status !== 'complete') throw new Error('The test payment did not complete.');
      return session;
    }),
  ],
  play: async ({ canvasElement }) => {
    await statusPanel(canvasElement);
  },
};

/** A session the merchant expired before the element loads it. */
export const Expired: Story = {
  loaders: [
    sessionLoader(async () => {
      const session = await createStorySession();
      await expireStorySession(session.id);
      return session;
    }),
  ],
  play: async ({ canvasElement }) => {
    await statusPanel(canvasElement);
  },
};

/** The customer pressed "Cancel and return": the session is canceled and the form says so. */
export const Canceled: Story = {
  loaders: [sessionLoader({ cancel_url: 'https://shop.example/cart' })],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
    // Stay in the story rather than follow the session's cancel_url.
    canvasElement
      .querySelector('checkout-embedded')
      ?.addEventListener('checkout-cancel', (event) => event.preventDefault());
    const cancel = 'checkout-cancel-button >>> [part="button"]';
    await userEvent.click(await shown<HTMLButtonElement>(canvasElement, cancel));
    // The first press asks; the second, on the question's own cancel button, ends it.
    await shown(canvasElement, 'checkout-cancel-button >>> [part="keep-button"]');
    await userEvent.click(await shown<HTMLButtonElement>(canvasElement, cancel));
    await statusPanel(canvasElement);
  },
};

/** Product names come from the merchant's data: markup in them renders as text. */
export const UntrustedProductName: Story = {
  name: 'Untrusted product name',
  loaders: [sessionLoader({ lineItems: [{ product: untrustedProductName, unit_amount: 1500 }] })],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
    const item = deepOrThrow<HTMLElement>(
      canvasElement,
      'checkout-line-items >>> [part="line-item"]',
    );
    await expect(item.querySelector('.name')?.textContent).toBe(untrustedProductName);
    await expect(item.querySelector('img')).toBeNull();
  },
};
