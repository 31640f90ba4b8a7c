/**
 * The React and Vue demo apps end to end: built with Vite, served by the real
 * demo server, paid in Chromium. Each shows its own confirmation from the
 * success event and its own error banner from a decline. The React app runs
 * React's development build under <StrictMode>, where effects and ref
 * callbacks run twice: it must still load one session, confirm once and
 * handle one success.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { frameworkApps } from '../../demo/frameworks.js';
import { startDemo } from '../../demo/server.js';
import { buildDemos } from '../../scripts/build-demos.js';
import { type RunningServer, readConfig } from '../../src/server/node.js';
import {
  eventually,
  fillWithKeyboard,
  launchChromium,
  merchantApi,
  pressEnterToPay,
  type TypedAddress,
} from '../support/e2e.js';
import { seededDataDir } from '../support/pglite.js';

const declinedCard = '4000000000000002';

const address: TypedAddress = {
  name: 'Fran Framework',
  country: 'United Kingdom',
  line1: '1 Poultry',
  city: 'London',
  postal: 'EC2R 8EJ',
};

/**
 * Runs in each page before its own scripts (a string, so no compiler helper
 * sneaks in): reports CSP and Trusted Types violations, counts dispatched
 * `checkout-success` events, and records in order each `checkout-ready` and
 * each time a provider's `fetchClientSecret` is set to a function, by
 * wrapping the setter before the kit registers the element. Outside
 * StrictMode, React sets it once before the session is ready.
 */
const pageProbe = `
  const probe = { timeline: [], successes: 0 };
  window.checkoutProbe = probe;
  document.addEventListener('securitypolicyviolation', (event) =>
    window.reportViolation(event.violatedDirective + ' blocked ' + event.blockedURI + ' (' + event.sample + ')'));
  document.addEventListener('checkout-success', () => probe.successes++, true);
  document.addEventListener('checkout-ready', () => probe.timeline.push('ready'), true);
  const define = customElements.define.bind(customElements);
  customElements.define = (name, element, options) => {
    if (name === 'checkout-provider') {
      // Lit makes the property accessors as it finalizes the class, which
      // reading observedAttributes does, as define itself would.
      void element.observedAttributes;
      const own = Object.getOwnPropertyDescriptor(element.prototype, 'fetchClientSecret');
      Object.defineProperty(element.prototype, 'fetchClientSecret', {
        get: own.get,
        set: function (value) {
          // The constructor's own null does not count; the app's function does.
          if (typeof value === 'function') probe.timeline.push('set fetchClientSecret');
          own.set.call(this, value);
        },
        configurable: true,
        enumerable: own.enumerable,
      });
    }
    define(name, element, options);
  };
`;

/** What one page asked the server for and went through, recorded from the start. */
interface Watched {
  page: Page;
  problems: string[];
  /** `METHOD /path` of every request the page made. */
  requests: string[];
}

/** The framework set `fetchClientSecret` and `appearance` as properties, never as attributes. */
async function assertObjectsAreProperties(page: Page, selector: string): Promise<void> {
  const bound = await page.$eval(selector, (element) => ({
    fetchClientSecret: typeof (element as unknown as Record<string, unknown>).fetchClientSecret,
    appearance: typeof (element as unknown as Record<string, unknown>).appearance,
    attributes: element.getAttributeNames(),
  }));
  assert.equal(bound.fetchClientSecret, 'function');
  assert.equal(bound.appearance, 'object');
  assert.deepEqual(
    bound.attributes.filter((name) => /secret|appearance/i.test(name)),
    [],
    'no object turned into an attribute',
  );
}

describe('React and Vue demo apps in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir: Awaited<ReturnType<typeof seededDataDir>>;
  let api: ReturnType<typeof merchantApi>;

  before(async () => {
    // React's development build: the one where <StrictMode> runs effects twice.
    await buildDemos({ reactMode: 'development', logLevel: 'warn' });
    dataDir = await seededDataDir();
    const config = readConfig({
      PORT: '0',
      CHECKOUT_LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      CHECKOUT_DATA_DIR: dataDir.path,
    });
    server = await startDemo(config);
    api = merchantApi(server.url, config.secretKey);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await dataDir?.remove();
  });

  /**
   * A tab that records its requests and every problem it shows: console
   * errors and warnings, uncaught errors, failed responses (but `allowed`
   * ones), and CSP or Trusted Types violations (see `pageProbe`).
   */
  const openPage = async (allowed: (url: string, status: number) => boolean = () => false) => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const watched: Watched = { page, problems: [], requests: [] };
    page.on('request', (request) => {
      // The card frame's own requests (its document, its check of the secret, the confirm) are marked.
      const frame = request.frame();
      const by = frame && frame !== page.mainFrame() ? 'card frame: ' : '';
      watched.requests.push(`${by}${request.method()} ${new URL(request.url()).pathname}`);
    });
    page.on('console', (message) => {
      // The browser logs every failed response; those the test expects are not problems.
      const failed = /status of (\d+)/.exec(message.text());
      if (failed && allowed(message.location().url ?? '', Number(failed[1]))) return;
      if (message.type() === 'error' || message.type() === 'warn') {
        watched.problems.push(`console.${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => watched.problems.push(`pageerror: ${error}`));
    page.on('response', (response) => {
      if (response.status() >= 400 && !allowed(response.url(), response.status())) {
        watched.problems.push(`HTTP ${response.status()}: ${response.url()}`);
      }
    });
    await page.exposeFunction('reportViolation', (violation: string) =>
      watched.problems.push(`violation: ${violation}`),
    );
    await page.evaluateOnNewDocument(pageProbe);
    return watched;
  };

  const probe = (page: Page) =>
    page.evaluate(
      () =>
        (window as unknown as { checkoutProbe: { timeline: string[]; successes: number } })
          .checkoutProbe,
    );

  /** The event names the app's own log shows, as the framework rendered them. */
  const handled = (page: Page) =>
    page.$$eval('#events li', (items) => items.map((item) => (item as HTMLElement).dataset.event));

  const count = (list: readonly (string | undefined)[], value: string) =>
    list.filter((item) => item === value).length;

  /**
   * Loads an app and checks its page came with the demo's strict policy: the
   * same as the demo shop's own pages for React; for Vue, the same with Vue's
   * own Trusted Types policy name added.
   */
  const open = async (watched: Watched, app: 'react' | 'vue', ready: string) => {
    const shop = (await fetch(`${server.url}/`)).headers.get('content-security-policy');
    assert.ok(shop);
    const response = await watched.page.goto(`${server.url}/demo/${app}/`);
    assert.equal(response?.status(), 200);
    assert.equal(response.headers()['content-type'], 'text/html; charset=utf-8');
    const csp = response.headers()['content-security-policy'] ?? '';
    assert.equal(csp, app === 'vue' ? shop.replace('trusted-types lit-html', '$& vue') : shop);
    assert.match(csp, /require-trusted-types-for 'script'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    await watched.page.waitForSelector(ready, { visible: true });
  };

  const fill = (page: Page, scope: string, number?: string) =>
    fillWithKeyboard(
      page,
      { email: 'fran@example.com', name: 'Fran Framework', shipping: address, number },
      scope,
    );

  test('the demo index links to both apps, and a missing file is a 404', async () => {
    const index = await (await fetch(`${server.url}/`)).text();
    assert.match(index, /href="\/demo\/react\/"/);
    assert.match(index, /href="\/demo\/vue\/"/);
    for (const app of ['react', 'vue']) {
      const html = await (await fetch(`${server.url}/demo/${app}/`)).text();
      const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
      assert.ok(script?.startsWith(`/demo/${app}/assets/`), html);
      const response = await fetch(`${server.url}${script}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.ok(response.headers.get('content-security-policy'));
    }
    const missing = await fetch(`${server.url}/demo/react/assets/nothing.js`);
    assert.equal(missing.status, 404);
    // An HTML file, so only the check that the path stays inside the build can refuse it.
    const outside = await fetch(`${server.url}/demo/vue/..%2F..%2Fpublic%2Findex.html`);
    assert.equal(outside.status, 404);
    const bare = await fetch(`${server.url}/demo/vue`, { redirect: 'manual' });
    assert.equal(bare.headers.get('location'), '/demo/vue/');
  });

  test('the React app is a development build, where StrictMode runs effects twice', async () => {
    const assets = join(frameworkApps.react, 'assets');
    const scripts = (await readdir(assets)).filter((file) => file.endsWith('.js'));
    const code = (
      await Promise.all(scripts.map((file) => readFile(join(assets, file), 'utf8')))
    ).join('\n');
    assert.match(code, /StrictMode/);
    assert.match(code, /doubleInvokeEffects/i, 'React’s development runtime is in the bundle');
  });

  test('React under StrictMode: one session load, one confirm, one success, the app’s own confirmation', async () => {
    const watched = await openPage();
    const { page } = watched;
    await open(watched, 'react', '#details checkout-email >>> #email');
    // The wrappers set the objects as properties, never as attributes.
    await assertObjectsAreProperties(page, 'checkout-provider');

    // StrictMode did run the prop-setting effect twice before the session was ready.
    const { timeline } = await probe(page);
    const beforeReady = timeline.slice(0, timeline.indexOf('ready'));
    assert.ok(timeline.includes('ready'), JSON.stringify(timeline));
    assert.ok(count(beforeReady, 'set fetchClientSecret') >= 2, JSON.stringify(timeline));

    await fill(page, '#details checkout-email');
    await pressEnterToPay(page);
    const heading = await page.waitForSelector('#confirmation h2');
    assert.equal(
      await heading!.evaluate((element) => element.textContent),
      'Thank you for your order',
    );
    // React unmounted the form; the kit did not navigate to success_url.
    assert.equal(await page.$('checkout-provider'), null);
    assert.equal(new URL(page.url()).pathname, '/demo/react/');

    // Late duplicates would arrive within moments of the first.
    await new Promise((done) => setTimeout(done, 500));
    const events = await handled(page);
    assert.equal(count(events, 'checkout-success'), 1, `${events}`);
    assert.equal(count(events, 'checkout-ready'), 1, `${events}`);
    assert.equal(count(events, 'checkout-error'), 0, `${events}`);
    assert.equal((await probe(page)).successes, 1, 'checkout-success dispatched once');
    const requests = watched.requests;
    assert.equal(count(requests, 'POST /demo/session'), 1, requests.join('\n'));
    assert.equal(count(requests, 'POST /v1/client/session'), 1, requests.join('\n'));
    // The page never sends the confirm: the card frame does, once.
    assert.equal(count(requests, 'POST /v1/client/session/confirm'), 0, requests.join('\n'));
    assert.equal(
      count(requests, 'card frame: POST /v1/client/session/confirm'),
      1,
      requests.join('\n'),
    );
    assert.deepEqual(watched.problems, []);

    const sessionId = await page.$eval(
      '[data-testid="session-id"]',
      (element) => element.textContent,
    );
    const session = await api.getSession(sessionId!);
    assert.equal(session.ui_mode, 'custom');
    assert.equal(session.status, 'complete');
    assert.equal(session.payment_status, 'paid');
    const paid = await page.$eval('#confirmation p', (element) => element.textContent);
    assert.match(paid ?? '', /paid with the card ending 4242/);
    await page.close();
  });

  test('React: a declined card shows the app’s banner from onCheckoutError', async () => {
    const watched = await openPage(
      (url, status) => status === 402 && url.endsWith('/v1/client/session/confirm'),
    );
    const { page } = watched;
    await open(watched, 'react', '#details checkout-email >>> #email');
    await fill(page, '#details checkout-email', declinedCard);
    await pressEnterToPay(page);
    const banner = await page.waitForSelector('[data-testid="error-banner"]');
    assert.match((await banner!.evaluate((element) => element.textContent)) ?? '', /declined/i);
    assert.equal(await banner!.evaluate((element) => element.getAttribute('role')), 'alert');
    assert.equal(await page.$('#confirmation'), null);
    // The form stays, for another card.
    assert.ok(await page.$('#details checkout-card'));
    const events = await eventually(async () => {
      const names = await handled(page);
      return names.includes('checkout-error') ? names : null;
    }, 'no checkout-error in the app’s log');
    assert.equal(count(events, 'checkout-error'), 1, `${events}`);
    assert.equal(count(events, 'checkout-success'), 0, `${events}`);
    assert.equal(count(watched.requests, 'POST /v1/client/session'), 1);
    assert.deepEqual(watched.problems, []);
    await page.close();
  });

  test('Vue: pays in <checkout-embedded> and shows the app’s own confirmation', async () => {
    const watched = await openPage();
    const { page } = watched;
    await open(watched, 'vue', 'checkout-embedded >>> #email');
    // Bound with .prop: the element holds the objects themselves, not strings.
    await assertObjectsAreProperties(page, 'checkout-embedded');

    await fill(page, 'checkout-embedded');
    await pressEnterToPay(page);
    const heading = await page.waitForSelector('#confirmation h2');
    assert.equal(
      await heading!.evaluate((element) => element.textContent),
      'Thank you for your order',
    );
    assert.equal(await page.$('checkout-embedded'), null);
    assert.equal(new URL(page.url()).pathname, '/demo/vue/');
    const events = await handled(page);
    assert.equal(count(events, 'checkout-success'), 1, `${events}`);
    assert.equal(count(events, 'checkout-ready'), 1, `${events}`);
    assert.equal(count(watched.requests, 'POST /v1/client/session'), 1);
    assert.equal(count(watched.requests, 'card frame: POST /v1/client/session/confirm'), 1);
    assert.deepEqual(watched.problems, []);

    const sessionId = await page.$eval(
      '[data-testid="session-id"]',
      (element) => element.textContent,
    );
    const session = await api.getSession(sessionId!);
    assert.equal(session.ui_mode, 'embedded');
    assert.equal(session.status, 'complete');
    assert.equal(session.payment_status, 'paid');
    await page.close();
  });

  test('Vue: a declined card shows the app’s banner from @checkout-error', async () => {
    const watched = await openPage(
      (url, status) => status === 402 && url.endsWith('/v1/client/session/confirm'),
    );
    const { page } = watched;
    await open(watched, 'vue', 'checkout-embedded >>> #email');
    await fill(page, 'checkout-embedded', declinedCard);
    await pressEnterToPay(page);
    const banner = await page.waitForSelector('[data-testid="error-banner"]');
    assert.match((await banner!.evaluate((element) => element.textContent)) ?? '', /declined/i);
    assert.equal(await page.$('#confirmation'), null);
    assert.ok(await page.$('checkout-embedded'));
    const events = await handled(page);
    assert.equal(count(events, 'checkout-error'), 1, `${events}`);
    assert.equal(count(events, 'checkout-success'), 0, `${events}`);
    assert.deepEqual(watched.problems, []);
    await page.close();
  });
});
