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
 * Seed 001: POST /api/v3/checkout/sessions (Bearer), line items from catalog
 * prices or the productId + quantity shortcut, its documented response, and
 * the session paid through the client API, over both stores.
 */

type FieldType = 'string' | 'integer' | 'boolean' | 'object' | 'array';

/** The document's response: required fields, then the optional ones (null when there is no value). */
const requiredFields: Record<string, FieldType> = {
  id: 'string',
  object: 'string',
  amount_subtotal: 'integer',
  amount_total: 'integer',
  cancel_url: 'string',
  currency: 'string',
  livemode: 'boolean',
  mode: 'string',
  payment_status: 'string',
  success_url: 'string',
  url: 'string',
};
const optionalFields: Record<string, FieldType> = {
  automatic_tax: 'object',
  billing_address_collection: 'string',
  client_reference_id: 'string',
  customer: 'string',
  customer_email: 'string',
  expires_at: 'integer',
  locale: 'string',
  metadata: 'object',
  payment_intent: 'string',
  payment_method_types: 'array',
  setup_intent: 'string',
  shipping: 'object',
  submit_type: 'string',
  total_details: 'object',
  productName: 'string',
  externalCustomerId: 'string',
};

function isOfType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}

function assertDocumentedShape(body: Record<string, unknown>): void {
  assert.deepEqual(
    Object.keys(body).sort(),
    [...Object.keys(requiredFields), ...Object.keys(optionalFields), 'client_secret'].sort(),
    'every documented field, plus client_secret',
  );
  for (const [field, type] of Object.entries(requiredFields)) {
    assert.ok(
      isOfType(body[field], type),
      `${field} must be ${type}: ${JSON.stringify(body[field])}`,
    );
  }
  for (const [field, type] of Object.entries(optionalFields)) {
    const value = body[field];
    assert.ok(value === null || isOfType(value, type), `${field} must be ${type} or null`);
  }
  assert.equal(body.object, 'checkout.session');
  assert.ok(['payment', 'subscription', 'setup'].includes(body.mode as string));
  assert.ok(['paid', 'unpaid', 'no_payment_required'].includes(body.payment_status as string));
  if (body.billing_address_collection !== null) {
    assert.ok(['auto', 'required'].includes(body.billing_address_collection as string));
  }
  if (body.submit_type !== null) {
    assert.ok(['auto', 'book', 'donate', 'pay'].includes(body.submit_type as string));
  }
  for (const field of ['cancel_url', 'success_url', 'url']) new URL(body[field] as string);
}

for (const kind of ['memory', 'pglite'] as StoreKind[]) {
  describe(`POST /api/v3/checkout/sessions, seed 001 (${kind} store)`, () => {
    let store: CheckoutStore;
    let endpoint: Endpoint;
    before(async () => {
      store = await openStore(kind);
      endpoint = makeEndpoint(store);
      await seedDemoCatalog(store, now());
    });
    after(() => store.close());

    const now = () => Math.floor(endpoint.clock.ms / 1000);

    /** A call with the secret key as a Bearer token, as the document's example sends it. */
    const bearer: Endpoint['bearer'] = (...args) => endpoint.bearer(...args);

    const path = '/api/v3/checkout/sessions';
    const create = (body: unknown) => bearer('POST', path, body);

    async function created(body: Record<string, unknown>): Promise<Record<string, any>> {
      const reply = await create(body);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      return reply.body;
    }

    const clientView = async (session: Record<string, any>) =>
      (await endpoint.client(session.client_secret, 'GET', '')).body;

    /** Asserts a 400 in the endpoint's error shape naming the field and the rule. */
    async function rejection(body: unknown, param: string, rule: string): Promise<Reply> {
      const reply = await create(body);
      assert.equal(reply.status, 400, JSON.stringify(reply.body));
      assert.equal(reply.body.error.param, param, JSON.stringify(reply.body));
      assert.equal(reply.body.error.rule, rule, JSON.stringify(reply.body));
      assert.match(reply.body.error.code, /^parameter_|^resource_missing$/);
      assert.ok(reply.body.error.message.length > 10);
      return reply;
    }

    async function rejects(body: unknown, param: string, rule: string): Promise<void> {
      await rejection(body, param, rule);
    }

    const notebook = (extra: Record<string, unknown> = {}) => ({
      line_items: [{ price: demoCatalog.prices.notebook, ...extra }],
    });

    describe('the documented example', () => {
      let session: Record<string, any>;
      before(async () => {
        session = await created({
          line_items: [
            {
              price: demoCatalog.prices.tshirt,
              quantity: 1,
              adjustable_quantity: { enabled: false, minimum: 2, maximum: 2 },
            },
          ],
          mode: 'payment',
          success_url: 'https://shop.example/thanks?session={CHECKOUT_SESSION_ID}',
          cancel_url: 'https://shop.example/cart',
          payment_method_types: ['card'],
          customer: 'cus_ada',
          customer_email: 'jsmith@example.com',
          client_reference_id: 'ref-1001',
          metadata: {},
          productId: demoCatalog.products.tshirt,
          quantity: 1,
          externalCustomerId: 'crm-4711',
        });
      });

      test('answers 200 with every documented field of its documented type', () => {
        assertDocumentedShape(session);
        assert.match(session.id, /^cs_test_/);
        assert.deepEqual(
          { ...session, id: undefined, url: undefined, client_secret: undefined },
          {
            id: undefined,
            url: undefined,
            client_secret: undefined,
            object: 'checkout.session',
            amount_subtotal: 2500,
            amount_total: 2500,
            automatic_tax: { enabled: false, status: null },
            billing_address_collection: 'auto',
            cancel_url: 'https://shop.example/cart',
            client_reference_id: 'ref-1001',
            currency: 'usd',
            customer: 'cus_ada',
            customer_email: 'jsmith@example.com',
            expires_at: now() + 24 * 60 * 60,
            livemode: false,
            locale: 'auto',
            metadata: {},
            mode: 'payment',
            payment_intent: null,
            payment_method_types: ['card'],
            payment_status: 'unpaid',
            setup_intent: null,
            shipping: null,
            submit_type: 'auto',
            success_url: 'https://shop.example/thanks?session={CHECKOUT_SESSION_ID}',
            total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
            productName: 'Checkout Kit T-shirt',
            externalCustomerId: 'crm-4711',
          },
        );
        assert.equal(session.url, `${origin}/pay/${session.id}`);
        assert.match(session.client_secret, /_secret_/);
      });

      test('the kit shows the catalog line; a disabled adjustable quantity is fixed', async () => {
        const view = await clientView(session);
        assert.equal(view.line_items.length, 1, 'line_items are sold; productId only names');
        const [line] = view.line_items;
        assert.equal(line.name, 'Checkout Kit T-shirt');
        assert.equal(line.description, 'Organic cotton, printed with the Checkout Kit logo.');
        assert.equal(line.quantity, 1, 'bounds of a disabled adjustable quantity are ignored');
        assert.equal(line.adjustable_quantity, null);
        assert.equal(view.customer_email, 'jsmith@example.com');
        assert.deepEqual(view.payment_method_types, ['card']);
        assert.equal(view.success_url, `https://shop.example/thanks?session=${session.id}`);
      });

      test('paid through the kit, GET reports paid with the payment intent', async () => {
        const paid = await endpoint.confirm(session.client_secret);
        assert.equal(paid.status, 200, JSON.stringify(paid.body));
        const read = await bearer('GET', `${path}/${session.id}`);
        assert.equal(read.status, 200);
        assertDocumentedShape(read.body);
        assert.equal(read.body.payment_status, 'paid');
        assert.match(read.body.payment_intent, /^pi_test_/);
        assert.equal(read.body.productName, 'Checkout Kit T-shirt');
        assert.equal(read.body.externalCustomerId, 'crm-4711');
      });
    });

    describe('option 2: productId and quantity', () => {
      test('sells the product at its default price, quantity 1 by default', async () => {
        const one = await created({ productId: demoCatalog.products.notebook });
        assertDocumentedShape(one);
        assert.equal(one.amount_total, 1250);
        assert.equal(one.productName, 'Dot-grid notebook');
        assert.equal(one.externalCustomerId, null);
        const three = await created({ productId: demoCatalog.products.notebook, quantity: 3 });
        assert.equal(three.amount_total, 3750);
        const view = await clientView(three);
        assert.equal(view.line_items[0].name, 'Dot-grid notebook');
        assert.equal(view.line_items[0].quantity, 3);
      });

      test('quantity may be 1000, not more, not less than 1', async () => {
        const most = await created({ productId: demoCatalog.products.notebook, quantity: 1000 });
        assert.equal(most.amount_total, 1_250_000);
        await rejects(
          { productId: demoCatalog.products.notebook, quantity: 1001 },
          'quantity',
          'maximum',
        );
        await rejects(
          { productId: demoCatalog.products.notebook, quantity: 0 },
          'quantity',
          'minimum',
        );
        await rejects(
          { productId: demoCatalog.products.notebook, quantity: 1.5 },
          'quantity',
          'type',
        );
      });

      test('an unknown product is a 400 naming it', async () => {
        const reply = await rejection({ productId: 'prod_ghost' }, 'productId', 'exists');
        assert.equal(reply.body.error.code, 'resource_missing');
        assert.match(reply.body.error.message, /'prod_ghost'/);
      });

      test('a product without a default price is a 400', async () => {
        const product = await endpoint.merchant('POST', '/v1/products', { name: 'Priceless' });
        assert.equal(product.status, 200);
        await rejects({ productId: product.body.id }, 'productId', 'has_default_price');
      });

      test('a recurring default price needs subscription mode', async () => {
        await rejects(
          { productId: demoCatalog.products.coffee },
          'productId',
          'one_time_in_payment_mode',
        );
        const subscription = await created({
          productId: demoCatalog.products.coffee,
          mode: 'subscription',
        });
        assert.equal(subscription.mode, 'subscription');
        assert.equal(subscription.amount_total, 1800);
      });
    });

    describe('line items', () => {
      test('quantity defaults to 1; productName is the first line product', async () => {
        const session = await created(notebook());
        assert.equal(session.amount_total, 1250);
        assert.equal(session.productName, 'Dot-grid notebook');
      });

      test('an enabled adjustable quantity reaches the kit', async () => {
        const session = await created(
          notebook({ quantity: 2, adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 } }),
        );
        const view = await clientView(session);
        assert.deepEqual(view.line_items[0].adjustable_quantity, {
          enabled: true,
          minimum: 1,
          maximum: 5,
        });
        const changed = await endpoint.update(session.client_secret, {
          line_items: [{ id: view.line_items[0].id, quantity: 5 }],
        });
        assert.equal(changed.status, 200, JSON.stringify(changed.body));
        const read = (await bearer('GET', `${path}/${session.id}`)).body;
        assert.equal(read.amount_total, 5 * 1250, 'the merchant sees the server-computed total');
      });

      test('an unknown price is a 400 naming it', async () => {
        const reply = await rejection(
          { line_items: [{ price: demoCatalog.prices.notebook }, { price: 'price_ghost' }] },
          'line_items[1].price',
          'exists',
        );
        assert.match(reply.body.error.message, /'price_ghost'/);
      });

      test('prices in two currencies are a 400', async () => {
        const euro = await endpoint.merchant('POST', '/v1/prices', {
          product: demoCatalog.products.notebook,
          currency: 'eur',
          unit_amount: 1100,
        });
        assert.equal(euro.status, 200);
        await rejects(
          { line_items: [{ price: demoCatalog.prices.notebook }, { price: euro.body.id }] },
          'line_items',
          'single_currency',
        );
      });
    });

    describe('mode', () => {
      test('subscription takes recurring prices, with one-time ones alongside; paid into a subscription', async () => {
        const session = await created({
          mode: 'subscription',
          line_items: [
            { price: demoCatalog.prices.coffeeMonthly },
            { price: demoCatalog.prices.notebook },
          ],
        });
        assert.equal(session.amount_total, 1800 + 1250);
        const view = await clientView(session);
        assert.deepEqual(view.line_items[0].recurring, { interval: 'month', interval_count: 1 });
        assert.equal((await endpoint.confirm(session.client_secret)).status, 200);
        const stored = (await store.getSession(session.id))!.value;
        assert.match(stored.subscription ?? '', /^sub_test_/);
        const read = (await bearer('GET', `${path}/${session.id}`)).body;
        assert.equal(read.payment_status, 'paid');
      });

      test('setup charges nothing and reports the setup intent once confirmed', async () => {
        const session = await created({ ...notebook(), mode: 'setup' });
        assert.equal(session.mode, 'setup');
        assert.equal(session.payment_status, 'no_payment_required');
        assert.equal((await endpoint.confirm(session.client_secret)).status, 200);
        const read = (await bearer('GET', `${path}/${session.id}`)).body;
        assert.match(read.setup_intent, /^seti_test_/);
        assert.equal(read.payment_intent, null);
      });

      test('a recurring price outside subscription mode is a 400', () =>
        rejects(
          { line_items: [{ price: demoCatalog.prices.coffeeMonthly }] },
          'line_items[0].price',
          'one_time_in_payment_mode',
        ));

      test('subscription without a recurring price is a 400', () =>
        rejects({ ...notebook(), mode: 'subscription' }, 'line_items', 'recurring_required'));

      test('an unknown mode is a 400', () =>
        rejects({ ...notebook(), mode: 'donation' }, 'mode', 'enum'));
    });

    describe('urls, customer and the rest', () => {
      test('without success_url or cancel_url the answer points at the hosted page, nothing is stored', async () => {
        const session = await created(notebook());
        const page = `${origin}/pay/${session.id}`;
        assert.equal(session.success_url, page);
        assert.equal(session.cancel_url, page);
        const stored = (await store.getSession(session.id))!.value;
        assert.equal(stored.successUrl, null);
        assert.equal(stored.cancelUrl, null);
        const view = await clientView(session);
        assert.equal(view.success_url, null, 'the kit does not navigate away');
        const hosted = await endpoint.call(`/pay/${session.id}`);
        assert.equal(hosted.status, 200);
      });

      test('absent optional fields are null; payment_method_types defaults to card', async () => {
        const session = await created(notebook());
        for (const field of [
          'client_reference_id',
          'customer',
          'customer_email',
          'payment_intent',
          'setup_intent',
          'shipping',
          'externalCustomerId',
        ]) {
          assert.equal(session[field], null, field);
        }
        assert.deepEqual(session.metadata, {});
        assert.deepEqual(session.payment_method_types, ['card']);
      });

      test('metadata takes any JSON values and stays merchant-only', async () => {
        const metadata = { order: 42, gift: true, tags: ['a'], nested: { note: 'hi' } };
        const session = await created({ ...notebook(), metadata });
        assert.deepEqual(session.metadata, metadata);
        assert.equal('metadata' in (await clientView(session)), false);
      });

      const cases: Array<[string, Record<string, unknown>, string, string]> = [
        [
          'neither line_items nor productId',
          { mode: 'payment' },
          'line_items',
          'line_items_or_productId',
        ],
        ['line_items empty', { line_items: [] }, 'line_items', 'min_items'],
        [
          'line item without price',
          { line_items: [{ quantity: 1 }] },
          'line_items[0].price',
          'required',
        ],
        ['line item quantity zero', notebook({ quantity: 0 }), 'line_items[0].quantity', 'minimum'],
        [
          'adjustable without enabled',
          notebook({ adjustable_quantity: { minimum: 1 } }),
          'line_items[0].adjustable_quantity.enabled',
          'required',
        ],
        [
          'adjustable minimum above maximum',
          notebook({ quantity: 3, adjustable_quantity: { enabled: true, minimum: 4, maximum: 2 } }),
          'line_items[0].adjustable_quantity.minimum',
          'at_most_maximum',
        ],
        [
          'quantity outside the adjustable bounds',
          notebook({ quantity: 1, adjustable_quantity: { enabled: true, minimum: 2, maximum: 2 } }),
          'line_items[0].quantity',
          'within_adjustable_quantity',
        ],
        ['success_url not a URL', { ...notebook(), success_url: 'thanks' }, 'success_url', 'url'],
        [
          'cancel_url not http(s)',
          { ...notebook(), cancel_url: 'javascript:alert(1)' },
          'cancel_url',
          'url',
        ],
        [
          'payment_method_types with an unknown type',
          { ...notebook(), payment_method_types: ['card', 'sofort'] },
          'payment_method_types[1]',
          'enum',
        ],
        [
          'payment_method_types empty',
          { ...notebook(), payment_method_types: [] },
          'payment_method_types',
          'min_items',
        ],
        [
          'customer_email not an email',
          { ...notebook(), customer_email: 'ada' },
          'customer_email',
          'email',
        ],
        [
          'client_reference_id over 200 characters',
          { ...notebook(), client_reference_id: 'r'.repeat(201) },
          'client_reference_id',
          'max_length',
        ],
        ['metadata an array', { ...notebook(), metadata: ['a'] }, 'metadata', 'type'],
        ['customer empty', { ...notebook(), customer: '' }, 'customer', 'min_length'],
        [
          'externalCustomerId a number',
          { ...notebook(), externalCustomerId: 7 },
          'externalCustomerId',
          'type',
        ],
        ['an undocumented field', { ...notebook(), ui_mode: 'embedded' }, 'ui_mode', 'unknown'],
      ];
      for (const [name, body, param, rule] of cases) {
        test(`rejects: ${name}`, () => rejects(body, param, rule));
      }

      test('a body that is not JSON is a 400', async () => {
        const reply = await create('{"line_items":');
        assert.equal(reply.status, 400);
        assert.equal(reply.body.error.code, 'invalid_json');
      });
    });

    describe('authentication and retrieval', () => {
      test('no key, a wrong key or Basic auth is a 401', async () => {
        const none = await endpoint.call(path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(notebook()),
        });
        assert.equal(none.status, 401);
        assert.equal(none.body.error.code, 'unauthorized');
        assert.equal(none.body.error.type, 'authentication_error');
        const wrong = await bearer('POST', path, notebook(), {
          Authorization: 'Bearer sk_test_no',
        });
        assert.equal(wrong.status, 401);
        const basic = await bearer('POST', path, notebook(), {
          Authorization: `Basic ${btoa(`${secretKey}:`)}`,
        });
        assert.equal(basic.status, 401);
      });

      test('GET needs the key, and returns the session as created', async () => {
        const session = await created({ ...notebook(), externalCustomerId: 'crm-1' });
        assert.equal((await endpoint.call(`${path}/${session.id}`)).status, 401);
        const read = await bearer('GET', `${path}/${session.id}`);
        assert.equal(read.status, 200);
        assert.deepEqual(read.body, session);
      });

      test('an unknown id, or a session from another API, is a 404', async () => {
        const missing = await bearer('GET', `${path}/cs_test_nope`);
        assert.equal(missing.status, 404);
        assert.equal(missing.body.error.code, 'resource_missing');
        const other = await endpoint.createSession();
        assert.equal((await bearer('GET', `${path}/${other.body.id}`)).status, 404);
      });
    });
  });
}
