import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { Appearance, CheckoutEmbedded, CheckoutProvider } from '../../src/index.js';
import { everythingSession } from '../support/session-fixtures.js';
import {
  cardFrameReady,
  createSession,
  deep,
  deepAll,
  expectAccessible,
  type SessionOptions,
  settle,
  waitUntil,
} from './helpers.js';

/**
 * Theming: built-in themes, the colour scheme, the `appearance` object,
 * component properties and parts, reduced motion, forced colours and a
 * strict Content-Security-Policy, in Chromium against the real endpoint.
 */

async function mount(
  appearance: Appearance | null,
  options: SessionOptions = everythingSession,
): Promise<CheckoutEmbedded> {
  const { client_secret } = await createSession(options);
  const el = await fixture<CheckoutEmbedded>(
    html`<checkout-embedded .appearance=${appearance}></checkout-embedded>`,
  );
  const ready = oneEvent(el, 'checkout-ready');
  el.clientSecret = client_secret;
  await ready;
  await settle(el);
  await cardFrameReady(el);
  return el;
}

/** Gives the session a shipping address with tax, so the totals explain the tax in a tooltip. */
async function taxApplied(el: CheckoutEmbedded): Promise<void> {
  const provider = deep<CheckoutProvider>(el, 'checkout-provider')!;
  await provider.updateShippingAddress({
    name: 'Ada Lovelace',
    address: {
      country: 'US',
      state: 'CA',
      line1: '1 Main St',
      city: 'Springfield',
      postal_code: '94103',
    },
  });
  // The tooltip is defined beside the script once there is a rate to explain.
  await waitUntil(
    () => deep(el, 'checkout-totals >>> checkout-tooltip >>> button'),
    'no tax tooltip',
  );
  await settle(el);
}

const style = (element: Element | null) => {
  if (!element) throw new Error('element not found');
  return getComputedStyle(element);
};
const shell = (el: Element) => deep<HTMLElement>(el, '[part="base"]');
const email = (el: Element) => deep<HTMLInputElement>(el, '#email');
const payButton = (el: Element) => deep<HTMLButtonElement>(el, 'checkout-pay-button >>> button');
/** The address's country field, once the address form (loaded when the session asks for it) is in. */
async function countryInput(root: Element, selector = 'checkout-country-combobox >>> input') {
  await waitUntil(() => deep(root, selector), 'no address form');
  return deep(root, selector)!;
}

/** `rgb(…)` / `rgba(…)` to channels 0–255. */
function channels(color: string): [number, number, number] {
  const match = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)/.exec(color);
  if (!match) throw new Error(`not an rgb colour: ${color}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function luminance(color: string): number {
  const [r, g, b] = channels(color).map((value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.2 contrast ratio. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** A system colour as Chromium resolves it. */
function systemColor(name: string): string {
  const probe = document.createElement('span');
  probe.style.color = name;
  document.body.append(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  return value;
}

/** Forced colours need the suite's own command: Puppeteer's `emulateMedia` cannot set them. */
let forced = false;
async function forcedColors(value: 'active' | 'none'): Promise<void> {
  await executeServerCommand('emulate-forced-colors', { forcedColors: value });
  forced = value === 'active';
}

afterEach(async () => {
  // No features: the page's real preferences again.
  await emulateMedia({});
  if (forced) await forcedColors('none');
});

describe('appearance', () => {
  describe('themes', () => {
    it('default, night and flat each set their own colours and shapes', async () => {
      const looks: Record<string, Record<string, string>> = {};
      for (const theme of ['default', 'night', 'flat'] as const) {
        const el = await mount({ theme });
        looks[theme] = {
          background: style(shell(el)).backgroundColor,
          text: style(email(el)).color,
          input: style(email(el)).backgroundColor,
          borderTop: style(email(el)).borderTopWidth,
          pay: style(payButton(el)).backgroundColor,
        };
      }
      expect(looks.default).to.deep.equal({
        background: 'rgb(255, 255, 255)',
        text: 'rgb(26, 29, 36)',
        input: 'rgb(255, 255, 255)',
        borderTop: '1px',
        pay: 'rgb(31, 79, 209)',
      });
      expect(luminance(looks.night!.background!)).to.be.below(0.05);
      expect(luminance(looks.night!.text!)).to.be.above(0.7);
      expect(looks.night!.pay).to.not.equal(looks.default.pay);
      // Flat: filled, underlined inputs on the default page colours.
      expect(looks.flat!.background).to.equal(looks.default.background);
      expect(looks.flat!.input).to.not.equal(looks.default.input);
      expect(looks.flat!.borderTop).to.equal('0px');
    });

    it('without an appearance, nothing is set on the element and it looks like the default theme', async () => {
      const el = await mount(null);
      expect(el.hasAttribute('style')).to.equal(false);
      expect(style(shell(el)).backgroundColor).to.equal('rgb(255, 255, 255)');
      expect(style(el).colorScheme).to.equal('light');
    });

    for (const theme of ['default', 'night', 'flat'] as const) {
      it(`${theme}: no axe violations; input borders and the focus ring reach 3:1`, async () => {
        const el = await mount({ theme });
        await expectAccessible(el);
        const page = style(shell(el)).backgroundColor;
        const input = email(el)!;
        const fill = style(input).backgroundColor;
        const border = style(input).borderBottomColor;
        expect(contrast(border, fill), 'border against the input').to.be.at.least(3);
        expect(contrast(border, page), 'border against the page').to.be.at.least(3);
        expect(contrast(style(input).color, fill), 'typed text').to.be.at.least(4.5);
        // Keyboard focus, so :focus-visible applies.
        input.focus();
        await sendKeys({ press: 'Shift' });
        expect(style(input).outlineStyle).to.equal('solid');
        expect(contrast(style(input).outlineColor, page), 'focus ring').to.be.at.least(3);
      });
    }
  });

  describe('the appearance object', () => {
    it('variables.colorPrimary colours the pay button; borderRadius rounds the inputs', async () => {
      const el = await mount({
        variables: { colorPrimary: 'rgb(0, 110, 80)', borderRadius: '13px' },
      });
      expect(style(payButton(el)).backgroundColor).to.equal('rgb(0, 110, 80)');
      expect(style(email(el)).borderTopLeftRadius).to.equal('13px');
      // The card frame takes the radius from the page, for the box its card fields share.
      await waitUntil(() => {
        const card = deep(el, '#number')?.closest('.card');
        return card ? style(card).borderTopLeftRadius === '13px' : false;
      });
      expect(style(await countryInput(el)).borderTopLeftRadius).to.equal('13px');
    });

    it("the text follows the reader's font-size setting, in the page and in the card frame", async () => {
      // What a larger default font size in the browser's settings does: the root's size changes.
      document.documentElement.style.fontSize = '24px';
      try {
        const el = await mount(null);
        expect(style(email(el)).fontSize).to.equal('24px');
        await waitUntil(() => style(deep(el, '#number')).fontSize === '24px');
      } finally {
        document.documentElement.style.fontSize = '';
      }
    });

    it('variables combine with a theme, and change when the property changes', async () => {
      const el = await mount({ theme: 'night', variables: { fontSizeBase: '20px' } });
      expect(style(email(el)).fontSize).to.equal('20px');
      const night = style(shell(el)).backgroundColor;
      el.appearance = { theme: 'night', variables: { colorBackground: 'rgb(40, 0, 60)' } };
      await settle(el);
      expect(style(shell(el)).backgroundColor).to.equal('rgb(40, 0, 60)');
      expect(style(email(el)).fontSize).to.equal('16px');
      el.appearance = null;
      await settle(el);
      expect(style(shell(el)).backgroundColor).to.equal('rgb(255, 255, 255)');
      expect(style(shell(el)).backgroundColor).to.not.equal(night);
    });

    it('is read from the appearance attribute as JSON', async () => {
      const { client_secret } = await createSession(everythingSession);
      const el = await fixture<CheckoutEmbedded>(
        html`<checkout-embedded appearance='{"theme":"night","variables":{"colorPrimary":"rgb(200, 150, 0)"}}'></checkout-embedded>`,
      );
      const ready = oneEvent(el, 'checkout-ready');
      el.clientSecret = client_secret;
      await ready;
      await settle(el);
      expect(style(el).colorScheme).to.equal('dark');
      expect(style(payButton(el)).backgroundColor).to.equal('rgb(200, 150, 0)');
    });

    it('ignores unknown names and bad JSON with one warning each, and never throws', async () => {
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args);
      try {
        const el = await mount({
          theme: 'neon' as never,
          variables: { colorPrimery: 'red', colorPrimary: 'rgb(0, 128, 0)' } as never,
        });
        expect(warnings.length).to.equal(1);
        expect(String(warnings[0]![0])).to.contain('theme "neon"').and.contain('colorPrimery');
        expect(style(payButton(el)).backgroundColor).to.equal('rgb(0, 128, 0)');
        expect(style(el).colorScheme).to.equal('light');

        el.setAttribute('appearance', '{not json');
        await settle(el);
        expect(warnings.length).to.equal(2);
        expect(String(warnings[1]![0])).to.contain('not a JSON object');
        // The button's colour transition runs to the default.
        await waitUntil(() => style(payButton(el)).backgroundColor === 'rgb(31, 79, 209)');
      } finally {
        console.warn = warn;
      }
    });

    it('on a provider, reaches every custom-mode element inside; the merchant’s own markup keeps its colours', async () => {
      const { client_secret } = await createSession(everythingSession);
      const provider = await fixture<CheckoutProvider>(html`<checkout-provider
        .appearance=${{ theme: 'night', variables: { colorPrimary: 'rgb(255, 180, 0)' } }}>
        <div id="panel" style="background: rgb(255, 255, 255); padding: 8px">
          <p id="note">Gift wrapping is free this week.</p>
          <checkout-email></checkout-email>
        </div>
        <checkout-address type="shipping"></checkout-address>
        <checkout-pay-button></checkout-pay-button>
      </checkout-provider>`);
      const ready = oneEvent(provider, 'checkout-ready');
      provider.clientSecret = client_secret;
      await ready;
      await settle(provider);
      const input = deep(provider.querySelector('checkout-email')!, '#email');
      expect(luminance(style(input).backgroundColor)).to.be.below(0.05);
      expect(style(provider.querySelector('checkout-email')).colorScheme).to.equal('dark');
      // Each element paints the theme's background behind itself.
      expect(
        luminance(style(provider.querySelector('checkout-email')).backgroundColor),
      ).to.be.below(0.05);
      // The merchant's panel and its text keep the page's colours and font: readable on white.
      const note = provider.querySelector('#note')!;
      expect(style(note).color).to.equal(style(document.body).color);
      expect(style(note).fontFamily).to.equal(style(document.body).fontFamily);
      expect(contrast(style(note).color, 'rgb(255, 255, 255)')).to.be.at.least(4.5);
      expect(style(provider).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
      const country = await countryInput(provider.querySelector('checkout-address')!);
      expect(luminance(style(country).backgroundColor)).to.be.below(0.05);
      expect(
        style(deep(provider.querySelector('checkout-pay-button')!, 'button')).backgroundColor,
      ).to.equal('rgb(255, 180, 0)');
    });

    it('night keeps an unselected radio’s ring at 3:1 against its background', async () => {
      const el = await mount({ theme: 'night' });
      const rates = () => deep(el, 'checkout-shipping-rates')!;
      const radios = () => deepAll<HTMLInputElement>(rates(), 'input[type="radio"]');
      await waitUntil(() => radios().length === 2, 'no shipping rates');
      const [chosen, other] = radios();
      expect(other!.checked).to.equal(false);
      // The ring is drawn from the tokens, not left to the browser's faint dark-scheme one.
      expect(style(other!).appearance).to.equal('none');
      const ring = style(other!).borderTopColor;
      const behind = style(other!.closest('.rate')!).backgroundColor;
      expect(contrast(ring, behind), `${ring} on ${behind}`).to.be.at.least(3);
      expect(style(chosen!).backgroundColor).to.not.equal(style(other!).backgroundColor);
    });

    it('loses to custom properties the page sets', async () => {
      const { client_secret } = await createSession(everythingSession);
      const wrapper = await fixture<HTMLElement>(html`<div class="brand">
        <style>.brand { --checkout-color-primary: rgb(120, 0, 90); --checkout-input-border-color: rgb(0, 0, 0); }</style>
        <checkout-embedded .appearance=${{ theme: 'night', variables: { colorPrimary: 'rgb(0, 128, 0)' } }}></checkout-embedded>
      </div>`);
      const el = wrapper.querySelector('checkout-embedded')!;
      const ready = oneEvent(el, 'checkout-ready');
      el.clientSecret = client_secret;
      await ready;
      await settle(el);
      expect(style(payButton(el)).backgroundColor).to.equal('rgb(120, 0, 90)');
      expect(style(email(el)).borderTopColor).to.equal('rgb(0, 0, 0)');
      // The rest of the theme still applies.
      expect(luminance(style(shell(el)).backgroundColor)).to.be.below(0.05);
    });
  });

  describe('colour scheme', () => {
    it('night stays dark when the operating system prefers light', async () => {
      await emulateMedia({ colorScheme: 'light' });
      const el = await mount({ theme: 'night' });
      expect(style(el).colorScheme).to.equal('dark');
      expect(style(email(el)).colorScheme).to.equal('dark');
      expect(luminance(style(shell(el)).backgroundColor)).to.be.below(0.05);
    });

    it('default, flat and no appearance stay light when the operating system prefers dark', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      expect(matchMedia('(prefers-color-scheme: dark)').matches).to.equal(true);
      for (const appearance of [{ theme: 'default' }, { theme: 'flat' }, null] as const) {
        const el = await mount(appearance);
        expect(style(el).colorScheme, JSON.stringify(appearance)).to.equal('light');
        expect(style(shell(el)).backgroundColor).to.equal('rgb(255, 255, 255)');
      }
    });

    it('an explicit colorScheme wins over the theme and the operating system', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      const light = await mount({ theme: 'night', colorScheme: 'light' });
      expect(style(light).colorScheme).to.equal('light');
      expect(style(shell(light)).backgroundColor).to.equal('rgb(255, 255, 255)');
      await emulateMedia({ colorScheme: 'light' });
      const dark = await mount({ theme: 'flat', colorScheme: 'dark' });
      expect(style(dark).colorScheme).to.equal('dark');
      expect(luminance(style(email(dark)).backgroundColor)).to.be.below(0.05);
      expect(style(email(dark)).borderTopWidth).to.equal('0px');
    });

    it('colorScheme auto follows the operating system, also when it changes', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      const el = await mount({ colorScheme: 'auto' });
      expect(style(el).colorScheme).to.equal('dark');
      expect(luminance(style(shell(el)).backgroundColor)).to.be.below(0.05);
      await emulateMedia({ colorScheme: 'light' });
      await waitUntil(() => style(el).colorScheme === 'light', 'did not follow the change');
      expect(style(shell(el)).backgroundColor).to.equal('rgb(255, 255, 255)');
    });
  });

  describe('motion and forced colours', () => {
    it('reduced motion turns transitions and animations off', async () => {
      const el = await mount({ theme: 'default' });
      expect(style(email(el)).transitionProperty).to.not.equal('none');
      await taxApplied(el);
      const trigger = deep<HTMLButtonElement>(
        el,
        'checkout-totals >>> checkout-tooltip >>> button',
      )!;
      trigger.focus();
      const tooltip = deep(el, 'checkout-totals >>> checkout-tooltip')!;
      await settle(el);
      const bubble = deep(tooltip, '[role="tooltip"]');
      expect(style(bubble).animationName).to.equal('fade-in');
      trigger.blur();

      await emulateMedia({ reducedMotion: 'reduce' });
      expect(style(email(el)).transitionProperty).to.equal('none');
      expect(style(payButton(el)).transitionProperty).to.equal('none');
      expect(style(await countryInput(el)).transitionProperty).to.equal('none');
      // The card frame follows the same preference.
      expect(style(deep(el, '#number')).transitionProperty).to.equal('none');
      trigger.focus();
      await settle(el);
      expect(style(bubble).animationName).to.equal('none');
      trigger.blur();
    });

    it('reduced motion stops the authentication dialog animating', async () => {
      const el = await mount({ theme: 'default' }, {});
      const provider = deep<CheckoutProvider>(el, 'checkout-provider')!;
      const type = async (id: string, value: string) => {
        deep(el, `#${id}`)!.focus();
        await sendKeys({ type: value });
      };
      await type('email', 'ada@example.com');
      await type('number', '4000002500003155');
      await type('expiry', '1230');
      await type('cvc', '123');
      await type('name', 'Ada Lovelace');
      await emulateMedia({ reducedMotion: 'reduce' });
      void provider.confirm();
      const dialog = () => deep<HTMLDialogElement>(el, 'checkout-provider >>> dialog');
      await waitUntil(() => dialog()?.open, 'challenge did not open', { timeout: 8000 });
      expect(style(dialog()).animationName).to.equal('none');
      await emulateMedia({ reducedMotion: 'no-preference' });
      expect(style(dialog()).animationName).to.equal('challenge-in');
      await provider.authenticate('fail');
    });

    it('forced colours keep input borders, the focus ring and the chosen rate visible', async () => {
      const el = await mount({ theme: 'flat' });
      expect(style(email(el)).borderTopWidth).to.equal('0px');
      await forcedColors('active');
      expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
      // The card number, expiry and security code share one box: its edge is theirs.
      const card = deep(el, '#number')!.closest('.card');
      for (const input of [email(el), card, await countryInput(el)]) {
        expect(style(input).borderTopWidth).to.equal('1px');
        expect(style(input).borderTopStyle).to.equal('solid');
        expect(style(input).borderTopColor).to.not.equal('rgba(0, 0, 0, 0)');
      }
      const input = email(el)!;
      input.focus();
      await sendKeys({ press: 'Shift' });
      expect(style(input).outlineColor).to.equal(systemColor('Highlight'));
      const chosenRate = 'checkout-shipping-rates >>> label:has(input:checked)';
      await waitUntil(() => deep(el, chosenRate), 'no shipping rates');
      const rate = deep(el, chosenRate);
      expect(style(rate).borderTopColor).to.equal(systemColor('Highlight'));
    });
  });

  describe('parts', () => {
    it('checkout-embedded forwards the inner parts, so the page can style them', async () => {
      const { client_secret } = await createSession(everythingSession);
      const wrapper = await fixture<HTMLElement>(html`<div>
        <style>
          .parted::part(pay-button) { background-color: rgb(10, 20, 30); }
          .parted::part(input) { border-color: rgb(200, 0, 0); }
          .parted::part(tooltip-trigger) { color: rgb(0, 90, 0); }
          .parted::part(line-item-name) { font-weight: 900; }
          .parted::part(heading) { letter-spacing: 3px; }
          .parted::part(cancel-button) { color: rgb(1, 2, 3); }
        </style>
        <checkout-embedded class="parted"></checkout-embedded>
      </div>`);
      const el = wrapper.querySelector('checkout-embedded')!;
      const ready = oneEvent(el, 'checkout-ready');
      el.clientSecret = client_secret;
      await ready;
      await settle(el);
      expect(style(payButton(el)).backgroundColor).to.equal('rgb(10, 20, 30)');
      // `::part` stops at the card frame's edge; tokens style the fields inside it.
      for (const input of [
        email(el),
        await countryInput(
          el,
          'checkout-address[type="shipping"] >>> checkout-country-combobox >>> input',
        ),
      ])
        expect(style(input).borderTopColor).to.equal('rgb(200, 0, 0)');
      await taxApplied(el);
      expect(style(deep(el, 'checkout-totals >>> checkout-tooltip >>> button')).color).to.equal(
        'rgb(0, 90, 0)',
      );
      expect(style(deep(el, 'checkout-line-items >>> [part="name"]')).fontWeight).to.equal('900');
      expect(style(deep(el, 'checkout-messages, h2[part="heading"]')).letterSpacing).to.equal(
        '3px',
      );
      expect(style(deep(el, 'checkout-cancel-button >>> button')).color).to.equal('rgb(1, 2, 3)');
    });
  });

  // Last: the policy stays on the page once set.
  describe('under a strict Content-Security-Policy', () => {
    const violations: SecurityPolicyViolationEvent[] = [];

    before(() => {
      const meta = document.createElement('meta');
      meta.httpEquiv = 'Content-Security-Policy';
      meta.content = "style-src 'self'; require-trusted-types-for 'script'";
      document.head.append(meta);
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event));
    });

    it('the policy is in force: a style attribute is refused', async () => {
      const probe = document.createElement('p');
      document.body.append(probe);
      probe.setAttribute('style', 'color: rgb(1, 2, 3)');
      expect(getComputedStyle(probe).color).to.not.equal('rgb(1, 2, 3)');
      await waitUntil(() => violations.length > 0, 'no violation reported');
      probe.remove();
      violations.length = 0;
    });

    it('applies an appearance with no style attribute and no violation', async () => {
      const el = await mount({ theme: 'night', variables: { colorPrimary: 'rgb(0, 160, 120)' } });
      expect(style(payButton(el)).backgroundColor).to.equal('rgb(0, 160, 120)');
      expect(style(el).colorScheme).to.equal('dark');
      expect(luminance(style(shell(el)).backgroundColor)).to.be.below(0.05);
      expect(
        [el, ...deepAll(el, '[style]')].filter((node) => node.hasAttribute('style')),
      ).to.deep.equal([]);
      expect(violations.map((event) => event.violatedDirective)).to.deep.equal([]);
    });
  });
});
