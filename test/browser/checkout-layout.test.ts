import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import { everythingSession } from '../support/session-fixtures.js';
import {
  cardFrameReady,
  confirmed,
  createSession,
  deep,
  deepActive,
  deepText,
  expectAccessible,
  focusForKeys,
  type SessionOptions,
  settle,
  waitUntil,
} from './helpers.js';

/**
 * The complete form's layout and defaults as a shopper meets them, in
 * Chromium against the real endpoint: one column or two by the room it has,
 * a loading skeleton in the final layout, the grouped card fields with the
 * brand's mark, compact steppers, the country preselected, and the receipt.
 */

/** Mounts `<checkout-embedded>` `width` pixels wide and returns it before the session arrives. */
async function mountAt(width: number, secret: string, attributes: { locale?: string } = {}) {
  const wrapper = await fixture<HTMLElement>(html`<div style="width: ${width}px">
    <checkout-embedded locale=${attributes.locale ?? 'en-US'}></checkout-embedded>
  </div>`);
  const el = wrapper.querySelector('checkout-embedded')!;
  const ready = oneEvent(el, 'checkout-ready');
  el.clientSecret = secret;
  return { el, ready };
}

async function mount(width: number, options: SessionOptions = everythingSession, locale?: string) {
  const { client_secret } = await createSession(options);
  const { el, ready } = await mountAt(width, client_secret, locale ? { locale } : {});
  await ready;
  await settle(el);
  await cardFrameReady(el);
  return el;
}

const box = (el: Element, selector: string) => deep(el, selector)!.getBoundingClientRect();

describe('<checkout-embedded> layout', () => {
  it('sets the summary beside the payment form on a wide screen', async () => {
    const el = await mount(1000);
    const summary = box(el, '[part="summary"]');
    const form = box(el, '[part="form"]');
    expect(summary.right).to.be.at.most(form.left);
    expect(Math.abs(summary.top - form.top)).to.be.below(2);
    await expectAccessible(el);
  });

  it('stacks the summary above the form on a narrow one, with nothing wider than the screen', async () => {
    const el = await mount(320);
    const summary = box(el, '[part="summary"]');
    const form = box(el, '[part="form"]');
    expect(summary.bottom).to.be.at.most(form.top);
    expect(form.width).to.be.above(250);
    const base = deep(el, '[part="base"]')!;
    expect(base.scrollWidth).to.be.at.most(base.clientWidth);
  });

  it('shows a skeleton in the final layout while the session loads: the columns do not move', async () => {
    const { client_secret } = await createSession(everythingSession);
    const { el, ready } = await mountAt(1000, client_secret);
    await el.updateComplete;
    const loading = deep(el, '[part="loading"]')!;
    expect(loading.getAttribute('role')).to.equal('status');
    expect(loading.textContent).to.contain('Loading checkout');
    const before = { summary: box(el, '.loading .summary'), form: box(el, '.loading .form') };
    expect(before.summary.right).to.be.at.most(before.form.left);
    await ready;
    await settle(el);
    const after = { summary: box(el, '[part="summary"]'), form: box(el, '[part="form"]') };
    expect(Math.abs(after.form.left - before.form.left)).to.be.below(1);
    expect(Math.abs(after.form.top - before.form.top)).to.be.below(1);
    expect(Math.abs(after.summary.left - before.summary.left)).to.be.below(1);
  });

  it('groups card number, expiry and security code in one box, rows aligned, help inside', async () => {
    const el = await mount(1000);
    const number = deep(el, '#number')!;
    const group = number.closest('.card')!;
    const expiry = deep(el, '#expiry')!.getBoundingClientRect();
    const cvc = deep(el, '#cvc')!.getBoundingClientRect();
    expect(group.contains(deep(el, '#expiry'))).to.equal(true);
    expect(group.contains(deep(el, '#cvc'))).to.equal(true);
    expect(expiry.top).to.equal(cvc.top);
    expect(expiry.height).to.equal(cvc.height);
    const help = deep(el, '#cvc-help')!.getBoundingClientRect();
    // The help button sits inside the security code's box, not under it.
    expect(help.top).to.be.at.least(cvc.top - 1);
    expect(help.bottom).to.be.at.most(cvc.bottom + 1);
  });

  it("shows the card brand's mark as the number is typed, and reads its name", async () => {
    const el = await mount(1000);
    const number = deep(el, '#number')!;
    number.focus();
    await waitUntil(() => deepActive() === number, 'the number did not take focus');
    await sendKeys({ type: '4242' });
    await waitUntil(() => deep(el, '.brand svg'), 'no brand mark');
    const mark = deep(el, '.brand svg')!;
    expect(mark.getAttribute('aria-hidden')).to.equal('true');
    expect(mark.getBoundingClientRect().width).to.be.above(20);
    expect(deep(el, '#number-brand')!.textContent).to.equal('Visa');
    expect(number.getAttribute('aria-describedby')).to.contain('number-brand');
    number.value = '';
    number.dispatchEvent(new Event('input', { bubbles: true }));
    await waitUntil(() => !deep(el, '.brand svg'), 'the mark stayed without a number');
  });

  it('shows line-item images and compact quantity steppers', async () => {
    const el = await mount(1000, {
      lineItems: [
        {
          product: 'Mug',
          unit_amount: 1200,
          adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 },
        },
      ],
    });
    await waitUntil(() => deep(el, '[part="stepper"]'), 'no stepper');
    const stepper = box(el, '[part="stepper"]');
    expect(stepper.height).to.be.at.most(36);
    expect(stepper.width).to.be.at.most(130);
    // Each button is still a comfortable target (WCAG 2.5.8 asks for 24 px).
    const button = box(el, '[part="stepper-button"]');
    expect(button.width).to.be.at.least(24);
    expect(button.height).to.be.at.least(24);
  });
});

describe('<checkout-embedded> defaults', () => {
  const shipping = (countries: string[]): SessionOptions => ({
    ...everythingSession,
    shipping_address_collection: { allowed_countries: countries },
  });
  const country = async (el: Element) => {
    const selector = 'checkout-address[type="shipping"] >>> checkout-country-combobox';
    await waitUntil(() => deep(el, selector), 'no shipping address');
    const combobox = deep<HTMLElement & { value: string }>(el, selector)!;
    await (combobox as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    return combobox;
  };

  it('preselects the country of the locale’s region when the session allows it', async () => {
    const us = await mount(1000, shipping(['US', 'GB', 'FR']), 'en-US');
    expect((await country(us)).value).to.equal('US');
    expect(deep(await country(us), 'input')!.value).to.equal('United States');
    // A language without a region stands for its likeliest one: French, France.
    const fr = await mount(1000, shipping(['US', 'GB', 'FR']), 'fr');
    expect((await country(fr)).value).to.equal('FR');
  });

  it('leaves the country to the shopper when the locale’s region is not allowed', async () => {
    const el = await mount(1000, shipping(['GB', 'CA']), 'en-US');
    expect((await country(el)).value).to.equal('');
  });
});

describe('<checkout-embedded> receipt', () => {
  it('a paid session shows what was paid, with which card and where the receipt goes', async () => {
    const el = await mount(1000, { lineItems: [{ product: 'Mug', unit_amount: 1200 }] });
    const type = async (id: string, value: string) => {
      await focusForKeys(deep(el, `#${id}`)!);
      await sendKeys({ type: value });
    };
    await type('email', 'ada@example.com');
    await type('number', '4242424242424242');
    await type('expiry', '1230');
    await type('cvc', '123');
    await type('name', 'Ada Lovelace');
    el.addEventListener('checkout-success', (event) => event.preventDefault());
    await confirmed(el, () =>
      deep<HTMLButtonElement>(el, '[aria-describedby="pay-status"]')!.click(),
    );
    await waitUntil(() => deep(el, '[part="receipt"]'), 'no receipt');
    // The form the customer was in is gone: focus moves to what took its place.
    await waitUntil(
      () => deepActive() === deep(el, '[part="status"] h2'),
      'focus did not move to the outcome',
    );
    const rows = [...deep(el, '[part="receipt"]')!.querySelectorAll('div')].map((row) =>
      deepText(row),
    );
    expect(rows).to.deep.equal([
      'Total $12.00',
      'Card details Visa •••• 4242',
      'Email ada@example.com',
    ]);
    await expectAccessible(el);
  });
});
