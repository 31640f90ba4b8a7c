/**
 * The demo shop end to end in Chromium: the embedded form's whole purchase
 * (quantity, promotion code, address with tax, shipping rate, card) from the
 * keyboard, checked against the merchant API; the custom-mode layout; the
 * hosted page under its strict CSP; and the client secret kept out of every
 * URL the browser asks for.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startDemo } from '../../demo/server.js';
import { type RunningServer, readConfig, readPartFiles } from '../../src/server/node.js';
import {
  cardSteps,
  cents,
  ensureBrowserBuild,
  eventually,
  fieldValues,
  fillWithKeyboard,
  focusedField,
  launchChromium,
  type MerchantSession,
  merchantApi,
  outcomeHeading,
  pressEnterToPay,
  shippingSteps,
  tabTo,
  totalRows,
  typeInOrder,
} from '../support/e2e.js';
import { seededDataDir } from '../support/pglite.js';

describe('demo shop in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir: Awaited<ReturnType<typeof seededDataDir>>;
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

  /** Records the client secret the shop's server handed to the page for one checkout. */
  const secretFrom = async (
    page: Page,
    ui: 'embedded' | 'custom',
    load: () => Promise<unknown>,
  ) => {
    const sessionResponse = page.waitForResponse(
      (response) =>
        response.url() === `${server.url}/demo/session?ui=${ui}` &&
        response.request().method() === 'POST',
    );
    await load();
    const { client_secret: secret } = (await (await sessionResponse).json()) as {
      client_secret: string;
    };
    assert.match(secret, /^cs_test_\w+_secret_\w+$/);
    secrets.add(secret);
    return { secret, sessionId: secret.slice(0, secret.indexOf('_secret_')) };
  };

  /** The totals as the page shows them, by label; the tax row is the one starting "Tax". */
  const shownTotals = async (page: Page, scope: string) => {
    const rows = await totalRows(page, scope);
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

  /** The merchant's view of a paid session adds up, and matches what the page showed. */
  const assertAmounts = (
    session: MerchantSession,
    shown: Awaited<ReturnType<typeof shownTotals>>,
  ) => {
    const details = session.total_details;
    assert.equal(session.amount_total, shown.total, 'the total the customer saw');
    assert.equal(session.amount_subtotal, shown.subtotal);
    assert.equal(details.amount_discount, shown.discount ? -shown.discount : 0);
    assert.equal(details.amount_shipping, shown.shipping);
    assert.equal(details.amount_tax, shown.tax ?? 0);
    assert.equal(
      session.amount_total,
      session.amount_subtotal -
        details.amount_discount +
        details.amount_shipping +
        details.amount_tax,
      JSON.stringify(session),
    );
  };

  /** The page's event log: one ready first, one success last, no errors. */
  const assertEventLog = async (page: Page) => {
    const events = await page.$$eval('#events li', (items) =>
      items.map((item) => (item as HTMLElement).dataset.event),
    );
    assert.equal(events.filter((name) => name === 'checkout-ready').length, 1, `${events}`);
    assert.equal(events.filter((name) => name === 'checkout-success').length, 1, `${events}`);
    assert.equal(events.filter((name) => name === 'checkout-error').length, 0, `${events}`);
    assert.equal(events[0], 'checkout-ready');
    assert.equal(events.at(-1), 'checkout-success');
    return events;
  };

  test('the embedded form: quantity, WELCOME10, a Californian address with tax, Express, 4242 from the keyboard', async () => {
    const { page, problems } = await openPage();
    const { sessionId } = await secretFrom(page, 'embedded', () => page.goto(`${server.url}/`));
    await page.waitForSelector('checkout-embedded >>> #email', { visible: true });

    const before = await shownTotals(page, 'checkout-embedded');
    // 2 × 24.00 + 16.50; Standard shipping until the customer picks; no tax before an address.
    assert.equal(before.subtotal, 6450, JSON.stringify(before.rows));
    assert.equal(before.shipping, 500, JSON.stringify(before.rows));
    assert.equal(before.tax, null, JSON.stringify(before.rows));

    // One more bag of beans, from the keyboard: Tab from the top of the page to its stepper.
    const moreBeans = 'Increase quantity of Single-origin beans, 250 g';
    await tabTo(page, moreBeans, { fromTop: true });
    await page.keyboard.press('Enter');
    await eventually(
      async () => (await shownTotals(page, 'checkout-embedded')).subtotal === 8100,
      'the quantity change did not reach the totals',
    );

    // The promotion code sits in its own form: Enter applies it rather than paying.
    await typeInOrder(page, [[moreBeans], ['promotion-code', 'welcome10', 'Enter']]);
    await eventually(
      async () => (await shownTotals(page, 'checkout-embedded')).discount === -810,
      async () =>
        `WELCOME10 not applied: ${JSON.stringify(await totalRows(page, 'checkout-embedded'))}`,
    );

    // The rest of the form, field by field in tab order.
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
    const values = await fieldValues(page);
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
        const totals = await shownTotals(page, 'checkout-embedded');
        return totals.tax && totals.shipping === 1500 ? totals : null;
      },
      async () =>
        `no tax or no Express: ${JSON.stringify(await totalRows(page, 'checkout-embedded'))}`,
    );
    // 81.00 less 10 % is 72.90; 7.25 % of it is 5.285, give or take a cent of per-line rounding.
    assert.equal(shown.discount, -810);
    assert.ok(Math.abs(shown.tax! - 0.0725 * 7290) <= 1, `tax ${shown.tax}`);
    assert.equal(shown.total, 8100 - 810 + 1500 + shown.tax!);
    const payLabel = await page.$eval('checkout-embedded >>> checkout-pay-button >>> button', (b) =>
      (b.textContent ?? '').trim(),
    );
    assert.equal(payLabel, `Pay $${(shown.total! / 100).toFixed(2)}`);
    assert.equal(await focusedField(page), 'name');

    // Enter in the last field pays.
    const navigated = page.waitForNavigation({ timeout: 20_000 });
    await pressEnterToPay(page);
    assert.equal(await outcomeHeading(page), 'Payment successful');
    const succeededAt = Date.now();
    await assertEventLog(page);

    // The shop prevented the element's own redirect and navigates after its pause.
    await navigated;
    assert.ok(Date.now() - succeededAt >= 1500, 'navigated before the shop’s pause');
    const url = new URL(page.url());
    assert.equal(url.origin, server.url);
    assert.equal(url.pathname, '/demo/success.html');
    assert.equal(url.searchParams.get('session_id'), sessionId);
    const landedOn = await page.$eval('#session-id', (element) => element.textContent);
    assert.equal(landedOn, sessionId);
    assert.deepEqual(problems, []);

    // What the merchant's server reads back: paid, the amounts the customer saw, the details.
    const session = await api.getSession(sessionId);
    assert.equal(session.status, 'complete');
    assert.equal(session.payment_status, 'paid');
    assert.match(session.payment_intent ?? '', /^pi_test_/);
    assertAmounts(session, shown);
    assert.equal(session.amount_subtotal, 8100);
    assert.equal(session.total_details.amount_discount, 810);
    assert.equal(session.total_details.amount_shipping, 1500);
    assert.equal(session.discounts?.length, 1, JSON.stringify(session.discounts));
    const express = session.shipping_options?.find((option) => option.display_name === 'Express');
    assert.deepEqual(session.shipping_cost, {
      shipping_rate: express?.shipping_rate,
      amount_total: 1500,
    });
    assert.equal(session.shipping_details?.name, 'Jo Customer');
    assert.deepEqual(
      { ...session.shipping_details?.address, line2: undefined },
      {
        country: 'US',
        state: 'CA',
        city: 'San Francisco',
        line1: '1 Market Street',
        line2: undefined,
        postal_code: '94105',
      },
    );
    assert.equal(session.customer_details?.email, 'jo@example.com');
    assert.equal(session.customer_details?.name, 'Jo Customer');
    assert.equal(session.customer_details?.phone, '+14155550134');
    await page.close();
  });

  test('the custom layout: the shop’s own panels around one provider, and it pays', async () => {
    const { page, problems } = await openPage();
    await page.setViewport({ width: 1200, height: 900 });
    const { sessionId } = await secretFrom(page, 'custom', () =>
      page.goto(`${server.url}/demo/custom.html`),
    );
    await page.waitForSelector('#details checkout-email >>> #email', { visible: true });

    // The elements are the page's own, in its light DOM inside one <checkout-provider>: no
    // <checkout-embedded>, and the order is a panel apart from the details.
    const detailTags = [
      'checkout-messages',
      'checkout-email',
      'checkout-phone',
      'checkout-address[type="shipping"]',
      'checkout-shipping-rates',
      'checkout-card',
      'checkout-pay-button',
      'checkout-cancel-button',
    ];
    const orderTags = ['checkout-line-items', 'checkout-promotion-code', 'checkout-totals'];
    // No named helpers inside: tsx would wrap them in a function the page does not have.
    const layout = await page.evaluate(
      (detailTags, orderTags) => {
        const provider = document.querySelector('checkout-provider');
        const details = document.getElementById('details');
        const order = document.querySelector('section.order');
        return {
          providers: document.querySelectorAll('checkout-provider').length,
          embedded: document.querySelectorAll('checkout-embedded').length,
          providerInLightDom: provider?.getRootNode() === document,
          providerHasShadowForm: Boolean(provider?.shadowRoot?.querySelector('checkout-card')),
          details: detailTags.filter(
            (tag) => details?.querySelector(tag)?.closest('checkout-provider') === provider,
          ),
          order: orderTags.filter(
            (tag) => order?.querySelector(tag)?.closest('checkout-provider') === provider,
          ),
          summaryInDetails: Boolean(details?.querySelector('checkout-line-items, checkout-totals')),
          formInOrder: Boolean(order?.querySelector('checkout-card, checkout-email')),
          nested: Boolean(details?.contains(order) || order?.contains(details)),
          // A hidden panel takes no place in the layout.
          outcomeShown: document.getElementById('outcome')!.checkVisibility(),
          detailsBox: details!.getBoundingClientRect().toJSON() as DOMRect,
          orderBox: order!.getBoundingClientRect().toJSON() as DOMRect,
        };
      },
      detailTags,
      orderTags,
    );
    assert.equal(layout.providers, 1);
    assert.equal(layout.embedded, 0);
    assert.equal(layout.providerInLightDom, true);
    assert.equal(layout.providerHasShadowForm, false);
    assert.deepEqual(layout.details, detailTags);
    assert.deepEqual(layout.order, orderTags);
    assert.equal(layout.summaryInDetails, false);
    assert.equal(layout.formInOrder, false);
    assert.equal(layout.nested, false);
    assert.equal(
      layout.outcomeShown,
      false,
      'the hidden outcome panel shows while the checkout is open',
    );
    // Details on the left, the order on the right.
    assert.ok(
      layout.orderBox.left >= layout.detailsBox.right,
      `order ${JSON.stringify(layout.orderBox)} is not right of details ${JSON.stringify(layout.detailsBox)}`,
    );

    // A British address this time: 20 % VAT, Standard shipping.
    await fillWithKeyboard(
      page,
      {
        email: 'sam@example.co.uk',
        name: 'Sam Custom',
        shipping: {
          name: 'Sam Custom',
          country: 'United Kingdom',
          line1: '10 Downing Street',
          city: 'London',
          postal: 'SW1A 2AA',
        },
      },
      '#details checkout-email',
    );
    const shown = await eventually(
      async () => {
        const totals = await shownTotals(page, 'section.order');
        return totals.tax ? totals : null;
      },
      async () => `no VAT: ${JSON.stringify(await totalRows(page, 'section.order'))}`,
    );
    assert.deepEqual(
      { subtotal: shown.subtotal, shipping: shown.shipping, tax: shown.tax, total: shown.total },
      { subtotal: 6450, shipping: 500, tax: 1290, total: 6450 + 500 + 1290 },
      JSON.stringify(shown.rows),
    );

    // Paid with the shop's pay button, by mouse; the shop shows the outcome itself.
    const navigated = page.waitForNavigation({ timeout: 20_000 });
    await page.click('#details checkout-pay-button >>> button');
    await page.waitForFunction(
      () => document.querySelector('#outcome h2')?.textContent === 'Payment successful',
    );
    assert.equal(await page.$eval('#details', (element) => element.checkVisibility()), false);
    await assertEventLog(page);
    await navigated;
    const url = new URL(page.url());
    assert.equal(url.pathname, '/demo/success.html');
    assert.equal(url.searchParams.get('session_id'), sessionId);
    assert.deepEqual(problems, []);

    const session = await api.getSession(sessionId);
    assert.equal(session.ui_mode, 'custom');
    assert.equal(session.status, 'complete');
    assert.equal(session.payment_status, 'paid');
    assertAmounts(session, shown);
    assert.equal(session.shipping_details?.name, 'Sam Custom');
    assert.equal(session.shipping_details?.address.country, 'GB');
    assert.equal(session.shipping_details?.address.postal_code, 'SW1A 2AA');
    assert.equal(session.customer_details?.email, 'sam@example.co.uk');
    await page.close();
  });

  test('the hosted page runs under a strict CSP with Trusted Types and pays', async () => {
    const { page, problems } = await openPage();
    // The session comes with the page: the page itself never reads it (the card frame checks
    // its secret on its own, in its own document).
    const pageReads: string[] = [];
    // The kit's lazy parts the page fetched (not the card frame's script).
    const partFetches: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path === '/v1/client/session' && request.frame() === page.mainFrame()) {
        pageReads.push(`${request.method()} ${path}`);
      }
      if (
        /^\/assets\/checkout-kit-[\w-]+\.[\w-]{8}\.js$/.test(path) &&
        request.frame() === page.mainFrame()
      ) {
        partFetches.push(path);
      }
    });

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

    await page.waitForSelector('checkout-embedded >>> #email', { visible: true });
    assert.deepEqual(pageReads, [], 'no session read before the form showed');
    // The parts this session's form needs are named in the page, so they download beside
    // the kit's script; each once (the import finds the preloaded module).
    const preloads = await page.$$eval('link[rel="modulepreload"]', (links) =>
      links.map((link) => new URL((link as HTMLLinkElement).href).pathname),
    );
    // Named by the files the build lists, each carrying a hash of its contents.
    const parts = readPartFiles()!.module;
    assert.ok(
      preloads.includes(`/assets/${parts['address-form']}`),
      `the demo's hosted session asks for a shipping address: ${preloads}`,
    );
    // The words for endpoint errors load when the page is idle, whatever the session.
    const notPreloaded = partFetches.filter(
      (path) => !preloads.includes(path) && path !== `/assets/${parts.errors}`,
    );
    assert.deepEqual(notPreloaded, [], 'a part the form loaded before it showed was not named');
    await fillWithKeyboard(page, {
      email: 'hosted@example.com',
      name: 'Hosted Buyer',
      shipping: {
        name: 'Hosted Buyer',
        country: 'United Kingdom',
        line1: '221B Baker Street',
        city: 'London',
        postal: 'NW1 6XE',
      },
    });
    const shown = await eventually(
      async () => {
        const totals = await shownTotals(page, 'checkout-embedded');
        return totals.tax ? totals : null;
      },
      async () => `no VAT: ${JSON.stringify(await totalRows(page, 'checkout-embedded'))}`,
    );
    assert.deepEqual(
      partFetches.filter((path, index) => partFetches.indexOf(path) !== index),
      [],
      'a part was fetched twice',
    );
    for (const path of preloads) {
      assert.ok(partFetches.includes(path), `${path} was named but never fetched`);
    }
    const navigated = page.waitForNavigation({ timeout: 20_000 });
    await pressEnterToPay(page);
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
    assertAmounts(session, shown);
    // The full cart: 2 × 24.00 + 16.50, Standard shipping, 20 % VAT on the goods.
    assert.equal(session.amount_total, 6450 + 500 + 1290);
    assert.equal(session.shipping_details?.address.country, 'GB');
    await page.close();
  });

  test('no client secret ever appears in a URL the browser requested', () => {
    assert.equal(secrets.size, 3, 'the embedded, custom and hosted checkouts above ran');
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
