import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { bundledLocales } from '../../src/i18n/loader.js';
import { MemoryStore } from '../../src/server/store/memory-store.js';
import { type Endpoint, makeEndpoint } from '../support/endpoint.js';

/** The build's parts as its parts.json lists them, each file named with its content hash. */
const partNames = [
  'address-form',
  'countries',
  'floating-controller',
  'phone-field',
  'promotion-code-form',
  'quantity-stepper',
  'shipping-rates-list',
  ...bundledLocales.filter((language) => language !== 'en').map((language) => `locale-${language}`),
];
const scriptParts = Object.fromEntries(
  partNames.map((name) => [name, `checkout-kit-${name}.h4${name.length}sh.js`]),
);
const partUrl = (name: string) => `/assets/${scriptParts[name]}`;

const headings = (html: string) => [...html.matchAll(/<h1>([^<]*)<\/h1>/g)].map((m) => m[1]);

describe('hosted page', () => {
  let endpoint: Endpoint;
  before(() => {
    endpoint = makeEndpoint(new MemoryStore(), { scriptParts });
  });

  test('renders <checkout-embedded> with the client secret in the page, never the URL', async () => {
    const created = await endpoint.createSession({
      ui_mode: 'hosted',
      success_url: 'https://shop.example/ok',
    });
    const url = new URL(created.body.url);
    assert.equal(url.pathname, `/pay/${created.body.id}`);
    assert.equal(url.search, '');
    const page = await endpoint.call(url.pathname);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('Content-Type') ?? '', /text\/html/);
    const stored = await endpoint.store.getSession(created.body.id);
    assert.ok(
      page.body.includes(`<checkout-embedded client-secret="${stored!.value.clientSecret}"`),
    );
    assert.ok(page.body.includes('<script type="module" src="/assets/checkout-kit.js">'));
    assert.deepEqual(headings(String(page.body)), ['Checkout'], 'one h1, naming the page');
  });

  test('sends the client view of the session with the page, escaped, nothing merchant-only', async () => {
    const created = await endpoint.createSession({
      ui_mode: 'hosted',
      success_url: 'https://shop.example/ok',
      metadata: { order: 'order-6735' },
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: 'usd',
            unit_amount: 500,
            product: 'Mug "Bold" <b>&</b>',
          },
        },
      ],
    });
    const page = String((await endpoint.call(`/pay/${created.body.id}`)).body);
    const attribute = /initial-session="([^"]*)"/.exec(page)?.[1];
    assert.ok(attribute, 'the element gets the session as an attribute');
    assert.doesNotMatch(attribute, /[<>]/, 'markup in a product name stays text');
    const unescaped = attribute
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    const sent = JSON.parse(unescaped);
    const secret = (await endpoint.store.getSession(created.body.id))!.value.clientSecret;
    const read = await endpoint.client(secret, 'GET', '');
    assert.deepEqual(sent, read.body, 'the same view the client API answers with');
    assert.equal(sent.line_items[0].name, 'Mug "Bold" <b>&</b>');
    assert.ok(!unescaped.includes('order-6735'), 'no metadata');
    assert.ok(!unescaped.includes(secret), 'the secret only in its own attribute');
    assert.equal(sent.formatted_amounts.amounts['500'], '$5.00');

    // Its amounts come formatted for the browser's language, as the kit will pick it.
    const french = await endpoint.call(`/pay/${created.body.id}`, {
      headers: { 'Accept-Language': 'fr-CA,fr;q=0.8' },
    });
    assert.match(french.headers.get('Vary') ?? '', /Accept-Language/);
    assert.match(String(french.body), /&quot;locale&quot;:&quot;fr-CA&quot;/);
  });

  test("names the lazy parts the session's form loads for modulepreload, beside the kit's script", async () => {
    const preloads = async (options: Record<string, unknown>) => {
      const created = await endpoint.createSession({
        ui_mode: 'hosted',
        success_url: 'https://shop.example/ok',
        ...options,
      });
      const page = String((await endpoint.call(`/pay/${created.body.id}`)).body);
      return [...page.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]);
    };
    assert.deepEqual(await preloads({}), [], 'a plain card checkout needs the entry alone');
    assert.deepEqual(
      (
        await preloads({
          line_items: [
            {
              quantity: 2,
              adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 },
              price_data: { currency: 'usd', product: 'Socks', unit_amount: 900 },
            },
          ],
          allow_promotion_codes: true,
          shipping_address_collection: { allowed_countries: ['US', 'CA'] },
          shipping_options: [
            {
              shipping_rate_data: {
                display_name: 'Ground',
                fixed_amount: { amount: 700, currency: 'usd' },
              },
            },
          ],
          phone_number_collection: { enabled: true },
          locale: 'fr-CA',
        })
      ).sort(),
      [
        'address-form',
        'countries',
        'floating-controller',
        'locale-fr',
        'phone-field',
        'promotion-code-form',
        'quantity-stepper',
        'shipping-rates-list',
      ]
        .map(partUrl)
        .sort(),
    );
    assert.deepEqual(
      await preloads({ billing_address_collection: 'required', locale: 'en' }),
      ['address-form', 'countries', 'floating-controller'].map(partUrl),
      'a required billing address; no pack for English',
    );
    for (const language of bundledLocales.filter((language) => language !== 'en')) {
      assert.deepEqual(await preloads({ locale: language }), [partUrl(`locale-${language}`)]);
    }
  });

  test('names no part the build does not list: the kit then loads it when it needs it', async () => {
    const unlisted = makeEndpoint(new MemoryStore(), {
      scriptParts: { 'address-form': scriptParts['address-form']! },
    });
    const created = await unlisted.createSession({
      ui_mode: 'hosted',
      success_url: 'https://shop.example/ok',
      billing_address_collection: 'required',
    });
    const page = String((await unlisted.call(`/pay/${created.body.id}`)).body);
    const preloads = [...page.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)];
    assert.deepEqual(
      preloads.map((match) => match[1]),
      [partUrl('address-form')],
    );
  });

  test('is served under a strict CSP with Trusted Types and no referrer', async () => {
    const created = await endpoint.createSession({
      ui_mode: 'hosted',
      success_url: 'https://shop.example/ok',
    });
    const page = await endpoint.call(new URL(created.body.url).pathname);
    const csp = page.headers.get('Content-Security-Policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /require-trusted-types-for 'script'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers.get('Referrer-Policy'), 'no-referrer');
    assert.equal(page.headers.get('Cache-Control'), 'no-store');
  });

  test('is a 404 for unknown and for embedded sessions', async () => {
    assert.equal((await endpoint.call('/pay/cs_test_unknown')).status, 404);
    const embedded = await endpoint.createSession();
    const page = await endpoint.call(`/pay/${embedded.body.id}`);
    assert.equal(page.status, 404);
    assert.ok(!page.body.includes(embedded.body.client_secret));
    assert.deepEqual(headings(String(page.body)), ['Checkout not found']);
  });
});
