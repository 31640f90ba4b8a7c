/**
 * The demo shop's main purchase in the other engines: Firefox ESR (puppeteer
 * over WebDriver BiDi) and WebKitGTK (webdriverio over WebDriver). The real
 * demo server on 127.0.0.1; the embedded form filled from the keyboard alone
 * (a quantity, a promotion code, an address with tax, a shipping rate, the
 * card in its frame), paid with Enter, and read back through the merchant API.
 * Without an engine its suite says why it is skipped (test/support/engines.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDemo } from '../../demo/server.js';
import { type RunningServer, readConfig } from '../../src/server/node.js';
import {
  cardSteps,
  cents,
  ensureBrowserBuild,
  eventually,
  type KeyStep,
  merchantApi,
  shippingSteps,
} from '../support/e2e.js';
import {
  type Engine,
  type EngineBrowser,
  type EngineKey,
  type EnginePage,
  engineNames,
  engineUnavailable,
  openEngine,
} from '../support/engines.js';
import { seededDataDir } from '../support/pglite.js';

/**
 * What has focus, followed through shadow roots and into the card frame (on
 * the demo's own origin, so its document is reachable): fields by id, a
 * country list by its host's id, a help button by its tooltip's part, other
 * controls by name, then aria-label. The names of test/support/e2e.ts's
 * `focusedField`, so its `cardSteps` and `shippingSteps` apply.
 */
function focusedFieldInPage(): string | null {
  let active: Element | null = document.activeElement;
  for (;;) {
    if (active?.shadowRoot?.activeElement) {
      active = active.shadowRoot.activeElement;
    } else if (active?.localName === 'iframe') {
      const inner = (active as HTMLIFrameElement).contentDocument?.activeElement;
      if (!inner || inner.localName === 'body') break;
      active = inner;
    } else {
      break;
    }
  }
  if (!active || active.localName === 'body') return null;
  if (active.ownerDocument !== document) {
    return active.id || active.getAttribute('name') || active.localName;
  }
  const root = active.getRootNode();
  const host = root instanceof ShadowRoot ? root.host : null;
  if (host?.localName === 'checkout-country-combobox') return host.id || 'country';
  if (host?.localName === 'checkout-tooltip') return host.getAttribute('part') || 'tooltip';
  if (active.id) return active.id;
  const named = active.getAttribute('name') || active.getAttribute('aria-label');
  if (named) return named;
  return host ? `${host.localName} ${active.localName}` : active.localName;
}

/** The totals rows of the embedded form, as [label, amount] texts. */
function totalRowsInPage(): string[][] {
  const roots: ParentNode[] = [document];
  for (let root = roots.pop(); root; root = roots.pop()) {
    const totals = root.querySelector('checkout-totals');
    if (totals?.shadowRoot) {
      return [...totals.shadowRoot.querySelectorAll('[part="totals"] .row')].map((row) =>
        [...row.querySelectorAll('dt, dd')].map((cell) =>
          (cell.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ),
      );
    }
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) roots.push(element.shadowRoot);
    }
  }
  return [];
}

/**
 * The form's values, through shadow roots and the card frame's document: inputs
 * and selects by id, a country list by its host's id, a radio group by name.
 */
function fieldValuesInPage(): Record<string, string> {
  const values: Record<string, string> = {};
  const roots: ParentNode[] = [document];
  for (let root = roots.pop(); root; root = roots.pop()) {
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) roots.push(element.shadowRoot);
      const frame = element.localName === 'iframe' ? element : null;
      const inner = (frame as HTMLIFrameElement | null)?.contentDocument;
      if (inner) roots.push(inner);
      if (element.localName !== 'input' && element.localName !== 'select') continue;
      const field = element as HTMLInputElement;
      const host = (field.getRootNode() as ShadowRoot).host;
      if (host?.localName === 'checkout-country-combobox') {
        values[host.id || 'country'] = (host as HTMLElement & { value: string }).value;
      } else if (field.type === 'radio') {
        if (field.checked) values[field.name] = field.value;
      } else if (field.id) {
        values[field.id] = field.value;
      }
    }
  }
  return values;
}

/** The outcome panel's heading once it shows, else null. */
function outcomeInPage(): string | null {
  const roots: ParentNode[] = [document];
  for (let root = roots.pop(); root; root = roots.pop()) {
    const heading = root.querySelector('[part="status"] h2');
    if (heading) return (heading.textContent ?? '').trim();
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) roots.push(element.shadowRoot);
    }
  }
  return null;
}

/** Whether the form's email field and the card frame's number field show. */
function formReadyInPage(): boolean {
  const roots: ParentNode[] = [document];
  let email = false;
  let number = false;
  for (let root = roots.pop(); root; root = roots.pop()) {
    if (root.querySelector('#email')) email = true;
    if (root.querySelector('#number')) number = true;
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) roots.push(element.shadowRoot);
      const inner =
        element.localName === 'iframe' && (element as HTMLIFrameElement).contentDocument;
      if (inner) roots.push(inner);
    }
  }
  return email && number;
}

const focusedField = (page: EnginePage) => page.evaluate(focusedFieldInPage);

/** Presses Tab until `field` has focus; from the top of the page with `fromTop`. */
async function tabTo(page: EnginePage, field: string, fromTop = false): Promise<void> {
  if (fromTop) await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const passed: string[] = [];
  for (;;) {
    const focused = await focusedField(page);
    if (focused === field) return;
    if (focused !== null) passed.push(focused);
    if (passed.length >= 40) {
      throw new Error(`'${field}' is not reachable with Tab; passed ${passed.join(', ')}.`);
    }
    await page.press('Tab');
  }
}

/** Fills fields in tab order, each one Tab after the last; throws when Tab lands elsewhere. */
async function typeInOrder(page: EnginePage, steps: KeyStep[]): Promise<void> {
  for (const [index, [field, text, ...keys]] of steps.entries()) {
    if (index > 0) await page.press('Tab');
    const focused = await focusedField(page);
    assert.equal(focused, field, `Tab reached '${focused}' where '${field}' was expected`);
    if (text) await page.type(text);
    for (const key of keys) await page.press(key as EngineKey);
  }
}

const totals = async (page: EnginePage) => {
  const rows = await page.evaluate(totalRowsInPage);
  const amount = (label: RegExp) => {
    const row = rows.find(([name]) => label.test(name ?? ''));
    return row?.[1] === undefined ? null : cents(row[1]);
  };
  return {
    rows,
    subtotal: amount(/^Subtotal$/),
    discount: amount(/^Discount/),
    shipping: amount(/^Shipping$/),
    tax: amount(/^Tax/),
    total: amount(/^Total$/),
  };
};

let server: RunningServer;
let api: ReturnType<typeof merchantApi>;
let dataDir: Awaited<ReturnType<typeof seededDataDir>>;
const engines: Engine[] = ['firefox', 'webkit'];
const skipped = engines.map((engine) => engineUnavailable(engine));

before(async () => {
  if (skipped.every(Boolean)) return;
  await ensureBrowserBuild();
  dataDir = await seededDataDir();
  const config = readConfig({
    PORT: '0',
    CHECKOUT_LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    CHECKOUT_DATA_DIR: dataDir.path,
  });
  server = await startDemo(config);
  api = merchantApi(server.url, config.secretKey);
});

after(async () => {
  await server?.close();
  await dataDir?.remove();
});

for (const [index, engine] of engines.entries()) {
  describe(`demo shop in ${engineNames[engine]}`, { skip: skipped[index] ?? false }, () => {
    let browser: EngineBrowser;

    before(async () => {
      browser = await openEngine(engine);
    });

    after(async () => {
      await browser?.close();
    });

    test('the embedded form: quantity, WELCOME10, a Californian address with tax, Express, 4242 from the keyboard', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/`);
      await eventually(() => page.evaluate(formReadyInPage), 'the form never showed');

      const start = await totals(page);
      // 2 × 24.00 + 16.50; Standard shipping until the customer picks; no tax before an address.
      assert.equal(start.subtotal, 6450, JSON.stringify(start.rows));
      assert.equal(start.shipping, 500, JSON.stringify(start.rows));
      assert.equal(start.tax, null, JSON.stringify(start.rows));

      // One more bag of beans: Tab from the top of the page to its stepper, then Space.
      const moreBeans = 'Increase quantity of Single-origin beans, 250 g';
      await tabTo(page, moreBeans, true);
      await page.press(' ');
      await eventually(
        async () => (await totals(page)).subtotal === 8100,
        'the quantity change did not reach the totals',
      );

      // The promotion code sits in its own form: Enter applies it rather than paying.
      await typeInOrder(page, [[moreBeans], ['promotion-code', 'welcome10', 'Enter']]);
      await eventually(
        async () => (await totals(page)).discount === -810,
        async () => `WELCOME10 not applied: ${JSON.stringify((await totals(page)).rows)}`,
      );

      await tabTo(page, 'email');
      await typeInOrder(page, [
        ['email', 'jo@example.com'],
        ['calling-code'],
        ['phone', '415 555 0134'],
        ...shippingSteps({
          name: 'Jo Customer',
          country: 'United States',
          line1: '1 Market Street',
          city: 'San Francisco',
          state: 'California',
          postal: '94105',
        }),
        // Leaving the address saves it; the rates are one radio group: Down picks Express.
        ['shipping-rate', undefined, 'ArrowDown'],
        ...cardSteps({ name: 'Jo Customer', number: '4242424242424242', expiry: '1230' }),
      ]);
      const values = await page.evaluate(fieldValuesInPage);
      assert.equal(values.email, 'jo@example.com');
      assert.equal(values['shipping-country'], 'US');
      assert.equal(values['shipping-state'], 'CA');
      assert.equal(values.number, '4242 4242 4242 4242');
      assert.equal(values.expiry, '12 / 30');
      assert.equal(values.cvc, '123');
      assert.equal(values.name, 'Jo Customer');

      // The address brought California's sales tax, and Express its $15.
      const shown = await eventually(
        async () => {
          const now = await totals(page);
          return now.tax && now.shipping === 1500 ? now : null;
        },
        async () => `no tax or no Express: ${JSON.stringify((await totals(page)).rows)}`,
      );
      assert.equal(shown.discount, -810);
      assert.ok(Math.abs(shown.tax! - 0.0725 * 7290) <= 1, `tax ${shown.tax}`);
      assert.equal(shown.total, 8100 - 810 + 1500 + shown.tax!);
      assert.equal(await focusedField(page), 'name');

      // Enter in the last field pays.
      await page.press('Enter');
      const outcome = await eventually(
        () => page.evaluate(outcomeInPage),
        'no outcome shown',
        20_000,
      );
      assert.equal(outcome, 'Payment successful');
      const events = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('#events li')].map((item) => item.dataset.event),
      );
      assert.equal(events.filter((name) => name === 'checkout-ready').length, 1, `${events}`);
      assert.equal(events.filter((name) => name === 'checkout-success').length, 1, `${events}`);
      assert.equal(events.filter((name) => name === 'checkout-error').length, 0, `${events}`);
      assert.equal(events[0], 'checkout-ready');
      assert.equal(events.at(-1), 'checkout-success');

      // The shop navigates to its success page after its pause, with the session's id.
      const landed = await eventually(
        async () => {
          const url = new URL(await page.url());
          return url.pathname === '/demo/success.html' ? url : null;
        },
        'the shop did not go on to its success page',
        20_000,
      );
      assert.equal(landed.origin, server.url);
      const sessionId = landed.searchParams.get('session_id') ?? '';
      assert.match(sessionId, /^cs_test_\w+$/);

      // What the merchant's server reads back: paid, the amounts the customer saw, the details.
      const session = await api.getSession(sessionId);
      assert.equal(session.status, 'complete');
      assert.equal(session.payment_status, 'paid');
      assert.equal(session.amount_total, shown.total);
      assert.equal(session.amount_subtotal, 8100);
      assert.equal(session.total_details.amount_discount, 810);
      assert.equal(session.total_details.amount_shipping, 1500);
      assert.equal(session.total_details.amount_tax, shown.tax);
      assert.equal(session.shipping_details?.address.state, 'CA');
      assert.equal(session.shipping_details?.address.postal_code, '94105');
      assert.equal(session.customer_details?.email, 'jo@example.com');
      assert.equal(session.customer_details?.phone, '+14155550134');
    });
  });
}
