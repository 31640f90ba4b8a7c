/**
 * The script-tag builds as a merchant uses them: a page on its own origin
 * loads the ES module or the classic script from the endpoint with an
 * `integrity` hash from integrity.json, sets only the client secret, and pays.
 * The kit finds the endpoint from the script's origin, and lazy parts load
 * from beside the script, not from the page's origin.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import {
  type RunningServer,
  readConfig,
  readPartFiles,
  startServer,
} from '../../src/server/node.js';
import {
  ensureBrowserBuild,
  fillWithKeyboard,
  launchChromium,
  type MerchantSite,
  merchantApi,
  mugCart,
  outcomeHeading,
  pressEnterToPay,
  repoRoot,
  startMerchantSite,
} from '../support/e2e.js';
import { seededDataDir } from '../support/pglite.js';

const buildDir = join(repoRoot, 'dist/browser');

type Integrity = Record<string, string>;

/** One `<script>` tag as the README shows it; `hash` overrides the published one. */
function scriptTag(
  endpoint: string,
  file: string,
  integrity: Integrity,
  { module, hash }: { module: boolean; hash?: string },
) {
  const type = module ? ' type="module"' : '';
  return `<script${type} src="${endpoint}/assets/${file}" integrity="${hash ?? integrity[file]}" crossorigin="anonymous"></script>`;
}

/** The merchant's strict CSP for the page at `path`, with Trusted Types enforced. */
function merchantCsp(endpoint: string, path: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${endpoint}`,
    `connect-src ${endpoint}`,
    `frame-src ${endpoint}`,
    `style-src ${endpoint}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "require-trusted-types-for 'script'",
    // Two copies of the kit bring two copies of Lit, each creating its policy.
    `trusted-types lit-html${path === '/both' ? " 'allow-duplicates'" : ''}`,
  ].join('; ');
}

function page(head: string, attributes = ''): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Merchant</title>
    ${head}
    <script type="module" src="/merchant.js"></script>
  </head>
  <body>
    <main><checkout-embedded id="checkout"${attributes}></checkout-embedded></main>
    <ol id="events"></ol>
  </body>
</html>`;
}

/** The build's files that keep their names: the entries and the card frame's script. */
const unhashed = ['checkout-kit.js', 'checkout-kit.classic.js', 'checkout-kit-card-frame.js'];

/** The script a page at `path` loads. */
const entryOf = (path: string) =>
  path.startsWith('/classic') ? 'checkout-kit.classic.js' : 'checkout-kit.js';

describe('the script-tag builds on a merchant page', () => {
  let endpoint: RunningServer;
  let merchant: MerchantSite;
  let merchantOrigin: string;
  let browser: Browser;
  let dataDir: Awaited<ReturnType<typeof seededDataDir>>;
  let secretKey: string;
  let integrity: Integrity;
  /** Each part's file (named by its contents) by its plain name: `checkout-kit-<part>[.classic].js`. */
  let plainNames: Map<string, string>;
  let clientSecret = '';
  /** Every request the endpoint received. */
  const received: { method: string; path: string }[] = [];

  before(async () => {
    await ensureBrowserBuild();
    integrity = JSON.parse(await readFile(join(buildDir, 'integrity.json'), 'utf8')) as Integrity;
    const parts = readPartFiles(buildDir)!;
    const named = (list: Record<string, string>, form: string) =>
      Object.entries(list).map(([name, file]) => [file, `checkout-kit-${name}${form}.js`] as const);
    plainNames = new Map([...named(parts.module, ''), ...named(parts.classic, '.classic')]);
    dataDir = await seededDataDir();
    const config = readConfig({
      PORT: '0',
      CHECKOUT_LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      CHECKOUT_DATA_DIR: dataDir.path,
    });
    secretKey = config.secretKey;
    endpoint = await startServer(config, (app) => {
      app.use('*', async (c, next) => {
        received.push({ method: c.req.method, path: new URL(c.req.url).pathname });
        await next();
      });
    });
    const module = scriptTag(endpoint.url, 'checkout-kit.js', integrity, { module: true });
    const classic = scriptTag(endpoint.url, 'checkout-kit.classic.js', integrity, {
      module: false,
    });
    const pages: Record<string, string> = {
      '/module': page(module),
      '/classic': page(classic),
      '/module/fr': page(module, ' locale="fr"'),
      '/classic/fr': page(classic, ' locale="fr"'),
      '/both': page(`${classic}\n${module}`),
      // Cache-busting query strings are common; the parts must still find this copy.
      '/module/versioned': page(module.replace('checkout-kit.js"', 'checkout-kit.js?v=7"')),
      '/tampered': page(
        scriptTag(endpoint.url, 'checkout-kit.js', integrity, {
          module: true,
          hash: `sha384-${createHash('sha384').update('something else').digest('base64')}`,
        }),
      ),
    };
    merchant = await startMerchantSite(
      () =>
        Object.fromEntries(
          Object.entries(pages).map(([path, html]) => [
            path,
            { html, csp: merchantCsp(endpoint.url, path) },
          ]),
        ),
      // No `endpoint`: the kit must find it from where its script came from.
      () => `const checkout = document.getElementById('checkout');
const log = document.getElementById('events');
for (const name of ['checkout-ready', 'checkout-success', 'checkout-error']) {
  checkout.addEventListener(name, () => {
    const item = document.createElement('li');
    item.dataset.event = name;
    log.append(item);
  });
}
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

  /** Opens a merchant page, collecting console problems. */
  async function open(path: string) {
    const tab = await browser.newPage();
    tab.setDefaultTimeout(15_000);
    // Each page as a first visit: what it loads, not what the cache kept (the
    // assets may be cached for minutes).
    await tab.setCacheEnabled(false);
    const problems: string[] = [];
    const warnings: string[] = [];
    tab.on('console', (message) => {
      if (message.location().url?.endsWith('/favicon.ico')) return;
      if (message.type() === 'error') problems.push(message.text());
      if (message.type() === 'warn') warnings.push(message.text());
    });
    tab.on('pageerror', (error) => problems.push(`pageerror: ${error}`));
    received.length = 0;
    await tab.goto(`${merchantOrigin}${path}`);
    return { tab, problems, warnings };
  }

  /**
   * The script files the endpoint served to the merchant's page since it
   * opened, parts by their plain names; the card frame's own script is the
   * frame's, not the page's.
   */
  function scriptsServed(): string[] {
    return received
      .filter((call) => call.path.startsWith('/assets/') && call.path.endsWith('.js'))
      .map((call) => call.path.slice('/assets/'.length))
      .map((file) => plainNames.get(file) ?? (unhashed.includes(file) ? file : `unlisted ${file}`))
      .filter((file) => file !== 'checkout-kit-card-frame.js');
  }

  async function payWith4242(tab: Page) {
    await tab.waitForSelector('#events li[data-event="checkout-ready"]');
    await fillWithKeyboard(tab, { email: 'script@example.com', name: 'Script Tag' });
    await pressEnterToPay(tab);
    assert.equal(await outcomeHeading(tab), 'Payment successful');
  }

  async function newSession(extra: Record<string, unknown> = {}) {
    const { session } = await merchantApi(endpoint.url, secretKey).createSession(
      mugCart('embedded', extra),
    );
    clientSecret = session.client_secret!;
    return session;
  }

  test('integrity.json holds the SHA-384 of every script and stylesheet in the build', async () => {
    const files = (await readdir(buildDir)).filter((name) => /\.(js|css)$/.test(name)).sort();
    assert.deepEqual(Object.keys(integrity).sort(), files);
    assert.ok(files.includes('checkout-kit.js') && files.includes('checkout-kit.classic.js'));
    for (const file of files) {
      const digest = createHash('sha384')
        .update(await readFile(join(buildDir, file)))
        .digest('base64');
      assert.equal(integrity[file], `sha384-${digest}`, file);
    }
  });

  test('every other script in the build is a part parts.json lists, named by its contents', async () => {
    const scripts = (await readdir(buildDir)).filter((name) => name.endsWith('.js'));
    assert.deepEqual(
      scripts.filter((file) => !unhashed.includes(file)).sort(),
      [...plainNames.keys()].sort(),
    );
    for (const [file, plain] of plainNames) {
      const [name, form] = /^checkout-kit-(.+?)(\.classic)?\.js$/.exec(plain)!.slice(1);
      assert.match(file, new RegExp(`^checkout-kit-${name}${form ?? ''}\\.[\\w-]{8}\\.js$`));
    }
  });

  for (const path of ['/module', '/classic']) {
    test(`${path}: pays through the endpoint the script came from`, async () => {
      const created = await newSession();
      const { tab, problems } = await open(path);
      await payWith4242(tab);
      assert.ok(
        received.some(
          (call) => call.method === 'POST' && call.path === '/v1/client/session/confirm',
        ),
        JSON.stringify(received),
      );
      const session = await merchantApi(endpoint.url, secretKey).getSession(created.id);
      assert.equal(session.status, 'complete');
      // A card checkout needs no part a session asks for; only Floating UI
      // loads, once the keyboard reaches the security code's help, the
      // endpoint errors' English when the page is idle (one file for both
      // entries: it imports nothing), and the receipt once the session is paid.
      assert.deepEqual(
        scriptsServed()
          .filter((file) => file !== 'checkout-kit-floating-position.js')
          .sort(),
        [
          entryOf(path),
          'checkout-kit-errors.js',
          entryOf(path).replace('checkout-kit', 'checkout-kit-outcome-panel'),
        ].sort(),
      );
      assert.deepEqual(problems, []);
      await tab.close();
    });

    test(`${path}: an address, a phone and promotion codes load their parts from beside the script`, async () => {
      const created = await newSession({
        shipping_address_collection: { allowed_countries: ['GB', 'US'] },
        phone_number_collection: { enabled: true },
        allow_promotion_codes: true,
      });
      const { tab, problems } = await open(path);
      await tab
        .waitForSelector('checkout-embedded >>> #shipping-line1', { visible: true })
        .catch((error: Error) => {
          throw new Error(
            `${error.message}; console: ${JSON.stringify(problems)}; served: ${scriptsServed()}`,
          );
        });
      await tab.waitForSelector('checkout-embedded >>> #phone', { visible: true });
      await tab.waitForSelector('checkout-embedded >>> checkout-promotion-code >>> input', {
        visible: true,
      });
      await fillWithKeyboard(tab, {
        email: 'parts@example.com',
        name: 'Lazy Parts',
        shipping: {
          name: 'Lazy Parts',
          country: 'United Kingdom',
          line1: '221B Baker Street',
          city: 'London',
          postal: 'NW1 6XE',
        },
      });
      const phone = await tab.waitForSelector('checkout-embedded >>> #phone');
      await phone!.type('+44 20 7183 8750');
      await pressEnterToPay(tab);
      assert.equal(await outcomeHeading(tab), 'Payment successful');
      const session = await merchantApi(endpoint.url, secretKey).getSession(created.id);
      assert.equal(session.shipping_details?.address.postal_code, 'NW1 6XE');
      assert.equal(session.customer_details?.phone, '+442071838750');
      const served = scriptsServed();
      assert.equal(served[0], entryOf(path), JSON.stringify(served));
      const parts = served.slice(1);
      assert.ok(parts.length > 0, 'the address, phone and promotion code parts load lazily');
      // The classic script's parts read its code from it; the ES module's import it.
      // Either way the entry is fetched once: one copy of the kit runs.
      for (const part of parts) {
        assert.match(part, /^checkout-kit-.+\.js$/);
        if (path === '/module') assert.doesNotMatch(part, /\.classic\.js$/);
        assert.notEqual(part, 'checkout-kit.js');
      }
      if (path === '/classic') assert.ok(parts.some((part) => part.endsWith('.classic.js')));
      assert.deepEqual(problems, []);
      await tab.close();
    });

    test(`${path}: a locale pack loads from beside the script`, async () => {
      await newSession();
      const { tab, problems } = await open(`${path}/fr`);
      await tab.waitForFunction(() =>
        document
          .querySelector('checkout-embedded')
          ?.shadowRoot?.querySelector('checkout-pay-button')
          ?.shadowRoot?.querySelector('button')
          ?.textContent?.includes('Payer'),
      );
      assert.ok(scriptsServed().includes('checkout-kit-locale-fr.js'), JSON.stringify(received));
      assert.deepEqual(problems, []);
      await tab.close();
    });

    test(`${path}: a part's words come from the pack, which the build writes without keys`, async () => {
      await newSession({ shipping_address_collection: { allowed_countries: ['FR'] } });
      const { tab, problems } = await open(`${path}/fr`);
      // "Adresse": the French of addressLine1, a word of the address form's part.
      await tab.waitForFunction(() =>
        document
          .querySelector('checkout-embedded')
          ?.shadowRoot?.querySelector('checkout-address[type="shipping"]')
          ?.shadowRoot?.querySelector('label[for="shipping-line1"]')
          ?.textContent?.trim()
          .startsWith('Adresse'),
      );
      const packFile = Object.entries(readPartFiles(buildDir)!.module).find(
        ([name]) => name === 'locale-fr',
      )![1];
      const pack = await readFile(join(buildDir, packFile), 'utf8');
      assert.doesNotMatch(pack, /\baddressLine1\b|\bcardNumber\b/);
      assert.deepEqual(problems, []);
      await tab.close();
    });

    test(`${path}: lazy parts load from beside the script`, async () => {
      const response = await fetch(`${endpoint.url}/api/v1/checkout`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          amount: 25,
          currency: 'USD',
          successUrl: `${merchantOrigin}/done`,
          cancelUrl: `${merchantOrigin}/cart`,
          email: 'crypto@example.com',
          name: 'Crypto Buyer',
          metadata: {},
          productId: 'p_1',
          productName: 'Sticker pack',
          productDescription: 'Five stickers',
          allowedAssets: ['USDC'],
        }),
      });
      assert.equal(response.status, 200);
      clientSecret = ((await response.json()) as { client_secret: string }).client_secret;
      const { tab, problems } = await open(path);
      const crypto =
        "document.querySelector('checkout-embedded')?.shadowRoot?.querySelector('checkout-crypto')?.shadowRoot";
      await tab.waitForFunction(`${crypto}?.querySelector('input[value="USDC"]')`);
      await tab.evaluate(`${crypto}.querySelector('input[value="USDC"]').click()`);
      // The crypto view, which draws the QR code, is a lazy chunk; the page's own origin has none.
      await tab.waitForFunction(`${crypto}?.querySelector('svg[part="qr"] path')`);
      const view = `checkout-kit-crypto-view${path === '/classic' ? '.classic' : ''}.js`;
      assert.ok(scriptsServed().includes(view), JSON.stringify(received));
      assert.deepEqual(problems, []);
      await tab.close();
    });
  }

  test('a script loaded with a query string shares its code with its parts: one copy runs', async () => {
    await newSession({ shipping_address_collection: { allowed_countries: ['GB'] } });
    const { tab, problems, warnings } = await open('/module/versioned');
    await tab.waitForSelector('checkout-embedded >>> #shipping-postal', { visible: true });
    const served = scriptsServed();
    assert.deepEqual(
      served.filter((file) => file.startsWith('checkout-kit.js')),
      ['checkout-kit.js'],
      JSON.stringify(served),
    );
    assert.ok(served.includes('checkout-kit-address-form.js'), JSON.stringify(served));
    assert.deepEqual(warnings, []);
    assert.deepEqual(problems, []);
    await tab.close();
  });

  test('both builds on one page: the second copy warns and the first keeps working', async () => {
    await newSession();
    const { tab, problems, warnings } = await open('/both');
    await payWith4242(tab);
    assert.ok(
      warnings.some((text) => /<checkout-embedded> is already defined/.test(text)),
      JSON.stringify(warnings),
    );
    assert.deepEqual(problems, []);
    await tab.close();
  });

  test('a script that does not match its integrity hash does not run', async () => {
    await newSession();
    const { tab, problems } = await open('/tampered');
    await tab.waitForFunction(() => document.readyState === 'complete');
    assert.equal(await tab.evaluate(() => customElements.get('checkout-embedded')), undefined);
    assert.ok(
      problems.some((text) => /integrity/i.test(text)),
      JSON.stringify(problems),
    );
    await tab.close();
  });
});
