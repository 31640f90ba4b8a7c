import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CheckoutStore } from '../../src/server/store/store.js';
import {
  type Endpoint,
  makeEndpoint,
  openStore,
  type Reply,
  type StoreKind,
  secretKey,
} from '../support/endpoint.js';

/**
 * Seed 004, `POST /api/v2/checkout-sessions` with HTTP Basic auth: the
 * documented request and response, each validation rule, and a session it
 * creates paid by card through the client API.
 */

/** The seed's documented example request, its placeholders filled. */
const documentedExample = {
  line_items: [
    {
      price_data: {
        currency: 'usd',
        amount: 123,
        product_data: {
          name: 'Travel mug',
          description: 'Keeps coffee hot for six hours.',
          images: ['https://images.example.com/mug.png'],
          metadata: { sku: 'MUG-1' },
        },
      },
      quantity: 123,
    },
  ],
  customer_email: 'jsmith@example.com',
  client_reference_id: 'order-6735',
  success_url: 'https://example.com/success',
  cancel_url: 'https://example.com/cancel',
  mode: 'payment',
  user_id: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
  customer_id: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
  expires_in: 5400,
  metadata: {},
};

/** A minimal valid body: only what the seed requires. */
const minimal = {
  line_items: [
    { price_data: { currency: 'usd', amount: 1500, product_data: { name: 'Tea' } }, quantity: 2 },
  ],
  success_url: 'https://example.com/success',
  mode: 'payment',
};

const iso = (unix: number) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
const basic = (credentials: string) => `Basic ${btoa(credentials)}`;

/** Every documented response field with its documented type (null where nothing was given). */
const documentedTypes: Record<string, string> = {
  id: 'string',
  status: 'string',
  payment_intent_id: 'string|null',
  success_url: 'string',
  cancel_url: 'string|null',
  checkout_session_url: 'string',
  client_reference_id: 'string|null',
  expiry: 'string',
  metadata: 'object',
  line_items: 'array',
  created: 'string',
  updated: 'string',
  customer_id: 'string|null',
  customer_email: 'string|null',
  amount_total: 'integer',
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

for (const kind of ['memory', 'pglite'] as StoreKind[]) {
  describe(`checkout sessions v2, seed 004 (${kind} store)`, () => {
    let store: CheckoutStore;
    let endpoint: Endpoint;
    before(async () => {
      store = await openStore(kind);
      endpoint = makeEndpoint(store);
    });
    after(() => store.close());

    const now = () => Math.floor(endpoint.clock.ms / 1000);

    function post(body: unknown, authorization = basic(`acct_123:${secretKey}`)): Promise<Reply> {
      return endpoint.call('/api/v2/checkout-sessions', {
        method: 'POST',
        headers: { Authorization: authorization, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    }

    function get(id: string, authorization = basic(`acct_123:${secretKey}`)): Promise<Reply> {
      return endpoint.call(`/api/v2/checkout-sessions/${id}`, {
        headers: { Authorization: authorization },
      });
    }

    async function create(body: Record<string, unknown> = minimal) {
      const reply = await post(body);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      return reply.body;
    }

    test('the documented example returns every documented field with its type', async () => {
      const reply = await post(documentedExample);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const body = reply.body;
      for (const [field, type] of Object.entries(documentedTypes)) {
        assert.ok(field in body, `${field} is present`);
        assert.ok(type.split('|').includes(typeOf(body[field])), `${field} is ${type}`);
      }
      const [line] = body.line_items;
      assert.match(line.price_id, /^price_\w+$/);
      assert.deepEqual(
        { ...body, id: undefined, checkout_session_url: undefined, url: undefined },
        {
          id: undefined,
          status: 'open',
          payment_intent_id: null,
          success_url: 'https://example.com/success',
          cancel_url: 'https://example.com/cancel',
          checkout_session_url: undefined,
          client_reference_id: 'order-6735',
          expiry: iso(now() + 5400),
          metadata: {},
          line_items: [{ quantity: 123, price_id: line.price_id }],
          created: iso(now()),
          updated: iso(now()),
          customer_id: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
          customer_email: 'jsmith@example.com',
          amount_total: 123 * 123,
          client_secret: body.client_secret,
          url: undefined,
        },
      );
      assert.equal(body.checkout_session_url, `https://endpoint.test/pay/${body.id}`);
      assert.equal(body.url, body.checkout_session_url);
      assert.match(body.expiry, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.match(body.client_secret, new RegExp(`^${body.id}_secret_\\w+$`));
      assert.equal((await endpoint.call(`/pay/${body.id}`)).status, 200);
    });

    test('the kit sees the lines with their images and description', async () => {
      const body = await create(documentedExample);
      const view = await endpoint.client(body.client_secret, 'GET', '');
      assert.equal(view.status, 200);
      assert.equal(view.body.ui_mode, 'hosted');
      assert.equal(view.body.currency, 'usd');
      assert.deepEqual(view.body.payment_method_types, ['card']);
      assert.equal(view.body.crypto, null);
      assert.deepEqual(
        view.body.line_items.map((item: any) => [
          item.name,
          item.description,
          item.images,
          item.quantity,
          item.unit_amount,
        ]),
        [
          [
            'Travel mug',
            'Keeps coffee hot for six hours.',
            ['https://images.example.com/mug.png'],
            123,
            123,
          ],
        ],
      );
      assert.equal(view.body.amount_total, 15129);
      assert.equal(view.body.customer_email, 'jsmith@example.com');
    });

    test('only what the seed requires: defaults and nulls', async () => {
      const body = await create();
      assert.equal(body.expiry, iso(now() + 10_800), 'default expires_in is 10800 seconds');
      assert.equal(body.cancel_url, null);
      assert.equal(body.client_reference_id, null);
      assert.equal(body.customer_id, null);
      assert.equal(body.customer_email, null);
      assert.deepEqual(body.metadata, {});
      assert.equal(body.amount_total, 3000);
    });

    test('customer_id falls back to user_id', async () => {
      const body = await create({ ...minimal, user_id: 'user-42' });
      assert.equal(body.customer_id, 'user-42');
      const both = await create({ ...minimal, user_id: 'user-42', customer_id: 'cust-7' });
      assert.equal(both.customer_id, 'cust-7');
    });

    test('several lines in one currency; each keeps its price id', async () => {
      const body = await create({
        ...minimal,
        line_items: [
          {
            price_data: { currency: 'EUR', amount: 500, product_data: { name: 'A' } },
            quantity: 1,
          },
          { price_data: { currency: 'eur', amount: 0, product_data: { name: 'B' } }, quantity: 3 },
        ],
        metadata: { order: { id: 6735, gift: true } },
      });
      assert.equal(body.amount_total, 500);
      assert.equal(body.line_items.length, 2);
      assert.notEqual(body.line_items[0].price_id, body.line_items[1].price_id);
      assert.deepEqual(body.metadata, { order: { id: 6735, gift: true } });
      const read = await get(body.id);
      assert.deepEqual(read.body.line_items, body.line_items);
      const view = await endpoint.client(body.client_secret, 'GET', '');
      assert.equal(view.body.currency, 'eur');
    });

    test('expires_in accepts its bounds: 1800 and 86400 seconds', async () => {
      const shortest = await create({ ...minimal, expires_in: 1800 });
      assert.equal(shortest.expiry, iso(now() + 1800));
      const longest = await create({ ...minimal, expires_in: 86_400 });
      assert.equal(longest.expiry, iso(now() + 86_400));
    });

    const line = (overrides: Record<string, unknown>, product: Record<string, unknown> = {}) => [
      {
        price_data: {
          currency: 'usd',
          amount: 100,
          product_data: { name: 'Tea', ...product },
          ...overrides,
        },
        quantity: 1,
      },
    ];

    const invalid: Array<[string, Record<string, unknown>, string, string]> = [
      ['no line_items', { line_items: undefined }, 'line_items', 'required'],
      ['empty line_items', { line_items: [] }, 'line_items', 'min_items'],
      ['no success_url', { success_url: undefined }, 'success_url', 'required'],
      ['a success_url that is not a URL', { success_url: 'thanks' }, 'success_url', 'url'],
      ['a javascript: cancel_url', { cancel_url: 'javascript:alert(1)' }, 'cancel_url', 'url'],
      ['no mode', { mode: undefined }, 'mode', 'required'],
      ['mode other than payment', { mode: 'subscription' }, 'mode', 'enum'],
      ['a bad customer_email', { customer_email: 'jsmith' }, 'customer_email', 'email'],
      ['expires_in below 1800', { expires_in: 1799 }, 'expires_in', 'minimum'],
      ['expires_in above 86400', { expires_in: 86_401 }, 'expires_in', 'maximum'],
      ['a fractional expires_in', { expires_in: 5400.5 }, 'expires_in', 'type'],
      ['metadata that is not an object', { metadata: 'x' }, 'metadata', 'type'],
      [
        'an empty client_reference_id',
        { client_reference_id: '' },
        'client_reference_id',
        'min_length',
      ],
      [
        'client_reference_id over 200',
        { client_reference_id: 'r'.repeat(201) },
        'client_reference_id',
        'max_length',
      ],
      ['an unknown field', { payment_method_types: ['card'] }, 'payment_method_types', 'unknown'],
      [
        'quantity 0',
        { line_items: [{ ...minimal.line_items[0], quantity: 0 }] },
        'line_items[0].quantity',
        'minimum',
      ],
      [
        'a fractional quantity',
        { line_items: [{ ...minimal.line_items[0], quantity: 1.5 }] },
        'line_items[0].quantity',
        'type',
      ],
      [
        'no quantity',
        { line_items: [{ price_data: minimal.line_items[0]!.price_data }] },
        'line_items[0].quantity',
        'required',
      ],
      ['no price_data', { line_items: [{ quantity: 1 }] }, 'line_items[0].price_data', 'required'],
      [
        'a negative amount',
        { line_items: line({ amount: -1 }) },
        'line_items[0].price_data.amount',
        'minimum',
      ],
      [
        'an amount with decimals',
        { line_items: line({ amount: 1.5 }) },
        'line_items[0].price_data.amount',
        'type',
      ],
      [
        'an unknown currency',
        { line_items: line({ currency: 'xyz' }) },
        'line_items[0].price_data.currency',
        'iso_4217',
      ],
      [
        'no product name',
        { line_items: line({}, { name: undefined }) },
        'line_items[0].price_data.product_data.name',
        'required',
      ],
      [
        'an image that is not a URL',
        { line_items: line({}, { images: ['mug.png'] }) },
        'line_items[0].price_data.product_data.images[0]',
        'url',
      ],
      [
        'more than 8 images',
        {
          line_items: line(
            {},
            { images: Array.from({ length: 9 }, (_, i) => `https://example.com/${i}.png`) },
          ),
        },
        'line_items[0].price_data.product_data.images',
        'max_items',
      ],
      [
        'lines in two currencies',
        {
          line_items: [
            ...line({}),
            {
              price_data: { currency: 'eur', amount: 1, product_data: { name: 'B' } },
              quantity: 1,
            },
          ],
        },
        'line_items[1].price_data.currency',
        'single_currency',
      ],
      [
        'a total above the maximum',
        { line_items: [{ ...line({ amount: 99_999_999 })[0], quantity: 2 }] },
        'line_items',
        'amount_maximum',
      ],
    ];
    for (const [name, overrides, param, rule] of invalid) {
      test(`refuses ${name}`, async () => {
        const reply = await post({ ...minimal, ...overrides });
        assert.equal(reply.status, 400, JSON.stringify(reply.body));
        assert.equal(reply.body.error.type, 'invalid_request_error');
        assert.equal(reply.body.error.param, param, JSON.stringify(reply.body));
        assert.equal(reply.body.error.rule, rule, JSON.stringify(reply.body));
        assert.ok(reply.body.error.message.length > 5);
      });
    }

    describe('authentication', () => {
      test('the secret key as the password (any id as username) or as the username', async () => {
        for (const credentials of [`acct_123:${secretKey}`, `:${secretKey}`, `${secretKey}:`]) {
          const reply = await post(minimal, basic(credentials));
          assert.equal(reply.status, 200, credentials);
          assert.equal((await get(reply.body.id, basic(credentials))).status, 200);
        }
      });

      test('anything else is 401, checked before the body', async () => {
        for (const authorization of [
          '',
          basic('acct_123:sk_test_wrong'),
          basic('acct_123'),
          basic(`${secretKey.slice(0, -1)}:`),
          `Bearer ${secretKey}`,
          'Basic !!!',
        ]) {
          const reply = await post({}, authorization);
          assert.equal(reply.status, 401, `'${authorization}'`);
          assert.equal(reply.body.error.type, 'authentication_error');
        }
        const created = await create();
        assert.equal((await get(created.id, basic('acct_123:nope'))).status, 401);
      });

      test('the secret key does not pass as the password on seed 003’s API', async () => {
        const reply = await endpoint.merchant('POST', '/v1/checkout_sessions', undefined, {
          Authorization: basic(`acct_123:${secretKey}`),
        });
        assert.equal(reply.status, 401);
      });
    });

    describe('retrieve and pay', () => {
      test('GET returns the same view; unknown and other APIs’ sessions are 404', async () => {
        const body = await create(documentedExample);
        const read = await get(body.id);
        assert.equal(read.status, 200);
        assert.deepEqual(read.body, body);
        const unknown = await get('cs_test_missing');
        assert.equal(unknown.status, 404);
        assert.equal(unknown.body.error.code, 'resource_missing');
        const other = await endpoint.createSession();
        assert.equal((await get(other.body.id)).status, 404);
      });

      test('paid by card through the client API: complete, with a payment intent', async () => {
        const body = await create(documentedExample);
        endpoint.clock.ms += 60_000;
        try {
          const declined = await endpoint.confirm(body.client_secret, {
            number: '4000000000000002',
          });
          assert.equal(declined.status, 402);
          const pending = (await get(body.id)).body;
          assert.equal(pending.status, 'open');
          assert.equal(pending.payment_intent_id, null);
          assert.equal(pending.updated, iso(now()), 'a payment attempt is a change');

          endpoint.clock.ms += 60_000;
          const paid = await endpoint.confirm(body.client_secret);
          assert.equal(paid.status, 200, JSON.stringify(paid.body));
          assert.equal(paid.body.session.amount_total, 15129);
          const read = (await get(body.id)).body;
          assert.equal(read.status, 'complete');
          assert.match(read.payment_intent_id, /^pi_test_\w+$/);
          assert.equal(read.updated, iso(now()));
          assert.equal(read.created, body.created);
          assert.equal(read.customer_email, 'ada@example.com', 'the email given at payment');
          const payments = await store.listPayments(body.id);
          assert.deepEqual(
            payments.filter((p) => p.status === 'succeeded').map((p) => [p.amount, p.currency]),
            [[15129, 'usd']],
          );
        } finally {
          endpoint.clock.ms -= 120_000;
        }
      });

      test('expires after expires_in; a canceled session reads as expired', async () => {
        const body = await create({ ...minimal, expires_in: 1800 });
        endpoint.clock.ms += 1800 * 1000;
        try {
          const read = (await get(body.id)).body;
          assert.equal(read.status, 'expired');
          assert.equal(read.updated, iso(now()));
          const late = await endpoint.confirm(body.client_secret);
          assert.equal(late.status, 409);
        } finally {
          endpoint.clock.ms -= 1800 * 1000;
        }
        const canceled = await create();
        const reply = await endpoint.client(canceled.client_secret, 'POST', '/cancel');
        assert.equal(reply.body.status, 'canceled');
        assert.equal((await get(canceled.id)).body.status, 'expired');
      });
    });
  });
}
