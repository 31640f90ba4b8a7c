/**
 * The demo shop end to end in Chromium: the embedded form paid from the
 * keyboard, the hosted page under its strict CSP, and the client secret kept
 * out of every URL the browser asks for.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startDemo } from '../../demo/server.js';
import { type RunningServer, readConfig } from '../../src/server/node.js';
import {
  ensureBrowserBuild,
  fieldValues,
  fillWithKeyboard,
  launchChromium,
  merchantApi,
  outcomeHeading,
  tempDir,
} from '../support/e2e.js';

describe('demo shop in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir: Awaited<ReturnType<typeof tempDir>>;
  let api: ReturnType<typeof merchantApi>;
  /** Every URL the browser requested, across the tests below. */
  const requested: string[] = [];
  /** Client secrets the browser held, and the ones it sent as bearer credentials. */
  const secrets = new Set<string>();
  const bearers = new Set<string>();

  /**
   * A tab that records every URL it requests and every problem it shows:
   * console errors and warnings, uncaught errors, and CSP or Trusted Types
   * violations (reported through a binding, which the page's CSP does not govern).
   */
  const openPage = async (): Promise<{ page: Page; problems: string[] }> => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('request', (request) => {
      requested.push(request.url());
      const auth = request.headers()['authorization'];
      if (auth?.startsWith('Bearer ')) bearers.add(auth.slice('Bearer '.length));
    });
    // The browser's own favicon request is not the page's doing (the demo has no icon).
    const favicon = (url: string | undefined) => url?.endsWith('/favicon.ico') ?? false;
    page.on('console', (message) => {
      if (favicon(message.location().url)) return;
      if (message.type() === 'error' || message.type() === 'warn') {
        problems.push(`console.${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error}`));
    page.on('response', (response) => {
      if (response.status() >= 400 && !favicon(response.url()))
        problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await page.exposeFunction('reportViolation', (violation: string) =>
      problems.push(`violation: ${violation}`),
    );
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { reportViolation(text: string): void })
          .reportViolation;
        report(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sample})`);
      });
    });
    return { page, problems };
  };

  before(async () => {
    await ensureBrowserBuild();
    dataDir = await tempDir();
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', CHECKOUT_DATA_DIR: dataDir.path });
    server = await startDemo(config);
    api = merchantApi(server.url, config.secretKey);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await dataDir?.remove();
  });

  test('the embedded form pays from the keyboard and hands over to the success page', async () => {
    const { page, problems } = await openPage();
    const sessionResponse = page.waitForResponse(
      (response) =>
        response.url() === `${server.url}/demo/session` && response.request().method() === 'POST',
    );
    await page.goto(`${server.url}/`);
    const { client_secret: secret } = (await (await sessionResponse).json()) as {
      client_secret: string;
    };
    assert.match(secret, /^cs_test_\w+_secret_\w+$/);
    secrets.add(secret);
    const sessionId = secret.slice(0, secret.indexOf('_secret_'));

    await fillWithKeyboard(page, {
      email: 'jo@example.com',
      name: 'Jo Customer',
      number: '4242424242424242',
      expiry: '1230',
    });
    // The fields format what was typed.
    const values = await fieldValues(page);
    assert.equal(values.email, 'jo@example.com');
    assert.equal(values.number, '4242 4242 4242 4242');
    assert.equal(values.expiry, '12 / 30');
    assert.equal(values.cvc, '123');
    assert.equal(values.name, 'Jo Customer');

    const navigated = page.waitForNavigation({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    assert.equal(await outcomeHeading(page), 'Payment successful');
    const succeededAt = Date.now();

    const events = await page.$$eval('#events li', (items) =>
      items.map((item) => (item as HTMLElement).dataset.event),
    );
    assert.equal(events.filter((name) => name === 'checkout-ready').length, 1, `${events}`);
    assert.equal(events.filter((name) => name === 'checkout-success').length, 1, `${events}`);
    assert.equal(events.filter((name) => name === 'checkout-error').length, 0, `${events}`);
    assert.equal(events[0], 'checkout-ready');
    assert.equal(events.at(-1), 'checkout-success');

    // The shop prevented the element's own redirect and navigates after its pause.
    await navigated;
    assert.ok(Date.now() - succeededAt >= 1500, 'navigated before the shop’s pause');
    const url = new URL(page.url());
    assert.equal(url.origin, server.url);
    assert.equal(url.pathname, '/demo/success.html');
    assert.equal(url.searchParams.get('session_id'), sessionId);
    const shown = await page.$eval('#session-id', (element) => element.textContent);
    assert.equal(shown, sessionId);
    assert.deepEqual(problems, []);

    const session = await api.getSession(sessionId);
    assert.equal(session.status, 'complete');
    assert.equal(session.payment_status, 'paid');
    assert.equal(session.customer_details?.email, 'jo@example.com');
    assert.equal(session.customer_details?.name, 'Jo Customer');
    assert.match(session.payment_intent ?? '', /^pi_test_/);
    await page.close();
  });

  test('the hosted page runs under a strict CSP with Trusted Types and pays', async () => {
    const { page, problems } = await openPage();

    const response = await page.goto(`${server.url}/demo/hosted`);
    assert.ok(response);
    const redirects = response.request().redirectChain();
    assert.equal(redirects.length, 1);
    assert.equal(redirects[0]!.response()?.status(), 303);
    const landed = new URL(page.url());
    assert.equal(landed.origin, server.url);
    assert.match(landed.pathname, /^\/pay\/cs_test_\w+$/);
    assert.equal(landed.search, '');
    const sessionId = landed.pathname.slice('/pay/'.length);

    assert.equal(response.status(), 200);
    const csp = response.headers()['content-security-policy'];
    assert.ok(csp, 'the hosted page has a Content-Security-Policy');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /require-trusted-types-for 'script'/);
    assert.match(csp, /script-src 'self'/);

    const secret = await page.$eval('checkout-embedded', (element) =>
      element.getAttribute('client-secret'),
    );
    assert.ok(secret, 'the hosted page hands the element its client secret');
    assert.ok(secret.startsWith(`${sessionId}_secret_`), secret);
    secrets.add(secret);
    // Trusted Types are enforced, not merely declared: probed on a second, unwatched tab.
    const probe = await browser.newPage();
    await probe.goto(landed.href);
    const enforced = await probe.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
        return false;
      } catch {
        return true;
      }
    });
    await probe.close();
    assert.equal(enforced, true, 'a plain string assignment to innerHTML must be refused');

    await fillWithKeyboard(page, { email: 'hosted@example.com', name: 'Hosted Buyer' });
    const navigated = page.waitForNavigation({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await navigated;

    const url = new URL(page.url());
    assert.equal(url.origin, server.url);
    assert.equal(url.pathname, '/demo/success.html');
    assert.equal(url.searchParams.get('session_id'), sessionId);
    await page.waitForFunction(
      (id) => document.getElementById('session-id')?.textContent === id,
      {},
      sessionId,
    );
    assert.deepEqual(problems, []);

    const session = await api.getSession(sessionId);
    assert.equal(session.status, 'complete');
    assert.equal(session.payment_status, 'paid');
    assert.equal(session.amount_total, 2 * 2400 + 1650);
    await page.close();
  });

  test('no client secret ever appears in a URL the browser requested', () => {
    assert.equal(secrets.size, 2, 'both checkouts above ran');
    // The secrets did travel, as bearer credentials.
    assert.deepEqual([...bearers].sort(), [...secrets].sort());
    assert.ok(requested.length > 10, `only ${requested.length} requests were seen`);
    for (const url of requested) {
      const decoded = decodeURIComponent(url);
      assert.doesNotMatch(decoded, /_secret_/, url);
      for (const secret of secrets) {
        const random = secret.slice(secret.indexOf('_secret_') + '_secret_'.length);
        assert.ok(!decoded.includes(random), `${url} carries a client secret`);
      }
    }
  });
});
