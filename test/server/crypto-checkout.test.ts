import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import jsqr from 'jsqr';
import type { EndpointContext } from '../../src/server/context.js';
import { simulateTransfer } from '../../src/server/payment-methods/crypto.js';
import type { CheckoutStore } from '../../src/server/store/store.js';
import {
  cryptoCheckoutExample,
  type Endpoint,
  makeEndpoint,
  openStore,
  type Reply,
  type StoreKind,
  secretKey,
} from '../support/endpoint.js';

/**
 * Seed 002, crypto checkout: the merchant API under `/api/v1/checkout` as its
 * document describes it (every body field required, Bearer auth, list / get /
 * expire / cancel), and paying its sessions through the client API: a quote
 * per asset at the fixed test rates, the simulated transfer, confirmations.
 */

const quoteSeconds = 900;
const confirmationSeconds = 5;
const usdtContract = '0xdAC17F958D2ee523a2206206994597C13D831ec7';
const usdcContract = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';

const documentedExample = cryptoCheckoutExample;

/**
 * What a wallet's scanner reads from a quote's QR modules, drawn as the kit
 * draws them: dark on white, a quiet zone of 4 modules, here 4 pixels each.
 */
function scan({ size, modules }: { size: number; modules: string }): string | undefined {
  const bits = Buffer.from(modules, 'base64');
  const scale = 4;
  const side = (size + 8) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const index = y * size + x;
      if (!((bits[index >> 3]! >> (7 - (index & 7))) & 1)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = ((y + 4) * scale + dy) * side;
        pixels.fill(0, (row + (x + 4) * scale) * 4, (row + (x + 5) * scale) * 4);
      }
    }
  }
  // Filling whole pixels also zeroes alpha, which the scanner ignores.
  // jsqr is CommonJS: its function is `module.exports` and, for types, `default`.
  return jsqr.default(pixels, side, side)?.data;
}

const iso = (unix: number) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z');

for (const kind of ['memory', 'pglite'] as StoreKind[]) {
  describe(`crypto checkout, seed 002 (${kind} store)`, () => {
    let store: CheckoutStore;
    let endpoint: Endpoint;
    before(async () => {
      store = await openStore(kind);
      endpoint = makeEndpoint(store, {
        cryptoQuoteSeconds: quoteSeconds,
        cryptoConfirmationSeconds: confirmationSeconds,
      });
    });
    after(() => store.close());

    const now = () => Math.floor(endpoint.clock.ms / 1000);

    /** A merchant API call with `Authorization: Bearer <secret key>`, or the given credential. */
    const api = (
      method: 'GET' | 'POST',
      path: string,
      body?: unknown,
      authorization = `Bearer ${secretKey}`,
    ): Promise<Reply> => endpoint.bearer(method, path, body, { Authorization: authorization });

    async function create(overrides: Record<string, unknown> = {}) {
      const reply = await api('POST', '/api/v1/checkout', { ...documentedExample, ...overrides });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      return reply.body as { id: string; client_secret: string } & Record<string, any>;
    }

    const read = (id: string) => api('GET', `/api/v1/checkout/sessions/${id}`);
    const quote = (secret: string, asset: string) =>
      endpoint.client(secret, 'POST', '/crypto/quote', { asset });
    const simulate = (secret: string) => endpoint.client(secret, 'POST', '/crypto/simulate', {});

    /** Moves the clock for the length of `work`, then back. */
    async function later<T>(seconds: number, work: () => Promise<T>): Promise<T> {
      endpoint.clock.ms += seconds * 1000;
      try {
        return await work();
      } finally {
        endpoint.clock.ms -= seconds * 1000;
      }
    }

    describe('create', () => {
      test('the documented example returns the documented session, every field typed', async () => {
        const body = await create();
        assert.match(body.id, /^cs_test_\w+$/);
        assert.deepEqual(
          { ...body, id: undefined, url: undefined, client_secret: undefined },
          {
            id: undefined,
            status: 'open',
            amount: 100,
            currency: 'USD',
            successUrl: 'https://example.com/success',
            cancelUrl: 'https://example.com/cancel',
            email: 'john.doe@example.com',
            name: 'John Doe',
            metadata: { orderId: '1234567890', customerId: '1234567890' },
            productId: '1234567890',
            productName: 'Product Name',
            productDescription: 'Product Description',
            allowedAssets: ['ETH', 'USDT', 'USDC'],
            createdAt: iso(now()),
            expiresAt: iso(now() + 24 * 60 * 60),
            payment: null,
            url: undefined,
            client_secret: undefined,
          },
        );
        assert.equal(body.url, `https://endpoint.test/pay/${body.id}`);
        assert.match(body.client_secret, new RegExp(`^${body.id}_secret_\\w+$`));
        assert.match(body.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        const page = await endpoint.call(`/pay/${body.id}`);
        assert.equal(page.status, 200);
        assert.match(String(page.body), /<checkout-embedded/);
      });

      test('the kit sees one line of the product, payable in crypto only, without metadata', async () => {
        const body = await create({ amount: 19.99, currency: 'EUR' });
        const view = await endpoint.client(body.client_secret, 'GET', '');
        assert.equal(view.status, 200);
        const session = view.body;
        assert.equal(session.ui_mode, 'hosted');
        assert.equal(session.currency, 'eur');
        assert.equal(session.amount_total, 1999);
        assert.deepEqual(
          session.line_items.map((item: any) => [
            item.name,
            item.description,
            item.quantity,
            item.unit_amount,
          ]),
          [['Product Name', 'Product Description', 1, 1999]],
        );
        assert.deepEqual(session.payment_method_types, ['crypto']);
        assert.deepEqual(session.crypto, {
          allowed_assets: ['ETH', 'USDT', 'USDC'],
          status: 'awaiting_asset',
          quote: null,
          transaction: null,
        });
        assert.equal(session.customer_email, 'john.doe@example.com');
        assert.equal(session.success_url, 'https://example.com/success');
        assert.equal(session.cancel_url, 'https://example.com/cancel');
        assert.equal('metadata' in session, false);
      });

      test('empty allowedAssets allows every asset; a subset keeps its order, once each', async () => {
        const all = await create({ allowedAssets: [] });
        assert.deepEqual(all.allowedAssets, ['ETH', 'USDT', 'USDC']);
        const some = await create({ allowedAssets: ['USDC', 'ETH', 'USDC'] });
        assert.deepEqual(some.allowedAssets, ['USDC', 'ETH']);
        const view = await endpoint.client(some.client_secret, 'GET', '');
        assert.deepEqual(view.body.crypto.allowed_assets, ['USDC', 'ETH']);
      });

      test('metadata may hold any JSON values and comes back as given', async () => {
        const metadata = { orderId: 42, tags: ['a', 'b'], nested: { gift: true }, note: null };
        const body = await create({ metadata });
        assert.deepEqual(body.metadata, metadata);
        assert.deepEqual((await read(body.id)).body.metadata, metadata);
      });

      test('an empty product description is accepted', async () => {
        const body = await create({ productDescription: '' });
        assert.equal(body.productDescription, '');
        const view = await endpoint.client(body.client_secret, 'GET', '');
        assert.equal(view.body.line_items[0].description, null);
      });

      for (const field of Object.keys(documentedExample)) {
        test(`refuses a body without ${field}: every field is required`, async () => {
          const body: Record<string, unknown> = { ...documentedExample };
          delete body[field];
          const reply = await api('POST', '/api/v1/checkout', body);
          assert.equal(reply.status, 400, JSON.stringify(reply.body));
          assert.equal(reply.body.error.code, 'parameter_missing');
          assert.equal(reply.body.error.param, field);
          assert.equal(reply.body.error.rule, 'required');
          assert.match(reply.body.error.message, new RegExp(field));
        });
      }

      const invalid: Array<[string, Record<string, unknown>, string, string]> = [
        ['amount zero', { amount: 0 }, 'amount', 'minimum'],
        ['a negative amount', { amount: -5 }, 'amount', 'minimum'],
        ['amount with three decimals', { amount: 10.001 }, 'amount', 'max_decimals'],
        ['amount above the maximum', { amount: 1_000_000 }, 'amount', 'maximum'],
        ['amount as a string', { amount: '100' }, 'amount', 'type'],
        ['a currency outside the enum', { currency: 'JPY' }, 'currency', 'enum'],
        ['a lower-case currency', { currency: 'usd' }, 'currency', 'enum'],
        ['successUrl that is not a URL', { successUrl: 'not a url' }, 'successUrl', 'url'],
        ['a javascript: successUrl', { successUrl: 'javascript:alert(1)' }, 'successUrl', 'url'],
        ['cancelUrl that is not http(s)', { cancelUrl: 'ftp://example.com/x' }, 'cancelUrl', 'url'],
        ['an invalid email', { email: 'john.doe' }, 'email', 'email'],
        ['an empty name', { name: '' }, 'name', 'min_length'],
        ['a blank name', { name: '   ' }, 'name', 'min_length'],
        ['metadata that is an array', { metadata: ['a'] }, 'metadata', 'type'],
        ['metadata that is null', { metadata: null }, 'metadata', 'type'],
        [
          'metadata with 51 keys',
          { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
          'metadata',
          'max_keys',
        ],
        ['metadata over 8 KB', { metadata: { blob: 'x'.repeat(9000) } }, 'metadata', 'max_size'],
        ['an empty productId', { productId: '' }, 'productId', 'min_length'],
        ['an empty productName', { productName: '' }, 'productName', 'min_length'],
        [
          'productDescription over 1000',
          { productDescription: 'd'.repeat(1001) },
          'productDescription',
          'max_length',
        ],
        ['an unknown asset', { allowedAssets: ['BTC'] }, 'allowedAssets[0]', 'enum'],
        ['allowedAssets as a string', { allowedAssets: 'ETH' }, 'allowedAssets', 'type'],
        ['an unknown field', { orderId: '1' }, 'orderId', 'unknown'],
      ];
      for (const [name, overrides, param, rule] of invalid) {
        test(`refuses ${name}`, async () => {
          const reply = await api('POST', '/api/v1/checkout', {
            ...documentedExample,
            ...overrides,
          });
          assert.equal(reply.status, 400, JSON.stringify(reply.body));
          assert.equal(reply.body.error.type, 'invalid_request_error');
          assert.equal(reply.body.error.param, param, JSON.stringify(reply.body));
          assert.equal(reply.body.error.rule, rule, JSON.stringify(reply.body));
          assert.ok(reply.body.error.message.length > 5);
        });
      }

      test('the largest amount with two decimals is accepted', async () => {
        const body = await create({ amount: 999_999.99 });
        const view = await endpoint.client(body.client_secret, 'GET', '');
        assert.equal(view.body.amount_total, 99_999_999);
      });
    });

    describe('authentication', () => {
      test('every route needs the secret key as a Bearer token', async () => {
        const { id } = await create();
        const routes: Array<['GET' | 'POST', string, unknown?]> = [
          ['GET', '/api/v1/checkout'],
          ['POST', '/api/v1/checkout', documentedExample],
          ['GET', `/api/v1/checkout/sessions/${id}`],
          ['POST', `/api/v1/checkout/${id}/expire`],
          ['POST', `/api/v1/checkout/${id}/cancel`],
          ['POST', `/api/v1/checkout/${id}/simulate-payment`],
        ];
        for (const [method, path, body] of routes) {
          for (const authorization of [
            '',
            'Bearer sk_test_wrong',
            `Basic ${btoa(`${secretKey}:`)}`,
            secretKey,
          ]) {
            const reply = await api(method, path, body, authorization);
            assert.equal(reply.status, 401, `${method} ${path} with '${authorization}'`);
            assert.equal(reply.body.error.type, 'authentication_error');
          }
        }
        assert.equal((await read(id)).body.status, 'open', 'nothing changed the session');
      });

      test('a bad body from a stranger gets 401, not a schema error', async () => {
        const reply = await api('POST', '/api/v1/checkout', {}, 'Bearer nope');
        assert.equal(reply.status, 401);
      });
    });

    describe('list and get', () => {
      test('lists crypto sessions only, newest first, as a JSON array', async () => {
        const older = await create({ productName: 'Older' });
        endpoint.clock.ms += 1000;
        const newer = await create({ productName: 'Newer' });
        const other = await endpoint.createSession();
        const reply = await api('GET', '/api/v1/checkout');
        assert.equal(reply.status, 200);
        assert.ok(Array.isArray(reply.body));
        const ids = reply.body.map((session: { id: string }) => session.id);
        assert.ok(ids.indexOf(newer.id) < ids.indexOf(older.id));
        assert.ok(ids.indexOf(newer.id) >= 0 && ids.indexOf(older.id) >= 0);
        assert.equal(ids.includes(other.body.id), false);
        assert.deepEqual(
          reply.body.find((session: { id: string }) => session.id === newer.id),
          newer,
        );
        const limited = await api('GET', '/api/v1/checkout?limit=1');
        assert.deepEqual(
          limited.body.map((session: { id: string }) => session.id),
          [ids[0]],
        );
        const badLimit = await api('GET', '/api/v1/checkout?limit=0');
        assert.equal(badLimit.status, 400);
        assert.equal(badLimit.body.error.param, 'limit');
      });

      test('a listed session past its expiry reads as expired', async () => {
        const body = await create();
        await later(24 * 60 * 60, async () => {
          const reply = await api('GET', '/api/v1/checkout');
          const listed = reply.body.find((session: { id: string }) => session.id === body.id);
          assert.equal(listed.status, 'expired');
          assert.equal((await read(body.id)).body.status, 'expired');
        });
      });

      test('gets a session by id; unknown ids and other APIs’ sessions are 404', async () => {
        const body = await create();
        const reply = await read(body.id);
        assert.equal(reply.status, 200);
        assert.deepEqual(reply.body, body);
        const unknown = await read('cs_test_missing');
        assert.equal(unknown.status, 404);
        assert.equal(unknown.body.error.code, 'resource_missing');
        const other = await endpoint.createSession();
        assert.equal((await read(other.body.id)).status, 404);
      });
    });

    describe('expire and cancel', () => {
      for (const [action, status] of [
        ['expire', 'expired'],
        ['cancel', 'canceled'],
      ] as const) {
        test(`${action}: 201 with no content, then the session is ${status} and cannot be paid`, async () => {
          const body = await create();
          const reply = await api('POST', `/api/v1/checkout/${body.id}/${action}`);
          assert.equal(reply.status, 201);
          assert.equal(reply.body, '');
          assert.equal((await read(body.id)).body.status, status);

          const again = await api('POST', `/api/v1/checkout/${body.id}/${action}`);
          assert.equal(again.status, 400);
          assert.equal(again.body.error.code, 'session_not_open');
          assert.match(again.body.error.message, new RegExp(status));

          const quoted = await quote(body.client_secret, 'ETH');
          assert.equal(quoted.status, 409);
          assert.equal(quoted.body.error.code, `session_${status}`);
          const simulated = await api('POST', `/api/v1/checkout/${body.id}/simulate-payment`);
          assert.equal(simulated.status, 409);
          assert.equal(simulated.body.error.code, `session_${status}`);
          assert.equal((await read(body.id)).body.payment, null);
        });

        test(`${action} of an unknown session is 404`, async () => {
          const reply = await api('POST', `/api/v1/checkout/cs_test_missing/${action}`);
          assert.equal(reply.status, 404);
        });
      }

      test('a canceled session cannot be expired, nor a completed one canceled', async () => {
        const canceled = await create();
        await api('POST', `/api/v1/checkout/${canceled.id}/cancel`);
        const expire = await api('POST', `/api/v1/checkout/${canceled.id}/expire`);
        assert.equal(expire.status, 400);
        assert.match(expire.body.error.message, /canceled/);

        const paid = await create();
        await api('POST', `/api/v1/checkout/${paid.id}/simulate-payment`);
        await later(confirmationSeconds, async () => {
          const cancel = await api('POST', `/api/v1/checkout/${paid.id}/cancel`);
          assert.equal(cancel.status, 400);
          assert.equal(cancel.body.error.code, 'session_not_open');
          assert.equal((await read(paid.id)).body.status, 'complete');
        });
      });

      test('neither is allowed while a transfer waits for confirmations', async () => {
        const body = await create();
        await api('POST', `/api/v1/checkout/${body.id}/simulate-payment`);
        for (const action of ['expire', 'cancel']) {
          const reply = await api('POST', `/api/v1/checkout/${body.id}/${action}`);
          assert.equal(reply.status, 409);
          assert.equal(reply.body.error.code, 'payment_in_progress');
        }
        await later(confirmationSeconds, async () => {
          assert.equal((await read(body.id)).body.status, 'complete');
        });
      });

      test('expire, cancel and completion send webhooks carrying the metadata', async () => {
        const hooked = makeEndpoint(store, {
          webhooks: { url: 'https://merchant.test/hooks', secret: 'whsec_test' },
          cryptoConfirmationSeconds: confirmationSeconds,
        });
        hooked.clock.ms = endpoint.clock.ms;
        const call = (method: 'POST', path: string, body?: unknown) =>
          hooked.call(path, {
            method,
            headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
            body: body === undefined ? null : JSON.stringify(body),
          });
        const sessions = [];
        for (let i = 0; i < 3; i++) {
          const reply = await call('POST', '/api/v1/checkout', {
            ...documentedExample,
            metadata: { orderId: `order-${i}` },
          });
          sessions.push(reply.body.id as string);
        }
        assert.equal((await call('POST', `/api/v1/checkout/${sessions[0]}/expire`)).status, 201);
        assert.equal((await call('POST', `/api/v1/checkout/${sessions[1]}/cancel`)).status, 201);
        await call('POST', `/api/v1/checkout/${sessions[2]}/simulate-payment`);
        hooked.clock.ms += confirmationSeconds * 1000;
        await hooked.call(`/api/v1/checkout/sessions/${sessions[2]}`, {
          headers: { Authorization: `Bearer ${secretKey}` },
        });
        const events = (await store.listWebhooks(1000)).map((entry) => entry.event);
        const eventFor = (id: string) => events.filter((event) => event.data.object.id === id);
        for (const [index, type] of [
          'checkout.session.expired',
          'checkout.session.canceled',
          'checkout.session.completed',
        ].entries()) {
          const found = eventFor(sessions[index]!);
          assert.deepEqual(
            found.map((event) => event.type),
            [type],
          );
          assert.deepEqual(found[0]!.data.object.metadata, { orderId: `order-${index}` });
          assert.equal(found[0]!.data.object.api, 'crypto');
        }
      });
    });

    describe('quotes (client API)', () => {
      const expected: Array<[string, number, string, string, string, string]> = [
        // currency, amount, asset, amount in the asset, rate, base units
        ['USD', 100, 'ETH', '0.04000000', '2500.00', '40000000000000000'],
        ['USD', 100, 'USDT', '100.00', '1.00', '100000000'],
        ['USD', 100, 'USDC', '100.00', '1.00', '100000000'],
        ['USD', 0.01, 'ETH', '0.00000400', '2500.00', '4000000000000'],
        // 100 / 2300 = 0.043478260…, rounded up.
        ['EUR', 100, 'ETH', '0.04347827', '2300.00', '43478270000000000'],
        // 100 / 0.92 = 108.695…, rounded up.
        ['EUR', 100, 'USDT', '108.70', '0.92', '108700000'],
        ['EUR', 100, 'USDC', '108.70', '0.92', '108700000'],
        ['GBP', 100, 'ETH', '0.05000000', '2000.00', '50000000000000000'],
        ['GBP', 100, 'USDT', '125.00', '0.80', '125000000'],
        // 0.01 / 0.80 = 0.0125, rounded up to the cent.
        ['GBP', 0.01, 'USDC', '0.02', '0.80', '20000'],
      ];
      for (const [currency, amount, asset, assetAmount, rate, baseUnits] of expected) {
        test(`${amount} ${currency} in ${asset} is ${assetAmount} at ${rate}`, async () => {
          const body = await create({ amount, currency });
          const reply = await quote(body.client_secret, asset);
          assert.equal(reply.status, 200, JSON.stringify(reply.body));
          const quoted = reply.body.crypto.quote;
          assert.equal(reply.body.crypto.status, 'awaiting_payment');
          assert.match(quoted.address, /^0x[0-9a-f]{40}$/);
          assert.deepEqual(quoted, {
            asset,
            amount: assetAmount,
            rate,
            network: 'ethereum',
            address: quoted.address,
            uri:
              asset === 'ETH'
                ? `ethereum:${quoted.address}@1?value=${baseUnits}`
                : `ethereum:${asset === 'USDT' ? usdtContract : usdcContract}@1/transfer?address=${quoted.address}&uint256=${baseUnits}`,
            qr: quoted.qr,
            expires_at: now() + quoteSeconds,
          });
          // The QR code the endpoint encoded scans as the payment URI, whole.
          const bytes = Buffer.from(quoted.qr.modules, 'base64');
          assert.equal(bytes.length, Math.ceil(quoted.qr.size ** 2 / 8));
          assert.equal(scan(quoted.qr), quoted.uri);
        });
      }

      test('a quote stored before quotes carried their QR code is sent with one', async () => {
        const body = await create();
        await quote(body.client_secret, 'USDT');
        const stored = (await store.getSession(body.id))!;
        const { qr: _, ...withoutQr } = stored.value.crypto!.quote!;
        const old = { ...stored.value, crypto: { ...stored.value.crypto!, quote: withoutQr } };
        assert.equal(await store.updateSession(old as typeof stored.value, stored.version), 'ok');
        assert.equal((await store.getSession(body.id))!.value.crypto!.quote!.qr, undefined);

        const reply = await endpoint.client(body.client_secret, 'GET', '');
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.deepEqual(reply.body.crypto.quote.qr, stored.value.crypto!.quote!.qr);
        assert.equal(scan(reply.body.crypto.quote.qr), reply.body.crypto.quote.uri);
      });

      test('a quote never asks for less than the total', async () => {
        for (const amount of [0.01, 0.07, 1.23, 19.99, 333.33, 1234.56, 99_999.99]) {
          for (const currency of ['USD', 'EUR', 'GBP']) {
            const body = await create({ amount, currency });
            for (const asset of ['ETH', 'USDT']) {
              const quoted = (await quote(body.client_secret, asset)).body.crypto.quote;
              const decimals = asset === 'ETH' ? 8 : 2;
              const owed = BigInt(Math.round(amount * 100)); // hundredths of the currency
              const units = BigInt(quoted.amount.replace('.', ''));
              const rate = BigInt(quoted.rate.replace('.', '')); // hundredths
              // units / 10^d × rate / 100 ≥ owed / 100, and one unit less would fall short.
              const paid = units * rate;
              const needed = owed * 10n ** BigInt(decimals);
              assert.ok(paid >= needed, `${amount} ${currency} in ${asset}: ${quoted.amount}`);
              assert.ok((units - 1n) * rate < needed, `${quoted.amount} is more than needed`);
            }
          }
        }
      });

      test('each session and asset has its own deposit address, stable across quotes', async () => {
        const first = await create();
        const second = await create();
        const eth = (await quote(first.client_secret, 'ETH')).body.crypto.quote.address;
        const usdc = (await quote(first.client_secret, 'USDC')).body.crypto.quote.address;
        const ethAgain = (await quote(first.client_secret, 'ETH')).body.crypto.quote.address;
        const otherEth = (await quote(second.client_secret, 'ETH')).body.crypto.quote.address;
        assert.equal(ethAgain, eth);
        assert.notEqual(usdc, eth);
        assert.notEqual(otherEth, eth);
      });

      test('a new quote replaces the older one', async () => {
        const body = await create();
        await quote(body.client_secret, 'ETH');
        const replaced = await quote(body.client_secret, 'USDC');
        assert.equal(replaced.body.crypto.quote.asset, 'USDC');
        const view = await endpoint.client(body.client_secret, 'GET', '');
        assert.equal(view.body.crypto.quote.asset, 'USDC');
      });

      test('an asset outside allowedAssets is refused', async () => {
        const body = await create({ allowedAssets: ['USDC'] });
        for (const asset of ['ETH', 'USDT']) {
          const reply = await quote(body.client_secret, asset);
          assert.equal(reply.status, 400);
          assert.equal(reply.body.error.code, 'asset_not_allowed');
          assert.equal(reply.body.error.param, 'asset');
          assert.match(reply.body.error.message, /USDC/);
        }
        assert.equal((await quote(body.client_secret, 'USDC')).status, 200);
      });

      test('an unknown asset or a missing one is a schema error', async () => {
        const body = await create();
        const unknown = await quote(body.client_secret, 'BTC');
        assert.equal(unknown.status, 400);
        assert.equal(unknown.body.error.param, 'asset');
        assert.equal(unknown.body.error.rule, 'enum');
        const missing = await endpoint.client(body.client_secret, 'POST', '/crypto/quote', {});
        assert.equal(missing.body.error.code, 'parameter_missing');
      });

      test('quote and simulate need the client secret', async () => {
        for (const [path, body] of [
          ['/crypto/quote', { asset: 'ETH' }],
          ['/crypto/simulate', {}],
        ] as const) {
          const none = await endpoint.call(`/v1/client/session${path}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          });
          assert.equal(none.status, 401);
          assert.equal(none.body.error.code, 'client_secret_missing');
          const wrong = await endpoint.client('cs_test_x_secret_wrong', 'POST', path, body);
          assert.equal(wrong.status, 401);
          assert.equal(wrong.body.error.code, 'client_secret_invalid');
        }
      });

      test('a session that is not paid in crypto gets no quote and no transfer', async () => {
        const card = await endpoint.createSession();
        const quoted = await quote(card.body.client_secret, 'ETH');
        assert.equal(quoted.status, 400);
        assert.equal(quoted.body.error.code, 'payment_method_not_allowed');
        const simulated = await simulate(card.body.client_secret);
        assert.equal(simulated.status, 400);
        assert.equal(simulated.body.error.code, 'payment_method_not_allowed');
      });

      test('a quote expires; the customer must refresh it, with a new expiry', async () => {
        const body = await create();
        const first = (await quote(body.client_secret, 'USDT')).body.crypto.quote;
        await later(quoteSeconds, async () => {
          const stale = await simulate(body.client_secret);
          assert.equal(stale.status, 409);
          assert.equal(stale.body.error.code, 'quote_expired');
          const refreshed = await quote(body.client_secret, 'USDT');
          assert.equal(refreshed.status, 200);
          assert.equal(refreshed.body.crypto.quote.expires_at, first.expires_at + quoteSeconds);
          assert.equal(refreshed.body.crypto.quote.amount, first.amount);
          const sent = await simulate(body.client_secret);
          assert.equal(sent.status, 200);
          assert.equal(sent.body.crypto.status, 'confirming');
        });
      });

      test('simulate takes an empty body or none at all', async () => {
        const body = await create();
        await quote(body.client_secret, 'ETH');
        const reply = await endpoint.client(body.client_secret, 'POST', '/crypto/simulate');
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.equal(reply.body.crypto.status, 'confirming');
        const extra = await endpoint.client(body.client_secret, 'POST', '/crypto/simulate', {
          amount: '1',
        });
        assert.equal(extra.status, 400);
        assert.equal(extra.body.error.code, 'parameter_unknown');
      });

      test('a quote still holds one second before it expires', async () => {
        const body = await create();
        await quote(body.client_secret, 'ETH');
        await later(quoteSeconds - 1, async () => {
          assert.equal((await simulate(body.client_secret)).status, 200);
        });
      });

      test('a quote never outlives its session', async () => {
        const body = await create();
        const sessionExpiry = Date.parse(body.expiresAt) / 1000;
        await later(sessionExpiry - now() - 60, async () => {
          const quoted = await quote(body.client_secret, 'ETH');
          assert.equal(quoted.body.crypto.quote.expires_at, sessionExpiry);
        });
      });
    });

    describe('paying (simulated transfer)', () => {
      test('simulate → confirming → complete once the confirmations are in', async () => {
        const body = await create({ allowedAssets: ['ETH'] });
        const missing = await simulate(body.client_secret);
        assert.equal(missing.status, 400);
        assert.equal(missing.body.error.code, 'quote_missing');

        const quoted = (await quote(body.client_secret, 'ETH')).body.crypto.quote;
        const sent = await simulate(body.client_secret);
        assert.equal(sent.status, 200);
        assert.equal(sent.body.status, 'open');
        assert.equal(sent.body.crypto.status, 'confirming');
        const transaction = sent.body.crypto.transaction;
        assert.match(transaction, /^0x[0-9a-f]{64}$/);

        const confirming = (await read(body.id)).body;
        assert.equal(confirming.status, 'open');
        assert.deepEqual(confirming.payment, {
          asset: 'ETH',
          amount: quoted.amount,
          transaction,
          status: 'confirming',
        });

        // Repeating it is harmless; a new quote is refused: the money is on its way.
        const again = await simulate(body.client_secret);
        assert.equal(again.status, 200);
        assert.equal(again.body.crypto.transaction, transaction);
        const requote = await quote(body.client_secret, 'ETH');
        assert.equal(requote.status, 409);
        assert.equal(requote.body.error.code, 'crypto_deposit_received');

        await later(confirmationSeconds - 1, async () => {
          assert.equal((await read(body.id)).body.status, 'open');
          // The page polls: held by the endpoint, which the confirmations must not get past.
          const waiting = await endpoint.client(body.client_secret, 'GET', '');
          assert.equal(waiting.body.crypto.status, 'confirming');
        });
        await later(confirmationSeconds, async () => {
          const view = await endpoint.client(body.client_secret, 'GET', '');
          assert.equal(view.body.status, 'complete');
          assert.equal(view.body.payment_status, 'paid');
          assert.equal(view.body.crypto.status, 'confirmed');
          assert.equal(view.body.payment.status, 'succeeded');
          assert.equal(view.body.payment.brand, 'ETH');
          const merchant = (await read(body.id)).body;
          assert.equal(merchant.status, 'complete');
          assert.equal(merchant.payment.status, 'confirmed');
          assert.equal(merchant.payment.transaction, transaction);
          const payments = await store.listPayments(body.id);
          assert.deepEqual(
            payments.map((p) => [p.status, p.amount, p.currency, p.brand]),
            [['succeeded', 10000, 'usd', 'ETH']],
          );
          const afterwards = await quote(body.client_secret, 'ETH');
          assert.equal(afterwards.body.error.code, 'session_complete');
          assert.equal((await simulate(body.client_secret)).status, 200);
          assert.equal((await store.listPayments(body.id)).length, 1);
        });
      });

      test('a transfer sent before the session expired completes it after', async () => {
        const body = await create();
        const lifetime = Date.parse(body.expiresAt) / 1000 - now();
        await later(lifetime - 2, async () => {
          await quote(body.client_secret, 'USDC');
          assert.equal((await simulate(body.client_secret)).status, 200);
        });
        // Read between the expiry and the confirmations: the transfer holds the session open.
        await later(lifetime + 1, async () => {
          assert.ok(confirmationSeconds > 2, 'the confirmations land after this read');
          assert.equal((await read(body.id)).body.status, 'open');
        });
        await later(lifetime + confirmationSeconds, async () => {
          assert.equal((await read(body.id)).body.status, 'complete');
        });
      });

      test('the customer cannot cancel while a transfer waits for confirmations', async () => {
        const body = await create();
        await quote(body.client_secret, 'ETH');
        await simulate(body.client_secret);
        const reply = await endpoint.client(body.client_secret, 'POST', '/cancel');
        assert.equal(reply.status, 409);
        assert.equal(reply.body.error.code, 'payment_in_progress');
        await later(confirmationSeconds, async () => {
          assert.equal((await read(body.id)).body.status, 'complete');
        });
      });

      test('a card payment is refused on a crypto session', async () => {
        const body = await create();
        const reply = await endpoint.confirm(body.client_secret);
        assert.equal(reply.status, 400);
        assert.equal(reply.body.error.code, 'payment_method_not_allowed');
        assert.deepEqual(await store.listPayments(body.id), []);
        assert.equal((await read(body.id)).body.status, 'open');
      });

      test('the merchant API simulates payment: quote in the first allowed asset, then send', async () => {
        const body = await create({ allowedAssets: ['USDC', 'ETH'] });
        const reply = await api('POST', `/api/v1/checkout/${body.id}/simulate-payment`);
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.equal(reply.body.status, 'open');
        assert.equal(reply.body.payment.asset, 'USDC');
        assert.equal(reply.body.payment.amount, '100.00');
        assert.equal(reply.body.payment.status, 'confirming');
        const again = await api('POST', `/api/v1/checkout/${body.id}/simulate-payment`);
        assert.equal(again.body.payment.transaction, reply.body.payment.transaction);
        await later(confirmationSeconds, async () => {
          assert.equal((await read(body.id)).body.status, 'complete');
        });
      });

      test('the merchant simulation keeps a valid quote and refreshes an expired one', async () => {
        const kept = await create();
        await quote(kept.client_secret, 'USDT');
        const keptReply = await api('POST', `/api/v1/checkout/${kept.id}/simulate-payment`);
        assert.equal(keptReply.body.payment.asset, 'USDT');

        const stale = await create({ currency: 'EUR' });
        await quote(stale.client_secret, 'ETH');
        await later(quoteSeconds * 2, async () => {
          const reply = await api('POST', `/api/v1/checkout/${stale.id}/simulate-payment`);
          assert.equal(reply.status, 200);
          assert.equal(reply.body.payment.asset, 'ETH');
          assert.equal(reply.body.payment.amount, '0.04347827');
          const view = await endpoint.client(stale.client_secret, 'GET', '');
          assert.equal(view.body.crypto.quote.expires_at, now() + quoteSeconds);
        });
      });

      test('simulate-payment of an unknown or non-crypto session is 404', async () => {
        assert.equal(
          (await api('POST', '/api/v1/checkout/cs_test_missing/simulate-payment')).status,
          404,
        );
        const other = await endpoint.createSession();
        assert.equal(
          (await api('POST', `/api/v1/checkout/${other.body.id}/simulate-payment`)).status,
          404,
        );
      });
    });
  });
}

test('transfers are simulated in test mode only', async () => {
  const live = { livemode: true } as unknown as EndpointContext;
  await assert.rejects(
    simulateTransfer(live, { value: {} as never, version: 1 }),
    (error: { status: number; code: string }) =>
      error.status === 400 && error.code === 'test_mode_only',
  );
});
