/**
 * The endpoint on one origin, a merchant page on another: the page loads the
 * script-tag build from the endpoint and uses the client API across origins
 * (the card frame, on the endpoint's origin, pays), while the merchant API
 * stays closed to browsers. The frame's isolation: card-frame.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { type RunningServer, readConfig, startServer } from '../../src/server/node.js';
import {
  basicAuth,
  ensureBrowserBuild,
  fillWithKeyboard,
  launchChromium,
  type MerchantPage,
  type MerchantSite,
  merchantApi,
  mugCart,
  outcomeHeading,
  pressEnterToPay,
  startMerchantSite,
} from '../support/e2e.js';
import { seededDataDir } from '../support/pglite.js';

/** The merchant's one page: the script tag from the endpoint, its own script, a strict CSP. */
function merchantPage(endpoint: string): MerchantPage {
  return {
    html: `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Merchant</title>
    <script type="module" src="${endpoint}/assets/checkout-kit.js"></script>
    <script type="module" src="/merchant.js"></script>
  </head>
  <body>
    <checkout-embedded id="checkout"></checkout-embedded>
    <ol id="events"></ol>
  </body>
</html>`,
    csp: [
      "default-src 'none'",
      `script-src 'self' ${endpoint}`,
      `connect-src ${endpoint}`,
      // The card fields live in the endpoint's frame.
      `frame-src ${endpoint}`,
      "base-uri 'none'",
    ].join('; '),
  };
}

describe('endpoint and merchant page on different origins', () => {
  let endpoint: RunningServer;
  let merchant: MerchantSite;
  let merchantOrigin: string;
  let browser: Browser;
  let dataDir: Awaited<ReturnType<typeof seededDataDir>>;
  let secretKey: string;
  let api: ReturnType<typeof merchantApi>;
  /** What /merchant.js hands the page: set per test. */
  let clientSecret = '';
  /** Every request the endpoint received, with its Origin header. */
  const received: { method: string; path: string; origin: string | undefined }[] = [];

  before(async () => {
    await ensureBrowserBuild();
    dataDir = await seededDataDir();
    const config = readConfig({
      PORT: '0',
      CHECKOUT_LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      CHECKOUT_DATA_DIR: dataDir.path,
    });
    secretKey = config.secretKey;
    // Records what reaches the endpoint, in front of its own routes.
    endpoint = await startServer(config, (app) => {
      app.use('*', async (c, next) => {
        const { pathname } = new URL(c.req.url);
        received.push({ method: c.req.method, path: pathname, origin: c.req.header('Origin') });
        await next();
      });
    });
    api = merchantApi(endpoint.url, secretKey);
    const page = merchantPage(endpoint.url);
    merchant = await startMerchantSite(
      () => ({ '/': page }),
      () => `const checkout = document.getElementById('checkout');
const log = document.getElementById('events');
for (const name of ['checkout-ready', 'checkout-change', 'checkout-success', 'checkout-error']) {
  checkout.addEventListener(name, () => {
    const item = document.createElement('li');
    item.dataset.event = name;
    item.textContent = name;
    log.append(item);
  });
}
checkout.endpoint = ${JSON.stringify(endpoint.url)};
checkout.clientSecret = ${JSON.stringify(clientSecret)};
`,
    );
    merchantOrigin = merchant.origin;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await new Promise((done) => merchant?.server.close(done));
    await endpoint?.close();
    await dataDir?.remove();
  });

  test('the two origins really differ', () => {
    assert.notEqual(new URL(endpoint.url).origin, merchantOrigin);
    assert.equal(new URL(endpoint.url).hostname, '127.0.0.1');
  });

  test('a merchant page on another origin pays with 4242', async () => {
    const { session: created } = await api.createSession(mugCart('embedded'));
    assert.ok(created.client_secret);
    clientSecret = created.client_secret;

    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('console', (message) => {
      // The browser's own favicon request is not the page's doing.
      if (message.location().url?.endsWith('/favicon.ico')) return;
      if (message.type() === 'error' || message.type() === 'warn') {
        problems.push(`console.${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error}`));
    page.on('requestfailed', (request) =>
      problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`),
    );
    received.length = 0;
    const corsAnswers: (string | undefined)[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(`${endpoint.url}/v1/client/`)) {
        corsAnswers.push(response.headers()['access-control-allow-origin']);
      }
    });

    await page.goto(`${merchantOrigin}/`);
    await page.waitForSelector('#events li[data-event="checkout-ready"]');
    await fillWithKeyboard(page, { email: 'far@example.com', name: 'Far Away' });
    await pressEnterToPay(page);
    assert.equal(await outcomeHeading(page), 'Payment successful');

    const events = await page.$$eval('#events li', (items) =>
      items.map((item) => (item as HTMLElement).dataset.event),
    );
    assert.equal(events.filter((name) => name === 'checkout-success').length, 1, `${events}`);
    assert.ok(!events.includes('checkout-error'), `${events}`);
    assert.equal(new URL(page.url()).origin, merchantOrigin, 'no success_url, so no navigation');
    assert.deepEqual(problems, []);

    // The page read its session across origins in one request, with no preflight (the
    // secret is its plain-text body); the saves after it were preflighted. The confirm
    // came from the card frame, on the endpoint's own origin: no preflight.
    const calls = received.filter((call) => call.path.startsWith('/v1/'));
    const seen = (method: string, path: string, origin: string | undefined) =>
      calls.some((call) => call.method === method && call.path === path && call.origin === origin);
    const endpointOrigin = new URL(endpoint.url).origin;
    assert.ok(seen('POST', '/v1/client/session', merchantOrigin), JSON.stringify(calls));
    assert.ok(!seen('OPTIONS', '/v1/client/session', merchantOrigin), JSON.stringify(calls));
    assert.ok(!seen('GET', '/v1/client/session', merchantOrigin), JSON.stringify(calls));
    assert.ok(seen('OPTIONS', '/v1/client/session/update', merchantOrigin), JSON.stringify(calls));
    assert.ok(seen('POST', '/v1/client/session/confirm', endpointOrigin), JSON.stringify(calls));
    assert.ok(
      !calls.some((call) => call.path.endsWith('/confirm') && call.origin !== endpointOrigin),
    );
    for (const call of calls) {
      assert.ok([merchantOrigin, endpointOrigin, undefined].includes(call.origin), call.path);
    }
    const script = received.find((call) => call.path === '/assets/checkout-kit.js');
    assert.equal(script?.origin, merchantOrigin, 'the module script is fetched in CORS mode');
    assert.ok(corsAnswers.length >= 2);
    for (const allowed of corsAnswers) assert.ok(allowed === '*' || allowed === merchantOrigin);

    const session = await api.getSession(created.id);
    assert.equal(session.status, 'complete');
    assert.equal(session.payment_status, 'paid');

    // A page cannot reach the merchant API, even when it holds the secret key.
    const merchantApiReachable = await page.evaluate(
      async (url, authorization) => {
        try {
          await fetch(`${url}/v1/checkout_sessions/cs_test_none`, {
            headers: { Authorization: authorization },
          });
          return true;
        } catch {
          return false;
        }
      },
      endpoint.url,
      basicAuth(secretKey),
    );
    assert.equal(merchantApiReachable, false);
    await page.close();
  });

  test('the client API answers preflights from any origin, without credentials', async () => {
    const response = await fetch(`${endpoint.url}/v1/client/session/confirm`, {
      method: 'OPTIONS',
      headers: {
        Origin: merchantOrigin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key',
      },
    });
    assert.ok(response.status === 204 || response.status === 200, `status ${response.status}`);
    const allowOrigin = response.headers.get('access-control-allow-origin');
    assert.ok(allowOrigin === '*' || allowOrigin === merchantOrigin, `${allowOrigin}`);
    const allowHeaders = (response.headers.get('access-control-allow-headers') ?? '')
      .toLowerCase()
      .split(',')
      .map((name) => name.trim());
    for (const name of ['authorization', 'content-type', 'idempotency-key']) {
      assert.ok(allowHeaders.includes(name), `${name} is not allowed: ${allowHeaders}`);
    }
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
  });

  test('the merchant API grants no origin', async () => {
    const { response, session } = await api.createSession(mugCart('embedded'), {
      Origin: merchantOrigin,
    });
    assert.equal(response.status, 200);
    assert.match(session.id, /^cs_test_/);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);

    const preflight = await fetch(`${endpoint.url}/v1/checkout_sessions`, {
      method: 'OPTIONS',
      headers: {
        Origin: merchantOrigin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key',
      },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });
});
