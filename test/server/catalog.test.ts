import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  demoCatalog,
  demoCatalogObjects,
  seedDemoCatalog,
} from '../../src/server/catalog/demo-catalog.js';
import type { CheckoutStore } from '../../src/server/store/store.js';
import {
  type Endpoint,
  makeEndpoint,
  openStore,
  type StoreKind,
  secretKey,
} from '../support/endpoint.js';

/**
 * The catalog merchant API (products, prices, subscription plans) and the
 * demo catalog, over both stores.
 */

let counter = 0;
/** Chosen ids are unique per store; every test gets its own. */
const unique = (prefix: string) =>
  `${prefix}${++counter}_${Math.random().toString(36).slice(2, 8)}`;

for (const kind of ['memory', 'pglite'] as StoreKind[]) {
  describe(`catalog (${kind} store)`, () => {
    let store: CheckoutStore;
    let endpoint: Endpoint;
    before(async () => {
      store = await openStore(kind);
      endpoint = makeEndpoint(store);
    });
    after(() => store.close());

    const now = () => Math.floor(endpoint.clock.ms / 1000);
    /** Newest first is by creation second; within one second the stores may order differently. */
    const nextSecond = () => {
      endpoint.clock.ms += 1000;
    };
    const post = (path: string, body: unknown, headers?: Record<string, string>) =>
      endpoint.merchant('POST', path, body, headers);
    const get = (path: string) => endpoint.merchant('GET', path);

    async function created(path: string, body: Record<string, unknown>) {
      const reply = await post(path, body);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      return reply.body;
    }

    /** Asserts a 400 naming the field and the rule. */
    async function rejects(path: string, body: unknown, param: string, rule: string) {
      const reply = await post(path, body);
      assert.equal(reply.status, 400, JSON.stringify(reply.body));
      assert.equal(reply.body.error.param, param, JSON.stringify(reply.body));
      assert.equal(reply.body.error.rule, rule, JSON.stringify(reply.body));
      assert.ok(reply.body.error.message.length > 10);
      return reply;
    }

    describe('authentication and idempotency', () => {
      test('every route needs the secret key as Basic auth', async () => {
        for (const [method, path] of [
          ['POST', '/v1/products'],
          ['GET', '/v1/products'],
          ['GET', `/v1/products/${demoCatalog.products.tshirt}`],
          ['POST', '/v1/prices'],
          ['GET', '/v1/prices'],
          ['POST', '/v1/subscription_plans'],
          ['GET', '/v1/subscription_plans/plan_x'],
        ] as const) {
          const missing = await endpoint.call(path, { method });
          assert.equal(missing.status, 401, `${method} ${path}`);
          assert.equal(missing.body.error.code, 'unauthorized');
          const bearer = await endpoint.merchant(method, path, method === 'POST' ? {} : undefined, {
            Authorization: `Bearer ${secretKey}`,
          });
          assert.equal(bearer.status, 401, `${method} ${path} with Bearer`);
        }
      });

      test('a create needs an Idempotency-Key, and a retry with it replays the object', async () => {
        const missing = await post('/v1/products', { name: 'Mug' }, { 'Idempotency-Key': '' });
        assert.equal(missing.status, 400);
        assert.equal(missing.body.error.code, 'idempotency_key_missing');

        const key = crypto.randomUUID();
        const first = await post('/v1/products', { name: 'Mug' }, { 'Idempotency-Key': key });
        const again = await post('/v1/products', { name: 'Mug' }, { 'Idempotency-Key': key });
        assert.equal(first.status, 200);
        assert.deepEqual(again.body, first.body);
        assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
        const list = await get('/v1/products?limit=100');
        const mugs = list.body.data.filter((p: { id: string }) => p.id === first.body.id);
        assert.equal(mugs.length, 1, 'the retry created nothing');
      });
    });

    describe('products', () => {
      test('creates a product with every field, a chosen id and a default price', async () => {
        const id = unique('prod_hoodie_');
        const product = await created('/v1/products', {
          id,
          name: 'Hoodie',
          description: 'Warm.',
          images: ['https://cdn.example/hoodie.png'],
          variants: [
            { id: 'hoodie_s', name: 'Small' },
            { id: 'hoodie_l', name: 'Large' },
          ],
          default_price_data: {
            currency: 'EUR',
            unit_amount: 4900,
            tax_behavior: 'inclusive',
          },
          metadata: { sku: 'HD-1' },
        });
        assert.match(product.default_price, /^price_/);
        assert.deepEqual(product, {
          id,
          object: 'product',
          name: 'Hoodie',
          description: 'Warm.',
          images: ['https://cdn.example/hoodie.png'],
          variants: [
            { id: 'hoodie_s', name: 'Small' },
            { id: 'hoodie_l', name: 'Large' },
          ],
          default_price: product.default_price,
          metadata: { sku: 'HD-1' },
          active: true,
          created: now(),
        });
        assert.deepEqual((await get(`/v1/products/${id}`)).body, product);

        const price = await get(`/v1/prices/${product.default_price}`);
        assert.equal(price.status, 200);
        assert.deepEqual(price.body, {
          id: product.default_price,
          object: 'price',
          product: id,
          currency: 'eur',
          unit_amount: 4900,
          tax_behavior: 'inclusive',
          recurring: null,
          active: true,
          created: now(),
        });
      });

      test('defaults: a generated id, no description, images, variants or default price', async () => {
        const product = await created('/v1/products', { name: '  Sticker  ' });
        assert.match(product.id, /^prod_[A-Za-z0-9]{24}$/);
        assert.equal(product.name, 'Sticker', 'the name is trimmed');
        assert.equal(product.description, null);
        assert.deepEqual(product.images, []);
        assert.deepEqual(product.variants, []);
        assert.equal(product.default_price, null);
        assert.deepEqual(product.metadata, {});
      });

      test('a recurring default price defaults to every one interval', async () => {
        const product = await created('/v1/products', {
          name: 'Tea club',
          default_price_data: {
            currency: 'usd',
            unit_amount: 900,
            recurring: { interval: 'week' },
          },
        });
        const price = (await get(`/v1/prices/${product.default_price}`)).body;
        assert.deepEqual(price.recurring, { interval: 'week', interval_count: 1 });
        assert.equal(price.tax_behavior, 'unspecified');
      });

      test('a chosen id already taken is a 409 naming it, and nothing is overwritten', async () => {
        const id = unique('prod_dup_');
        await created('/v1/products', { id, name: 'First' });
        const reply = await post('/v1/products', { id, name: 'Second' });
        assert.equal(reply.status, 409);
        assert.equal(reply.body.error.code, 'resource_already_exists');
        assert.equal(reply.body.error.param, 'id');
        assert.match(reply.body.error.message, new RegExp(id));
        assert.equal((await get(`/v1/products/${id}`)).body.name, 'First');
      });

      test('lists newest first with has_more', async () => {
        nextSecond();
        const a = await created('/v1/products', { name: 'List A' });
        nextSecond();
        const b = await created('/v1/products', { name: 'List B' });
        const reply = await get('/v1/products?limit=2');
        assert.equal(reply.status, 200);
        assert.equal(reply.body.object, 'list');
        assert.deepEqual(
          reply.body.data.map((p: { id: string }) => p.id),
          [b.id, a.id],
        );
        assert.equal(reply.body.has_more, true);
        const all = await get('/v1/products?limit=100');
        assert.equal(all.body.has_more, false);
        assert.ok(all.body.data.every((p: { object: string }) => p.object === 'product'));
      });

      const cases: Array<[string, Record<string, unknown>, string, string]> = [
        ['name missing', {}, 'name', 'required'],
        ['name blank', { name: '   ' }, 'name', 'min_length'],
        ['name too long', { name: 'n'.repeat(251) }, 'name', 'max_length'],
        ['id without prod_', { id: 'hoodie', name: 'x' }, 'id', 'pattern'],
        ['id with a space', { id: 'prod_a b', name: 'x' }, 'id', 'pattern'],
        [
          'description too long',
          { name: 'x', description: 'd'.repeat(1001) },
          'description',
          'max_length',
        ],
        ['image not http(s)', { name: 'x', images: ['javascript:alert(1)'] }, 'images[0]', 'url'],
        [
          'more than 8 images',
          {
            name: 'x',
            images: Array.from({ length: 9 }, (_, i) => `https://cdn.example/${i}.png`),
          },
          'images',
          'max_items',
        ],
        [
          'variant without a name',
          { name: 'x', variants: [{ id: 'v1' }] },
          'variants[0].name',
          'required',
        ],
        [
          'variant id with a space',
          { name: 'x', variants: [{ id: 'v 1', name: 'V' }] },
          'variants[0].id',
          'pattern',
        ],
        [
          'variant ids repeated',
          {
            name: 'x',
            variants: [
              { id: 'v1', name: 'One' },
              { id: 'v1', name: 'Also one' },
            ],
          },
          'variants[1].id',
          'unique',
        ],
        [
          'default price in an unknown currency',
          { name: 'x', default_price_data: { currency: 'xyz', unit_amount: 1 } },
          'default_price_data.currency',
          'iso_4217',
        ],
        [
          'default price negative',
          { name: 'x', default_price_data: { currency: 'usd', unit_amount: -1 } },
          'default_price_data.unit_amount',
          'minimum',
        ],
        ['metadata value not a string', { name: 'x', metadata: { a: 1 } }, 'metadata.a', 'type'],
        ['unknown field', { name: 'x', colour: 'red' }, 'colour', 'unknown'],
      ];
      for (const [name, body, param, rule] of cases) {
        test(`rejects: ${name}`, async () => {
          await rejects('/v1/products', body, param, rule);
        });
      }

      test('an unknown or other-kind id is a 404', async () => {
        const missing = await get('/v1/products/prod_nope');
        assert.equal(missing.status, 404);
        assert.equal(missing.body.error.code, 'resource_missing');
        assert.match(missing.body.error.message, /prod_nope/);
        await seedDemoCatalog(store, now());
        assert.equal((await get(`/v1/products/${demoCatalog.prices.tshirt}`)).status, 404);
      });

      test('limit must be 1 to 100', async () => {
        for (const limit of ['0', '101', 'many']) {
          const reply = await get(`/v1/products?limit=${limit}`);
          assert.equal(reply.status, 400, limit);
          assert.equal(reply.body.error.param, 'limit');
        }
      });
    });

    describe('prices', () => {
      test('creates one-time and recurring prices for an existing product', async () => {
        const product = await created('/v1/products', { name: 'Beans' });
        const id = unique('price_beans_');
        const oneTime = await created('/v1/prices', {
          id,
          product: product.id,
          currency: 'GBP',
          unit_amount: 1100,
        });
        assert.deepEqual(oneTime, {
          id,
          object: 'price',
          product: product.id,
          currency: 'gbp',
          unit_amount: 1100,
          tax_behavior: 'unspecified',
          recurring: null,
          active: true,
          created: now(),
        });
        nextSecond();
        const monthly = await created('/v1/prices', {
          product: product.id,
          currency: 'usd',
          unit_amount: 0,
          tax_behavior: 'exclusive',
          recurring: { interval: 'month', interval_count: 3 },
        });
        assert.match(monthly.id, /^price_/);
        assert.deepEqual(monthly.recurring, { interval: 'month', interval_count: 3 });
        assert.deepEqual((await get(`/v1/prices/${monthly.id}`)).body, monthly);
        const list = await get('/v1/prices?limit=1');
        assert.deepEqual(list.body.data, [monthly]);
      });

      test("an unknown product is a 400 naming it in 'product'", async () => {
        const reply = await rejects(
          '/v1/prices',
          { product: 'prod_ghost', currency: 'usd', unit_amount: 100 },
          'product',
          'exists',
        );
        assert.equal(reply.body.error.code, 'resource_missing');
        assert.match(reply.body.error.message, /'prod_ghost'/);
      });

      test('an archived product gets no new prices', async () => {
        const archived = await created('/v1/products', { name: 'Old', active: false });
        await rejects(
          '/v1/prices',
          { product: archived.id, currency: 'usd', unit_amount: 100 },
          'product',
          'active',
        );
      });

      test('a chosen price id already taken is a 409', async () => {
        await seedDemoCatalog(store, now());
        const reply = await post('/v1/prices', {
          id: demoCatalog.prices.tshirt,
          product: demoCatalog.products.tshirt,
          currency: 'usd',
          unit_amount: 1,
        });
        assert.equal(reply.status, 409);
        assert.equal(reply.body.error.code, 'resource_already_exists');
      });

      const base = { product: demoCatalog.products.notebook, currency: 'usd', unit_amount: 100 };
      const cases: Array<[string, Record<string, unknown>, string, string]> = [
        ['product missing', { currency: 'usd', unit_amount: 1 }, 'product', 'required'],
        ['currency missing', { ...base, currency: undefined }, 'currency', 'required'],
        ['currency of two letters', { ...base, currency: 'us' }, 'currency', 'length'],
        ['unit_amount missing', { ...base, unit_amount: undefined }, 'unit_amount', 'required'],
        ['unit_amount fractional', { ...base, unit_amount: 1.5 }, 'unit_amount', 'type'],
        ['unit_amount too large', { ...base, unit_amount: 100_000_000 }, 'unit_amount', 'maximum'],
        ['tax_behavior unknown', { ...base, tax_behavior: 'both' }, 'tax_behavior', 'enum'],
        [
          'interval unknown',
          { ...base, recurring: { interval: 'hour' } },
          'recurring.interval',
          'enum',
        ],
        [
          'more than a year between charges',
          { ...base, recurring: { interval: 'month', interval_count: 13 } },
          'recurring.interval_count',
          'maximum',
        ],
        [
          'interval_count zero',
          { ...base, recurring: { interval: 'day', interval_count: 0 } },
          'recurring.interval_count',
          'minimum',
        ],
        ['id without price_', { ...base, id: 'prod_x' }, 'id', 'pattern'],
      ];
      for (const [name, body, param, rule] of cases) {
        test(`rejects: ${name}`, async () => {
          await seedDemoCatalog(store, now());
          await rejects('/v1/prices', body, param, rule);
        });
      }

      test('an unknown price id is a 404', async () => {
        const reply = await get('/v1/prices/price_nope');
        assert.equal(reply.status, 404);
        assert.match(reply.body.error.message, /price_nope/);
      });
    });

    describe('subscription plans', () => {
      test('creates a plan for a product, and one without a product', async () => {
        await seedDemoCatalog(store, now());
        const id = unique('plan_tea_');
        const plan = await created('/v1/subscription_plans', {
          id,
          name: 'Tea quarterly',
          product: demoCatalog.products.coffee,
          currency: 'EUR',
          amount: 3000,
          interval: 'month',
          interval_count: 3,
        });
        assert.deepEqual(plan, {
          id,
          object: 'subscription_plan',
          name: 'Tea quarterly',
          product: demoCatalog.products.coffee,
          currency: 'eur',
          amount: 3000,
          interval: 'month',
          interval_count: 3,
          active: true,
          created: now(),
        });
        assert.deepEqual((await get(`/v1/subscription_plans/${id}`)).body, plan);
        nextSecond();
        const bare = await created('/v1/subscription_plans', {
          name: 'Support',
          currency: 'usd',
          amount: 500,
          interval: 'year',
        });
        assert.match(bare.id, /^plan_/);
        assert.equal(bare.product, null);
        assert.equal(bare.interval_count, 1);
        const list = await get('/v1/subscription_plans?limit=2');
        assert.deepEqual(
          list.body.data.map((p: { id: string }) => p.id),
          [bare.id, id],
        );
      });

      const base = { name: 'Plan', currency: 'usd', amount: 100, interval: 'month' };
      const cases: Array<[string, Record<string, unknown>, string, string]> = [
        ['name missing', { ...base, name: undefined }, 'name', 'required'],
        ['amount negative', { ...base, amount: -1 }, 'amount', 'minimum'],
        ['amount missing', { ...base, amount: undefined }, 'amount', 'required'],
        ['currency unknown', { ...base, currency: 'abc' }, 'currency', 'iso_4217'],
        ['interval missing', { ...base, interval: undefined }, 'interval', 'required'],
        [
          'two years',
          { ...base, interval: 'year', interval_count: 2 },
          'interval_count',
          'maximum',
        ],
        ['id without plan_', { ...base, id: 'price_x' }, 'id', 'pattern'],
        ['unknown product', { ...base, product: 'prod_ghost' }, 'product', 'exists'],
      ];
      for (const [name, body, param, rule] of cases) {
        test(`rejects: ${name}`, async () => {
          await rejects('/v1/subscription_plans', body, param, rule);
        });
      }

      test('an unknown plan id is a 404', async () => {
        const reply = await get('/v1/subscription_plans/plan_nope');
        assert.equal(reply.status, 404);
        assert.equal(reply.body.error.code, 'resource_missing');
      });
    });

    describe('demo catalog', () => {
      test('seeds fixed ids once; seeding again changes nothing', async () => {
        const fresh = await openStore(kind);
        try {
          const first = await seedDemoCatalog(fresh, 1_700_000_000);
          assert.equal(first, demoCatalogObjects(0).length);
          const again = await seedDemoCatalog(fresh, 1_800_000_000);
          assert.equal(again, 0);
          const tshirt = await fresh.getCatalogObject(demoCatalog.products.tshirt);
          assert.equal(tshirt?.created, 1_700_000_000, 'the first seeding is kept');
        } finally {
          await fresh.close();
        }
      });

      test('every exported id is served by the API and refers to what exists', async () => {
        await seedDemoCatalog(store, now());
        const tshirt = (await get(`/v1/products/${demoCatalog.products.tshirt}`)).body;
        assert.equal(tshirt.default_price, demoCatalog.prices.tshirt);
        assert.deepEqual(
          tshirt.variants.map((v: { id: string }) => v.id),
          Object.values(demoCatalog.variants),
        );
        for (const id of Object.values(demoCatalog.products)) {
          const product = (await get(`/v1/products/${id}`)).body;
          assert.equal((await get(`/v1/prices/${product.default_price}`)).status, 200, id);
        }
        for (const id of Object.values(demoCatalog.prices)) {
          const price = (await get(`/v1/prices/${id}`)).body;
          assert.equal((await get(`/v1/products/${price.product}`)).status, 200, id);
        }
        const coffee = (await get(`/v1/prices/${demoCatalog.prices.coffeeMonthly}`)).body;
        assert.deepEqual(coffee.recurring, { interval: 'month', interval_count: 1 });
        assert.equal((await get(`/v1/prices/${demoCatalog.prices.notebook}`)).body.recurring, null);
        const monthly = (await get(`/v1/subscription_plans/${demoCatalog.plans.monthly}`)).body;
        const yearly = (await get(`/v1/subscription_plans/${demoCatalog.plans.yearly}`)).body;
        assert.deepEqual([monthly.interval, yearly.interval], ['month', 'year']);
        assert.equal(monthly.product, demoCatalog.products.coffee);
      });
    });
  });
}
