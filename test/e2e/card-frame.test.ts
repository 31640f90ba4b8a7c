/**
 * The card frame as a merchant's customers meet it: the merchant's page on
 * one origin (`localhost`), the endpoint and its card frame on another
 * (`127.0.0.1`), in Chromium, against the real server. The merchant's
 * document never holds a card field, its script cannot read the frame, and
 * nothing it sends carries the card; the frame pays, and the page learns
 * only outcomes. Everything a customer does still works through the frame:
 * typing, autofill, the keyboard, declines, 3-D Secure, validation and focus.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, CDPSession, Frame, HTTPRequest, Page } from 'puppeteer-core';
import { type RunningServer, readConfig, startServer } from '../../src/server/node.js';
import {
  cardFrame,
  ensureBrowserBuild,
  eventually,
  fillWithKeyboard,
  focusedField,
  launchChromium,
  type MerchantSite,
  merchantApi,
  mugCart,
  nextYear,
  outcomeHeading,
  pressEnterToPay,
  repoRoot,
  startMerchantSite,
  tabTo,
  typeInOrder,
} from '../support/e2e.js';
import { seededDataDir } from '../support/pglite.js';

const card = '4242424242424242';
const cvc = '321';

/**
 * The merchant's page: the kit from the endpoint, its own script, a strict
 * CSP that lets the endpoint's frame in. Its script records every message
 * the kit's side of the frame channel receives (by watching MessageChannel
 * before the kit loads), to show what the page ever learns from the frame.
 */
function merchantPage(endpoint: string) {
  return {
    html: `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Merchant</title>
    <script src="/merchant.js"></script>
    <script type="module" src="${endpoint}/assets/checkout-kit.js"></script>
  </head>
  <body>
    <main><h1>Merchant</h1><checkout-embedded id="checkout"></checkout-embedded></main>
    <ol id="events"></ol>
  </body>
</html>`,
    csp: [
      "default-src 'none'",
      `script-src 'self' ${endpoint}`,
      `connect-src ${endpoint}`,
      `frame-src ${endpoint}`,
      "base-uri 'none'",
      "require-trusted-types-for 'script'",
      'trusted-types lit-html',
    ].join('; '),
  };
}

describe('the card frame, on another origin than the merchant page', () => {
  let endpoint: RunningServer;
  let merchant: MerchantSite;
  let browser: Browser;
  let dataDir: Awaited<ReturnType<typeof seededDataDir>>;
  let api: ReturnType<typeof merchantApi>;
  let clientSecret = '';

  before(async () => {
    await ensureBrowserBuild();
    dataDir = await seededDataDir();
    const config = readConfig({
      PORT: '0',
      CHECKOUT_LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      CHECKOUT_DATA_DIR: dataDir.path,
    });
    endpoint = await startServer(config);
    api = merchantApi(endpoint.url, config.secretKey);
    merchant = await startMerchantSite(
      () => ({ '/': merchantPage(endpoint.url) }),
      () => `window.frameMessages = [];
const RealChannel = MessageChannel;
window.MessageChannel = class extends RealChannel {
  constructor() {
    super();
    this.port1.addEventListener('message', (event) => window.frameMessages.push(JSON.stringify(event.data)));
  }
};
document.addEventListener('DOMContentLoaded', () => {
  const checkout = document.getElementById('checkout');
  const log = document.getElementById('events');
  for (const name of ['checkout-ready', 'checkout-success', 'checkout-error']) {
    checkout.addEventListener(name, (event) => {
      const item = document.createElement('li');
      item.dataset.event = name;
      item.textContent = JSON.stringify(event.detail);
      log.append(item);
    });
  }
  checkout.endpoint = ${JSON.stringify(endpoint.url)};
  checkout.clientSecret = ${JSON.stringify(clientSecret)};
});
`,
    );
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await new Promise((done) => merchant?.server.close(done));
    await endpoint?.close();
    await dataDir?.remove();
  });

  /**
   * A new session, and the merchant page open on it, with every request the
   * page itself sends recorded (the frame's are the frame's) and every
   * problem it shows.
   */
  async function open(extra: Record<string, unknown> = {}) {
    const { session } = await api.createSession(mugCart('embedded', extra));
    clientSecret = session.client_secret!;
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const pageRequests: HTTPRequest[] = [];
    const frameRequests: HTTPRequest[] = [];
    const problems: string[] = [];
    page.on('request', (request) => {
      // A preflight belongs to no frame: only the page sends cross-origin requests.
      const frame = request.frame();
      const byFrame = frame !== null && frame !== page.mainFrame();
      (byFrame ? frameRequests : pageRequests).push(request);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error}`));
    page.on('console', (message) => {
      const url = message.location().url ?? '';
      // Declines come back as 402s, which the browser logs; the test checks what the customer sees.
      if (/Failed to load resource.*402/.test(message.text()) && url.endsWith('/confirm')) return;
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${merchant.origin}/`);
    await page.waitForSelector('#events li[data-event="checkout-ready"]');
    const frame = await cardFrame(page);
    return { session, page, frame, pageRequests, frameRequests, problems };
  }

  /** Fills the form from the keyboard alone and presses Enter in the last card field. */
  async function payByKeyboard(page: Page, number = card) {
    await fillWithKeyboard(page, { email: 'far@example.com', name: 'Far Away', number, cvc });
    await pressEnterToPay(page);
  }

  test('the two origins really differ, and the frame is an out-of-process frame of the endpoint', async () => {
    const { page, frame } = await open();
    assert.notEqual(new URL(endpoint.url).origin, merchant.origin);
    assert.equal(new URL(frame.url()).origin, new URL(endpoint.url).origin);
    assert.equal(frame.parentFrame(), page.mainFrame());
    await page.close();
  });

  test('typed from the keyboard alone, a card pays through the frame, and the page never holds it', async () => {
    const { page, pageRequests, frameRequests, problems, session } = await open();
    await fillWithKeyboard(page, { email: 'far@example.com', name: 'Far Away', cvc });

    // The merchant's document, every shadow root included, holds no card field.
    const fields = await page.evaluate(() => {
      const found: string[] = [];
      const roots: ParentNode[] = [document];
      for (let index = 0; index < roots.length; index++) {
        for (const element of roots[index]!.querySelectorAll('*')) {
          if (element.shadowRoot) roots.push(element.shadowRoot);
          if (element instanceof HTMLInputElement) {
            found.push(`${element.id}:${element.autocomplete}:${element.value}`);
          }
        }
      }
      return found;
    });
    assert.ok(fields.length > 0, 'the page has its own fields (email)');
    for (const field of fields) {
      assert.doesNotMatch(field, /cc-|^number:|^cvc:|4242/, field);
    }
    // The page's script cannot read the frame.
    const reach = await page.evaluate(() => {
      const frames: HTMLIFrameElement[] = [];
      const roots: ParentNode[] = [document];
      for (let index = 0; index < roots.length; index++) {
        for (const element of roots[index]!.querySelectorAll('*')) {
          if (element.shadowRoot) roots.push(element.shadowRoot);
          if (element instanceof HTMLIFrameElement) frames.push(element);
        }
      }
      const frame = frames[0]!;
      let document_: string;
      try {
        document_ = String(frame.contentWindow!.document);
      } catch (error) {
        document_ = (error as Error).name;
      }
      return { frames: frames.length, contentDocument: frame.contentDocument, document_ };
    });
    assert.equal(reach.frames, 1);
    assert.equal(reach.contentDocument, null);
    assert.equal(reach.document_, 'SecurityError');

    await pressEnterToPay(page);
    assert.equal(await outcomeHeading(page), 'Payment successful');

    // No request the page sent carries the card; the frame sent the one confirm.
    for (const request of pageRequests) {
      const sent = `${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`;
      assert.doesNotMatch(sent, /4242\s?4242|4242424242424242/, request.url());
      assert.ok(!sent.includes(`"${cvc}"`), request.url());
      assert.ok(!request.url().endsWith('/confirm'), 'the page sent a confirm');
    }
    const confirms = frameRequests.filter((request) => request.url().endsWith('/confirm'));
    assert.equal(confirms.length, 1);
    assert.equal(new URL(confirms[0]!.url()).origin, new URL(endpoint.url).origin);
    assert.match(confirms[0]!.postData() ?? '', new RegExp(card));
    // Same origin as the frame: no preflight.
    assert.equal(frameRequests.filter((request) => request.method() === 'OPTIONS').length, 0);

    // What the page learned from the frame: outcomes, never the card.
    const messages = await page.evaluate(
      () => (window as unknown as { frameMessages: string[] }).frameMessages,
    );
    assert.ok(messages.some((message) => message.includes('"confirmed"')));
    for (const message of messages) {
      assert.ok(!message.includes('4242 4242') && !message.includes(card), message);
      assert.ok(!message.includes(`"${cvc}"`), message);
    }
    const events = await page.$$eval('#events li', (items) =>
      items.map((item) => item.textContent),
    );
    assert.ok(!events.join(' ').includes(card));
    assert.equal(events.filter((event) => event?.includes('"complete"')).length >= 1, true);

    const paid = await api.getSession(session.id);
    assert.equal(paid.status, 'complete');
    assert.equal(paid.payment_status, 'paid');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('Tab enters the frame after the email and leaves it for the pay button; Shift+Tab goes back', async () => {
    const { page } = await open();
    await tabTo(page, 'email', { fromTop: true });
    await page.keyboard.type('far@example.com');
    await tabTo(page, 'number');
    await typeInOrder(page, [
      ['number', card],
      ['expiry', `12${String(nextYear).slice(-2)}`],
      ['cvc', cvc],
      ['cvc-help'],
      ['name', 'Far Away'],
    ]);
    await page.keyboard.press('Tab');
    assert.equal(await focusedField(page), 'checkout-pay-button button');
    // Shift+Tab walks back through the frame and out of it, the way the customer came in.
    const back: Array<string | null> = [];
    await page.keyboard.down('Shift');
    for (let step = 0; step < 6; step++) {
      await page.keyboard.press('Tab');
      back.push(await focusedField(page));
    }
    await page.keyboard.up('Shift');
    assert.deepEqual(back, ['name', 'cvc-help', 'cvc', 'expiry', 'number', 'email']);
    await page.close();
  });

  test("Chromium's own autofill fills the whole card in the frame at once, and it pays", async () => {
    const { page, frame } = await open();
    await tabTo(page, 'email', { fromTop: true });
    await page.keyboard.type('auto@example.com');
    const input = await frame.$('#number');
    const client = (frame as unknown as { client: CDPSession }).client;
    const { node } = await client.send('DOM.describeNode', {
      objectId: input!.remoteObject().objectId!,
    });
    await client.send('Autofill.trigger', {
      fieldId: node.backendNodeId,
      frameId: (frame as unknown as { _id: string })._id,
      card: {
        number: '5555555555554444',
        name: 'Ada Autofill',
        expiryMonth: '04',
        expiryYear: String(nextYear + 2),
        cvc: '123',
      },
    });
    const values = await frame.$$eval('input', (inputs) =>
      Object.fromEntries(inputs.map((each) => [each.id, each.value])),
    );
    assert.equal(values.number, '5555 5555 5555 4444');
    assert.equal(values.expiry, `04 / ${String(nextYear + 2).slice(-2)}`);
    assert.equal(values.cvc, '123');
    assert.equal(values.name, 'Ada Autofill');
    await frame.focus('#name');
    await pressEnterToPay(page);
    assert.equal(await outcomeHeading(page), 'Payment successful');
    assert.match(
      await page.$eval('checkout-embedded >>> [part="status"] p', (p) => p.textContent ?? ''),
      /Mastercard ending in 4444/,
    );
    await page.close();
  });

  test('a decline shows its reason, and the form stays for another card', async () => {
    const { page, frame } = await open();
    await payByKeyboard(page, '4000000000009995');
    const error = await page.waitForSelector(
      'checkout-embedded >>> checkout-messages >>> [part="error"]',
    );
    assert.equal(
      await error!.evaluate((element) => element.textContent),
      'Your card has insufficient funds. Try a different card.',
    );
    const events = await page.$$eval('#events li[data-event="checkout-error"]', (items) =>
      items.map((item) => JSON.parse(item.textContent ?? '{}').error.code),
    );
    assert.deepEqual(events, ['card_declined']);
    // Another card in the same frame pays.
    await frame.click('#number', { count: 3 });
    await page.keyboard.type(card);
    await pressEnterToPay(page);
    assert.equal(await outcomeHeading(page), 'Payment successful');
    await page.close();
  });

  test('an incorrect security code shows by the field in the frame and takes focus there', async () => {
    const { page, frame } = await open();
    await payByKeyboard(page, '4000000000000127');
    await frame.waitForSelector('#cvc-error');
    assert.equal(
      await frame.$eval('#cvc-error', (element) => element.textContent),
      "Your card's security code is incorrect",
    );
    assert.equal(await frame.$eval('#cvc', (input) => input.getAttribute('aria-invalid')), 'true');
    assert.equal(await focusedField(page), 'cvc');
    await page.close();
  });

  for (const outcome of ['approve', 'fail'] as const) {
    test(`3-D Secure: ${outcome === 'approve' ? 'approving pays' : 'failing leaves the form open with why'}`, async () => {
      const { page, session } = await open();
      await payByKeyboard(page, '4000002500003155');
      // Opening the dialog changes nothing in the light DOM, which waitForSelector watches: poll.
      const dialog = await eventually(
        () => page.$('checkout-embedded >>> dialog[open]'),
        'the challenge did not open',
      );
      const button = await dialog.$(
        outcome === 'approve' ? '[part="approve-button"]' : '[part="fail-button"]',
      );
      await button!.click();
      if (outcome === 'approve') {
        assert.equal(await outcomeHeading(page), 'Payment successful');
        assert.equal((await api.getSession(session.id)).status, 'complete');
      } else {
        const error = await page.waitForSelector(
          'checkout-embedded >>> checkout-messages >>> [part="error"]',
        );
        assert.match(
          (await error!.evaluate((element) => element.textContent)) ?? '',
          /authenticate/,
        );
        assert.equal((await api.getSession(session.id)).status, 'open');
      }
      await page.close();
    });
  }

  test('an empty card lists its problems; each link moves focus to its field in the frame', async () => {
    const { page, frame, frameRequests } = await open();
    await fillWithKeyboard(page, {
      email: 'far@example.com',
      name: '',
      number: '',
      expiry: '',
      cvc: '',
    });
    await page.$eval('checkout-embedded', (element) =>
      (
        element.shadowRoot!.querySelector('checkout-provider') as HTMLElement & {
          confirm(): Promise<unknown>;
        }
      ).confirm(),
    );
    const links = await page.$$('checkout-embedded >>> [part="error-link"]');
    const texts = await Promise.all(links.map((link) => link.evaluate((a) => a.textContent)));
    assert.deepEqual(texts, [
      'Enter your card number',
      "Enter your card's expiry date",
      "Enter your card's security code",
      'Enter the name on your card',
    ]);
    // The first problem has focus, in the frame; every message sits by its field there too.
    // Polled: a frame without animation frames would never run the default rAF polling.
    await frame.waitForFunction(() => document.activeElement?.id === 'number', { polling: 50 });
    assert.equal(await focusedField(page), 'number');
    for (const id of ['number', 'expiry', 'cvc', 'name']) {
      assert.ok(await frame.$(`#${id}-error`), `no message by ${id}`);
    }
    // Followed from the keyboard: a click lands by coordinates, which the page may scroll
    // away from as focus moves into the frame.
    const link = (await page.$$('checkout-embedded >>> [part="error-link"]'))[2];
    await link!.focus();
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => document.activeElement?.id === 'cvc', { polling: 50 });
    assert.equal(await focusedField(page), 'cvc');
    assert.equal(frameRequests.filter((request) => request.url().endsWith('/confirm')).length, 0);
    await page.close();
  });

  test('opened by itself, not framed, the frame says it works only inside a checkout', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${endpoint.url}/frames/card`);
    assert.equal(response?.status(), 200);
    const alert = await page.waitForSelector('[role="alert"]');
    assert.equal(
      await alert!.evaluate((element) => element.textContent),
      'This card form works only inside a checkout page.',
    );
    assert.equal(await page.$('input'), null);
    await page.close();
  });

  test('a frame that cannot load shows the could-not-load state; Try again loads it and it pays', async () => {
    const { session } = await api.createSession(mugCart('embedded'));
    clientSecret = session.client_secret!;
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    await page.setRequestInterception(true);
    let blocked = true;
    page.on('request', (request) => {
      if (blocked && request.url().endsWith('/frames/card'))
        void request.abort('connectionrefused');
      else void request.continue();
    });
    await page.goto(`${merchant.origin}/`);
    const failed = await eventually(
      () => page.$('checkout-embedded >>> checkout-card >>> [part="error"]'),
      'no could-not-load state',
      20_000,
    );
    assert.match(
      (await failed.evaluate((element) => element.textContent)) ?? '',
      /We could not load this checkout/,
    );
    blocked = false;
    const retry = await page.$('checkout-embedded >>> checkout-card >>> button');
    await retry!.evaluate((button) => (button as HTMLButtonElement).click());
    await cardFrame(page);
    await payByKeyboard(page);
    assert.equal(await outcomeHeading(page), 'Payment successful');
    await page.close();
  });

  test('axe finds no violation in the frame document, empty or showing errors', async () => {
    const { page, frame } = await open();
    const axe = await readFile(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
    const violations = async (target: Frame) => {
      // Evaluated by the DevTools protocol: the frame's own policy stays as it is.
      if (!(await target.evaluate(() => 'axe' in window))) await target.evaluate(axe);
      return target.evaluate(async () => {
        const { axe } = window as unknown as {
          axe: { run(context: Document): Promise<{ violations: { id: string }[] }> };
        };
        return (await axe.run(document)).violations.map((violation) => violation.id);
      });
    };
    // A frame's document has no landmarks or h1 of its own: the page around it does.
    const pageLevel = new Set(['landmark-one-main', 'page-has-heading-one', 'region']);
    assert.deepEqual(
      (await violations(frame)).filter((id) => !pageLevel.has(id)),
      [],
    );
    await frame.focus('#number');
    await page.keyboard.type('4242');
    await frame.focus('#expiry');
    await page.keyboard.type('01/20');
    await frame.focus('#cvc');
    await frame.waitForSelector('#number-error');
    assert.deepEqual(
      (await violations(frame)).filter((id) => !pageLevel.has(id)),
      [],
    );
    await page.close();
  });
});
