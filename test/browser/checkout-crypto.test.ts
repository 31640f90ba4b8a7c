import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type {
  CheckoutEmbedded,
  CheckoutEventName,
  CheckoutProvider,
  ClientSession,
  CryptoAsset,
} from '../../src/index.js';
import { browserSuiteCryptoQuoteSeconds, browserSuiteSecretKey } from '../support/browser-suite.js';
import {
  countRequests,
  createSession,
  deep,
  deepActive,
  deepAll,
  deepText,
  expectAccessible,
  merchant,
  moduleRequested,
  mountInProvider,
  recordEvents,
  settle,
  settledNetwork,
  waitUntil,
} from './helpers.js';

/**
 * `<checkout-crypto>` and the sessions of every seed as `<checkout-line-items>`
 * shows them, in Chromium, against the real endpoint handler. Quotes hold for
 * `browserSuiteCryptoQuoteSeconds` and a simulated transfer confirms after 1 s
 * (the browser endpoint's settings), so expiry and confirmation run on a real
 * clock.
 */

/** Where a paid test session returns to: this page, with a fragment, so the redirect can be seen. */
const returnUrl = (label: string) =>
  `${location.origin}${location.pathname}${location.search}#${label}`;

interface CryptoSession {
  id: string;
  client_secret: string;
}

/** Creates a seed-002 crypto checkout through the merchant API (Bearer), as a merchant's server would. */
async function createCryptoSession(
  allowedAssets: CryptoAsset[] = ['ETH', 'USDC'],
  fields: Record<string, unknown> = {},
): Promise<CryptoSession> {
  const response = await fetch('/api/v1/checkout', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${browserSuiteSecretKey}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      amount: 100,
      currency: 'USD',
      successUrl: 'https://shop.example/thanks',
      cancelUrl: 'https://shop.example/cart',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      metadata: { order: '42' },
      productId: 'prod_hoodie',
      productName: 'Hoodie',
      productDescription: 'Heavyweight cotton',
      allowedAssets,
      ...fields,
    }),
  });
  if (!response.ok) throw new Error(`create crypto: ${response.status} ${await response.text()}`);
  return response.json();
}

interface Mounted {
  root: HTMLElement;
  provider: CheckoutProvider;
  id: string;
  events: CustomEvent[];
  count(name: CheckoutEventName): number;
}

async function mount(
  allowedAssets?: CryptoAsset[],
  fields?: Record<string, unknown>,
): Promise<Mounted> {
  const { id, client_secret } = await createCryptoSession(allowedAssets, fields);
  const root = await fixture<HTMLElement>(html`<div>
    <button type="button" id="before">Before the checkout</button>
    <checkout-provider locale="en-US">
      <checkout-messages></checkout-messages>
      <checkout-line-items></checkout-line-items>
      <checkout-totals></checkout-totals>
      <checkout-crypto></checkout-crypto>
      <checkout-cancel-button></checkout-cancel-button>
    </checkout-provider>
  </div>`);
  const provider = root.querySelector('checkout-provider')!;
  const { events, count } = recordEvents(root, (event) => {
    // Stay on the test page; the redirect itself is checked on its own.
    if (event.type === 'checkout-success' && !fields?.['successUrl']) event.preventDefault();
  });
  const ready = oneEvent(provider, 'checkout-ready');
  provider.clientSecret = client_secret;
  await ready;
  // The view is its own module, fetched once a crypto session is shown.
  await waitUntil(() => deep(root, 'checkout-crypto >>> [part="status"]'), 'no crypto view');
  await settle(root);
  return {
    root,
    provider,
    id,
    events,
    count,
  };
}

const $ = <T extends Element = HTMLElement>(root: Element, selector: string) =>
  deep<T>(root, `checkout-crypto >>> ${selector}`);

const radios = (root: Element) => deepAll<HTMLInputElement>(root, 'input[name="crypto-asset"]');

/**
 * The page's fetches of one of the element's modules, once each has finished.
 * Modules load once per page: the first test that shows a crypto session
 * checks the view's.
 */
const moduleRequests = (name: string) =>
  performance
    .getEntriesByType('resource')
    .filter((entry) => new RegExp(`/checkout-crypto/${name}\\.[jt]s\\b`).test(entry.name));

/** The dark modules an SVG path of `M x y h w v1 h-w z` rows covers, as `x,y`. */
function drawnModules(path: string): string[] {
  const cells: string[] = [];
  for (const [, x, y, width] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let i = 0; i < Number(width); i++) cells.push(`${Number(x) + i},${y}`);
  }
  return cells;
}

/** The dark modules of the endpoint's encoding, as `x,y`. */
function encodedModules({ size, modules }: { size: number; modules: string }): string[] {
  const bytes = Uint8Array.from(atob(modules), (char) => char.charCodeAt(0));
  const cells: string[] = [];
  for (let index = 0; index < size * size; index++) {
    if ((bytes[index >> 3]! >> (7 - (index & 7))) & 1)
      cells.push(`${index % size},${Math.floor(index / size)}`);
  }
  return cells;
}

/** Clicks an asset and waits until its quote is on screen. */
async function choose(root: Element, asset: CryptoAsset): Promise<void> {
  radios(root)
    .find((radio) => radio.value === asset)!
    .click();
  await waitUntil(
    () => $(root, '[part="amount"]')?.textContent?.endsWith(` ${asset}`),
    `no ${asset} quote`,
  );
  await settle(root);
}

const quoteOf = (provider: CheckoutProvider) => provider.session!.crypto!.quote!;

describe('<checkout-crypto>', () => {
  describe('loading', () => {
    // First in the file: every later test shows a crypto session, which loads the view.
    it('fetches its view for a crypto session only, and shows nothing for the others', async () => {
      const card = await mountInProvider(html`<checkout-crypto></checkout-crypto>`, {
        ui_mode: 'custom',
      });
      await settle(card.root);
      expect(card.root.querySelector('checkout-crypto')!.shadowRoot!.childElementCount).to.equal(0);
      await settledNetwork();
      expect(
        moduleRequested('/src/elements/checkout-crypto/crypto-view.ts'),
        'view fetched for a card session',
      ).to.equal(false);

      // Should a fetch for the card session still finish later, it started before this.
      const cryptoShownAt = performance.now();
      const { root } = await mount(['ETH']);
      const views = moduleRequests('crypto-view');
      expect(views).to.have.length(1);
      expect(views[0]!.startTime, 'view fetched for a card session').to.be.at.least(cryptoShownAt);
      expect(radios(root).map((radio) => radio.value)).to.deep.equal(['ETH']);
    });
  });

  describe('asset choice', () => {
    it('offers exactly the allowed assets, as a radio group with a visible legend', async () => {
      const { root } = await mount(['USDC', 'ETH']);
      expect(radios(root).map((radio) => radio.value)).to.deep.equal(['USDC', 'ETH']);
      expect(radios(root).map((radio) => radio.labels![0]!.textContent!.trim())).to.deep.equal([
        'USD Coin (USDC)',
        'Ether (ETH)',
      ]);
      expect(radios(root).every((radio) => !radio.checked)).to.equal(true);
      const legend = $(root, 'fieldset > legend')!;
      expect(legend.textContent).to.equal('Pay with cryptocurrency');
      expect(legend.getBoundingClientRect().height).to.be.above(0);
      // Nothing to send until an asset is chosen.
      expect($(root, '[part="quote"]')).to.equal(null);

      const only = await mount(['USDT']);
      expect(radios(only.root).map((radio) => radio.value)).to.deep.equal(['USDT']);
    });

    it("shows amount, rate, address, countdown and a QR code drawn from the endpoint's modules", async () => {
      const { root, provider } = await mount();
      await settle(root);

      await choose(root, 'ETH');
      const quote = quoteOf(provider);
      expect($(root, '[part="amount"]')!.textContent).to.equal('0.04000000 ETH');
      expect(deepText($(root, 'dl')!)).to.equal('Rate 1 ETH = $2,500.00 Network Ethereum');
      expect($(root, '[part="address"]')!.textContent).to.equal(quote.address);
      expect(quote.address).to.match(/^0x[0-9a-f]{40}$/);
      expect($(root, '[part="countdown"]')!.textContent).to.match(
        /^This amount holds for 0:0[0-9]$/,
      );

      const qr = $<SVGSVGElement>(root, 'svg[part="qr"]')!;
      expect(qr.getAttribute('role')).to.equal('img');
      expect(qr.getAttribute('aria-label')).to.equal(
        'QR code to send 0.04000000 ETH to the deposit address',
      );
      // A version-n code is 4n + 17 modules wide, plus a quiet zone of 4 on each side.
      const side = Number(qr.getAttribute('viewBox')!.split(' ')[2]);
      expect((side - 8 - 17) % 4).to.equal(0);
      expect(side).to.equal(quote.qr.size + 8);
      const path = qr.querySelector('path')!.getAttribute('d')!;
      expect(path).to.match(/^(M\d+ \d+h\d+v1h-\d+z)+$/);
      // Every dark module the endpoint encoded, and no other (the endpoint's tests scan that code).
      expect(drawnModules(path)).to.deep.equal(encodedModules(quote.qr));
      expect(qr.getBoundingClientRect().width).to.equal(200);

      // Another asset, another quote and another code.
      const before = qr.querySelector('path')!.getAttribute('d');
      await choose(root, 'USDC');
      expect($(root, '[part="amount"]')!.textContent).to.equal('100.00 USDC');
      await waitUntil(() =>
        $(root, 'svg[part="qr"]')?.getAttribute('aria-label')?.includes('100.00 USDC'),
      );
      expect($(root, 'svg[part="qr"] path')!.getAttribute('d')).to.not.equal(before);
      expect(drawnModules($(root, 'svg[part="qr"] path')!.getAttribute('d')!)).to.deep.equal(
        encodedModules(quoteOf(provider).qr),
      );
      expect(provider.session!.crypto!.quote!.uri).to.contain(quoteOf(provider).address);
    });

    it('counts the quote down each second, on the clock', async () => {
      const { root, provider } = await mount();
      await choose(root, 'ETH');
      const countdown = $(root, '[part="countdown"]')!;
      const seconds = (text: string | null) => Number(/0:(\d\d)$/.exec(text ?? '')?.[1]);
      const left = () => quoteOf(provider).expires_at - Math.floor(Date.now() / 1000);
      const first = seconds(countdown.textContent);
      await waitUntil(
        () => seconds(countdown.textContent) !== first,
        'the countdown did not move',
        {
          timeout: 2500,
        },
      );
      // It went down, and shows the time left on the wall clock: a turn of the
      // second between the render and this line is the only lag allowed.
      const shown = seconds(countdown.textContent);
      expect(shown).to.be.below(first);
      expect(shown - left()).to.be.within(0, 1);
    });

    it('copies the address, or selects it when the clipboard is not available', async () => {
      const { root, provider } = await mount();
      await choose(root, 'ETH');
      const address = quoteOf(provider).address;
      const written: string[] = [];
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: { writeText: async (text: string) => void written.push(text) },
      });
      try {
        $<HTMLButtonElement>(root, '[part="copy"]')!.click();
        await waitUntil(() => deepText(root).includes('Address copied.'));
        expect(written).to.deep.equal([address]);
        expect($(root, '.address [role="status"]')!.textContent).to.equal('Address copied.');

        Object.defineProperty(navigator, 'clipboard', {
          configurable: true,
          value: {
            writeText: () => Promise.reject(new DOMException('Denied', 'NotAllowedError')),
          },
        });
        $<HTMLButtonElement>(root, '[part="copy"]')!.click();
        await waitUntil(() => deepText(root).includes('Address selected.'));
        const crypto = deep(root, 'checkout-crypto')!;
        const selection =
          (crypto.shadowRoot as ShadowRoot & { getSelection?: () => Selection | null })
            .getSelection?.()
            ?.toString() ?? '';
        expect(selection).to.equal(address);
      } finally {
        delete (navigator as unknown as Record<string, unknown>)['clipboard'];
        getSelection()?.removeAllRanges();
      }
    });

    it('renews an expired quote in the same asset and says the amount was updated', async function () {
      this.timeout((browserSuiteCryptoQuoteSeconds + 8) * 1000);
      const { root, provider, count } = await mount();
      await choose(root, 'ETH');
      const first = quoteOf(provider);
      const changes = count('checkout-change');
      expect(deepText($(root, '[part="status"]')!)).to.equal('');

      await waitUntil(
        () => provider.session!.crypto!.quote!.expires_at !== first.expires_at,
        'the quote was not renewed',
        { timeout: (browserSuiteCryptoQuoteSeconds + 4) * 1000, interval: 100 },
      );
      await settle(root);
      const renewed = quoteOf(provider);
      // Renewed once its time ran out, not before.
      expect(Date.now()).to.be.at.least(first.expires_at * 1000);
      expect(renewed.asset).to.equal('ETH');
      expect(renewed.expires_at).to.be.above(first.expires_at);
      expect(count('checkout-change')).to.equal(changes + 1);
      const status = $(root, '[part="status"]')!;
      expect(status.getAttribute('role')).to.equal('status');
      expect(deepText(status)).to.equal(
        'The previous amount expired, so it was updated. Send 0.04000000 ETH.',
      );
      expect($(root, '[part="countdown"]')!.textContent).to.match(/^This amount holds for 0:0\d$/);
      expect(radios(root).find((radio) => radio.checked)?.value).to.equal('ETH');

      // The customer's own choice starts afresh.
      await choose(root, 'USDC');
      expect(deepText($(root, '[part="status"]')!)).to.equal('');
    });
  });

  describe('paying', () => {
    it('simulates the transfer, waits for confirmation, fires checkout-success once and stops polling', async () => {
      const { root, provider, count, events } = await mount();
      await choose(root, 'USDC');
      const simulate = $<HTMLButtonElement>(root, '[part="simulate"]')!;
      expect(simulate.textContent!.trim()).to.equal('Simulate payment');
      expect(deepText(root)).to.contain('Test mode: no real cryptocurrency is sent.');
      simulate.click();

      await waitUntil(() => $(root, '[part="waiting"]'), 'no waiting state');
      const status = $(root, '[part="status"]')!;
      expect(status.getAttribute('role')).to.equal('status');
      expect(deepText(status)).to.match(/^Waiting for confirmation…/);
      expect(deepText(status)).to.contain(provider.session!.crypto!.transaction!);
      expect(provider.session!.crypto!.status).to.equal('confirming');
      // The button is gone, so focus moves to the state the customer waits in.
      expect(deepActive()).to.equal(status);
      expect($(root, 'fieldset')).to.equal(null);
      expect(count('checkout-success')).to.equal(0);

      await waitUntil(() => count('checkout-success') === 1, 'no checkout-success', {
        timeout: 5000,
        interval: 50,
      });
      const success = events.find((event) => event.type === 'checkout-success')!;
      const session = success.detail.session as ClientSession;
      expect(session.status).to.equal('complete');
      expect(session.crypto!.status).to.equal('confirmed');
      expect(session.payment!.brand).to.equal('USDC');

      // Complete: the kit stops asking, and fires nothing more.
      const polls = await countRequests('/v1/client/session', async () => {
        await new Promise((resolve) => setTimeout(resolve, 2500));
      });
      expect(polls).to.equal(0);
      expect(count('checkout-success')).to.equal(1);
      expect(count('checkout-expired') + count('checkout-cancel')).to.equal(0);
      await settle(root);
      expect(deepText($(root, '[part="status"]')!)).to.equal('Payment confirmed.');
    });

    it('returns to success_url after checkout-success, as card payments do', async () => {
      const label = `crypto-paid-${crypto.randomUUID().slice(0, 8)}`;
      const { root, count } = await mount(['ETH'], { successUrl: returnUrl(label) });
      try {
        await choose(root, 'ETH');
        $<HTMLButtonElement>(root, '[part="simulate"]')!.click();
        await waitUntil(() => count('checkout-success') === 1, 'no checkout-success', {
          timeout: 5000,
        });
        await waitUntil(() => location.hash === `#${label}`, 'did not return to success_url');
      } finally {
        history.replaceState(null, '', location.pathname + location.search);
      }
    });

    it('is operable by keyboard alone: choose, change, copy and pay', async () => {
      const { root, provider, count } = await mount(['ETH', 'USDC']);
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: { writeText: async () => {} },
      });
      try {
        root.querySelector<HTMLButtonElement>('#before')!.focus();
        await sendKeys({ press: 'Tab' });
        expect((deepActive() as HTMLInputElement).value).to.equal('ETH');
        await sendKeys({ press: 'Space' });
        await waitUntil(() => provider.session!.crypto!.quote?.asset === 'ETH', 'no ETH quote');
        await sendKeys({ press: 'ArrowDown' });
        await waitUntil(() => provider.session!.crypto!.quote?.asset === 'USDC', 'no USDC quote');
        await settle(root);
        expect((deepActive() as HTMLInputElement).value).to.equal('USDC');

        await sendKeys({ press: 'Tab' });
        expect(deepActive()).to.equal($(root, '[part="copy"]'));
        await sendKeys({ press: 'Enter' });
        await waitUntil(() => deepText(root).includes('Address copied.'));

        await sendKeys({ press: 'Tab' });
        expect(deepActive()).to.equal($(root, '[part="simulate"]'));
        await sendKeys({ press: 'Enter' });
        await waitUntil(() => count('checkout-success') === 1, 'no checkout-success', {
          timeout: 5000,
        });
      } finally {
        delete (navigator as unknown as Record<string, unknown>)['clipboard'];
      }
    });
  });

  describe('errors', () => {
    it('the actions resolve to typed errors and never throw', async () => {
      const { provider, count } = await mount(['ETH']);
      const notAllowed = await provider.selectCryptoAsset('USDT');
      expect(notAllowed.type === 'error' && notAllowed.error.code).to.equal('asset_not_allowed');
      expect(notAllowed.type === 'error' && notAllowed.error.message).to.equal(
        'This checkout does not accept that cryptocurrency',
      );
      const noQuote = await provider.simulateCryptoPayment();
      expect(noQuote.type === 'error' && noQuote.error.code).to.equal('quote_missing');
      expect(count('checkout-change')).to.equal(0);

      const quoted = await provider.selectCryptoAsset('ETH');
      expect(quoted.type === 'success' && quoted.session.crypto!.quote!.asset).to.equal('ETH');
      expect(count('checkout-change')).to.equal(1);

      // A card session has nothing to quote.
      const card = await createSession({ ui_mode: 'custom' });
      const other = await fixture<CheckoutProvider>(
        html`<checkout-provider locale="en-US"><checkout-crypto></checkout-crypto></checkout-provider>`,
      );
      const ready = oneEvent(other, 'checkout-ready');
      other.clientSecret = card.client_secret;
      await ready;
      await settle(other);
      expect(other.querySelector('checkout-crypto')!.shadowRoot!.childElementCount).to.equal(0);
      const refused = await other.selectCryptoAsset('ETH');
      expect(refused.type === 'error' && refused.error.code).to.equal('payment_method_not_allowed');
    });

    it('shows a refused choice beside the picker', async () => {
      const { root, id, count } = await mount();
      const expired = await fetch(`/api/v1/checkout/${id}/expire`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${browserSuiteSecretKey}` },
      });
      expect(expired.status).to.equal(201);
      radios(root)[0]!.click();
      await waitUntil(() => $(root, '#asset-error'), 'no error by the picker');
      expect($(root, '#asset-error')!.textContent).to.equal('This checkout has expired.');
      expect($(root, 'fieldset')!.getAttribute('aria-describedby')).to.equal('asset-error');
      // The kit reads the session again and ends it the one way it ended.
      await waitUntil(() => count('checkout-expired') === 1, 'no checkout-expired');
      await settle(root);
      expect(radios(root).every((radio) => radio.disabled)).to.equal(true);
    });
  });

  describe('accessibility', () => {
    it('has no axe violations choosing, with a quote, waiting and paid', async () => {
      const { root, count } = await mount();
      await expectAccessible(root);
      await choose(root, 'ETH');
      await waitUntil(() => $(root, 'svg[part="qr"]'), 'no QR code');
      await expectAccessible(root);
      $<HTMLButtonElement>(root, '[part="simulate"]')!.click();
      await waitUntil(() => $(root, '[part="waiting"]'), 'no waiting state');
      // Checked once the request has ended and the cancel button is enabled again.
      await waitUntil(
        () => !deep<HTMLButtonElement>(root, 'checkout-cancel-button >>> button')!.disabled,
        'the simulated payment did not end',
      );
      await expectAccessible(root);
      await waitUntil(() => count('checkout-success') === 1, 'no checkout-success', {
        timeout: 5000,
      });
      await settle(root);
      await expectAccessible(root);
    });
  });
});

describe('<checkout-embedded> with a crypto session', () => {
  it('shows the crypto payment in place of the card form, and the outcome once paid', async () => {
    const { client_secret } = await createCryptoSession(['ETH']);
    const el = await fixture<CheckoutEmbedded>(
      html`<checkout-embedded locale="en-US"></checkout-embedded>`,
    );
    const { events } = recordEvents(el, (event) => {
      if (event.type === 'checkout-success') event.preventDefault();
    });
    const ready = oneEvent(el, 'checkout-ready');
    el.clientSecret = client_secret;
    await ready;
    await waitUntil(() => deep(el, 'checkout-crypto >>> [part="status"]'), 'no crypto view');
    await settle(el);
    expect(deep(el, 'checkout-crypto')).to.not.equal(null);
    for (const card of [
      'checkout-card',
      'checkout-email',
      'checkout-address',
      'checkout-pay-button',
    ]) {
      expect(deep(el, card), card).to.equal(null);
    }
    // The card frame it started while the session loaded went with the card form.
    expect(el.querySelectorAll('iframe').length, 'no card frame left').to.equal(0);
    expect(deep(el, 'checkout-line-items')).to.not.equal(null);
    expect(deep(el, 'checkout-messages')).to.not.equal(null);
    expect(deep(el, 'checkout-cancel-button >>> button')!.textContent).to.equal(
      'Cancel and return',
    );
    expect(deepText(el)).to.contain('Hoodie');
    await expectAccessible(el);

    deep<HTMLInputElement>(el, 'checkout-crypto >>> input[value="ETH"]')!.click();
    await waitUntil(() => deep(el, 'checkout-crypto >>> [part="simulate"]'), 'no quote');
    deep<HTMLButtonElement>(el, 'checkout-crypto >>> [part="simulate"]')!.click();
    await waitUntil(
      () => events.some((event) => event.type === 'checkout-success'),
      'no checkout-success',
      { timeout: 5000 },
    );
    await settle(el);
    // The outcome panel loads beside the script once the session has ended.
    await waitUntil(() => deep(el, '[part="status"]'), 'no outcome panel');
    expect(deepText(deep(el, '[part="status"] h2')!)).to.equal('Payment successful');
    expect(deepText(deep(el, '[part="status"] p')!)).to.equal('Paid $100.00 (0.04000000 ETH).');
    // The receipt: what was paid; a crypto payment has no card to show.
    expect(deepText(deep(el, '[part="receipt"]')!)).to.match(/^Total \$100\.00\b/);
    expect(deepText(deep(el, '[part="receipt"]')!)).to.not.contain('••••');
    expect(events.filter((event) => event.type === 'checkout-success')).to.have.length(1);
    await expectAccessible(el);
  });
});

describe('<checkout-line-items> across the seed APIs', () => {
  async function show(clientSecret: string): Promise<HTMLElement> {
    const root = await fixture<HTMLElement>(
      html`<div><checkout-provider locale="en-US"><checkout-line-items></checkout-line-items></checkout-provider></div>`,
    );
    const provider = root.querySelector('checkout-provider')!;
    const ready = oneEvent(provider, 'checkout-ready');
    provider.clientSecret = clientSecret;
    await ready;
    await settle(root);
    return root;
  }

  const lines = (root: Element) =>
    deepAll(root, '[part="line-item"]').map((line) => deepText(line));

  /** Seed 000's create call (Bearer). */
  async function payments(body: Record<string, unknown>): Promise<string> {
    const response = await fetch('/v1/checkout', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${browserSuiteSecretKey}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ customer_id: 'cus_browser', ...body }),
    });
    if (response.status !== 201) throw new Error(`seed 000: ${await response.text()}`);
    return ((await response.json()) as { client_secret: string }).client_secret;
  }

  it("shows seed 004's product image as a small lazy thumbnail beside the name", async () => {
    const response = await merchant('/api/v2/checkout-sessions', {
      mode: 'payment',
      success_url: 'https://shop.example/thanks',
      line_items: [
        {
          quantity: 2,
          price_data: {
            currency: 'usd',
            amount: 1999,
            product_data: {
              name: 'Desk lamp',
              description: 'Brass',
              images: [`${location.origin}/no-such-image.png`, 'https://images.example/2.png'],
              metadata: {},
            },
          },
        },
        {
          quantity: 1,
          price_data: { currency: 'usd', amount: 500, product_data: { name: 'Bulb' } },
        },
      ],
    });
    expect(response.status).to.equal(200);
    const root = await show(((await response.json()) as { client_secret: string }).client_secret);
    const images = deepAll<HTMLImageElement>(root, '[part="line-item"] img');
    expect(images).to.have.length(1);
    const [image] = images;
    expect(image!.getAttribute('src')).to.equal(`${location.origin}/no-such-image.png`);
    expect(image!.getAttribute('alt')).to.equal('');
    expect(image!.getAttribute('part')).to.equal('image');
    expect(image!.loading).to.equal('lazy');
    expect(image!.referrerPolicy).to.equal('no-referrer');
    const box = image!.getBoundingClientRect();
    expect([box.width, box.height]).to.deep.equal([48, 48]);
    expect(lines(root)).to.deep.equal([
      'Desk lamp Brass Qty 2 · $19.99 each $39.98',
      'Bulb Qty 1 $5.00',
    ]);
    await expectAccessible(root);
  });

  it("shows a catalog variant under its product's name (seed 000)", async () => {
    const suffix = crypto.randomUUID().slice(0, 8);
    const product = await merchant('/v1/products', {
      id: `prod_browser_${suffix}`,
      name: 'Field jacket',
      variants: [{ id: `size_m_${suffix}`, name: 'Size M' }],
    });
    expect(product.status).to.equal(200);
    const root = await show(
      await payments({
        line_items: [
          {
            product_id: `prod_browser_${suffix}`,
            variant_id: `size_m_${suffix}`,
            qty: 1,
            unit_amount_cents: 8900,
          },
        ],
      }),
    );
    expect(deep(root, 'checkout-line-items >>> .variant')!.textContent).to.equal('Size M');
    expect(lines(root)).to.deep.equal(['Field jacket Size M $89.00']);
  });

  it('shows an amount-only session as one amount row, without a quantity', async () => {
    const root = await show(await payments({ amount_cents: 4200 }));
    const items = deepAll(root, '[part="line-item"]');
    expect(items).to.have.length(1);
    expect(deepText(items[0]!)).to.not.contain('Qty');
    expect(deepText(items[0]!)).to.match(/\$42\.00$/);
    expect(deep(root, 'checkout-line-items >>> [part="stepper"]')).to.equal(null);
  });

  it("shows a subscription plan's interval (seed 000)", async () => {
    const suffix = crypto.randomUUID().slice(0, 8);
    const plan = await merchant('/v1/subscription_plans', {
      id: `plan_browser_${suffix}`,
      name: 'Tea club',
      currency: 'usd',
      amount: 1500,
      interval: 'month',
      interval_count: 2,
    });
    expect(plan.status).to.equal(200);
    const root = await show(await payments({ subscription_plan_id: `plan_browser_${suffix}` }));
    expect(lines(root)).to.have.length(1);
    expect(lines(root)[0]).to.contain('Then $15.00 every 2 months');
  });
});
