import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoCatalog, seedDemoCatalog } from '../../src/server/catalog/demo-catalog.js';
import type { CheckoutStore } from '../../src/server/store/store.js';
import {
  type Endpoint,
  makeEndpoint,
  openStore,
  origin,
  type Reply,
  type StoreKind,
  secretKey,
} from '../support/endpoint.js';

/**
 * Seed 000, the payments service: POST /v1/checkout (Bearer), its 201 Payment,
 * its flat `{ error, message }` errors, and the session it creates paid
 * through the client API, over both stores.
 */

/** The document's 201 Payment: every field is required; `null` marks the nullable ones. */
const documentedPayment: Record<string, 'string' | 'string|null'> = {
  id: 'string',
  customer_id: 'string',
  order_id: 'string|null',
  amount_cents: 'string',
  currency: 'string',
  status: 'string',
  stripe_payment_intent_id: 'string|null',
  mode: 'string',
  subscription_id: 'string|null',
  created_at: 'string',
  updated_at: 'string',
};

function assertPaymentShape(body: Record<string, unknown>): void {
  assert.deepEqual(
    Object.keys(body).sort(),
    [...Object.keys(documentedPayment), 'client_secret', 'url'].sort(),
    'exactly the documented fields, plus client_secret and url',
  );
  for (const [field, type] of Object.entries(documentedPayment)) {
    const value = body[field];
    const ok = typeof value === 'string' || (type === 'string|null' && value === null);
    assert.ok(ok, `${field} should be ${type}, got ${JSON.stringify(value)}`);
  }
  assert.ok(['one_shot', 'subscription'].includes(body.mode as string));
  assert.match(body.amount_cents as string, /^\d+$/);
  assert.match(body.client_secret as string, /_secret_/);
}

let counter = 0;
const unique = (prefix: string) =>
  `${prefix}${++counter}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();

for (const kind of ['memory', 'pglite'] as StoreKind[]) {
  describe(`POST /v1/checkout, seed 000 (${kind} store)`, () => {
    let store: CheckoutStore;
    let endpoint: Endpoint;
    before(async () => {
      store = await openStore(kind);
      endpoint = makeEndpoint(store);
      await seedDemoCatalog(store, Math.floor(endpoint.clock.ms / 1000));
    });
    after(() => store.close());

    const nowIso = () => new Date(Math.floor(endpoint.clock.ms / 1000) * 1000).toISOString();

    /** A call with the secret key as a Bearer token, as the document's example sends it. */
    const bearer: Endpoint['bearer'] = (...args) => endpoint.bearer(...args);

    const checkout = (body: unknown) => bearer('POST', '/v1/checkout', body);

    async function created(body: Record<string, unknown>): Promise<Record<string, any>> {
      const reply = await checkout(body);
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      return reply.body;
    }

    /** Asserts the document's error shape: `error` a machine code string, `message` a sentence. */
    function assertFlatError(reply: Reply, status: number, code: string, param?: string): void {
      assert.equal(reply.status, status, JSON.stringify(reply.body));
      assert.equal(typeof reply.body.error, 'string', 'error is a code, not an object');
      assert.equal(reply.body.error, code, JSON.stringify(reply.body));
      assert.equal(typeof reply.body.message, 'string');
      assert.ok(reply.body.message.length > 10, reply.body.message);
      if (param !== undefined) assert.equal(reply.body.param, param, JSON.stringify(reply.body));
      for (const key of Object.keys(reply.body)) {
        assert.ok(['error', 'message', 'param'].includes(key), `unexpected field ${key}`);
      }
    }

    async function rejects(body: unknown, code: string, param: string) {
      assertFlatError(await checkout(body), 400, code, param);
    }

    const amountOnly = { customer_id: 'cust_1', amount_cents: 1999 };

    describe('the documented example', () => {
      let payment: Record<string, any>;
      let promoCode: string;
      before(async () => {
        promoCode = unique('WELCOME');
        await endpoint.createPromotionCode({ code: promoCode, percent_off: 10 });
        payment = await created({
          customer_id: 'cust_demo_ada',
          currency: 'usd',
          order_id: 'order-1001',
          stripe_customer_id: null,
          metadata: { channel: 'demo', seed: '000' },
          promo_code: promoCode.toLowerCase(),
          line_items: [
            {
              product_id: demoCatalog.products.tshirt,
              variant_id: demoCatalog.variants.tshirtMedium,
              qty: 2,
              unit_amount_cents: 2500,
            },
            { product_id: 'prod_sticker_pack', variant_id: 'holo', qty: 1, unit_amount_cents: 400 },
          ],
        });
      });

      test('answers 201 with the documented Payment, every field of its type', () => {
        assertPaymentShape(payment);
        assert.match(payment.id, /^cs_test_/);
        assert.deepEqual(
          { ...payment, id: undefined, client_secret: undefined, url: undefined },
          {
            id: undefined,
            client_secret: undefined,
            url: undefined,
            customer_id: 'cust_demo_ada',
            order_id: 'order-1001',
            // (2 × 25.00 + 4.00) − 10 %
            amount_cents: '4860',
            currency: 'usd',
            status: 'pending',
            stripe_payment_intent_id: null,
            mode: 'one_shot',
            subscription_id: null,
            created_at: nowIso(),
            updated_at: nowIso(),
          },
        );
        assert.equal(payment.url, `${origin}/pay/${payment.id}`);
      });

      test("the kit shows catalog names and variants, the given ids otherwise, and the code's discount", async () => {
        const view = (await endpoint.client(payment.client_secret, 'GET', '')).body;
        assert.equal(view.mode, 'payment');
        assert.deepEqual(
          view.line_items.map((line: Record<string, unknown>) => [
            line.name,
            line.variant,
            line.quantity,
            line.unit_amount,
          ]),
          [
            ['Checkout Kit T-shirt', 'Medium', 2, 2500],
            ['prod_sticker_pack', 'holo', 1, 400],
          ],
        );
        assert.equal(view.discount.code, promoCode);
        assert.equal(view.amount_subtotal, 5400);
        assert.equal(view.total_details.amount_discount, 540);
        assert.equal(view.amount_total, 4860);
        assert.equal('metadata' in view, false, 'metadata stays merchant-only');
      });

      test('the hosted page at url serves the payment', async () => {
        const page = await endpoint.call(new URL(payment.url).pathname);
        assert.equal(page.status, 200);
        assert.match(String(page.body), /<checkout-embedded/);
      });

      test('once paid through the kit, GET reports succeeded with the payment intent', async () => {
        endpoint.clock.ms += 90_000;
        const paid = await endpoint.confirm(payment.client_secret);
        assert.equal(paid.status, 200, JSON.stringify(paid.body));
        const read = await bearer('GET', `/v1/checkout/${payment.id}`);
        assert.equal(read.status, 200);
        assertPaymentShape(read.body);
        assert.equal(read.body.status, 'succeeded');
        assert.match(read.body.stripe_payment_intent_id, /^pi_test_/);
        assert.equal(read.body.amount_cents, '4860');
        assert.equal(read.body.created_at, payment.created_at);
        assert.equal(read.body.updated_at, nowIso(), 'updated when it completed');
        assert.notEqual(read.body.updated_at, read.body.created_at);
      });
    });

    describe('amount_cents alone', () => {
      test('is one amount row named after the order, in usd by default', async () => {
        const payment = await created({ ...amountOnly, order_id: 'A-77' });
        assert.equal(payment.amount_cents, '1999');
        assert.equal(payment.currency, 'usd');
        assert.equal(payment.mode, 'one_shot');
        const view = (await endpoint.client(payment.client_secret, 'GET', '')).body;
        assert.equal(view.line_items.length, 1);
        assert.equal(view.line_items[0].name, 'Order A-77');
        assert.equal(view.line_items[0].variant, null);
        assert.equal(view.amount_total, 1999);
        const stored = (await store.getSession(payment.id))!.value;
        assert.deepEqual(stored.source, {
          api: 'payments',
          customerId: 'cust_1',
          orderId: 'A-77',
          stripeCustomerId: null,
          subscriptionPlanId: null,
          amountOnly: true,
        });
        assert.equal(stored.uiMode, 'hosted');
      });

      test('without an order id the row is named Payment', async () => {
        const payment = await created(amountOnly);
        assert.equal(payment.order_id, null);
        const view = (await endpoint.client(payment.client_secret, 'GET', '')).body;
        assert.equal(view.line_items[0].name, 'Payment');
      });

      test('currency is taken in any case and answered in lower case', async () => {
        const payment = await created({ ...amountOnly, currency: 'EUR' });
        assert.equal(payment.currency, 'eur');
        const yen = await created({ ...amountOnly, currency: 'jpy', amount_cents: 500 });
        assert.equal(yen.amount_cents, '500', 'minor units of a zero-decimal currency');
      });

      test('the nullable fields take null, and metadata takes any JSON values', async () => {
        const payment = await created({
          ...amountOnly,
          order_id: null,
          stripe_customer_id: null,
          metadata: null,
          promo_code: null,
        });
        assert.equal(payment.order_id, null);
        const rich = await created({
          ...amountOnly,
          stripe_customer_id: 'cus_42',
          metadata: { gift: true, items: [1, 2], note: { text: 'hi' }, count: 3, none: null },
        });
        const stored = (await store.getSession(rich.id))!.value;
        assert.deepEqual(stored.metadata, {
          gift: true,
          items: [1, 2],
          note: { text: 'hi' },
          count: 3,
          none: null,
        });
        assert.equal(stored.customer, 'cus_42');
        assert.deepEqual((await store.getSession(payment.id))!.value.metadata, {});
      });

      test('fields the document does not list are ignored, as its schema allows', async () => {
        const payment = await created({ ...amountOnly, channel: 'web' });
        assert.equal(payment.amount_cents, '1999');
        assert.equal('channel' in payment, false);
      });
    });

    describe('subscription_plan_id', () => {
      test('makes a subscription with the plan as a recurring line, paid into a subscription id', async () => {
        const payment = await created({
          customer_id: 'cust_sub',
          subscription_plan_id: demoCatalog.plans.monthly,
        });
        assertPaymentShape(payment);
        assert.equal(payment.mode, 'subscription');
        assert.equal(payment.amount_cents, '1500');
        assert.equal(payment.currency, 'usd');
        assert.equal(payment.subscription_id, null);
        const view = (await endpoint.client(payment.client_secret, 'GET', '')).body;
        assert.equal(view.mode, 'subscription');
        assert.equal(view.line_items[0].name, 'Coffee Club monthly');
        assert.deepEqual(view.line_items[0].recurring, { interval: 'month', interval_count: 1 });

        assert.equal((await endpoint.confirm(payment.client_secret)).status, 200);
        const read = (await bearer('GET', `/v1/checkout/${payment.id}`)).body;
        assert.equal(read.status, 'succeeded');
        assert.equal(read.mode, 'subscription');
        assert.match(read.subscription_id, /^sub_test_/);
        assert.match(read.stripe_payment_intent_id, /^pi_test_/);
      });

      test('takes one-time line items alongside the plan', async () => {
        const payment = await created({
          customer_id: 'cust_sub',
          subscription_plan_id: demoCatalog.plans.yearly,
          currency: 'USD',
          line_items: [
            {
              product_id: demoCatalog.products.notebook,
              variant_id: 'standard',
              qty: 1,
              unit_amount_cents: 1250,
            },
          ],
        });
        assert.equal(payment.amount_cents, String(15000 + 1250));
        const view = (await endpoint.client(payment.client_secret, 'GET', '')).body;
        assert.deepEqual(
          view.line_items.map((line: Record<string, any>) => [line.name, line.recurring?.interval]),
          [
            ['Coffee Club yearly', 'year'],
            ['Dot-grid notebook', undefined],
          ],
        );
      });

      test("a currency other than the plan's is a 400", () =>
        rejects(
          { customer_id: 'c', subscription_plan_id: demoCatalog.plans.monthly, currency: 'eur' },
          'parameter_invalid',
          'currency',
        ));

      test('an unknown plan is a 400 naming it', async () => {
        const reply = await checkout({ customer_id: 'c', subscription_plan_id: 'plan_ghost' });
        assertFlatError(reply, 400, 'resource_missing', 'subscription_plan_id');
        assert.match(reply.body.message, /'plan_ghost'/);
      });
    });

    describe('promo_code', () => {
      test('an unknown code is a 400 on promo_code', () =>
        rejects({ ...amountOnly, promo_code: 'NOPE' }, 'promotion_code_invalid', 'promo_code'));

      test('a code in another currency is a 400 on promo_code', async () => {
        const code = unique('FIVEEUR');
        await endpoint.createPromotionCode({ code, amount_off: 500, currency: 'eur' });
        await rejects(
          { ...amountOnly, promo_code: code },
          'promotion_code_currency_mismatch',
          'promo_code',
        );
      });

      test('a fixed-amount code lowers amount_cents', async () => {
        const code = unique('FIVE');
        await endpoint.createPromotionCode({ code, amount_off: 500, currency: 'usd' });
        const payment = await created({ ...amountOnly, promo_code: code });
        assert.equal(payment.amount_cents, '1499');
      });
    });

    describe('validation: each documented rule', () => {
      const item = {
        product_id: demoCatalog.products.tshirt,
        variant_id: demoCatalog.variants.tshirtSmall,
        qty: 1,
        unit_amount_cents: 2500,
      };
      const withItem = (overrides: Record<string, unknown>) => ({
        customer_id: 'c',
        line_items: [{ ...item, ...overrides }],
      });
      const cases: Array<[string, unknown, string, string]> = [
        ['customer_id missing', { amount_cents: 100 }, 'parameter_missing', 'customer_id'],
        [
          'customer_id empty',
          { ...amountOnly, customer_id: '' },
          'parameter_invalid',
          'customer_id',
        ],
        [
          'customer_id null',
          { ...amountOnly, customer_id: null },
          'parameter_invalid',
          'customer_id',
        ],
        [
          'currency of 2 letters',
          { ...amountOnly, currency: 'us' },
          'parameter_invalid',
          'currency',
        ],
        [
          'currency of 4 letters',
          { ...amountOnly, currency: 'usdd' },
          'parameter_invalid',
          'currency',
        ],
        [
          'currency not ISO 4217',
          { ...amountOnly, currency: 'xyz' },
          'parameter_invalid',
          'currency',
        ],
        ['currency null', { ...amountOnly, currency: null }, 'parameter_invalid', 'currency'],
        ['order_id a number', { ...amountOnly, order_id: 7 }, 'parameter_invalid', 'order_id'],
        [
          'stripe_customer_id a number',
          { ...amountOnly, stripe_customer_id: 7 },
          'parameter_invalid',
          'stripe_customer_id',
        ],
        ['metadata an array', { ...amountOnly, metadata: [1] }, 'parameter_invalid', 'metadata'],
        ['metadata a string', { ...amountOnly, metadata: 'x' }, 'parameter_invalid', 'metadata'],
        ['promo_code empty', { ...amountOnly, promo_code: '' }, 'parameter_invalid', 'promo_code'],
        [
          'amount_cents zero',
          { ...amountOnly, amount_cents: 0 },
          'parameter_invalid',
          'amount_cents',
        ],
        [
          'amount_cents negative',
          { ...amountOnly, amount_cents: -5 },
          'parameter_invalid',
          'amount_cents',
        ],
        [
          'amount_cents fractional',
          { ...amountOnly, amount_cents: 10.5 },
          'parameter_invalid',
          'amount_cents',
        ],
        [
          'amount_cents a string',
          { ...amountOnly, amount_cents: '100' },
          'parameter_invalid',
          'amount_cents',
        ],
        [
          'subscription_plan_id empty',
          { customer_id: 'c', subscription_plan_id: '' },
          'parameter_invalid',
          'subscription_plan_id',
        ],
        [
          'line_items empty',
          { customer_id: 'c', line_items: [] },
          'parameter_invalid',
          'line_items',
        ],
        [
          'line item without product_id',
          withItem({ product_id: undefined }),
          'parameter_missing',
          'line_items[0].product_id',
        ],
        [
          'line item product_id empty',
          withItem({ product_id: '' }),
          'parameter_invalid',
          'line_items[0].product_id',
        ],
        [
          'line item without variant_id',
          withItem({ variant_id: undefined }),
          'parameter_missing',
          'line_items[0].variant_id',
        ],
        [
          'line item variant_id empty',
          withItem({ variant_id: '' }),
          'parameter_invalid',
          'line_items[0].variant_id',
        ],
        [
          'line item without qty',
          withItem({ qty: undefined }),
          'parameter_missing',
          'line_items[0].qty',
        ],
        ['line item qty zero', withItem({ qty: 0 }), 'parameter_invalid', 'line_items[0].qty'],
        [
          'line item qty fractional',
          withItem({ qty: 1.5 }),
          'parameter_invalid',
          'line_items[0].qty',
        ],
        [
          'line item without unit_amount_cents',
          withItem({ unit_amount_cents: undefined }),
          'parameter_missing',
          'line_items[0].unit_amount_cents',
        ],
        [
          'line item unit_amount_cents negative',
          withItem({ unit_amount_cents: -1 }),
          'parameter_invalid',
          'line_items[0].unit_amount_cents',
        ],
        [
          'nothing to charge',
          { customer_id: 'c', order_id: 'o' },
          'parameter_missing',
          'amount_cents',
        ],
        [
          'amount_cents with line_items',
          { ...withItem({}), amount_cents: 100 },
          'parameter_invalid',
          'line_items',
        ],
        [
          'a total above what cards take',
          withItem({ qty: 999_999, unit_amount_cents: 99_999_999 }),
          'parameter_invalid',
          'line_items',
        ],
        ['a body that is an array', [amountOnly], 'parameter_invalid', 'body'],
      ];
      for (const [name, body, code, param] of cases) {
        test(`rejects: ${name}`, () => rejects(body, code, param));
      }

      test('unit_amount_cents may be zero', async () => {
        const payment = await created(withItem({ unit_amount_cents: 0, qty: 3 }));
        assert.equal(payment.amount_cents, '0');
      });

      test('the messages name the rule in plain words', async () => {
        const fractional = await checkout({ ...amountOnly, amount_cents: 1.5 });
        assert.equal(fractional.body.message, 'amount_cents must be an integer.');
        const empty = await checkout({ customer_id: 'c', line_items: [] });
        assert.equal(empty.body.message, 'line_items must have at least 1 item.');
        const text = await checkout({ ...amountOnly, metadata: 'x' });
        assert.equal(text.body.message, 'metadata must be an object.');
      });

      test('a body that is not JSON is a 400 in the same shape', async () => {
        assertFlatError(await checkout('{"customer_id":'), 400, 'invalid_json');
      });
    });

    describe('authentication', () => {
      test('no Authorization header is a 401 in the document shape', async () => {
        const reply = await endpoint.call('/v1/checkout', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(amountOnly),
        });
        assertFlatError(reply, 401, 'unauthorized');
        assert.match(reply.body.message, /Bearer/);
      });

      test('a wrong key, or the key as Basic auth, is a 401', async () => {
        const wrong = await bearer('POST', '/v1/checkout', amountOnly, {
          Authorization: 'Bearer sk_test_wrong',
        });
        assertFlatError(wrong, 401, 'unauthorized');
        const basic = await bearer('POST', '/v1/checkout', amountOnly, {
          Authorization: `Basic ${btoa(`${secretKey}:`)}`,
        });
        assertFlatError(basic, 401, 'unauthorized');
      });

      test('auth is checked before the body', async () => {
        const reply = await bearer(
          'POST',
          '/v1/checkout',
          { bogus: true },
          {
            Authorization: 'Bearer nope',
          },
        );
        assert.equal(reply.status, 401);
      });

      test('GET needs the key too', async () => {
        const payment = await created(amountOnly);
        const reply = await endpoint.call(`/v1/checkout/${payment.id}`);
        assertFlatError(reply, 401, 'unauthorized');
      });
    });

    describe('GET /v1/checkout/{id}', () => {
      test('returns the payment as created', async () => {
        const payment = await created({ ...amountOnly, order_id: 'R-1' });
        const read = await bearer('GET', `/v1/checkout/${payment.id}`);
        assert.equal(read.status, 200);
        assert.deepEqual(read.body, payment);
      });

      test('an unknown id, or a session made through another API, is a 404', async () => {
        assertFlatError(
          await bearer('GET', '/v1/checkout/cs_test_nope'),
          404,
          'resource_missing',
          'id',
        );
        const other = await endpoint.createSession();
        const reply = await bearer('GET', `/v1/checkout/${other.body.id}`);
        assertFlatError(reply, 404, 'resource_missing', 'id');
      });

      test('a customer who cancels makes it canceled', async () => {
        const payment = await created(amountOnly);
        assert.equal((await endpoint.client(payment.client_secret, 'POST', '/cancel')).status, 200);
        const read = (await bearer('GET', `/v1/checkout/${payment.id}`)).body;
        assert.equal(read.status, 'canceled');
        assert.equal(read.stripe_payment_intent_id, null);
      });

      test('an unpaid payment past its lifetime reads expired, updated when it expired', async () => {
        const payment = await created(amountOnly);
        const expiresAt = (await store.getSession(payment.id))!.value.expiresAt;
        endpoint.clock.ms = (expiresAt + 5) * 1000;
        const read = (await bearer('GET', `/v1/checkout/${payment.id}`)).body;
        assert.equal(read.status, 'expired');
        assert.notEqual(read.updated_at, read.created_at);
        const paid = await endpoint.confirm(payment.client_secret);
        assert.equal(paid.status, 409, 'an expired payment cannot be paid');
      });

      test('a declined card leaves it pending', async () => {
        const payment = await created(amountOnly);
        const declined = await endpoint.confirm(payment.client_secret, {
          number: '4000000000000002',
        });
        assert.equal(declined.status, 402);
        const read = (await bearer('GET', `/v1/checkout/${payment.id}`)).body;
        assert.equal(read.status, 'pending');
      });
    });
  });
}
