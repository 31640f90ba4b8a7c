import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { startCardFrame, startEmbeddedCardFrames } from '../../src/client/card-frame-channel.js';
import '../../src/define.js';
import type { ClientSession } from '../../src/api/client-types.js';
import type { CheckoutEmbedded, CheckoutEventName } from '../../src/index.js';
import {
  cardFrameReady,
  cardFrameWindow,
  confirmed,
  createSession,
  deep,
  deepActive,
  deepAll,
  deepText,
  expectAccessible,
  expireSession,
  focusForKeys,
  recordEvents,
  retrieveSession,
  type SessionOptions,
  settle,
  waitUntil,
} from './helpers.js';

/**
 * `<checkout-embedded>` as a customer and a merchant meet it, in Chromium,
 * against the real endpoint handler.
 */

interface Mounted {
  el: CheckoutEmbedded;
  id: string;
  events: CustomEvent[];
  count(name: CheckoutEventName): number;
}

/**
 * Mounts an embedded form, gives it `clientSecret` and waits until its form
 * is drawn, failing if anything made an `Intl.NumberFormat` on the way (the
 * first one of a page starts ICU).
 */
async function drawnWithoutNumberFormats(
  mountForm: () => Promise<CheckoutEmbedded>,
  clientSecret: string,
  /**
   * `settled`: none until every part and pack has loaded too. `first render`:
   * none until the form first shows the session; while another language's pack
   * loads, the page may go idle and warm `Intl` by design.
   */
  until: 'settled' | 'first render' = 'settled',
): Promise<{ el: CheckoutEmbedded; session: ClientSession }> {
  const Original = Intl.NumberFormat;
  const made: unknown[] = [];
  Intl.NumberFormat = new Proxy(Original, {
    construct(target, args) {
      made.push(args);
      return Reflect.construct(target, args);
    },
  });
  try {
    const el = await mountForm();
    const ready = oneEvent(el, 'checkout-ready');
    el.clientSecret = clientSecret;
    const session = (await ready).detail.session;
    await el.updateComplete;
    if (until === 'settled') await settle(el);
    expect(made, 'formatters made before the form was drawn').to.deep.equal([]);
    await settle(el);
    return { el, session };
  } finally {
    Intl.NumberFormat = Original;
  }
}

/** Creates a session, mounts the element on it and records every event it fires. */
async function mount(
  options: SessionOptions = {},
  before?: (id: string) => Promise<void>,
): Promise<Mounted> {
  const { id, client_secret } = await createSession(options);
  await before?.(id);
  const el = await fixture<CheckoutEmbedded>(html`<checkout-embedded></checkout-embedded>`);
  const { events, count } = recordEvents(el);
  const settled = oneEvent(el, 'checkout-ready');
  el.clientSecret = client_secret;
  await settled;
  await el.updateComplete;
  if (el.querySelector('checkout-card') || deep(el, 'checkout-card')) await cardFrameReady(el);
  return { el, id, events, count };
}

const $ = <T extends Element = HTMLInputElement>(el: CheckoutEmbedded, selector: string) =>
  deep<T>(el, selector);

const text = (el: CheckoutEmbedded) => deepText(el);

const payButton = '[aria-describedby="pay-status"]';

/** Types into a field the way a person does: focus, keystrokes, then leave. */
async function type(el: CheckoutEmbedded, id: string, value: string) {
  // Keys go where focus is: into the card frame only once it has arrived there.
  await focusForKeys($(el, `#${id}`)!);
  await sendKeys({ type: value });
}

/** Picks a country in an address's combobox the way a keyboard user does. */
async function chooseCountry(el: CheckoutEmbedded, type: 'billing' | 'shipping', name: string) {
  const selector = `checkout-address[type="${type}"] >>> checkout-country-combobox >>> input`;
  // The address form loads once the session asks for it.
  await waitUntil(() => $(el, selector), `no ${type} address form`);
  const input = $(el, selector)!;
  input.focus();
  input.select();
  await sendKeys({ type: name });
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
}

async function fillCard(
  el: CheckoutEmbedded,
  card: { number?: string; expiry?: string; cvc?: string; name?: string; email?: string } = {},
) {
  await type(el, 'email', card.email ?? 'ada@example.com');
  await type(el, 'number', card.number ?? '4242424242424242');
  await type(el, 'expiry', card.expiry ?? '1230');
  await type(el, 'cvc', card.cvc ?? '123');
  await type(el, 'name', card.name ?? 'Ada Lovelace');
}

/** Clicks pay and waits for the whole confirm, challenge included, to finish; returns its result. */
function pay(el: CheckoutEmbedded): Promise<unknown> {
  return confirmed(el, () => $<HTMLButtonElement>(el, payButton)!.click());
}

/** Clicks pay and waits only until the challenge dialog opens. */
async function payIntoChallenge(el: CheckoutEmbedded) {
  $<HTMLButtonElement>(el, payButton)!.click();
  await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')?.open, 'challenge did not open', {
    timeout: 8000,
  });
}

describe('<checkout-embedded>', () => {
  describe('loading and rendering', () => {
    it('shows a loading state, then the order with amounts formatted in its currency', async () => {
      const { client_secret } = await createSession({
        lineItems: [
          { product: 'Notebook', unit_amount: 1250, quantity: 2 },
          { product: 'Pen', unit_amount: 300 },
        ],
      });
      const el = await fixture<CheckoutEmbedded>(
        html`<checkout-embedded locale="en-US"></checkout-embedded>`,
      );
      el.clientSecret = client_secret;
      await el.updateComplete;
      expect($(el, '[role="status"]')?.textContent).to.contain('Loading checkout');
      await oneEvent(el, 'checkout-ready');
      await el.updateComplete;
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
      expect(text(el)).to.contain('Test mode');
    });

    it('formats zero- and three-decimal currencies with their own minor units', async () => {
      const jpy = await mount({
        lineItems: [{ product: 'Tea', unit_amount: 1500, currency: 'jpy', quantity: 2 }],
      });
      jpy.el.locale = 'en-US';
      await jpy.el.updateComplete;
      expect($(jpy.el, payButton)!.textContent!.trim()).to.equal('Pay ¥3,000');
      const kwd = await mount({
        lineItems: [{ product: 'Tea', unit_amount: 1234, currency: 'kwd' }],
      });
      kwd.el.locale = 'en-US';
      await kwd.el.updateComplete;
      expect($(kwd.el, payButton)!.textContent!.trim()).to.equal('Pay KWD\u00a01.234');
    });

    it('renders an untrusted product name as text and runs nothing', async () => {
      (window as any).__xss = false;
      const name = '<img src=x onerror="window.__xss=true">';
      const { el } = await mount({ lineItems: [{ product: name, unit_amount: 500 }] });
      await aTimeout(50);
      expect($(el, '[part="line-item"] .name')!.textContent).to.equal(name);
      expect($(el, '[part="line-item"] img')).to.equal(null);
      expect((window as any).__xss).to.equal(false);
    });

    it('draws its amounts as the endpoint formatted them, starting no Intl number format', async () => {
      // A currency no other test shows, so no formatter of an earlier test is cached for it.
      const { client_secret } = await createSession({
        lineItems: [{ product: 'Kettle', unit_amount: 123_456, quantity: 2, currency: 'dkk' }],
      });
      const { el, session } = await drawnWithoutNumberFormats(
        () => fixture<CheckoutEmbedded>(html`<checkout-embedded></checkout-embedded>`),
        client_secret,
      );
      const { locale, amounts } = session.formatted_amounts!;
      expect(locale).to.equal(navigator.language);
      expect(text(el)).to.contain(amounts[String(session.amount_total)]!.replace(/\s/g, ' '));
      expect(amounts[String(session.amount_total)]).to.equal(
        new Intl.NumberFormat(locale, { style: 'currency', currency: 'DKK' }).format(
          session.amount_total / 100,
        ),
        "the endpoint's ICU formats as Chromium's",
      );
    });

    it('asks for its amounts in the locale it was given, so it starts no Intl number format', async () => {
      // A currency and locale no other test shows, so no formatter of an earlier test is cached.
      const { client_secret } = await createSession({
        lineItems: [{ product: 'Kettle', unit_amount: 45_678, currency: 'nok' }],
      });
      const { el, session } = await drawnWithoutNumberFormats(
        () =>
          fixture<CheckoutEmbedded>(html`<checkout-embedded locale="de-AT"></checkout-embedded>`),
        client_secret,
        'first render',
      );
      expect(navigator.language).not.to.match(/^de/);
      const { locale, amounts } = session.formatted_amounts!;
      expect(locale).to.equal('de-AT');
      const total = amounts[String(session.amount_total)]!;
      expect(total).to.equal(
        new Intl.NumberFormat('de-AT', { style: 'currency', currency: 'NOK' }).format(456.78),
      );
      expect(text(el)).to.contain(total.replace(/\s/g, ' '));
      const reads = performance
        .getEntriesByType('resource')
        .filter((entry) => entry.name.includes('/v1/client/session'));
      expect(
        reads.some((entry) => entry.name.endsWith('/v1/client/session?locale=de-AT')),
      ).to.equal(true);
    });

    it('prefills the email the merchant gave', async () => {
      const { el } = await mount({ customer_email: 'known@example.com' });
      expect($(el, '#email')!.value).to.equal('known@example.com');
    });

    it('calls fetchClientSecret once and loads its session', async () => {
      const { client_secret } = await createSession();
      let calls = 0;
      const el = document.createElement('checkout-embedded');
      el.fetchClientSecret = async () => {
        calls++;
        return client_secret;
      };
      const ready = oneEvent(el, 'checkout-ready');
      document.body.append(el);
      await ready;
      el.remove();
      document.body.append(el);
      await el.updateComplete;
      await aTimeout(50);
      expect(calls).to.equal(1);
      el.remove();
    });

    it('shows a clear failure and fires checkout-error for an unknown client secret', async () => {
      const el = await fixture<CheckoutEmbedded>(html`<checkout-embedded></checkout-embedded>`);
      const failed = oneEvent(el, 'checkout-error');
      el.clientSecret = 'cs_test_nope_secret_nope';
      const event = await failed;
      await el.updateComplete;
      expect(event.detail.error.code).to.equal('client_secret_invalid');
      expect(JSON.stringify(event.detail)).not.to.contain('cs_test_nope_secret_nope');
      expect($(el, '[role="alert"]')!.textContent).to.contain('This checkout link is not valid');
      await expectAccessible(el);
    });
  });

  describe('the card frame, started with the session', () => {
    /** Navigations of the card frame's document this page has made so far. */
    const frameLoads = () =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname === '/frames/card').length;

    it('the markup starts it before the element upgrades; the form adopts that frame, loaded once', async () => {
      const { client_secret } = await createSession();
      const before = frameLoads();
      const el = document.createElement('checkout-embedded') as CheckoutEmbedded;
      el.setAttribute('client-secret', client_secret);
      document.body.append(el);
      try {
        // As the script-tag entry does first thing, before the element's first update.
        // (Frames are compared by identity, not handed to expect: a failure would serialise one.)
        startEmbeddedCardFrames();
        const started = el.querySelector<HTMLIFrameElement>(':scope > iframe');
        expect(started !== null, 'a frame before the session').to.equal(true);
        expect(started!.slot).to.equal('card-frame');
        expect(new URL(started!.src).pathname).to.equal('/frames/card');
        await el.updateComplete;
        expect($(el, '[role="status"]')?.textContent).to.contain('Loading checkout');
        await oneEvent(el, 'checkout-ready');
        await cardFrameReady(el);
        expect(el.querySelectorAll('iframe').length).to.equal(1);
        expect(el.querySelector('iframe') === started, 'the form took that frame').to.equal(true);
        expect(started!.classList.contains('checkout-card-frame')).to.equal(true);
        await waitUntil(() => frameLoads() > before, 'no frame load recorded');
        expect(frameLoads() - before, 'the frame document loaded once').to.equal(1);
      } finally {
        el.remove();
      }
    });

    it('a script-made element starts it at its first update, while loading', async () => {
      const { client_secret } = await createSession();
      const el = await fixture<CheckoutEmbedded>(html`<checkout-embedded></checkout-embedded>`);
      el.clientSecret = client_secret;
      await el.updateComplete;
      const started = el.querySelector(':scope > iframe[slot="card-frame"]');
      expect(started !== null, 'a frame while loading').to.equal(true);
      await oneEvent(el, 'checkout-ready');
      await cardFrameReady(el);
      expect(el.querySelector('iframe') === started, 'the form took that frame').to.equal(true);
    });

    it("an endpoint given as a path on the page's origin loads the form and its card frame", async () => {
      const { client_secret } = await createSession();
      const el = await fixture<CheckoutEmbedded>(html`<checkout-embedded></checkout-embedded>`);
      const failures = recordEvents(el);
      el.endpoint = '/';
      el.clientSecret = client_secret;
      await oneEvent(el, 'checkout-ready');
      await cardFrameReady(el);
      const frame = el.querySelector<HTMLIFrameElement>('iframe');
      expect(frame !== null, 'a card frame').to.equal(true);
      expect(new URL(frame!.src).href).to.equal(new URL('/frames/card', location.href).href);
      expect(failures.count('checkout-error')).to.equal(0);
    });

    it('an endpoint that is not a URL starts nothing and throws nothing', () => {
      const anchor = document.createElement('div');
      document.body.append(anchor);
      try {
        startCardFrame(anchor, 'http://[');
        expect(anchor.children.length).to.equal(0);
      } finally {
        anchor.remove();
      }
    });

    it('a session that fails to load leaves no frame behind', async () => {
      const el = await fixture<CheckoutEmbedded>(html`<checkout-embedded></checkout-embedded>`);
      el.clientSecret = 'cs_test_nope_secret_nope';
      await el.updateComplete;
      expect(el.querySelectorAll('iframe').length, 'started while loading').to.equal(1);
      await oneEvent(el, 'checkout-error');
      await el.updateComplete;
      expect(el.querySelectorAll('iframe').length, 'no frame left').to.equal(0);
    });
  });

  describe('accessibility', () => {
    it('labels every input and gives it the standard autocomplete token', async () => {
      const { el } = await mount({ billing_address_collection: 'required' });
      await chooseCountry(el, 'billing', 'United Kingdom');
      const expected: Record<string, string> = {
        email: 'email',
        number: 'cc-number',
        expiry: 'cc-exp',
        cvc: 'cc-csc',
        name: 'cc-name',
        'billing-line1': 'address-line1',
        'billing-line2': 'address-line2',
        'billing-city': 'address-level2',
        'billing-postal': 'postal-code',
      };
      for (const [id, token] of Object.entries(expected)) {
        const input = $(el, `#${id}`)!;
        expect(input.getAttribute('autocomplete'), id).to.equal(token);
        const label = $(el, `label[for="${id}"]`);
        expect(label?.textContent?.trim(), id).to.be.a('string').and.not.equal('');
      }
      const country = $(el, 'checkout-country-combobox >>> input')!;
      expect(country.getAttribute('autocomplete')).to.equal('country');
      expect(country.labels?.[0]?.textContent?.trim()).to.equal('Country or region');
      await expectAccessible(el);
    });

    it('has no axe violations while open, with errors, in the challenge, and when complete', async () => {
      const { el } = await mount();
      await expectAccessible(el);
      $<HTMLButtonElement>(el, payButton)!.click();
      // Checked once the attempt has ended: its problems shown, the pay button enabled
      // again (a check while the frame still validated read the button fading back).
      await waitUntil(
        () => $(el, '[part="error-summary"]') && !$<HTMLButtonElement>(el, payButton)!.disabled,
        'the pay attempt did not end',
      );
      await expectAccessible(el);
      await fillCard(el, { number: '4000002500003155' });
      await payIntoChallenge(el);
      await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')?.open, 'challenge did not open');
      await expectAccessible(el);
      $<HTMLButtonElement>(el, 'dialog .primary')!.click();
      await waitUntil(() => text(el).includes('Payment successful'));
      await expectAccessible(el);
    });
  });

  describe('validation', () => {
    it('checks a field when it loses focus and puts the message beside it', async () => {
      const { el } = await mount();
      await type(el, 'number', '4242 4242 4242 4241');
      $(el, '#email')!.focus();
      await el.updateComplete;
      const input = $(el, '#number')!;
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.contain('number-error');
      expect($(el, '#number-error')!.textContent).to.equal('Your card number is invalid');
      await type(el, 'number', '4242424242424242');
      await el.updateComplete;
      expect($(el, '#number-error')).to.equal(null);
    });

    it('on a failed submit lists the problems, focuses the first invalid field and sends nothing', async () => {
      const { el, count } = await mount();
      await type(el, 'email', 'ada@example.com');
      await type(el, 'number', '4242');
      const confirms: string[] = [];
      const frame = cardFrameWindow(el);
      const realFetch = frame.fetch;
      frame.fetch = (input, init) => {
        if (String(input).endsWith('/confirm')) confirms.push(String(input));
        return realFetch(input, init);
      };
      try {
        await pay(el);
      } finally {
        frame.fetch = realFetch;
      }
      const summary = $(el, '[part="error-summary"]')!;
      expect(summary.closest('[role="alert"]')).to.not.equal(null);
      expect([...summary.querySelectorAll('li')].map((li) => li.textContent)).to.deep.equal([
        'Your card number is incomplete',
        "Enter your card's expiry date",
        "Enter your card's security code",
        'Enter the name on your card',
      ]);
      await waitUntil(() => deepActive()?.id === 'number', 'focus is not on the card number');
      expect(confirms).to.deep.equal([]);
      expect(count('checkout-success') + count('checkout-error')).to.equal(0);
    });

    it('passing through empty fields says nothing; a pay attempt names each one', async () => {
      const { el } = await mount();
      const fields = ['email', 'number', 'expiry', 'cvc', 'name'];
      for (const id of [...fields, 'email']) {
        $(el, `#${id}`)!.focus();
        await settle(el);
      }
      const shown = () => fields.filter((id) => $(el, `#${id}-error`)?.textContent?.trim());
      expect(shown()).to.deep.equal([]);
      expect($(el, '#email')!.getAttribute('aria-invalid')).to.equal('false');
      await pay(el);
      await waitUntil(() => shown().length === fields.length, `shown: ${shown()}`);
    });

    it('rejects an expiry in the past and an email without a domain', async () => {
      const { el } = await mount();
      await fillCard(el, { expiry: '0120', email: 'ada@' });
      await pay(el);
      expect($(el, '#expiry-error')!.textContent).to.equal(
        "Your card's expiry date is in the past",
      );
      expect($(el, '#email-error')!.textContent).to.equal(
        'Enter an email address like name@example.com',
      );
    });

    it('shows the brand, groups digits by brand and asks American Express for 4 digits', async () => {
      const { el } = await mount();
      await type(el, 'number', '378282246310005');
      await el.updateComplete;
      expect($(el, '#number')!.value).to.equal('3782 822463 10005');
      expect($(el, '#number-brand')!.textContent).to.equal('American Express');
      expect($(el, '#cvc')!.getAttribute('maxlength')).to.equal('4');
      await type(el, 'number', '5555555555554444');
      await el.updateComplete;
      expect($(el, '#number')!.value).to.equal('5555 5555 5555 4444');
      expect($(el, '#number-brand')!.textContent).to.equal('Mastercard');
    });

    it('asks for the billing address when the session requires one', async () => {
      const { el, id } = await mount({ billing_address_collection: 'required' });
      await fillCard(el);
      await pay(el);
      const summary = $(el, '[part="error-summary"]')!;
      // The country is preselected from the locale's region (en-US); the rest is asked for.
      expect(summary.textContent).to.not.contain('Choose your country or region');
      expect(summary.textContent).to.contain('Enter the first line of your address');
      expect(summary.textContent).to.contain('Enter your town or city');
      await chooseCountry(el, 'billing', 'United Kingdom');
      await type(el, 'billing-line1', '10 Downing Street');
      await type(el, 'billing-city', 'London');
      await type(el, 'billing-postal', 'sw1a 2aa');
      await pay(el);
      await waitUntil(() => text(el).includes('Payment successful'));
      const session = await retrieveSession(id);
      expect((session.customer_details as any).address).to.include({
        country: 'GB',
        line1: '10 Downing Street',
        city: 'London',
        postal_code: 'SW1A 2AA',
      });
    });
  });

  describe('paying', () => {
    for (const [number, cvc] of [
      ['4242424242424242', '123'],
      ['5555555555554444', '123'],
      ['378282246310005', '1234'],
    ]) {
      it(`pays with ${number}: success state and exactly one checkout-success`, async () => {
        const { el, id, count, events } = await mount();
        await fillCard(el, { number, cvc });
        await pay(el);
        await waitUntil(() => text(el).includes('Payment successful'));
        expect(text(el)).to.contain(`ending in ${number.slice(-4)}`);
        expect(count('checkout-success')).to.equal(1);
        expect(count('checkout-ready')).to.equal(1);
        expect(count('checkout-error')).to.equal(0);
        const success = events.find((event) => event.type === 'checkout-success')!;
        expect(success.bubbles && success.composed && success.cancelable).to.equal(true);
        expect(JSON.stringify(events.map((event) => event.detail))).not.to.contain(number);
        const session = await retrieveSession(id);
        expect(session.status).to.equal('complete');
        expect(session.payment_status).to.equal('paid');
      });
    }

    for (const [number, message] of [
      ['4000000000000002', 'Your card was declined. Try a different card.'],
      ['4000000000009995', 'Your card has insufficient funds. Try a different card.'],
      ['4000000000000069', 'Your card has expired. Try a different card.'],
      ['4000000000000119', 'An error occurred while processing your card. Try again in a moment.'],
    ]) {
      it(`shows the decline of ${number} and stays usable`, async () => {
        const { el, count } = await mount();
        await fillCard(el, { number });
        await pay(el);
        expect($(el, '.form-error')!.textContent).to.equal(message);
        expect($(el, '.form-error')!.closest('[role="alert"]')).to.not.equal(null);
        expect(count('checkout-error')).to.equal(1);
        expect(count('checkout-success')).to.equal(0);
        await type(el, 'number', '4242424242424242');
        await pay(el);
        await waitUntil(() => text(el).includes('Payment successful'));
        expect(count('checkout-success')).to.equal(1);
      });
    }

    it('puts an incorrect CVC decline beside the CVC field and focuses it', async () => {
      const { el } = await mount();
      await fillCard(el, { number: '4000000000000127' });
      await pay(el);
      await waitUntil(() => $(el, '#cvc-error'), 'no message by the security code');
      expect($(el, '#cvc-error')!.textContent).to.equal("Your card's security code is incorrect");
      await waitUntil(() => deepActive()?.id === 'cvc', 'focus is not on the security code');
    });

    it('disables the button while confirming and sends one request', async () => {
      const { el, count } = await mount();
      await fillCard(el);
      const button = $<HTMLButtonElement>(el, payButton)!;
      button.click();
      await settle(el);
      expect(button.disabled).to.equal(true);
      expect(button.textContent!.trim()).to.equal('Processing…');
      button.click();
      $<HTMLButtonElement>(el, payButton)!.click();
      await waitUntil(() => text(el).includes('Payment successful'));
      expect(count('checkout-success')).to.equal(1);
    });

    it('retries a payment whose answer was lost with the same Idempotency-Key, paying once', async () => {
      const { el, count } = await mount();
      const keys: string[] = [];
      const replayed: Array<string | null> = [];
      const frame = cardFrameWindow(el);
      const realFetch = frame.fetch;
      frame.fetch = async (input, init) => {
        const response = await realFetch(input, init);
        if (String(input).endsWith('/v1/client/session/confirm')) {
          keys.push(new Headers(init?.headers).get('Idempotency-Key')!);
          replayed.push(response.headers.get('Idempotent-Replayed'));
          // The first answer is lost on the way back, after the endpoint charged.
          if (keys.length === 1) throw new TypeError('Failed to fetch');
        }
        return response;
      };
      try {
        await fillCard(el);
        await pay(el);
        expect($(el, '.form-error')!.textContent).to.equal(
          'We could not reach the payment service. Check your connection and try again.',
        );
        await pay(el);
        await waitUntil(() => text(el).includes('Payment successful'));
      } finally {
        frame.fetch = realFetch;
      }
      expect(keys).to.have.length(2);
      expect(keys[1]).to.equal(keys[0]);
      expect(replayed).to.deep.equal([null, 'true']);
      expect(count('checkout-success')).to.equal(1);
    });

    it('a new attempt after a decline gets a new Idempotency-Key', async () => {
      const { el } = await mount();
      const keys: string[] = [];
      const frame = cardFrameWindow(el);
      const realFetch = frame.fetch;
      frame.fetch = async (input, init) => {
        if (String(input).endsWith('/confirm'))
          keys.push(new Headers(init?.headers).get('Idempotency-Key')!);
        return realFetch(input, init);
      };
      try {
        await fillCard(el, { number: '4000000000000002' });
        await pay(el);
        await pay(el);
      } finally {
        frame.fetch = realFetch;
      }
      expect(keys).to.have.length(2);
      expect(keys[1]).not.to.equal(keys[0]);
    });

    it('approves the authentication challenge in an accessible dialog', async () => {
      const { el, count } = await mount();
      await fillCard(el, { number: '4000002500003155' });
      await payIntoChallenge(el);
      const dialog = $<HTMLDialogElement>(el, 'dialog')!;
      await waitUntil(() => dialog.open, 'challenge did not open');
      expect(dialog.getAttribute('aria-labelledby')).to.equal('challenge-title');
      // Its words come with its lazily loaded chunk.
      expect(dialog.querySelector('#challenge-title')!.textContent).to.equal(
        'Confirm your payment',
      );
      expect(dialog.querySelector('#challenge-body')!.textContent).to.match(/payment of \$\d/);
      expect($<HTMLButtonElement>(el, 'dialog .primary')!.textContent).to.equal(
        'Complete authentication',
      );
      expect(count('checkout-success')).to.equal(0);
      $<HTMLButtonElement>(el, 'dialog .primary')!.click();
      await waitUntil(() => text(el).includes('Payment successful'));
      expect(count('checkout-success')).to.equal(1);
    });

    it('failing the challenge shows why and lets the customer pay another way', async () => {
      const { el, count } = await mount();
      await fillCard(el, { number: '4000002500003155' });
      await payIntoChallenge(el);
      await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')?.open);
      $<HTMLButtonElement>(el, 'dialog .secondary')!.click();
      await waitUntil(() => !$<HTMLDialogElement>(el, 'dialog')?.open);
      await waitUntil(() => $(el, '.form-error') !== null);
      expect($(el, '.form-error')!.textContent).to.contain(
        'We could not authenticate your payment',
      );
      expect(count('checkout-error')).to.equal(1);
      await type(el, 'number', '4242424242424242');
      await pay(el);
      await waitUntil(() => text(el).includes('Payment successful'));
      expect(count('checkout-success')).to.equal(1);
    });

    it('Escape in the challenge fails it rather than leaving the customer waiting', async () => {
      const { el } = await mount();
      await fillCard(el, { number: '4000002500003155' });
      await payIntoChallenge(el);
      await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')?.open);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => $(el, '.form-error') !== null);
      expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(false);
    });

    it('after a decline, or a challenge closed with Escape, focus is back on the pay button', async () => {
      const active = () => deepActive();
      const button = () => $<HTMLButtonElement>(el, payButton)!;
      const { el } = await mount();
      await fillCard(el, { number: '4000000000000002' });
      button().focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => $(el, '.form-error') !== null, 'no decline shown');
      await waitUntil(() => active() === button(), `focus is on ${active()?.outerHTML}`);

      await type(el, 'number', '4000002500003155');
      button().focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => $<HTMLDialogElement>(el, 'dialog')?.open, 'challenge did not open', {
        timeout: 8000,
      });
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !$<HTMLDialogElement>(el, 'dialog')?.open);
      await waitUntil(() => active() === button(), `focus is on ${active()?.outerHTML}`);
    });

    it('pays using only the keyboard', async () => {
      const { el, count } = await mount();
      $(el, '#email')!.focus();
      await sendKeys({ type: 'ada@example.com' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: '4242424242424242' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: '1230' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: '123' });
      // The security code's help button comes next; it is reachable, so step past it.
      await sendKeys({ press: 'Tab' });
      expect(deepActive()?.getAttribute('aria-describedby')).to.be.a('string');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: 'Ada Lovelace' });
      await sendKeys({ press: 'Tab' });
      expect(deepActive()?.getAttribute('aria-describedby')).to.equal('pay-status');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => text(el).includes('Payment successful'), 'keyboard payment failed', {
        timeout: 8000,
      });
      expect(count('checkout-success')).to.equal(1);
    });
  });

  describe('terminal events', () => {
    it('offers no cancel when the session has nowhere to return to', async () => {
      const { el } = await mount();
      expect($(el, 'checkout-cancel-button')).to.equal(null);
      expect(text(el)).to.not.contain('Cancel and return');
    });

    it('a listener that calls preventDefault keeps the page where it is', async () => {
      const { el } = await mount({ success_url: 'https://shop.example/thanks' });
      el.addEventListener('checkout-success', (event) => event.preventDefault());
      const before = window.location.href;
      await fillCard(el);
      const typed = ['email', 'number', 'expiry', 'cvc', 'name'].map(
        (id) => $(el, `#${id}`)!.value,
      );
      const result = await pay(el);
      expect(result, `${JSON.stringify(result)} typed ${JSON.stringify(typed)}`).to.have.property(
        'type',
        'success',
      );
      await waitUntil(() => text(el).includes('Payment successful'), text(el));
      await aTimeout(100);
      expect(window.location.href).to.equal(before);
    });

    it('an expired session shows the expired state and fires checkout-expired once', async () => {
      const { el, count } = await mount({}, expireSession);
      // The outcome panel loads beside the script once a session has ended.
      await waitUntil(() => text(el).includes('This checkout has expired'), text(el));
      expect(count('checkout-expired')).to.equal(1);
      expect(count('checkout-success') + count('checkout-cancel')).to.equal(0);
      expect($(el, 'checkout-card')).to.equal(null);
      await expectAccessible(el);
    });

    it('a session expired while the form is open fires checkout-expired at the next attempt', async () => {
      const { el, id, count } = await mount();
      await fillCard(el);
      await expireSession(id);
      await pay(el);
      await waitUntil(() => $(el, '.status-expired') !== null, 'no expired panel');
      expect($(el, '.status-expired h2')!.textContent).to.equal('This checkout has expired');
      expect(count('checkout-expired')).to.equal(1);
    });

    it('cancel ends the session with one checkout-cancel, once the customer confirms', async () => {
      const { el, id, count } = await mount({ cancel_url: 'https://shop.example/cart' });
      el.addEventListener('checkout-cancel', (event) => event.preventDefault());
      const cancel = () => $<HTMLButtonElement>(el, 'checkout-cancel-button >>> [part="button"]')!;
      const keep = () =>
        $<HTMLButtonElement>(el, 'checkout-cancel-button >>> [part="keep-button"]');
      // The first click only asks; focus goes to the answer that keeps the checkout.
      cancel().click();
      await waitUntil(() => keep(), 'no confirmation');
      expect(text(el)).to.contain('Cancel this checkout? You have not been charged.');
      expect(deepActive()).to.equal(keep());
      await expectAccessible(el);
      // Escape keeps it, and focus returns to the cancel button.
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !keep(), 'the confirmation stayed open');
      expect(deepActive()).to.equal(cancel());
      expect(count('checkout-cancel')).to.equal(0);
      expect((await retrieveSession(id)).status).to.equal('open');
      // Asked again and confirmed, it cancels.
      cancel().click();
      await waitUntil(() => keep(), 'no confirmation');
      cancel().click();
      await waitUntil(() => text(el).includes('Checkout canceled'));
      expect(count('checkout-cancel')).to.equal(1);
      expect((await retrieveSession(id)).status).to.equal('expired');
      await expectAccessible(el);
    });
  });
});
