import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { CheckoutEmbedded, CheckoutEventName } from '../../src/index.js';
import {
  cardFrameReady,
  confirmed,
  createSession,
  deep,
  deepActive,
  deepAll,
  deepText,
  focusForKeys,
  recordEvents,
  retrieveSession,
  type SessionOptions,
  waitUntil,
} from './helpers.js';

/**
 * A customer's purchase in `<checkout-embedded>`, written for every engine
 * (web-test-runner.engines.config.mjs runs it in Firefox and WebKit, the main
 * config in Chromium): only the page's own DOM, script focus and clicks, and
 * the keyboard of `sendKeys`, against the real endpoint handler.
 */

interface Mounted {
  el: CheckoutEmbedded;
  id: string;
  count(name: CheckoutEventName): number;
}

async function mount(options: SessionOptions = {}): Promise<Mounted> {
  const { id, client_secret } = await createSession(options);
  const el = await fixture<CheckoutEmbedded>(
    html`<checkout-embedded locale="en-US"></checkout-embedded>`,
  );
  const { count } = recordEvents(el);
  const ready = oneEvent(el, 'checkout-ready');
  el.clientSecret = client_secret;
  await ready;
  await el.updateComplete;
  await cardFrameReady(el);
  return { el, id, count };
}

const $ = <T extends Element = HTMLInputElement>(el: CheckoutEmbedded, selector: string) =>
  deep<T>(el, selector);

const payButton = '[aria-describedby="pay-status"]';

/** Types into a field the way a person does: focus, then keystrokes. */
async function type(el: CheckoutEmbedded, id: string, value: string) {
  const input = $(el, `#${id}`)!;
  // Keys go where the browser routes them, which follows focus into and out
  // of the card frame a moment after it moves: type only once one arrives.
  await focusForKeys(input);
  await sendKeys({ type: value });
  await waitUntil(
    () => input.value.replace(/\D/g, '') === value.replace(/\D/g, '') || input.value === value,
    `#${id} does not read what was typed: '${value}'`,
  );
}

async function fillCard(el: CheckoutEmbedded, number = '4242424242424242') {
  await type(el, 'email', 'ada@example.com');
  await type(el, 'number', number);
  await type(el, 'expiry', '1230');
  await type(el, 'cvc', '123');
  await type(el, 'name', 'Ada Lovelace');
}

/** Presses `key` and waits until focus has moved off `from`. */
async function pressFrom(from: Element | null, key: string) {
  await sendKeys({ press: key });
  await waitUntil(() => deepActive() !== from, `${key} did not move focus off ${from?.id}`);
}

const succeeded = (el: CheckoutEmbedded) => deepText(el).includes('Payment successful');

describe('a purchase in <checkout-embedded>', () => {
  it('renders the order, its totals and every card field with its label', async () => {
    const { el, count } = await mount({
      lineItems: [
        { product: 'Notebook', unit_amount: 1250, quantity: 2 },
        { product: 'Pen', unit_amount: 300 },
      ],
    });
    const items = deepAll(el, '[part="line-item"]').map((item) =>
      item.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(items).to.deep.equal(['Notebook Qty 2 · $12.50 each $25.00', 'Pen Qty 1 $3.00']);
    const rows = deepAll(el, '[part="totals"] .row').map((row) => [
      row.querySelector('dt')!.textContent,
      row.querySelector('dd')!.textContent,
    ]);
    expect(rows).to.deep.equal([
      ['Subtotal', '$28.00'],
      ['Total', '$28.00'],
    ]);
    expect($(el, payButton)!.textContent!.trim()).to.equal('Pay $28.00');
    const tokens: Record<string, string> = {
      email: 'email',
      number: 'cc-number',
      expiry: 'cc-exp',
      cvc: 'cc-csc',
      name: 'cc-name',
    };
    for (const [id, token] of Object.entries(tokens)) {
      const input = $(el, `#${id}`)!;
      expect(input.getAttribute('autocomplete'), id).to.equal(token);
      expect(input.labels?.[0]?.textContent?.trim(), id).to.be.a('string').and.not.equal('');
      // Shown, not only present: a field of no size cannot be typed into.
      expect(input.getBoundingClientRect().width, id).to.be.greaterThan(0);
    }
    expect(count('checkout-ready')).to.equal(1);
  });

  it('the country combobox filters as the customer types and picks with the keyboard', async () => {
    const { el } = await mount({ billing_address_collection: 'required' });
    const selector = 'checkout-address[type="billing"] >>> checkout-country-combobox';
    // The address form loads once the session asks for it.
    await waitUntil(() => $(el, `${selector} >>> input`), 'no billing address form');
    const combobox = $<HTMLElement & { value: string }>(el, selector)!;
    const input = combobox.shadowRoot!.querySelector('input')!;
    const options = () =>
      [...combobox.shadowRoot!.querySelectorAll('[role="option"]')].map((option) =>
        option.textContent!.trim(),
      );
    const activeOption = () => {
      const id = input.getAttribute('aria-activedescendant');
      return id ? combobox.shadowRoot!.getElementById(id)?.textContent?.trim() : null;
    };
    input.focus();
    // The field may show a country already (the locale's region): typing replaces it.
    input.select();
    await waitUntil(() => deepActive() === input, 'the combobox did not take focus');
    await sendKeys({ type: 'united' });
    await waitUntil(() => input.getAttribute('aria-expanded') === 'true', 'the list did not open');
    await waitUntil(() => options().length > 1 && options().every((name) => /united/i.test(name)));
    expect(options()).to.include.members(['United Kingdom', 'United States']);
    await sendKeys({ type: ' k' });
    await waitUntil(() => options().length === 1, 'typing " k" left more than one option');
    expect(options()).to.deep.equal(['United Kingdom']);

    // Escape closes the list. Down moves through it with focus staying in the input; Enter picks.
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => input.getAttribute('aria-expanded') === 'false', 'Escape left it open');
    input.select();
    await sendKeys({ type: 'united' });
    await waitUntil(() => activeOption() !== null, 'no option became active');
    const first = activeOption();
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => activeOption() !== first, 'ArrowDown did not move the active option');
    const second = activeOption()!;
    expect(second).to.match(/united/i);
    expect(deepActive()).to.equal(input);
    const changed = oneEvent(combobox, 'change');
    await sendKeys({ press: 'Enter' });
    await changed;
    expect(input.value).to.equal(second);
    expect(input.getAttribute('aria-expanded')).to.equal('false');
    expect(combobox.value).to.match(/^[A-Z]{2}$/);

    // Typing a name and pressing Enter picks the first match.
    input.select();
    await sendKeys({ type: 'Germ' });
    await waitUntil(() => activeOption() === 'Germany', 'Germany is not the active option');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => combobox.value === 'DE', 'Enter did not pick Germany');
    expect(input.value).to.equal('Germany');
  });

  it('a typed 4242 card pays: success state, one checkout-success, the session paid', async () => {
    const { el, id, count } = await mount();
    await fillCard(el);
    expect($(el, '#number')!.value).to.equal('4242 4242 4242 4242');
    expect($(el, '#expiry')!.value).to.equal('12 / 30');
    await confirmed(el, () => $<HTMLButtonElement>(el, payButton)!.click());
    await waitUntil(() => succeeded(el), 'no success state');
    expect(deepText(el)).to.contain('ending in 4242');
    expect(count('checkout-success')).to.equal(1);
    expect(count('checkout-ready')).to.equal(1);
    expect(count('checkout-error')).to.equal(0);
    const session = await retrieveSession(id);
    expect(session.status).to.equal('complete');
    expect(session.payment_status).to.equal('paid');
  });

  it('the 3-D Secure card opens the challenge; approving it pays once', async () => {
    const { el, id, count } = await mount();
    await fillCard(el, '4000002500003155');
    $<HTMLButtonElement>(el, payButton)!.click();
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')?.open, 'challenge did not open');
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.getAttribute('aria-labelledby')).to.equal('challenge-title');
    expect(deepText(dialog)).to.contain(dialog.querySelector('.primary')!.textContent!.trim());
    expect(count('checkout-success')).to.equal(0);
    dialog.querySelector<HTMLButtonElement>('.primary')!.click();
    await waitUntil(() => succeeded(el), 'approving did not pay');
    expect(dialog.open).to.equal(false);
    expect(count('checkout-success')).to.equal(1);
    expect(count('checkout-error')).to.equal(0);
    expect((await retrieveSession(id)).payment_status).to.equal('paid');
  });

  it('fires each event exactly once through a declined attempt and a paid one', async () => {
    const { el, count } = await mount();
    await fillCard(el, '4000000000000002');
    await confirmed(el, () => $<HTMLButtonElement>(el, payButton)!.click());
    expect($(el, '.form-error')!.textContent).to.equal(
      'Your card was declined. Try a different card.',
    );
    expect(count('checkout-error')).to.equal(1);
    await type(el, 'number', '4242424242424242');
    await confirmed(el, () => $<HTMLButtonElement>(el, payButton)!.click());
    await waitUntil(() => succeeded(el), 'no success state');
    // A click on the spent button and a wait change nothing.
    $<HTMLButtonElement>(el, payButton)?.click();
    await new Promise((done) => setTimeout(done, 200));
    expect(count('checkout-ready')).to.equal(1);
    expect(count('checkout-error')).to.equal(1);
    expect(count('checkout-success')).to.equal(1);
    expect(count('checkout-cancel') + count('checkout-expired')).to.equal(0);
  });

  it('pays with the keyboard alone: Tab, typing, Space on pay, Enter on the challenge', async () => {
    const { el, count } = await mount();
    // Arriving on the page: the first Tab lands in the email field.
    (document.activeElement as HTMLElement | null)?.blur();
    for (let tabs = 0; deepActive()?.id !== 'email'; tabs++) {
      if (tabs > 10) throw new Error(`Tab never reached the email field: ${deepActive()?.id}`);
      await pressFrom(deepActive(), 'Tab');
    }
    await sendKeys({ type: 'ada@example.com' });
    const steps: Array<[field: string, text: string]> = [
      ['number', '4000002500003155'],
      ['expiry', '1230'],
      ['cvc', '123'],
    ];
    for (const [field, text] of steps) {
      await pressFrom(deepActive(), 'Tab');
      expect(deepActive()?.id).to.equal(field);
      await sendKeys({ type: text });
    }
    // The security code's help button comes next; it is reachable, so step past it.
    await pressFrom(deepActive(), 'Tab');
    expect(deepActive()?.getAttribute('aria-describedby')).to.be.a('string');
    await pressFrom(deepActive(), 'Tab');
    expect(deepActive()?.id).to.equal('name');
    await sendKeys({ type: 'Ada Lovelace' });
    expect($(el, '#number')!.value).to.equal('4000 0025 0000 3155');
    await pressFrom(deepActive(), 'Tab');
    expect(deepActive()?.getAttribute('aria-describedby')).to.equal('pay-status');
    await sendKeys({ press: ' ' });
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')?.open, 'challenge did not open');
    const approve = $<HTMLButtonElement>(el, 'dialog .primary')!;
    await waitUntil(() => deepActive() === approve, 'focus is not on the approve button');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => succeeded(el), 'the keyboard payment did not succeed');
    expect(count('checkout-success')).to.equal(1);
    expect(count('checkout-error')).to.equal(0);
  });
});
