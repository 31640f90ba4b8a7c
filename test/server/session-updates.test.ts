import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CheckoutStore } from '../../src/server/store/store.js';
import { type Endpoint, makeEndpoint, openStore, type StoreKind } from '../support/endpoint.js';
import { expressShipping, shippingOptions, standardShipping } from '../support/session-fixtures.js';

/**
 * `POST /v1/client/session/update`: what the customer may change, each refusal
 * with its code and field, and the amounts re-priced after every change.
 */

const adjustable = (minimum?: number, maximum?: number) => ({
  enabled: true,
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
});

/** Notebook (adjustable 1–10) × 2 at 12.50 and Pen × 1 at 3.00, both tax-exclusive. */
const cart = (overrides: Record<string, unknown> = {}) => ({
  line_items: [
    {
      quantity: 2,
      adjustable_quantity: adjustable(1, 10),
      price_data: {
        currency: 'usd',
        product: 'Notebook',
        unit_amount: 1250,
        tax_behavior: 'exclusive',
      },
    },
    {
      price_data: { currency: 'usd', product: 'Pen', unit_amount: 300, tax_behavior: 'exclusive' },
    },
  ],
  ...overrides,
});

const shipping = {
  shipping_address_collection: { allowed_countries: ['US', 'CA', 'GB'] },
  shipping_options: shippingOptions([standardShipping, expressShipping]),
};

const californian = {
  line1: '1 Market St',
  city: 'San Francisco',
  state: 'CA',
  postal_code: '94105',
  country: 'US',
};
const londoner = { line1: '10 Downing St', city: 'London', postal_code: 'SW1A 2AA', country: 'GB' };

for (const kind of ['memory', 'pglite'] as StoreKind[]) {
  describe(`session updates (${kind} store)`, () => {
    let store: CheckoutStore;
    let endpoint: Endpoint;
    before(async () => {
      store = await openStore(kind);
      endpoint = makeEndpoint(store);
    });
    after(() => store.close());

    const open = async (overrides: Record<string, unknown> = {}) => {
      const { body } = await endpoint.createSession(cart(overrides));
      return body as { id: string; client_secret: string; line_items?: unknown };
    };
    const lineIds = async (secret: string) =>
      ((await endpoint.client(secret, 'GET', '')).body.line_items as Array<{ id: string }>).map(
        (line) => line.id,
      );

    async function refused(
      secret: string,
      body: Record<string, unknown>,
      code: string,
      param: string,
    ) {
      const reply = await endpoint.update(secret, body);
      assert.equal(reply.status, 400, JSON.stringify(reply.body));
      assert.equal(reply.body.error.code, code, JSON.stringify(reply.body));
      assert.equal(reply.body.error.param, param, JSON.stringify(reply.body));
      return reply;
    }

    describe('quantities', () => {
      test('an adjustable line takes an absolute quantity and the session is re-priced', async () => {
        const session = await open();
        const [notebook] = await lineIds(session.client_secret);
        const reply = await endpoint.update(session.client_secret, {
          line_items: [{ id: notebook, quantity: 5 }],
        });
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.equal(reply.body.object, 'checkout.session.client');
        assert.equal(reply.body.line_items[0].quantity, 5);
        assert.deepEqual(reply.body.line_items[0].adjustable_quantity, {
          enabled: true,
          minimum: 1,
          maximum: 10,
        });
        assert.equal(reply.body.line_items[0].amount_subtotal, 6250);
        assert.equal(reply.body.amount_subtotal, 6550);
        assert.equal(reply.body.amount_total, 6550);
        const again = await endpoint.update(session.client_secret, {
          line_items: [{ id: notebook, quantity: 1 }],
        });
        assert.equal(again.body.amount_total, 1550, 'quantities are absolute, not deltas');
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.equal(merchant.body.amount_total, 1550);
      });

      test('line_item_unknown, quantity_not_adjustable, quantity_out_of_range', async () => {
        const session = await open();
        const [notebook, pen] = await lineIds(session.client_secret);
        await refused(
          session.client_secret,
          { line_items: [{ id: 'li_nope', quantity: 1 }] },
          'line_item_unknown',
          'line_items[0].quantity',
        );
        await refused(
          session.client_secret,
          {
            line_items: [
              { id: notebook, quantity: 3 },
              { id: pen, quantity: 2 },
            ],
          },
          'quantity_not_adjustable',
          'line_items[1].quantity',
        );
        for (const quantity of [0, 11, -1]) {
          const reply = await refused(
            session.client_secret,
            { line_items: [{ id: notebook, quantity }] },
            'quantity_out_of_range',
            'line_items[0].quantity',
          );
          assert.match(reply.body.error.message, /between 1 and 10/);
        }
        const fractional = await endpoint.update(session.client_secret, {
          line_items: [{ id: notebook, quantity: 1.5 }],
        });
        assert.equal(fractional.status, 400);
        assert.equal(fractional.body.error.param, 'line_items[0].quantity');
        // Nothing of a refused update is kept.
        assert.equal(
          (await endpoint.client(session.client_secret, 'GET', '')).body.line_items[0].quantity,
          2,
        );
      });

      test('a minimum of 0 lets the customer drop a line', async () => {
        const { body } = await endpoint.createSession({
          line_items: [
            {
              quantity: 1,
              adjustable_quantity: adjustable(0),
              price_data: { currency: 'usd', product: 'Gift wrap', unit_amount: 400 },
            },
            { price_data: { currency: 'usd', product: 'Book', unit_amount: 2000 } },
          ],
        });
        const [wrap] = await lineIds(body.client_secret);
        const reply = await endpoint.update(body.client_secret, {
          line_items: [{ id: wrap, quantity: 0 }],
        });
        assert.equal(reply.status, 200);
        assert.equal(reply.body.amount_total, 2000);
        assert.equal(reply.body.line_items[0].adjustable_quantity.maximum, 99);
      });

      test('amount_too_large when the new total passes the cap', async () => {
        const { body } = await endpoint.createSession({
          line_items: [
            {
              quantity: 1,
              adjustable_quantity: adjustable(1, 999_999),
              price_data: { currency: 'usd', product: 'Bar', unit_amount: 50_000_000 },
            },
          ],
        });
        const [bar] = await lineIds(body.client_secret);
        const reply = await endpoint.update(body.client_secret, {
          line_items: [{ id: bar, quantity: 2 }],
        });
        assert.equal(reply.status, 400);
        assert.equal(reply.body.error.code, 'amount_too_large');
      });

      test('dropping below a code’s minimum order removes the code', async () => {
        const promo = await endpoint.createPromotionCode({
          code: `MIN${Math.random().toString(36).slice(2, 8)}`,
          percent_off: 10,
          restrictions: { minimum_amount: 2500, minimum_amount_currency: 'usd' },
        });
        const session = await open({ allow_promotion_codes: true });
        assert.equal((await endpoint.applyCode(session.client_secret, promo.code)).status, 200);
        const [notebook] = await lineIds(session.client_secret);
        const reply = await endpoint.update(session.client_secret, {
          line_items: [{ id: notebook, quantity: 1 }],
        });
        assert.equal(reply.status, 200);
        assert.equal(reply.body.discount, null);
        assert.equal(reply.body.amount_total, 1550);
      });
    });

    describe('contact details', () => {
      test('email is stored, shown to the client and the merchant', async () => {
        const session = await open();
        const reply = await endpoint.update(session.client_secret, {
          email: ' ada@example.com ',
        });
        assert.equal(reply.status, 200);
        assert.equal(reply.body.customer_email, 'ada@example.com');
        for (const email of ['nope', '', 'a@b']) {
          await refused(session.client_secret, { email }, 'email_invalid', 'email');
        }
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.equal(merchant.body.customer_details.email, 'ada@example.com');
        assert.equal(merchant.body.customer_email, null, 'the prefilled field is the merchant’s');
      });

      test('phone: E.164, only when collected, null clears it', async () => {
        const without = await open();
        await refused(
          without.client_secret,
          { phone: '+442071838750' },
          'phone_not_collected',
          'phone',
        );
        const session = await open({ phone_number_collection: { enabled: true } });
        const reply = await endpoint.update(session.client_secret, { phone: '+44 20 7183 8750' });
        assert.equal(reply.status, 200);
        assert.equal(reply.body.customer_phone, '+442071838750');
        assert.deepEqual(reply.body.phone_number_collection, { enabled: true, required: false });
        for (const phone of [
          '02071838750',
          '+0123456789',
          '+12345',
          'call me',
          '+1234567890123456',
        ]) {
          await refused(session.client_secret, { phone }, 'phone_invalid', 'phone');
        }
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.equal(merchant.body.customer_details.phone, '+442071838750');
        const cleared = await endpoint.update(session.client_secret, { phone: null });
        assert.equal(cleared.body.customer_phone, null);
      });
    });

    describe('addresses', () => {
      test('a billing address is checked, normalised and stored', async () => {
        const session = await open();
        const reply = await endpoint.update(session.client_secret, {
          billing_address: { ...californian, state: 'ca', country: 'us', line2: '  ' },
        });
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.deepEqual(reply.body.billing_address, californian);
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.deepEqual(merchant.body.customer_details.address, {
          ...californian,
          line2: null,
        });
        const cleared = await endpoint.update(session.client_secret, { billing_address: null });
        assert.equal(cleared.body.billing_address, null);
      });

      test('country_invalid', async () => {
        const session = await open({ ...shipping });
        await refused(
          session.client_secret,
          { billing_address: { country: 'XX' } },
          'country_invalid',
          'billing_address.country',
        );
        await refused(
          session.client_secret,
          { shipping_details: { name: 'Ada', address: { country: 'ZZ' } } },
          'country_invalid',
          'shipping_details.address.country',
        );
      });

      const postalCodes: Array<[string, string[], string[], string?]> = [
        ['US', ['94105', '94105-1234'], ['9410', 'ABCDE', '94105-12'], 'CA'],
        ['CA', ['K1A 0B1', 'k1a0b1'], ['K1A 0B', '12345'], 'ON'],
        [
          'GB',
          ['SW1A 1AA', 'EC1A1BB', 'M1 1AE', 'GIR 0AA'],
          ['SW1A', '12345', 'AAA 1AA', 'SW1A 1A'],
        ],
        ['DE', ['10115'], ['1011', '101155']],
        ['FR', ['75008'], ['7500A']],
        ['NL', ['1012 AB', '1012AB'], ['1012', 'AB 1012']],
        ['JP', ['100-0001', '1000001'], ['100-001', '10000011'], 'JP-13'],
        ['AU', ['2000'], ['200', '20000'], 'NSW'],
      ];
      for (const [country, valid, invalid, state] of postalCodes) {
        test(`postal codes in ${country}`, async () => {
          const session = await open();
          for (const postal_code of valid) {
            const reply = await endpoint.update(session.client_secret, {
              billing_address: { country, postal_code, ...(state ? { state } : {}) },
            });
            assert.equal(reply.status, 200, `${postal_code}: ${JSON.stringify(reply.body)}`);
          }
          for (const postal_code of invalid) {
            await refused(
              session.client_secret,
              { billing_address: { country, postal_code, ...(state ? { state } : {}) } },
              'postal_code_invalid',
              'billing_address.postal_code',
            );
          }
        });
      }

      test('a country without a known format takes any postal code', async () => {
        const session = await open();
        const reply = await endpoint.update(session.client_secret, {
          billing_address: { country: 'IE', postal_code: 'D02 X285' },
        });
        assert.equal(reply.status, 200);
      });

      test('state_invalid: US, CA and AU need a real state or province', async () => {
        const session = await open({ ...shipping });
        for (const [country, state, postal_code] of [
          ['US', undefined, '94105'],
          ['US', 'ZZ', '94105'],
          ['CA', 'XX', 'K1A 0B1'],
          ['AU', 'CA', '2000'],
        ] as const) {
          await refused(
            session.client_secret,
            { billing_address: { country, state, postal_code } },
            'state_invalid',
            'billing_address.state',
          );
        }
        await refused(
          session.client_secret,
          { shipping_details: { name: 'Ada', address: { country: 'CA', postal_code: 'K1A 0B1' } } },
          'state_invalid',
          'shipping_details.address.state',
        );
        const ok = await endpoint.update(session.client_secret, {
          billing_address: { country: 'AU', state: 'vic', postal_code: '3000' },
        });
        assert.equal(ok.body.billing_address.state, 'VIC');
      });

      test('field lengths are limited', async () => {
        const session = await open();
        const long = await endpoint.update(session.client_secret, {
          billing_address: { country: 'GB', line1: 'x'.repeat(201) },
        });
        assert.equal(long.status, 400);
        assert.equal(long.body.error.param, 'billing_address.line1');
        assert.equal(long.body.error.rule, 'max_length');
        const city = await endpoint.update(session.client_secret, {
          billing_address: { country: 'GB', city: 'x'.repeat(201) },
        });
        assert.equal(city.body.error.param, 'billing_address.city');
      });

      test('shipping details: only when collected, only to allowed countries, named', async () => {
        const without = await open();
        await refused(
          without.client_secret,
          { shipping_details: { name: 'Ada', address: londoner } },
          'shipping_not_collected',
          'shipping_details',
        );
        const session = await open({ ...shipping });
        await refused(
          session.client_secret,
          {
            shipping_details: {
              name: 'Ada',
              address: { country: 'DE', postal_code: '10115', city: 'Berlin' },
            },
          },
          'shipping_country_not_allowed',
          'shipping_details.address.country',
        );
        const unnamed = await endpoint.update(session.client_secret, {
          shipping_details: { name: ' ', address: londoner },
        });
        assert.equal(unnamed.status, 400);
        assert.equal(unnamed.body.error.param, 'shipping_details.name');
        const longName = await endpoint.update(session.client_secret, {
          shipping_details: { name: 'x'.repeat(201), address: londoner },
        });
        assert.equal(longName.body.error.param, 'shipping_details.name');
        const reply = await endpoint.update(session.client_secret, {
          shipping_details: { name: ' Ada Lovelace ', address: londoner },
        });
        assert.equal(reply.status, 200);
        assert.deepEqual(reply.body.shipping_details, { name: 'Ada Lovelace', address: londoner });
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.equal(merchant.body.shipping_details.name, 'Ada Lovelace');
        assert.equal(merchant.body.shipping_details.address.postal_code, 'SW1A 2AA');
      });
    });

    describe('shipping rates', () => {
      test('the first option is chosen until the customer picks; picking re-prices', async () => {
        const session = await open({ ...shipping });
        const view = (await endpoint.client(session.client_secret, 'GET', '')).body;
        assert.equal(view.shipping_options.length, 2);
        const [standard, express] = view.shipping_options;
        assert.match(standard.id, /^shr_/);
        assert.deepEqual(
          { ...standard, id: undefined },
          {
            id: undefined,
            display_name: 'Standard',
            amount: 500,
            delivery_estimate: {
              minimum: { unit: 'business_day', value: 3 },
              maximum: { unit: 'business_day', value: 5 },
            },
          },
        );
        assert.equal(express.delivery_estimate, null);
        assert.equal(view.shipping_rate, standard.id);
        assert.equal(view.total_details.amount_shipping, 500);
        assert.equal(view.amount_total, 3300);

        const picked = await endpoint.update(session.client_secret, { shipping_rate: express.id });
        assert.equal(picked.body.shipping_rate, express.id);
        assert.equal(picked.body.total_details.amount_shipping, 1500);
        assert.equal(picked.body.amount_total, 4300);
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.deepEqual(merchant.body.shipping_cost, {
          shipping_rate: express.id,
          amount_total: 1500,
        });
        await refused(
          session.client_secret,
          { shipping_rate: 'shr_unknown' },
          'shipping_rate_unknown',
          'shipping_rate',
        );
      });
    });

    describe('tax follows the address', () => {
      test('billing address decides when nothing ships', async () => {
        const session = await open({ automatic_tax: { enabled: true } });
        const start = (await endpoint.client(session.client_secret, 'GET', '')).body;
        assert.deepEqual(start.automatic_tax, {
          enabled: true,
          status: 'requires_location_inputs',
        });
        assert.equal(start.tax, null);
        assert.equal(start.amount_total, 2800);

        const ca = await endpoint.update(session.client_secret, { billing_address: californian });
        assert.deepEqual(ca.body.automatic_tax, { enabled: true, status: 'complete' });
        assert.deepEqual(ca.body.tax, {
          display_name: 'Sales tax',
          percentage: 7.25,
          country: 'US',
          state: 'CA',
          amount_inclusive: 0,
          amount_exclusive: 203,
        });
        assert.deepEqual(
          ca.body.line_items.map((l: any) => [l.amount_tax, l.amount_total]),
          [
            [181, 2681],
            [22, 322],
          ],
        );
        assert.equal(ca.body.total_details.amount_tax, 203);
        assert.equal(ca.body.amount_total, 3003);

        const uk = await endpoint.update(session.client_secret, { billing_address: londoner });
        assert.equal(uk.body.tax.display_name, 'VAT');
        assert.equal(uk.body.total_details.amount_tax, 560);
        assert.equal(uk.body.amount_total, 3360);

        const oregon = await endpoint.update(session.client_secret, {
          billing_address: { country: 'US', state: 'OR', postal_code: '97201' },
        });
        assert.deepEqual(oregon.body.automatic_tax, { enabled: true, status: 'complete' });
        assert.equal(oregon.body.tax, null);
        assert.equal(oregon.body.amount_total, 2800);

        const cleared = await endpoint.update(session.client_secret, { billing_address: null });
        assert.equal(cleared.body.automatic_tax.status, 'requires_location_inputs');
        assert.equal(cleared.body.amount_total, 2800);
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.deepEqual(merchant.body.automatic_tax, {
          enabled: true,
          status: 'requires_location_inputs',
        });
      });

      test('the shipping address decides when the session ships; shipping is not taxed', async () => {
        const session = await open({ automatic_tax: { enabled: true }, ...shipping });
        const billed = await endpoint.update(session.client_secret, { billing_address: londoner });
        assert.equal(billed.body.automatic_tax.status, 'requires_location_inputs');
        const shipped = await endpoint.update(session.client_secret, {
          shipping_details: {
            name: 'Ada',
            address: { country: 'CA', state: 'QC', postal_code: 'H2X 1Y4', city: 'Montréal' },
          },
        });
        assert.equal(shipped.body.tax.display_name, 'GST + QST');
        // 14.975 % of 2500 = 374.375 → 374; of 300 = 44.925 → 45
        assert.equal(shipped.body.total_details.amount_tax, 419);
        assert.equal(shipped.body.total_details.amount_shipping, 500);
        assert.equal(shipped.body.amount_total, 2800 + 500 + 419);
      });

      test('inclusive prices keep their total; the tax inside them is shown', async () => {
        const { body } = await endpoint.createSession({
          automatic_tax: { enabled: true },
          line_items: [
            {
              price_data: {
                currency: 'eur',
                product: 'Buch',
                unit_amount: 1190,
                tax_behavior: 'inclusive',
              },
            },
          ],
        });
        const reply = await endpoint.update(body.client_secret, {
          billing_address: { country: 'DE', postal_code: '10115' },
        });
        assert.equal(reply.body.amount_total, 1190);
        assert.equal(reply.body.total_details.amount_tax, 190);
        assert.equal(reply.body.tax.amount_inclusive, 190);
        assert.equal(reply.body.line_items[0].amount_tax, 190);
        assert.equal(reply.body.line_items[0].amount_total, 1190);
      });

      test('the endpoint’s tax rates are configurable', async () => {
        const custom = makeEndpoint(store, {
          taxRates: [{ country: 'GB', percentage: 5, display_name: 'Reduced VAT' }],
        });
        const { body } = await custom.createSession(cart({ automatic_tax: { enabled: true } }));
        const reply = await custom.update(body.client_secret, { billing_address: londoner });
        assert.equal(reply.body.tax.display_name, 'Reduced VAT');
        assert.equal(reply.body.total_details.amount_tax, 140);
      });
    });

    describe('rules for every update', () => {
      test('unknown fields and a sent total are refused', async () => {
        const session = await open();
        const total = await endpoint.update(session.client_secret, { amount_total: 1 });
        assert.equal(total.status, 400);
        assert.equal(total.body.error.code, 'parameter_unknown');
        const nested = await endpoint.update(session.client_secret, {
          billing_address: { country: 'GB', county: 'Kent' },
        });
        assert.equal(nested.body.error.param, 'billing_address.county');
      });

      test('only while open: 409 with the session’s status', async () => {
        const paid = await open();
        await endpoint.confirm(paid.client_secret);
        const late = await endpoint.update(paid.client_secret, { email: 'a@example.com' });
        assert.equal(late.status, 409);
        assert.equal(late.body.error.code, 'session_complete');
        const canceled = await open();
        await endpoint.client(canceled.client_secret, 'POST', '/cancel');
        assert.equal(
          (await endpoint.update(canceled.client_secret, { email: 'a@example.com' })).body.error
            .code,
          'session_canceled',
        );
        const expired = await open();
        await endpoint.merchant('POST', `/v1/checkout_sessions/${expired.id}/expire`);
        assert.equal(
          (await endpoint.update(expired.client_secret, { email: 'a@example.com' })).body.error
            .code,
          'session_expired',
        );
      });

      test('needs the client secret; CORS allows DELETE', async () => {
        const anonymous = await endpoint.call('/v1/client/session/update', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
        assert.equal(anonymous.status, 401);
        const preflight = await endpoint.call('/v1/client/session/promotion_code', {
          method: 'OPTIONS',
          headers: {
            Origin: 'https://shop.example',
            'Access-Control-Request-Method': 'DELETE',
          },
        });
        assert.equal(preflight.status, 204);
        assert.match(preflight.headers.get('Access-Control-Allow-Methods') ?? '', /DELETE/);
      });

      test('a change of total cancels a payment waiting for authentication', async () => {
        const session = await open();
        const started = await endpoint.confirm(session.client_secret, {
          number: '4000002500003155',
        });
        const [notebook] = await lineIds(session.client_secret);
        const sameTotal = await endpoint.update(session.client_secret, { email: 'x@example.com' });
        assert.equal(sameTotal.body.payment.status, 'requires_action');
        const changed = await endpoint.update(session.client_secret, {
          line_items: [{ id: notebook, quantity: 3 }],
        });
        assert.equal(changed.body.payment.status, 'failed');
        assert.equal(changed.body.payment.error.code, 'order_changed');
        const late = await endpoint.client(session.client_secret, 'POST', '/challenge', {
          payment: started.body.session.payment.id,
          outcome: 'approve',
        });
        assert.equal(late.status, 409);
        const payments = await store.listPayments(session.id);
        assert.deepEqual(
          payments.map((p) => p.status),
          ['failed'],
        );
        const paid = await endpoint.confirm(session.client_secret);
        assert.equal(paid.status, 200);
        assert.equal(paid.body.session.amount_total, 4050);
      });
    });
  });
}
