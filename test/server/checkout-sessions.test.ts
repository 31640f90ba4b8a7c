import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { MemoryStore } from '../../src/server/store/memory-store.js';
import { type Endpoint, makeEndpoint, secretKey, validSession } from '../support/endpoint.js';

/** Seed 003: POST /v1/checkout_sessions and friends, every documented rule. */

let endpoint: Endpoint;
before(() => {
  endpoint = makeEndpoint(new MemoryStore());
});

const now = () => Math.floor(endpoint.clock.ms / 1000);

/** Asserts a 400 naming the field and the rule. */
async function rejects(body: Record<string, unknown>, param: string, rule: string) {
  const reply = await endpoint.merchant('POST', '/v1/checkout_sessions', body);
  assert.equal(reply.status, 400, JSON.stringify(reply.body));
  assert.equal(reply.body.error.param, param, JSON.stringify(reply.body));
  assert.equal(reply.body.error.rule, rule, JSON.stringify(reply.body));
  assert.match(reply.body.error.code, /^parameter_|^resource_missing$/);
  assert.ok(reply.body.error.message.length > 10);
}

const item = (priceData: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  line_items: [
    { price_data: { currency: 'usd', product: 'Tea', unit_amount: 100, ...priceData }, ...extra },
  ],
});

describe('authentication', () => {
  test('a missing key is a 401 that says how to authenticate', async () => {
    const reply = await endpoint.call('/v1/checkout_sessions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k' },
      body: JSON.stringify(validSession()),
    });
    assert.equal(reply.status, 401);
    assert.equal(reply.body.error.code, 'unauthorized');
    assert.match(reply.body.error.message, /secret key as the username/);
  });

  test('a wrong key is a 401', async () => {
    const reply = await endpoint.merchant('POST', '/v1/checkout_sessions', validSession(), {
      Authorization: `Basic ${btoa('sk_test_wrong:')}`,
    });
    assert.equal(reply.status, 401);
    assert.equal(reply.body.error.type, 'authentication_error');
  });

  test('a Bearer token is not Basic auth', async () => {
    const reply = await endpoint.merchant('POST', '/v1/checkout_sessions', validSession(), {
      Authorization: `Bearer ${secretKey}`,
    });
    assert.equal(reply.status, 401);
  });

  test('auth is checked before the body, so strangers learn nothing of the schema', async () => {
    const reply = await endpoint.merchant(
      'POST',
      '/v1/checkout_sessions',
      { bogus: true },
      {
        Authorization: `Basic ${btoa('nope:')}`,
      },
    );
    assert.equal(reply.status, 401);
  });

  test('retrieve and expire need the key too', async () => {
    const { body } = await endpoint.createSession();
    for (const [method, path] of [
      ['GET', `/v1/checkout_sessions/${body.id}`],
      ['POST', `/v1/checkout_sessions/${body.id}/expire`],
    ] as const) {
      const reply = await endpoint.call(path, { method });
      assert.equal(reply.status, 401, path);
    }
  });
});

describe('Idempotency-Key', () => {
  test('is required', async () => {
    const reply = await endpoint.merchant('POST', '/v1/checkout_sessions', validSession(), {
      'Idempotency-Key': '',
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.code, 'idempotency_key_missing');
    assert.equal(reply.body.error.param, 'Idempotency-Key');
  });

  test('is at most 255 characters', async () => {
    const ok = await endpoint.merchant('POST', '/v1/checkout_sessions', validSession(), {
      'Idempotency-Key': 'k'.repeat(255),
    });
    assert.equal(ok.status, 200);
    const reply = await endpoint.merchant('POST', '/v1/checkout_sessions', validSession(), {
      'Idempotency-Key': 'k'.repeat(256),
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.rule, 'max_length');
  });

  test('the same key and body replay the same session', async () => {
    const key = crypto.randomUUID();
    const first = await endpoint.merchant('POST', '/v1/checkout_sessions', validSession(), {
      'Idempotency-Key': key,
    });
    const second = await endpoint.merchant('POST', '/v1/checkout_sessions', validSession(), {
      'Idempotency-Key': key,
    });
    assert.equal(first.status, 200);
    assert.deepEqual(second.body, first.body);
    assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
    assert.equal(first.headers.get('Idempotent-Replayed'), null);
  });

  test('the same key with a different body is a 422', async () => {
    const key = crypto.randomUUID();
    await endpoint.merchant('POST', '/v1/checkout_sessions', validSession(), {
      'Idempotency-Key': key,
    });
    const reply = await endpoint.merchant(
      'POST',
      '/v1/checkout_sessions',
      validSession({ client_reference_id: 'other' }),
      {
        'Idempotency-Key': key,
      },
    );
    assert.equal(reply.status, 422);
    assert.equal(reply.body.error.code, 'idempotency_key_reused');
  });

  test('concurrent requests with one key create one session', async () => {
    const key = crypto.randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 5 }, () =>
        endpoint.merchant('POST', '/v1/checkout_sessions', validSession(), {
          'Idempotency-Key': key,
        }),
      ),
    );
    const ids = new Set(replies.filter((r) => r.status === 200).map((r) => r.body.id));
    assert.equal(ids.size, 1);
    for (const reply of replies) assert.ok([200, 409].includes(reply.status), String(reply.status));
  });

  test('a rejected request frees its key for the corrected retry', async () => {
    const key = crypto.randomUUID();
    const bad = await endpoint.merchant(
      'POST',
      '/v1/checkout_sessions',
      validSession({ expires_at: 1 }),
      {
        'Idempotency-Key': key,
      },
    );
    assert.equal(bad.status, 400);
    const good = await endpoint.merchant('POST', '/v1/checkout_sessions', validSession(), {
      'Idempotency-Key': key,
    });
    assert.equal(good.status, 200);
  });

  test('X-API-Version is accepted and echoed', async () => {
    const reply = await endpoint.merchant('POST', '/v1/checkout_sessions', validSession(), {
      'X-API-Version': '2026-11-01',
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('X-API-Version'), '2026-11-01');
  });
});

describe('create: the documented response', () => {
  test('embedded sessions get a client secret, the defaults and server-computed amounts', async () => {
    const { body } = await endpoint.createSession();
    assert.match(body.id, /^cs_test_/);
    assert.equal(body.object, 'checkout.session');
    assert.equal(body.mode, 'payment');
    assert.equal(body.status, 'open');
    assert.equal(body.payment_status, 'unpaid');
    assert.equal(body.ui_mode, 'embedded');
    assert.equal(body.customer_creation, 'if_required');
    assert.equal(body.billing_address_collection, 'auto');
    assert.equal(body.livemode, false);
    assert.equal(body.created, now());
    assert.equal(body.expires_at, now() + 24 * 3600);
    assert.deepEqual(body.metadata, { order_id: '6735' });
    assert.equal(body.url, null);
    assert.match(body.client_secret, /^cs_test_\w+_secret_\w+$/);
    assert.equal(body.currency, 'usd');
    assert.equal(body.amount_subtotal, 2800);
    assert.equal(body.amount_total, 2800);
    assert.deepEqual(body.total_details, { amount_discount: 0, amount_shipping: 0, amount_tax: 0 });
    assert.equal(body.client_reference_id, 'order-6735');
    assert.equal(body.customer, null);
    assert.equal(body.customer_email, null);
    assert.equal(body.customer_details, null);
    assert.equal(body.payment_intent, null);
    assert.equal(body.success_url, null);
    assert.equal(body.cancel_url, null);
  });

  test('hosted is the default ui_mode and returns a hosted page url, no client secret', async () => {
    const reply = await endpoint.merchant(
      'POST',
      '/v1/checkout_sessions',
      validSession({ ui_mode: undefined, success_url: 'https://shop.example/thanks' }),
    );
    assert.equal(reply.status, 200);
    assert.equal(reply.body.ui_mode, 'hosted');
    assert.equal(reply.body.client_secret, null);
    assert.equal(reply.body.url, `https://endpoint.test/pay/${reply.body.id}`);
  });

  test('custom mode returns a client secret', async () => {
    const { body } = await endpoint.createSession({ ui_mode: 'custom' });
    assert.equal(body.ui_mode, 'custom');
    assert.ok(body.client_secret);
    assert.equal(body.url, null);
  });

  test('every documented optional field is taken and returned', async () => {
    const expiresAt = now() + 3600;
    const { body } = await endpoint.createSession({
      success_url: 'https://shop.example/thanks?id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://shop.example/cart',
      customer: 'cus_123',
      customer_email: 'jsmith@example.com',
      customer_creation: 'always',
      billing_address_collection: 'required',
      currency: 'USD',
      expires_at: expiresAt,
      payment_intent_data: {
        capture_method: 'automatic',
        description: 'Order 6735',
        statement_descriptor: 'SHOP ORDER',
        metadata: { a: 'b' },
        application_fee_amount: 100,
      },
    });
    assert.equal(body.success_url, 'https://shop.example/thanks?id={CHECKOUT_SESSION_ID}');
    assert.equal(body.cancel_url, 'https://shop.example/cart');
    assert.equal(body.customer, 'cus_123');
    assert.equal(body.customer_email, 'jsmith@example.com');
    assert.equal(body.customer_creation, 'always');
    assert.equal(body.billing_address_collection, 'required');
    assert.equal(body.currency, 'usd');
    assert.equal(body.expires_at, expiresAt);
  });

  test('zero- and three-decimal currencies are kept in their minor units', async () => {
    const jpy = await endpoint.createSession(
      item({ currency: 'jpy', unit_amount: 1500 }, { quantity: 3 }),
    );
    assert.equal(jpy.body.amount_total, 4500);
    assert.equal(jpy.body.currency, 'jpy');
    const kwd = await endpoint.createSession(item({ currency: 'kwd', unit_amount: 1234 }));
    assert.equal(kwd.body.amount_total, 1234);
  });

  test('expires_at accepts exactly 30 minutes and exactly 24 hours ahead', async () => {
    assert.equal((await endpoint.createSession({ expires_at: now() + 1800 })).status, 200);
    assert.equal((await endpoint.createSession({ expires_at: now() + 86400 })).status, 200);
  });
});

describe('create: each rejection names the field and the rule', () => {
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['mode missing', { mode: undefined }, 'mode', 'required'],
    ['mode unknown', { mode: 'installments' }, 'mode', 'enum'],
    ['line_items missing', { line_items: undefined }, 'line_items', 'required'],
    ['line_items empty', { line_items: [] }, 'line_items', 'min_items'],
    [
      'line_items over 100',
      { line_items: Array.from({ length: 101 }, () => item({}).line_items[0]) },
      'line_items',
      'max_items',
    ],
    [
      'neither price nor price_data',
      { line_items: [{ quantity: 1 }] },
      'line_items[0].price',
      'price_xor_price_data',
    ],
    [
      'both price and price_data',
      {
        line_items: [
          { price: 'price_1', price_data: { currency: 'usd', product: 'x', unit_amount: 1 } },
        ],
      },
      'line_items[0].price_data',
      'price_xor_price_data',
    ],
    [
      'unknown price id',
      { line_items: [{ price: 'price_unknown', quantity: 1 }] },
      'line_items[0].price',
      'exists',
    ],
    ['quantity zero', item({}, { quantity: 0 }), 'line_items[0].quantity', 'minimum'],
    ['quantity fractional', item({}, { quantity: 1.5 }), 'line_items[0].quantity', 'type'],
    ['quantity a string', item({}, { quantity: '2' }), 'line_items[0].quantity', 'type'],
    [
      'unit_amount negative',
      item({ unit_amount: -1 }),
      'line_items[0].price_data.unit_amount',
      'minimum',
    ],
    [
      'unit_amount missing',
      item({ unit_amount: undefined }),
      'line_items[0].price_data.unit_amount',
      'required',
    ],
    [
      'product missing',
      item({ product: undefined }),
      'line_items[0].price_data.product',
      'required',
    ],
    ['product empty', item({ product: '' }), 'line_items[0].price_data.product', 'min_length'],
    [
      'price_data currency length',
      item({ currency: 'us' }),
      'line_items[0].price_data.currency',
      'length',
    ],
    [
      'price_data currency unknown',
      item({ currency: 'xyz' }),
      'line_items[0].price_data.currency',
      'iso_4217',
    ],
    [
      'tax_behavior unknown',
      item({ tax_behavior: 'sometimes' }),
      'line_items[0].price_data.tax_behavior',
      'enum',
    ],
    [
      'recurring interval unknown',
      item({ recurring: { interval: 'hour' } }),
      'line_items[0].price_data.recurring.interval',
      'enum',
    ],
    [
      'recurring interval_count zero',
      item({ recurring: { interval: 'month', interval_count: 0 } }),
      'line_items[0].price_data.recurring.interval_count',
      'minimum',
    ],
    [
      'recurring over a year',
      item({ recurring: { interval: 'month', interval_count: 13 } }),
      'line_items[0].price_data.recurring.interval_count',
      'maximum',
    ],
    [
      'recurring price in payment mode',
      item({ recurring: { interval: 'month', interval_count: 1 } }),
      'line_items[0].price_data.recurring',
      'one_time_in_payment_mode',
    ],
    [
      'line items in two currencies',
      { line_items: [item({}).line_items[0], item({ currency: 'eur' }).line_items[0]] },
      'line_items',
      'single_currency',
    ],
    ['customer without cus_', { customer: 'bob' }, 'customer', 'pattern'],
    ['customer_email malformed', { customer_email: 'not-an-email' }, 'customer_email', 'email'],
    ['customer_creation unknown', { customer_creation: 'never' }, 'customer_creation', 'enum'],
    ['ui_mode unknown', { ui_mode: 'popup' }, 'ui_mode', 'enum'],
    [
      'billing_address_collection unknown',
      { billing_address_collection: 'sometimes' },
      'billing_address_collection',
      'enum',
    ],
    [
      'client_reference_id over 200',
      { client_reference_id: 'x'.repeat(201) },
      'client_reference_id',
      'max_length',
    ],
    [
      'payment_intent_data.capture_method unknown',
      { payment_intent_data: { capture_method: 'later' } },
      'payment_intent_data.capture_method',
      'enum',
    ],
    [
      'statement_descriptor over 22',
      { payment_intent_data: { statement_descriptor: 'A'.repeat(23) } },
      'payment_intent_data.statement_descriptor',
      'max_length',
    ],
    [
      'statement_descriptor with <',
      { payment_intent_data: { statement_descriptor: 'SHOP <b>' } },
      'payment_intent_data.statement_descriptor',
      'pattern',
    ],
    [
      'application_fee_amount negative',
      { payment_intent_data: { application_fee_amount: -5 } },
      'payment_intent_data.application_fee_amount',
      'minimum',
    ],
    [
      'application_fee_amount over the total',
      { payment_intent_data: { application_fee_amount: 999999 } },
      'payment_intent_data.application_fee_amount',
      'at_most_amount_total',
    ],
    [
      'payment_intent_data unknown key',
      { payment_intent_data: { surprise: 1 } },
      'payment_intent_data.surprise',
      'unknown',
    ],
    ['currency length', { currency: 'usdd' }, 'currency', 'length'],
    ['currency differs from the line items', { currency: 'eur' }, 'currency', 'matches_line_items'],
    ['metadata value not a string', { metadata: { a: 1 } }, 'metadata.a', 'type'],
    [
      'metadata over 50 keys',
      { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      'metadata',
      'max_keys',
    ],
    ['metadata value over 500', { metadata: { a: 'v'.repeat(501) } }, 'metadata.a', 'max_length'],
    ['success_url not a URL', { success_url: 'thanks' }, 'success_url', 'url'],
    ['success_url javascript:', { success_url: 'javascript:alert(1)' }, 'success_url', 'url'],
    ['cancel_url not a URL', { cancel_url: 'back' }, 'cancel_url', 'url'],
    ['hosted without success_url', { ui_mode: 'hosted' }, 'success_url', 'required_for_hosted'],
    ['unknown top-level parameter', { amount_total: 1 }, 'amount_total', 'unknown'],
    [
      "total over the card networks' cap",
      item({ unit_amount: 99_999_999 }, { quantity: 2 }),
      'line_items',
      'amount_maximum',
    ],
  ];
  for (const [name, overrides, param, rule] of cases) {
    test(name, () => rejects(validSession(overrides), param, rule));
  }

  test('expires_at under 30 minutes ahead', () =>
    rejects(
      validSession({ expires_at: now() + 1799 }),
      'expires_at',
      'between_30_minutes_and_24_hours',
    ));
  test('expires_at over 24 hours ahead', () =>
    rejects(
      validSession({ expires_at: now() + 86401 }),
      'expires_at',
      'between_30_minutes_and_24_hours',
    ));
  test('expires_at in the past', () =>
    rejects(
      validSession({ expires_at: now() - 10 }),
      'expires_at',
      'between_30_minutes_and_24_hours',
    ));

  test('a body that is not JSON is a 400', async () => {
    const reply = await endpoint.merchant('POST', '/v1/checkout_sessions', '{"mode":');
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.code, 'invalid_json');
  });

  test('a form-encoded body is a 415', async () => {
    const reply = await endpoint.merchant('POST', '/v1/checkout_sessions', 'mode=payment', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    assert.equal(reply.status, 415);
    assert.equal(reply.body.error.code, 'unsupported_content_type');
  });
});

describe('retrieve and expire', () => {
  test('retrieve returns the session as created', async () => {
    const created = await endpoint.createSession();
    const reply = await endpoint.merchant('GET', `/v1/checkout_sessions/${created.body.id}`);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, created.body);
  });

  test('an unknown id is a 404', async () => {
    const reply = await endpoint.merchant('GET', '/v1/checkout_sessions/cs_test_nope');
    assert.equal(reply.status, 404);
    assert.equal(reply.body.error.code, 'resource_missing');
  });

  test('expire moves an open session to expired, once', async () => {
    const { body } = await endpoint.createSession();
    const expired = await endpoint.merchant('POST', `/v1/checkout_sessions/${body.id}/expire`);
    assert.equal(expired.status, 200);
    assert.equal(expired.body.status, 'expired');
    const again = await endpoint.merchant('POST', `/v1/checkout_sessions/${body.id}/expire`);
    assert.equal(again.status, 400);
    assert.equal(again.body.error.code, 'session_not_open');
  });

  test('the merchant API sends no CORS headers', async () => {
    const reply = await endpoint.merchant('POST', '/v1/checkout_sessions', validSession(), {
      Origin: 'https://shop.example',
    });
    assert.equal(reply.headers.get('Access-Control-Allow-Origin'), null);
    const preflight = await endpoint.call('/v1/checkout_sessions', {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), null);
  });
});

const monthly = { interval: 'month', interval_count: 1 };

describe('create: extensions (mode, quantities, codes, tax, shipping, phone, submit_type, locale)', () => {
  test('defaults: payment mode, nothing extra collected', async () => {
    const { body } = await endpoint.createSession();
    assert.equal(body.submit_type, 'auto');
    assert.equal(body.locale, null);
    assert.equal(body.allow_promotion_codes, false);
    assert.deepEqual(body.discounts, []);
    assert.deepEqual(body.automatic_tax, { enabled: false, status: null });
    assert.deepEqual(body.phone_number_collection, { enabled: false, required: false });
    assert.equal(body.shipping_address_collection, null);
    assert.deepEqual(body.shipping_options, []);
    assert.equal(body.shipping_cost, null);
    assert.equal(body.shipping_details, null);
    assert.equal(body.subscription, null);
    assert.equal(body.setup_intent, null);
  });

  test('every extension field is taken and shown to merchant and client', async () => {
    const { body } = await endpoint.createSession({
      line_items: [
        {
          quantity: 3,
          adjustable_quantity: { enabled: true, minimum: 2, maximum: 8 },
          price_data: { currency: 'usd', product: 'Socks', unit_amount: 900 },
        },
      ],
      allow_promotion_codes: true,
      automatic_tax: { enabled: true },
      shipping_address_collection: { allowed_countries: ['us', 'CA', 'US'] },
      shipping_options: [
        {
          shipping_rate_data: {
            display_name: 'Ground',
            fixed_amount: { amount: 700, currency: 'USD' },
            delivery_estimate: { maximum: { unit: 'week', value: 2 } },
          },
        },
      ],
      phone_number_collection: { enabled: true, required: true },
      submit_type: 'donate',
      locale: 'fr-ca',
    });
    assert.equal(body.amount_subtotal, 2700);
    assert.equal(body.amount_total, 3400);
    assert.deepEqual(body.total_details, {
      amount_discount: 0,
      amount_shipping: 700,
      amount_tax: 0,
    });
    assert.equal(body.allow_promotion_codes, true);
    assert.deepEqual(body.automatic_tax, { enabled: true, status: 'requires_location_inputs' });
    assert.deepEqual(body.shipping_address_collection, { allowed_countries: ['US', 'CA'] });
    assert.match(body.shipping_options[0].shipping_rate, /^shr_/);
    assert.deepEqual(body.shipping_cost, {
      shipping_rate: body.shipping_options[0].shipping_rate,
      amount_total: 700,
    });
    assert.deepEqual(body.phone_number_collection, { enabled: true, required: true });
    assert.equal(body.submit_type, 'donate');
    assert.equal(body.locale, 'fr-CA');

    const view = (await endpoint.client(body.client_secret, 'GET', '')).body;
    assert.deepEqual(view.line_items[0].adjustable_quantity, {
      enabled: true,
      minimum: 2,
      maximum: 8,
    });
    assert.deepEqual(view.shipping_options[0].delivery_estimate, {
      minimum: null,
      maximum: { unit: 'week', value: 2 },
    });
    assert.equal(view.submit_type, 'donate');
    assert.equal(view.locale, 'fr-CA');
    assert.equal(view.allow_promotion_codes, true);
    assert.deepEqual(view.phone_number_collection, { enabled: true, required: true });
    assert.equal(view.customer_phone, null);
    assert.equal(view.billing_address, null);
    assert.equal(view.discount, null);
  });

  test('locale auto is stored as null; adjustable_quantity disabled means fixed', async () => {
    const { body } = await endpoint.createSession({
      locale: 'auto',
      line_items: [
        {
          quantity: 150,
          adjustable_quantity: { enabled: false },
          price_data: { currency: 'usd', product: 'Tea', unit_amount: 100 },
        },
      ],
    });
    assert.equal(body.locale, null);
    const view = (await endpoint.client(body.client_secret, 'GET', '')).body;
    assert.equal(view.line_items[0].adjustable_quantity, null);
  });

  test('subscription mode takes recurring prices', async () => {
    const { body } = await endpoint.createSession({
      mode: 'subscription',
      line_items: [
        { price_data: { currency: 'usd', product: 'Plan', unit_amount: 1500, recurring: monthly } },
        { price_data: { currency: 'usd', product: 'Setup fee', unit_amount: 500 } },
      ],
    });
    assert.equal(body.mode, 'subscription');
    assert.equal(body.amount_total, 2000);
    const view = (await endpoint.client(body.client_secret, 'GET', '')).body;
    assert.deepEqual(view.line_items[0].recurring, monthly);
    assert.equal(view.line_items[1].recurring, null);
  });

  test('setup mode: line items optional, then currency required', async () => {
    const { body } = await endpoint.createSession({
      mode: 'setup',
      line_items: undefined,
      currency: 'EUR',
    });
    assert.equal(body.mode, 'setup');
    assert.equal(body.payment_status, 'no_payment_required');
    assert.equal(body.currency, 'eur');
    assert.equal(body.amount_total, 0);
    const shown = await endpoint.createSession({ mode: 'setup' });
    assert.equal(shown.body.amount_total, 2800, 'amounts are shown, never charged');
  });

  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    [
      'subscription without a recurring line',
      { mode: 'subscription' },
      'line_items',
      'recurring_required',
    ],
    [
      'recurring price in setup mode',
      { mode: 'setup', ...item({ recurring: monthly }) },
      'line_items[0].price_data.recurring',
      'one_time_in_setup_mode',
    ],
    [
      'setup without line items or currency',
      { mode: 'setup', line_items: undefined },
      'currency',
      'required_without_line_items',
    ],
    [
      'quantity below adjustable minimum',
      item({}, { quantity: 1, adjustable_quantity: { enabled: true, minimum: 2 } }),
      'line_items[0].quantity',
      'within_adjustable_quantity',
    ],
    [
      'quantity above adjustable default maximum',
      item({}, { quantity: 100, adjustable_quantity: { enabled: true } }),
      'line_items[0].quantity',
      'within_adjustable_quantity',
    ],
    [
      'adjustable minimum above maximum',
      item({}, { quantity: 5, adjustable_quantity: { enabled: true, minimum: 6, maximum: 4 } }),
      'line_items[0].adjustable_quantity.minimum',
      'at_most_maximum',
    ],
    [
      'adjustable maximum over 999999',
      item({}, { adjustable_quantity: { enabled: true, maximum: 1_000_000 } }),
      'line_items[0].adjustable_quantity.maximum',
      'maximum',
    ],
    [
      'adjustable minimum negative',
      item({}, { adjustable_quantity: { enabled: true, minimum: -1 } }),
      'line_items[0].adjustable_quantity.minimum',
      'minimum',
    ],
    [
      'allow_promotion_codes not a boolean',
      { allow_promotion_codes: 'yes' },
      'allow_promotion_codes',
      'type',
    ],
    [
      'discounts without promo_',
      { discounts: [{ promotion_code: 'SPRING' }] },
      'discounts[0].promotion_code',
      'pattern',
    ],
    ['automatic_tax without enabled', { automatic_tax: {} }, 'automatic_tax.enabled', 'required'],
    [
      'allowed_countries empty',
      { shipping_address_collection: { allowed_countries: [] } },
      'shipping_address_collection.allowed_countries',
      'min_items',
    ],
    [
      'allowed_countries not ISO',
      { shipping_address_collection: { allowed_countries: ['US', 'XX'] } },
      'shipping_address_collection.allowed_countries[1]',
      'iso_3166_1',
    ],
    [
      'shipping_options without shipping_address_collection',
      {
        shipping_options: [
          {
            shipping_rate_data: {
              display_name: 'Post',
              fixed_amount: { amount: 1, currency: 'usd' },
            },
          },
        ],
      },
      'shipping_options',
      'requires_shipping_address_collection',
    ],
    [
      'shipping rate in another currency',
      {
        shipping_address_collection: { allowed_countries: ['US'] },
        shipping_options: [
          {
            shipping_rate_data: {
              display_name: 'Post',
              fixed_amount: { amount: 1, currency: 'eur' },
            },
          },
        ],
      },
      'shipping_options[0].shipping_rate_data.fixed_amount.currency',
      'matches_session_currency',
    ],
    [
      'more than 5 shipping options',
      {
        shipping_address_collection: { allowed_countries: ['US'] },
        shipping_options: Array.from({ length: 6 }, () => ({
          shipping_rate_data: {
            display_name: 'Post',
            fixed_amount: { amount: 1, currency: 'usd' },
          },
        })),
      },
      'shipping_options',
      'max_items',
    ],
    [
      'shipping display_name over 100',
      {
        shipping_address_collection: { allowed_countries: ['US'] },
        shipping_options: [
          {
            shipping_rate_data: {
              display_name: 'x'.repeat(101),
              fixed_amount: { amount: 1, currency: 'usd' },
            },
          },
        ],
      },
      'shipping_options[0].shipping_rate_data.display_name',
      'max_length',
    ],
    [
      'shipping amount negative',
      {
        shipping_address_collection: { allowed_countries: ['US'] },
        shipping_options: [
          {
            shipping_rate_data: {
              display_name: 'Post',
              fixed_amount: { amount: -1, currency: 'usd' },
            },
          },
        ],
      },
      'shipping_options[0].shipping_rate_data.fixed_amount.amount',
      'minimum',
    ],
    [
      'delivery estimate unit unknown',
      {
        shipping_address_collection: { allowed_countries: ['US'] },
        shipping_options: [
          {
            shipping_rate_data: {
              display_name: 'Post',
              fixed_amount: { amount: 1, currency: 'usd' },
              delivery_estimate: { minimum: { unit: 'month', value: 1 } },
            },
          },
        ],
      },
      'shipping_options[0].shipping_rate_data.delivery_estimate.minimum.unit',
      'enum',
    ],
    [
      'phone required without enabled',
      { phone_number_collection: { enabled: false, required: true } },
      'phone_number_collection.required',
      'requires_enabled',
    ],
    ['submit_type unknown', { submit_type: 'buy' }, 'submit_type', 'enum'],
    ['locale not BCP 47', { locale: 'not a locale' }, 'locale', 'bcp_47'],
    [
      'shipping pushes the total over the cap',
      {
        ...item({ unit_amount: 99_999_999 }),
        shipping_address_collection: { allowed_countries: ['US'] },
        shipping_options: [
          {
            shipping_rate_data: {
              display_name: 'Post',
              fixed_amount: { amount: 1, currency: 'usd' },
            },
          },
        ],
      },
      'line_items',
      'amount_maximum',
    ],
  ];
  for (const [name, overrides, param, rule] of cases) {
    test(name, () => rejects(validSession(overrides), param, rule));
  }
});
