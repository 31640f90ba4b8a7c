/**
 * The demo's page per seed API, end to end in Chromium: the demo's server
 * sends that API's documented example request to the real endpoint on
 * 127.0.0.1, the page pays the session through the kit (a card, or the
 * simulated crypto transfer), and the seed's own API then reports it paid.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startDemo } from '../../demo/server.js';
import { type RunningServer, readConfig } from '../../src/server/node.js';
import {
  cardFrame,
  ensureBrowserBuild,
  launchChromium,
  outcomeHeading,
  pressEnterToPay,
} from '../support/e2e.js';
import { seededDataDir } from '../support/pglite.js';

describe('seed API demo pages in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let secretKey: string;
  let dataDir: Awaited<ReturnType<typeof seededDataDir>>;

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
    server = await startDemo(config);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await dataDir?.remove();
  });

  /** Opens a seed's page and waits for the exchange its server had with the endpoint. */
  async function openSeedPage(seed: string) {
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    const exchange = page.waitForResponse(
      (response) =>
        response.url() === `${server.url}/demo/seeds/${seed}/session` &&
        response.request().method() === 'POST',
    );
    await page.goto(`${server.url}/demo/seeds/${seed}`);
    const body = (await (await exchange).json()) as {
      status: number;
      response: Record<string, any>;
      client_secret: string | null;
    };
    assert.ok(body.client_secret, `seed ${seed} refused its example: ${JSON.stringify(body)}`);
    assert.ok(
      !JSON.stringify(body.response).includes(body.client_secret),
      'the page shows the response without the client secret',
    );
    return { page, problems, status: body.status, response: body.response };
  }

  /** Types into a field inside the embedded form (the card's are in its frame), replacing what it held. */
  async function type(page: Page, field: string, text: string) {
    const input = ['number', 'expiry', 'cvc', 'name'].includes(field)
      ? await (await cardFrame(page)).waitForSelector(`#${field}`, { visible: true })
      : await page.waitForSelector(`checkout-embedded >>> #${field}`, { visible: true });
    await input!.click({ count: 3 });
    await input!.type(text);
  }

  async function payByCard(page: Page) {
    await type(page, 'email', 'seed-buyer@example.com');
    await type(page, 'number', '4242424242424242');
    await type(page, 'expiry', `12${String(new Date().getFullYear() + 1).slice(-2)}`);
    await type(page, 'cvc', '123');
    await type(page, 'name', 'Seed Buyer');
    await pressEnterToPay(page);
    assert.equal(await outcomeHeading(page), 'Payment successful');
  }

  /** Reads a session back through the API that created it. */
  async function read(path: string, auth: 'bearer' | 'basic') {
    const response = await fetch(`${server.url}${path}`, {
      headers: {
        Authorization: auth === 'bearer' ? `Bearer ${secretKey}` : `Basic ${btoa(`${secretKey}:`)}`,
      },
    });
    assert.equal(response.status, 200, path);
    return (await response.json()) as Record<string, any>;
  }

  test('000: POST /v1/checkout with catalog variants and a promotion code, paid by card', async () => {
    const { page, problems, status, response } = await openSeedPage('000');
    assert.equal(status, 201);
    assert.equal(typeof response.amount_cents, 'string');
    // The catalog's names for the product and its variant; the unknown product by its id.
    const lines = await page.waitForFunction(() => {
      const host = document.querySelector('checkout-embedded');
      const items = host?.shadowRoot
        ?.querySelector('checkout-line-items')
        ?.shadowRoot?.querySelectorAll('[part~="line-item"]');
      return items && items.length === 2 ? [...items].map((item) => item.textContent) : null;
    });
    const [tshirt, stickers] = (await lines.jsonValue()) as string[];
    assert.match(tshirt!, /T-shirt/i);
    assert.match(tshirt!, /\bM\b|Medium/);
    assert.match(stickers!, /prod_sticker_pack/);
    await payByCard(page);
    const paid = await read(`/v1/checkout/${response.id}`, 'bearer');
    assert.equal(paid.status, 'succeeded');
    assert.match(paid.stripe_payment_intent_id, /^pi_/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('001: POST /api/v3/checkout/sessions with a catalog price, paid by card', async () => {
    const { page, problems, status, response } = await openSeedPage('001');
    assert.equal(status, 200);
    assert.equal(response.object, 'checkout.session');
    assert.equal(response.externalCustomerId, 'crm-4711');
    await page.waitForSelector('checkout-embedded >>> checkout-line-items >>> button', {
      visible: true,
    });
    await payByCard(page);
    const paid = await read(`/api/v3/checkout/sessions/${response.id}`, 'bearer');
    assert.equal(paid.payment_status, 'paid');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('002: POST /api/v1/checkout, paid by a simulated crypto transfer', async () => {
    const { page, problems, status, response } = await openSeedPage('002');
    assert.equal(status, 200);
    const eth = await page.waitForSelector(
      'checkout-embedded >>> checkout-crypto >>> input[value="ETH"]',
      {
        visible: true,
      },
    );
    await eth!.click();
    await page.waitForSelector('checkout-embedded >>> checkout-crypto >>> svg[role="img"]', {
      visible: true,
    });
    const simulate = await page.waitForSelector(
      'checkout-embedded >>> checkout-crypto >>> button[part~="simulate"]',
      { visible: true },
    );
    await simulate!.click();
    assert.equal(await outcomeHeading(page, 30_000), 'Payment successful');
    const paid = await read(`/api/v1/checkout/sessions/${response.id}`, 'bearer');
    assert.equal(paid.status, 'complete');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('003: POST /v1/checkout_sessions from its documented example, paid by card', async () => {
    const { page, problems, status, response } = await openSeedPage('003');
    assert.equal(status, 200);
    await payByCard(page);
    const paid = await read(`/v1/checkout_sessions/${response.id}`, 'basic');
    assert.equal(paid.status, 'complete');
    assert.equal(paid.payment_status, 'paid');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('004: POST /api/v2/checkout-sessions with a product image, paid by card', async () => {
    const { page, problems, status, response } = await openSeedPage('004');
    assert.equal(status, 200);
    const image = await page.waitForSelector(
      'checkout-embedded >>> checkout-line-items >>> img[part~="image"]',
      { visible: true },
    );
    // Shown is not loaded: wait for the image itself, which a CSP refusal would never finish.
    const loaded = await page
      .waitForFunction(
        (element) =>
          (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth > 0,
        { timeout: 10_000 },
        image,
      )
      .then(() => true)
      .catch(() => false);
    assert.equal(loaded, true, 'the product image loads under the page CSP');
    await payByCard(page);
    const paid = await read(`/api/v2/checkout-sessions/${response.id}`, 'basic');
    assert.equal(paid.status, 'complete');
    assert.match(paid.payment_intent_id, /^pi_/);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
