import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/define.js';
import { everythingSession } from '../test/support/session-fixtures.js';
import {
  chooseCountry,
  confirmStoryPayment,
  createStoryPromotionCode,
  createStorySession,
  deep,
  deepOrThrow,
  expireStorySession,
  expireStorySessionIn,
  fill,
  type StorySessionOptions,
  storyEndpoint,
} from './support/in-browser-endpoint.js';

/**
 * `<checkout-embedded>` in each of its states. Every session is created by
 * the real endpoint handler running in the page (see
 * `support/in-browser-endpoint.ts`): loaders put the session into the state
 * the story shows before it renders, and play functions drive the form the
 * way a customer would.
 *
 * The form is a `<checkout-provider>` with the custom-mode elements inside,
 * in the embedded element's shadow root; each element keeps its fields in its
 * own shadow root (`checkout-card >>> #number`).
 */

/** A product name that would run script if it were ever parsed as HTML. */
const untrustedProductName = '<img src=x onerror=alert(1)>';

/** How long a play function waits for the endpoint's answer to show. */
const answerTimeout = 5000;

/** A session with everything the complete form covers. */
const everything: StorySessionOptions = everythingSession;

/** A loader that creates a session and hands its client secret to `render`. */
const sessionLoader =
  (options: StorySessionOptions = {}) =>
  async () => ({ clientSecret: (await createStorySession(options)).client_secret });

const checkoutIn = (canvasElement: HTMLElement) => {
  const element = canvasElement.querySelector('checkout-embedded');
  if (!element?.shadowRoot) throw new Error('<checkout-embedded> is not rendered.');
  return element.shadowRoot;
};

/** Waits for the form to load and returns its pay button. */
const payButtonIn = (canvasElement: HTMLElement) =>
  waitFor(
    () => {
      const button = deep<HTMLButtonElement>(
        checkoutIn(canvasElement),
        'checkout-pay-button >>> button',
      );
      expect(button).toBeTruthy();
      return button!;
    },
    { timeout: answerTimeout },
  );

/** Fills in the form with a test card number and presses pay. */
const payWith = async (canvasElement: HTMLElement, cardNumber: string) => {
  const button = await payButtonIn(canvasElement);
  const root = checkoutIn(canvasElement);
  const year = String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0');
  fill(deepOrThrow(root, 'checkout-email >>> #email'), 'jenny.rosen@example.com');
  fill(deepOrThrow(root, 'checkout-card >>> #number'), cardNumber);
  fill(deepOrThrow(root, 'checkout-card >>> #expiry'), `12${year}`);
  fill(deepOrThrow(root, 'checkout-card >>> #cvc'), '123');
  fill(deepOrThrow(root, 'checkout-card >>> #name'), 'Jenny Rosen');
  await userEvent.click(button);
};

/** Types a promotion code and presses Apply. */
const applyCode = async (canvasElement: HTMLElement, code: string) => {
  await payButtonIn(canvasElement);
  const root = checkoutIn(canvasElement);
  fill(deepOrThrow(root, 'checkout-promotion-code >>> #promotion-code'), code);
  await userEvent.click(
    deepOrThrow<HTMLButtonElement>(root, 'checkout-promotion-code >>> [part="apply-button"]'),
  );
};

/** Waits until the element shows the status panel with this heading. */
const expectStatus = (canvasElement: HTMLElement, heading: string) =>
  waitFor(
    () =>
      expect(checkoutIn(canvasElement).querySelector('[part="status"] h2')).toHaveTextContent(
        heading,
      ),
    { timeout: answerTimeout },
  );

const meta: Meta = {
  title: 'Elements/checkout-embedded',
  component: 'checkout-embedded',
  render: (_args, { loaded }: StoryContext) =>
    html`<checkout-embedded endpoint=${storyEndpoint} client-secret=${loaded['clientSecret']}></checkout-embedded>`,
};
export default meta;

type Story = StoryObj;

/** Waiting for the client secret: the element shows its loading status. */
export const Loading: Story = {
  render: () =>
    html`<checkout-embedded
      endpoint=${storyEndpoint}
      .fetchClientSecret=${() => new Promise<string>(() => {})}
    ></checkout-embedded>`,
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(checkoutIn(canvasElement).querySelector('[role="status"]')).toHaveTextContent(
        'Loading checkout…',
      ),
    );
  },
};

/** An open session: order summary and the payment form. */
export const Open: Story = {
  loaders: [sessionLoader()],
  play: async ({ canvasElement }) => {
    await expect(await payButtonIn(canvasElement)).toHaveTextContent('Pay $59.00');
  },
};

/**
 * The session requires a billing address: the full address joins the form.
 * The country is a searchable list; once one is chosen, the state and postal
 * code fields follow its rules.
 */
export const OpenWithBillingAddress: Story = {
  name: 'Open with billing address required',
  loaders: [sessionLoader({ billing_address_collection: 'required' })],
  play: async ({ canvasElement }) => {
    await payButtonIn(canvasElement);
    const root = checkoutIn(canvasElement);
    const address = deepOrThrow<HTMLElement>(root, 'checkout-address[type="billing"]');
    for (const id of ['billing-country', 'billing-line1', 'billing-line2', 'billing-city']) {
      await expect(deep(address, `#${id}`)).toBeTruthy();
    }
    await expect(deep(address, '#billing-postal')).toBeNull();
    chooseCountry(deepOrThrow(address, '#billing-country'), 'United States');
    await waitFor(() => {
      expect(deep(address, '#billing-state')).toBeTruthy();
      expect(deep(address, '#billing-postal')).toBeTruthy();
    });
  },
};

/**
 * Everything a session can ask for: adjustable quantities, promotion codes,
 * automatic tax (computed once an address is known), shipping with two rates
 * and a phone number.
 */
export const FullForm: Story = {
  name: 'Full form (quantities, promotion code, tax, shipping, phone)',
  loaders: [sessionLoader(everything)],
  play: async ({ canvasElement }) => {
    await payButtonIn(canvasElement);
    const root = checkoutIn(canvasElement);
    await expect(
      deep(root, 'checkout-line-items >>> [aria-label="Increase quantity of Mug"]'),
    ).toBeTruthy();
    await expect(deep(root, 'checkout-promotion-code >>> #promotion-code')).toBeTruthy();
    await expect(deep(root, 'checkout-phone >>> #phone')).toBeTruthy();
    await expect(
      deep(root, 'checkout-address[type="shipping"] >>> #shipping-country'),
    ).toBeTruthy();
    await expect(
      deep(root, 'checkout-shipping-rates')?.shadowRoot?.querySelectorAll('[part="rate"]'),
    ).toHaveLength(2);
  },
};

/** The customer applied a promotion code: the discount shows in the totals and the amount. */
export const PromotionCodeApplied: Story = {
  name: 'Promotion code applied',
  loaders: [
    async () => {
      await createStoryPromotionCode({ code: 'SPRING5', amount_off: 500, currency: 'usd' });
      return sessionLoader({ allow_promotion_codes: true })();
    },
  ],
  play: async ({ canvasElement }) => {
    await applyCode(canvasElement, 'spring5');
    await waitFor(
      () =>
        expect(
          deep(checkoutIn(canvasElement), 'checkout-promotion-code >>> [part="applied"] .code'),
        ).toHaveTextContent('SPRING5'),
      { timeout: answerTimeout },
    );
    await expect(await payButtonIn(canvasElement)).toHaveTextContent('Pay $54.00');
  },
};

/** The endpoint refuses a code the order is too small for; the reason shows beside the field. */
export const PromotionCodeRejected: Story = {
  name: 'Promotion code rejected',
  loaders: [
    async () => {
      await createStoryPromotionCode({
        code: 'BIGSPENDER',
        percent_off: 20,
        restrictions: { minimum_amount: 100000, minimum_amount_currency: 'usd' },
      });
      return sessionLoader({ allow_promotion_codes: true })();
    },
  ],
  play: async ({ canvasElement }) => {
    await applyCode(canvasElement, 'BIGSPENDER');
    await waitFor(
      () =>
        expect(
          deep(checkoutIn(canvasElement), 'checkout-promotion-code >>> #promotion-code-error'),
        ).toHaveTextContent('1000.00 USD'),
      { timeout: answerTimeout },
    );
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
    await expect(await payButtonIn(canvasElement)).toHaveTextContent('Subscribe · $15.00');
  },
};

/** A setup session saves a card for later: nothing is charged and the button says so. */
export const Setup: Story = {
  loaders: [sessionLoader({ mode: 'setup', lineItems: null, currency: 'eur' })],
  play: async ({ canvasElement }) => {
    await expect(await payButtonIn(canvasElement)).toHaveTextContent('Save card');
  },
};

/** Five minutes are left: the form says so, in a status region. */
export const ExpiringSoon: Story = {
  name: 'Expiring soon',
  loaders: [
    async () => {
      const session = await createStorySession();
      await expireStorySessionIn(session.id, 5);
      return { clientSecret: session.client_secret };
    },
  ],
  play: async ({ canvasElement }) => {
    await waitFor(
      () =>
        expect(
          deep(checkoutIn(canvasElement), 'checkout-messages >>> [part="expiry-notice"]'),
        ).toHaveTextContent('This checkout expires in 5 minutes.'),
      { timeout: answerTimeout },
    );
  },
};

/** The customer pays with a card the test processor declines. */
export const Declined: Story = {
  loaders: [sessionLoader()],
  play: async ({ canvasElement }) => {
    await payWith(canvasElement, '4000 0000 0000 0002');
    await waitFor(
      () =>
        expect(
          deep(checkoutIn(canvasElement), 'checkout-messages >>> [part="error"]'),
        ).toHaveTextContent('Your card was declined.'),
      { timeout: answerTimeout },
    );
  },
};

/** The card requires authentication: the challenge dialog is open. */
export const Authentication: Story = {
  loaders: [sessionLoader()],
  play: async ({ canvasElement }) => {
    await payWith(canvasElement, '4000 0025 0000 3155');
    await waitFor(
      () =>
        expect(
          deep<HTMLDialogElement>(
            checkoutIn(canvasElement),
            'checkout-provider >>> dialog[part="challenge"]',
          )?.open,
        ).toBe(true),
      { timeout: answerTimeout },
    );
  },
};

/** A session already paid (through the client API) before the element loads it. */
export const Complete: Story = {
  loaders: [
    async () => {
      const session = await createStorySession();
      const paid = await confirmStoryPayment(session.client_secret, '4242424242424242');
      if (paid.session.status !== 'complete') throw new Error('The test payment did not complete.');
      return { clientSecret: session.client_secret };
    },
  ],
  play: async ({ canvasElement }) => {
    await expectStatus(canvasElement, 'Payment successful');
  },
};

/** A session the merchant expired before the element loads it. */
export const Expired: Story = {
  loaders: [
    async () => {
      const session = await createStorySession();
      await expireStorySession(session.id);
      return { clientSecret: session.client_secret };
    },
  ],
  play: async ({ canvasElement }) => {
    await expectStatus(canvasElement, 'This checkout has expired');
  },
};

/** Product names come from the merchant's data: markup in them renders as text. */
export const UntrustedProductName: Story = {
  name: 'Untrusted product name',
  loaders: [sessionLoader({ lineItems: [{ product: untrustedProductName, unit_amount: 1500 }] })],
  play: async ({ canvasElement }) => {
    await payButtonIn(canvasElement);
    const item = deepOrThrow<HTMLElement>(
      checkoutIn(canvasElement),
      'checkout-line-items >>> [part="line-item"]',
    );
    await expect(item.querySelector('.name')?.textContent).toBe(untrustedProductName);
    await expect(item.querySelector('img')).toBeNull();
  },
};
