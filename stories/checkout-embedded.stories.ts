import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/define.js';
import {
  confirmStoryPayment,
  createStorySession,
  expireStorySession,
  type StorySessionOptions,
  storyEndpoint,
} from './support/in-browser-endpoint.js';

/**
 * `<checkout-embedded>` in each of its states. Every session is created by
 * the real endpoint handler running in the page (see
 * `support/in-browser-endpoint.ts`): loaders put the session into the state
 * the story shows before it renders, and play functions drive the form the
 * way a customer would.
 */

/** A product name that would run script if it were ever parsed as HTML. */
const untrustedProductName = '<img src=x onerror=alert(1)>';

/** How long a play function waits for the endpoint's answer to show. */
const answerTimeout = 5000;

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
      const button =
        checkoutIn(canvasElement).querySelector<HTMLButtonElement>('[part="pay-button"]');
      expect(button).toBeTruthy();
      return button!;
    },
    { timeout: answerTimeout },
  );

/** Sets a field's value and fires the `input` event the element listens to. */
const fill = (root: ShadowRoot, id: string, value: string) => {
  const input = root.querySelector<HTMLInputElement>(`#${id}`);
  if (!input) throw new Error(`No #${id} field.`);
  input.value = value;
  input.dispatchEvent(
    new InputEvent('input', {
      bubbles: true,
      composed: true,
      inputType: 'insertText',
      data: value,
    }),
  );
};

/** Fills in the form with a test card number and presses pay. */
const payWith = async (canvasElement: HTMLElement, cardNumber: string) => {
  const button = await payButtonIn(canvasElement);
  const root = checkoutIn(canvasElement);
  const year = String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0');
  fill(root, 'email', 'jenny.rosen@example.com');
  fill(root, 'number', cardNumber);
  fill(root, 'expiry', `12${year}`);
  fill(root, 'cvc', '123');
  fill(root, 'name', 'Jenny Rosen');
  await userEvent.click(button);
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

/** The session requires a billing address: country and postal code join the form. */
export const OpenWithBillingAddress: Story = {
  name: 'Open with billing address required',
  loaders: [sessionLoader({ billingAddressCollection: 'required' })],
  play: async ({ canvasElement }) => {
    await payButtonIn(canvasElement);
    const root = checkoutIn(canvasElement);
    await expect(root.querySelector('#country')).toBeTruthy();
    await expect(root.querySelector('#postal')).toBeTruthy();
  },
};

/** The customer pays with a card the test processor declines. */
export const Declined: Story = {
  loaders: [sessionLoader()],
  play: async ({ canvasElement }) => {
    await payWith(canvasElement, '4000 0000 0000 0002');
    await waitFor(
      () =>
        expect(checkoutIn(canvasElement).querySelector('.form-error')).toHaveTextContent(
          'Your card was declined.',
        ),
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
          checkoutIn(canvasElement).querySelector<HTMLDialogElement>('dialog[part="challenge"]')
            ?.open,
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
    const item = checkoutIn(canvasElement).querySelector('[part="line-item"]');
    await expect(item?.querySelector('.item-name')?.textContent).toBe(untrustedProductName);
    await expect(item?.querySelector('img')).toBeNull();
  },
};
