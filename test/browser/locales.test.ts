import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import arabic from '../../src/i18n/locales/ar.js';
import german from '../../src/i18n/locales/de.js';
import type { CheckoutEmbedded, CheckoutProvider } from '../../src/index.js';
import {
  cardFrameReady,
  confirmed,
  createSession,
  deep,
  deepText,
  expectAccessible,
  type SessionOptions,
  settle,
  waitUntil,
} from './helpers.js';

/**
 * Locales as a customer meets them, in Chromium, against the real endpoint:
 * the words, the formats, the fallbacks, the merchant's overrides, the
 * right-to-left layout and the endpoint's errors in the customer's language.
 */

// Before any pack loads: the Spanish chunk answers as if the network were down.
// (Only this test file's page sees the map; no test here expects Spanish.)
const offline = document.createElement('script');
offline.type = 'importmap';
offline.textContent = JSON.stringify({
  imports: { [new URL('/src/i18n/locales/es.ts', location.href).href]: '/offline/es.js' },
});
document.head.append(offline);

const payButton = '[aria-describedby="pay-status"]';

/** Creates a session and mounts `<checkout-embedded>` on it, with `locale` when given. */
async function mount(
  options: SessionOptions = {},
  setup: (el: CheckoutEmbedded) => void = () => {},
): Promise<CheckoutEmbedded> {
  const { client_secret } = await createSession(options);
  const el = await fixture<CheckoutEmbedded>(html`<checkout-embedded></checkout-embedded>`);
  setup(el);
  const ready = oneEvent(el, 'checkout-ready');
  el.clientSecret = client_secret;
  await ready;
  await settle(el);
  return el;
}

/** The visible text of an element, or of the elements inside a provider. */
function textOf(el: Element): string {
  return el.localName === 'checkout-provider'
    ? [...el.children].map((child) => deepText(child)).join(' ')
    : deepText(el);
}

/** Waits until the rendered text contains `words` (a pack may still be on its way). */
async function shows(el: Element, words: string): Promise<void> {
  await waitUntil(
    async () => {
      await settle(el);
      return textOf(el).includes(words);
    },
    `"${words}" never showed; the text is: ${textOf(el).slice(0, 300)}`,
    { timeout: 5000 },
  );
}

const $ = <T extends Element = HTMLInputElement>(el: Element, selector: string) =>
  deep<T>(el, selector);

const money = (locale: string, amount: number, currency: string) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);

/** Records console errors and warnings and uncaught errors while `run` runs. */
async function problemsDuring(run: (problems: string[]) => Promise<void>): Promise<string[]> {
  const problems: string[] = [];
  const { error, warn } = console;
  console.error = (...args: unknown[]) => problems.push(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => problems.push(args.map(String).join(' '));
  const onError = (event: ErrorEvent | PromiseRejectionEvent) =>
    problems.push(String('reason' in event ? event.reason : event.message));
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onError);
  try {
    await run(problems);
  } finally {
    Object.assign(console, { error, warn });
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
  }
  return problems;
}

describe('locales', () => {
  describe('choosing the locale', () => {
    it('locale="fr" shows French words and French money', async () => {
      const el = await mount({}, (el) => {
        el.locale = 'fr';
      });
      await shows(el, 'Récapitulatif de la commande');
      expect($(el, 'label[for="email"]')!.textContent).to.equal('E-mail');
      await cardFrameReady(el);
      await waitUntil(
        () =>
          $(el, 'iframe.checkout-card-frame >>> legend')!.textContent ===
          'Informations de la carte',
        'the card frame does not speak French',
      );
      // 2 × 12.50 USD, the French way: comma decimals, the symbol after.
      const total = money('fr', 25, 'USD');
      expect(total).to.match(/^25,00\s\$US$/);
      expect($(el, payButton)!.textContent!.trim()).to.equal(`Payer ${total}`);
      expect(deepText($(el, 'checkout-line-items')!)).to.contain('Qté 2');
      const base = $(el, '[part="base"]')!;
      expect(base.getAttribute('lang')).to.equal('fr');
      expect(base.getAttribute('dir')).to.equal('ltr');
    });

    it('uses the session’s locale when the element has none', async () => {
      const el = await mount({ locale: 'de' });
      await shows(el, 'Bestellübersicht');
      expect($(el, payButton)!.textContent!.trim()).to.equal(`${money('de', 25, 'USD')} bezahlen`);
      expect($(el, 'checkout-provider')!.getAttribute('lang')).to.equal('de');
    });

    it('lets the locale attribute win over the session’s locale', async () => {
      const el = await mount({ locale: 'de' }, (el) => {
        el.locale = 'fr';
      });
      await shows(el, 'Récapitulatif de la commande');
      expect(deepText(el)).not.to.contain('Bestellübersicht');
    });

    it('fr-CH speaks French from the French pack and formats money the Swiss way', async () => {
      const el = await mount(
        { lineItems: [{ product: 'Montre', unit_amount: 123450, currency: 'chf' }] },
        (el) => {
          el.locale = 'fr-CH';
        },
      );
      await shows(el, 'Récapitulatif de la commande');
      const swiss = money('fr-CH', 1234.5, 'CHF');
      // The test means something only while Swiss and French formats differ.
      expect(swiss).not.to.equal(money('fr', 1234.5, 'CHF'));
      expect($(el, payButton)!.textContent!.trim()).to.equal(`Payer ${swiss}`);
      expect($(el, '[part="base"]')!.getAttribute('lang')).to.equal('fr-CH');
    });

    it('an unknown locale falls back to English without an error', async () => {
      let el!: CheckoutEmbedded;
      const problems = await problemsDuring(async () => {
        el = await mount({}, (el) => {
          el.locale = 'xx';
        });
        await settle(el);
      });
      expect(problems).to.deep.equal([]);
      expect($(el, payButton)!.textContent!.trim()).to.equal('Pay $25.00');
      expect($(el, 'label[for="email"]')!.textContent).to.equal('Email');
    });

    it('switches language when the locale changes, and re-renders once the pack arrives', async () => {
      const el = await mount({}, (el) => {
        el.locale = 'de';
      });
      await shows(el, 'Bestellübersicht');
      el.locale = 'ar';
      await shows(el, arabic.orderSummary);
      expect($(el, payButton)!.textContent!.trim()).to.contain(arabic.pay.split(' ')[0]!);
      el.locale = 'en-GB';
      await shows(el, 'Order summary');
      expect($(el, payButton)!.textContent!.trim()).to.equal('Pay US$25.00');
    });

    it('two checkouts in different locales share a page', async () => {
      const [a, b] = await Promise.all([createSession(), createSession()]);
      const root = await fixture<HTMLElement>(html`<div>
        <checkout-provider id="fr" locale="fr"><checkout-pay-button></checkout-pay-button></checkout-provider>
        <checkout-provider id="de" locale="de"><checkout-pay-button></checkout-pay-button></checkout-provider>
      </div>`);
      const fr = root.querySelector<CheckoutProvider>('#fr')!;
      const de = root.querySelector<CheckoutProvider>('#de')!;
      const ready = Promise.all([oneEvent(fr, 'checkout-ready'), oneEvent(de, 'checkout-ready')]);
      fr.clientSecret = a.client_secret;
      de.clientSecret = b.client_secret;
      await ready;
      await shows(fr, 'Payer');
      await shows(de, 'bezahlen');
      const collapse = (text: string) => text.replace(/\s+/g, ' ');
      expect(textOf(fr)).to.equal(collapse(`Payer ${money('fr', 25, 'USD')}`));
      expect(textOf(de)).to.equal(collapse(`${money('de', 25, 'USD')} bezahlen`));
    });
  });

  describe('when a pack cannot load', () => {
    it('keeps working in English, and speaks again once another locale loads', async () => {
      let el!: CheckoutEmbedded;
      const problems = await problemsDuring(async (problems) => {
        el = await mount({}, (el) => {
          el.locale = 'es';
        });
        await waitUntil(() => problems.length > 0, 'the failed load was not reported');
      });
      expect(problems.join('\n')).to.contain('"es" messages could not load');
      await settle(el);
      expect($(el, '[part="summary"] h2')!.textContent).to.equal('Order summary');
      expect($(el, payButton)!.textContent!.trim()).to.equal(`Pay ${money('es', 25, 'USD')}`);
      expect($(el, '[part="base"]')!.getAttribute('lang')).to.equal('en');
      // The form still works: a field checks its input in English.
      const email = $(el, '#email')!;
      email.focus();
      await sendKeys({ type: 'ada@' });
      await cardFrameReady(el);
      $(el, '#number')!.focus();
      await settle(el);
      expect($(el, '#email-error')!.textContent).to.equal(
        'Enter an email address like name@example.com',
      );
      el.locale = 'de';
      await shows(el, 'Bestellübersicht');
    });
  });

  describe('the merchant’s own words', () => {
    it('messages override any string in the active locale', async () => {
      const el = await mount({}, (el) => {
        el.locale = 'fr';
        el.messages = { pay: 'Acheter maintenant · {amount}', email: 'Courriel' };
      });
      await shows(el, 'Récapitulatif de la commande');
      expect($(el, payButton)!.textContent!.trim()).to.equal(
        `Acheter maintenant · ${money('fr', 25, 'USD')}`,
      );
      expect($(el, 'label[for="email"]')!.textContent).to.equal('Courriel');
      el.messages = { orderSummary: 'Votre panier' };
      await shows(el, 'Votre panier');
      expect($(el, 'label[for="email"]')!.textContent).to.equal('E-mail');
    });

    it('the messages attribute takes JSON on a provider', async () => {
      const { client_secret } = await createSession();
      const provider = await fixture<CheckoutProvider>(html`<checkout-provider
        locale="de" messages='{"cancel":"Zurück zum Shop"}'
      ><checkout-cancel-button></checkout-cancel-button></checkout-provider>`);
      const ready = oneEvent(provider, 'checkout-ready');
      provider.clientSecret = client_secret;
      await ready;
      await shows(provider, 'Zurück zum Shop');
    });
  });

  describe('right to left', () => {
    it('ar lays the form out right to left, and keeps card numbers left to right', async () => {
      const el = await mount({}, (el) => {
        el.locale = 'ar';
      });
      await shows(el, arabic.orderSummary);
      const base = $(el, '[part="base"]')!;
      expect(base.getAttribute('dir')).to.equal('rtl');
      expect(base.getAttribute('lang')).to.equal('ar');
      expect(getComputedStyle($(el, 'checkout-email')!).direction).to.equal('rtl');

      // A label starts at the right edge of its field, where the input starts.
      const label = $(el, 'label[for="email"]')!;
      const input = $(el, '#email')!;
      const text = document.createRange();
      text.selectNodeContents(label);
      const words = text.getBoundingClientRect();
      const box = input.getBoundingClientRect();
      expect(Math.abs(words.right - box.right)).to.be.below(2);
      expect(words.left).to.be.above(box.left + 20);

      // A line's amount sits on the left, its name on the right.
      const line = $(el, '[part="line-item"]')!;
      const name = line.querySelector('.name')!.getBoundingClientRect();
      const amount = line.querySelector('.amount')!.getBoundingClientRect();
      expect(amount.right).to.be.below(name.left);

      // Numbers people type stay left to right; the card frame is laid out right to left.
      await cardFrameReady(el);
      const frame = $<HTMLIFrameElement>(el, 'iframe.checkout-card-frame')!;
      await waitUntil(() => frame.contentDocument!.dir === 'rtl', 'the card frame is not rtl');
      for (const id of ['number', 'expiry', 'cvc', 'email']) {
        expect(getComputedStyle($(el, `#${id}`)!).direction, id).to.equal('ltr');
      }
      await expectAccessible(el);
    });

    it('ar shows a dollar amount as US$, the symbol whole, not $US', async () => {
      const el = await mount({}, (el) => {
        el.locale = 'ar';
      });
      await shows(el, arabic.orderSummary);
      const total = $(el, 'checkout-totals')!;
      const amount = [...deep(total, '[part~="total"]')!.querySelectorAll('*')]
        .flatMap((node) => [...node.childNodes])
        .find((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.includes('US$'))!;
      expect(amount, 'the total row has no US$ amount').to.exist;
      // Where each letter is drawn: U, then S, then $, from left to right.
      const left = (index: number) => {
        const range = document.createRange();
        range.setStart(amount, index);
        range.setEnd(amount, index + 1);
        return range.getBoundingClientRect().left;
      };
      const at = amount.textContent!.indexOf('US$');
      expect(left(at)).to.be.below(left(at + 1));
      expect(left(at + 1)).to.be.below(left(at + 2));
    });

    it('a provider marks itself rtl, unless the merchant set dir themselves', async () => {
      const { client_secret } = await createSession();
      const root = await fixture<HTMLElement>(html`<div>
        <checkout-provider id="a" locale="ar"><checkout-email></checkout-email></checkout-provider>
        <checkout-provider id="b" locale="ar" dir="ltr"><checkout-email></checkout-email></checkout-provider>
      </div>`);
      const [a, b] = ['#a', '#b'].map((id) => root.querySelector<CheckoutProvider>(id)!);
      const ready = Promise.all([oneEvent(a!, 'checkout-ready'), oneEvent(b!, 'checkout-ready')]);
      a!.clientSecret = client_secret;
      b!.clientSecret = client_secret;
      await ready;
      await shows(a!, arabic.email);
      await shows(b!, arabic.email);
      expect(a!.getAttribute('dir')).to.equal('rtl');
      expect(a!.getAttribute('lang')).to.equal('ar');
      expect(b!.getAttribute('dir')).to.equal('ltr');
      const label = (provider: Element) =>
        deep(provider.querySelector('checkout-email')!, 'label')!;
      expect(getComputedStyle(label(a!)).direction).to.equal('rtl');
      expect(getComputedStyle(label(b!)).direction).to.equal('ltr');
      // Back to a left-to-right language, the provider follows.
      a!.locale = 'fr';
      await shows(a!, 'E-mail');
      expect(a!.getAttribute('dir')).to.equal('ltr');
      expect(a!.getAttribute('lang')).to.equal('fr');
    });
  });

  describe('endpoint errors', () => {
    it('a declined card reads in German', async () => {
      const el = await mount({}, (el) => {
        el.locale = 'de';
      });
      await shows(el, 'Bestellübersicht');
      await cardFrameReady(el);
      for (const [id, value] of [
        ['email', 'ada@example.com'],
        ['number', '4000000000000002'],
        ['expiry', '1230'],
        ['cvc', '123'],
        ['name', 'Ada Lovelace'],
      ] as const) {
        $(el, `#${id}`)!.focus();
        await sendKeys({ type: value });
      }
      const failed = oneEvent(el, 'checkout-error');
      await confirmed(el, () => $<HTMLButtonElement>(el, payButton)!.click());
      const event = await failed;
      // The event keeps the endpoint's code; the customer reads the kit's German.
      expect(event.detail.error.code).to.equal('card_declined');
      await settle(el);
      expect($(el, 'checkout-messages >>> [part="error"]')!.textContent).to.equal(
        german.card_declined,
      );
    });

    it('a refused promotion code reads in Arabic', async () => {
      const { client_secret } = await createSession({ allow_promotion_codes: true });
      const provider = await fixture<CheckoutProvider>(html`<checkout-provider locale="ar"
        ><checkout-promotion-code></checkout-promotion-code
      ></checkout-provider>`);
      const ready = oneEvent(provider, 'checkout-ready');
      provider.clientSecret = client_secret;
      await ready;
      await shows(provider, arabic.promotionCode);
      const result = await provider.applyPromotionCode('NOPE-NOT-A-CODE');
      expect(result.type === 'error' && result.error.code).to.equal('promotion_code_invalid');
      expect(result.type === 'error' && result.error.message).to.equal(
        arabic.promotion_code_invalid,
      );
    });
  });
});
