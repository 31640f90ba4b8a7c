import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { userEvent } from 'storybook/test';
import '../../src/define.js';
import {
  applyCode,
  gone,
  payButton,
  renderEmbedded,
  saying,
  sessionLoader,
  shown,
} from '../support/checkout-story.js';
import {
  confirmStoryPayment,
  createStoryPromotionCode,
  createStorySession,
  type StoryPromotionCodeOptions,
  type StorySessionOptions,
} from '../support/in-browser-endpoint.js';

/**
 * The customer types a promotion code into the complete form. The endpoint
 * decides: it applies the code and re-prices, or refuses it with a reason
 * that shows beside the field. One story per refusal the endpoint knows.
 */

const meta: Meta = {
  title: 'Customer states/Promotion codes',
  component: 'checkout-embedded',
  render: renderEmbedded,
};
export default meta;

type Story = StoryObj;

const allowingCodes: StorySessionOptions = { allow_promotion_codes: true };

/** A loader that creates `code` (once per page) and then a session that accepts codes. */
const withCode = (code: StoryPromotionCodeOptions, session: StorySessionOptions = allowingCodes) =>
  sessionLoader(async () => {
    await createStoryPromotionCode(code);
    return createStorySession(session);
  });

/** Types `code`, presses Apply and waits for the reason it was refused. */
const refused =
  (code: string) =>
  async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    await payButton(canvasElement);
    await applyCode(canvasElement, code);
    await saying(canvasElement, 'checkout-promotion-code >>> [part="error"]');
  };

/** Paid sessions that use up a code or make a customer a returning one; made once per page. */
const paidOnce = new Map<string, Promise<void>>();
function payOnce(key: string, session: () => Promise<{ client_secret: string }>): Promise<void> {
  let paid = paidOnce.get(key);
  if (!paid) {
    paid = session().then(async ({ client_secret }) => {
      const result = await confirmStoryPayment(client_secret, '4242424242424242');
      if (result.session.status !== 'complete') throw new Error(`${key}: the payment failed.`);
    });
    paidOnce.set(key, paid);
  }
  return paid;
}

const unixNow = () => Math.floor(Date.now() / 1000);

/** The code is applied: the discount shows in the totals, the amount to pay drops. */
export const Applied: Story = {
  loaders: [withCode({ code: 'SPRING5', amount_off: 500, currency: 'usd' })],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
    await applyCode(canvasElement, 'spring5');
    await saying(canvasElement, 'checkout-promotion-code >>> [part="applied"]');
  },
};

/** The customer applied a code and removed it again: the field is back, the totals as before. */
export const Removed: Story = {
  loaders: [withCode({ code: 'SPRING5', amount_off: 500, currency: 'usd' })],
  play: async ({ canvasElement }) => {
    await payButton(canvasElement);
    await applyCode(canvasElement, 'SPRING5');
    await userEvent.click(
      await shown<HTMLButtonElement>(
        canvasElement,
        'checkout-promotion-code >>> [part="remove-button"]',
      ),
    );
    await shown(canvasElement, 'checkout-promotion-code >>> #promotion-code');
    await gone(canvasElement, 'checkout-promotion-code >>> [part="applied"]');
  },
};

/** No such code. */
export const Invalid: Story = {
  name: 'Rejected: unknown code',
  loaders: [sessionLoader(allowingCodes)],
  play: refused('NOSUCHCODE'),
};

/** The code's end date has passed. */
export const Expired: Story = {
  name: 'Rejected: expired',
  loaders: [withCode({ code: 'WINTER', percent_off: 10, starts_at: 1, expires_at: 2 })],
  play: refused('WINTER'),
};

/** The code starts later. */
export const NotActiveYet: Story = {
  name: 'Rejected: not active yet',
  loaders: [
    sessionLoader(async () => {
      await createStoryPromotionCode({
        code: 'NEXTMONTH',
        percent_off: 10,
        starts_at: unixNow() + 30 * 86_400,
      });
      return createStorySession(allowingCodes);
    }),
  ],
  play: refused('NEXTMONTH'),
};

/** Every redemption the merchant allowed is used: another customer paid with it. */
export const Exhausted: Story = {
  name: 'Rejected: used up',
  loaders: [
    sessionLoader(async () => {
      const { id } = await createStoryPromotionCode({
        code: 'FIRST100',
        percent_off: 15,
        max_redemptions: 1,
      });
      await payOnce('FIRST100', () => createStorySession({ discounts: [{ promotion_code: id }] }));
      return createStorySession(allowingCodes);
    }),
  ],
  play: refused('FIRST100'),
};

/** A fixed amount off in euros, on an order in dollars. */
export const CurrencyMismatch: Story = {
  name: 'Rejected: other currency',
  loaders: [withCode({ code: 'EURO5', amount_off: 500, currency: 'eur' })],
  play: refused('EURO5'),
};

/** The order is smaller than the code's minimum. */
export const MinimumNotMet: Story = {
  name: 'Rejected: minimum not met',
  loaders: [
    withCode({
      code: 'BIGSPENDER',
      percent_off: 20,
      restrictions: { minimum_amount: 100000, minimum_amount_currency: 'usd' },
    }),
  ],
  play: refused('BIGSPENDER'),
};

/** The code belongs to another customer. */
export const CustomerIneligible: Story = {
  name: 'Rejected: another customer',
  loaders: [
    withCode(
      { code: 'VIPONLY', percent_off: 25, customer: 'cus_story_vip' },
      { ...allowingCodes, customer: 'cus_story_jenny' },
    ),
  ],
  play: refused('VIPONLY'),
};

/** A first-purchase code, and this customer has bought before. */
export const FirstPurchaseOnly: Story = {
  name: 'Rejected: first purchase only',
  loaders: [
    sessionLoader(async () => {
      await createStoryPromotionCode({
        code: 'HELLO',
        percent_off: 10,
        restrictions: { first_time_transaction: true },
      });
      const returning = { customer_email: 'returning@example.com' };
      await payOnce('returning customer', () => createStorySession(returning));
      return createStorySession({ ...allowingCodes, ...returning });
    }),
  ],
  play: refused('HELLO'),
};
