import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CheckoutStore } from '../../src/server/store/store.js';
import {
  type Endpoint,
  makeEndpoint,
  openStore,
  recordingVoids,
  type StoreKind,
} from '../support/endpoint.js';

/**
 * Promotion codes: the merchant API that creates them, the checks when a
 * customer (or the merchant at creation) applies one, and redemptions counted
 * exactly once, atomically with the completing payment, over both stores.
 */

let counter = 0;
/** Codes are unique per store; every test gets its own. */
const unique = (prefix: string) =>
  `${prefix}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;

const threeDs = '4000002500003155';

for (const kind of ['memory', 'pglite'] as StoreKind[]) {
  describe(`promotion codes (${kind} store)`, () => {
    let store: CheckoutStore;
    let endpoint: Endpoint;
    before(async () => {
      store = await openStore(kind);
      endpoint = makeEndpoint(store);
    });
    after(() => store.close());

    const now = () => Math.floor(endpoint.clock.ms / 1000);

    /** An open session that accepts codes: 2 × 12.50 + 3.00 = 28.00 USD. */
    const open = async (overrides: Record<string, unknown> = {}) => {
      const { body } = await endpoint.createSession({ allow_promotion_codes: true, ...overrides });
      return body as { id: string; client_secret: string };
    };

    const code = (overrides: Record<string, unknown> = {}) =>
      endpoint.createPromotionCode({ code: unique('SAVE'), percent_off: 10, ...overrides });

    async function refusal(secret: string, text: string, expected: string) {
      const reply = await endpoint.applyCode(secret, text);
      assert.equal(reply.status, 400, JSON.stringify(reply.body));
      assert.equal(reply.body.error.code, expected);
      assert.equal(reply.body.error.param, 'code');
      assert.ok(reply.body.error.message.length > 5);
      return reply;
    }

    describe('merchant API', () => {
      test('creates a code with every field and returns it by id and by code', async () => {
        const text = unique('Spring-Sale');
        const created = await endpoint.merchant('POST', '/v1/promotion_codes', {
          code: text,
          amount_off: 500,
          currency: 'USD',
          starts_at: now() - 60,
          expires_at: now() + 3600,
          max_redemptions: 3,
          customer: 'cus_42',
          restrictions: {
            minimum_amount: 2000,
            minimum_amount_currency: 'usd',
            first_time_transaction: true,
          },
          metadata: { campaign: 'spring' },
        });
        assert.equal(created.status, 200, JSON.stringify(created.body));
        const promo = created.body;
        assert.match(promo.id, /^promo_/);
        assert.deepEqual(
          { ...promo, id: undefined },
          {
            id: undefined,
            object: 'promotion_code',
            code: text,
            active: true,
            percent_off: null,
            amount_off: 500,
            currency: 'usd',
            starts_at: now() - 60,
            expires_at: now() + 3600,
            max_redemptions: 3,
            times_redeemed: 0,
            customer: 'cus_42',
            restrictions: {
              minimum_amount: 2000,
              minimum_amount_currency: 'usd',
              first_time_transaction: true,
            },
            metadata: { campaign: 'spring' },
            livemode: false,
            created: now(),
          },
        );
        const byId = await endpoint.merchant('GET', `/v1/promotion_codes/${promo.id}`);
        assert.deepEqual(byId.body, promo);
        const byCode = await endpoint.merchant(
          'GET',
          `/v1/promotion_codes?code=${encodeURIComponent(text.toUpperCase())}`,
        );
        assert.deepEqual(byCode.body, { object: 'list', data: [promo], has_more: false });
        const none = await endpoint.merchant('GET', '/v1/promotion_codes?code=NOPE_NOT_THERE');
        assert.deepEqual(none.body.data, []);
        const unknown = await endpoint.merchant('GET', '/v1/promotion_codes/promo_missing');
        assert.equal(unknown.status, 404);
        assert.equal(unknown.body.error.code, 'resource_missing');
      });

      test('codes are unique regardless of letter case', async () => {
        const text = unique('Unique');
        await code({ code: text });
        const again = await endpoint.merchant('POST', '/v1/promotion_codes', {
          code: text.toLowerCase(),
          percent_off: 5,
        });
        assert.equal(again.status, 400);
        assert.equal(again.body.error.code, 'promotion_code_exists');
        assert.equal(again.body.error.param, 'code');
      });

      test('needs the secret key and an Idempotency-Key; a retry replays', async () => {
        const body = { code: unique('KEY'), percent_off: 5 };
        const anonymous = await endpoint.call('/v1/promotion_codes', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k' },
          body: JSON.stringify(body),
        });
        assert.equal(anonymous.status, 401);
        const noKey = await endpoint.merchant('POST', '/v1/promotion_codes', body, {
          'Idempotency-Key': '',
        });
        assert.equal(noKey.body.error.code, 'idempotency_key_missing');
        const key = crypto.randomUUID();
        const first = await endpoint.merchant('POST', '/v1/promotion_codes', body, {
          'Idempotency-Key': key,
        });
        const second = await endpoint.merchant('POST', '/v1/promotion_codes', body, {
          'Idempotency-Key': key,
        });
        assert.equal(first.status, 200);
        assert.deepEqual(second.body, first.body);
        assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
        const read = await endpoint.call(`/v1/promotion_codes/${first.body.id}`);
        assert.equal(read.status, 401);
      });

      const invalid: Array<[string, Record<string, unknown>, string, string]> = [
        ['code missing', { code: undefined }, 'code', 'required'],
        ['code with a space', { code: 'TWO WORDS' }, 'code', 'pattern'],
        ['code over 200', { code: 'A'.repeat(201) }, 'code', 'max_length'],
        [
          'neither percent nor amount',
          { percent_off: undefined },
          'percent_off',
          'percent_off_xor_amount_off',
        ],
        [
          'both percent and amount',
          { amount_off: 100, currency: 'usd' },
          'amount_off',
          'percent_off_xor_amount_off',
        ],
        ['percent_off zero', { percent_off: 0 }, 'percent_off', 'minimum'],
        ['percent_off over 100', { percent_off: 100.5 }, 'percent_off', 'maximum'],
        ['percent_off with three decimals', { percent_off: 12.345 }, 'percent_off', 'max_decimals'],
        [
          'amount_off without currency',
          { percent_off: undefined, amount_off: 100 },
          'currency',
          'required_with_amount_off',
        ],
        [
          'amount_off zero',
          { percent_off: undefined, amount_off: 0, currency: 'usd' },
          'amount_off',
          'minimum',
        ],
        ['currency with percent_off', { currency: 'usd' }, 'currency', 'only_with_amount_off'],
        [
          'expires_at before starts_at',
          { starts_at: 2_000_000_000, expires_at: 1_999_999_999 },
          'expires_at',
          'after_starts_at',
        ],
        ['max_redemptions zero', { max_redemptions: 0 }, 'max_redemptions', 'minimum'],
        ['customer without cus_', { customer: 'bob' }, 'customer', 'pattern'],
        [
          'minimum_amount without its currency',
          { restrictions: { minimum_amount: 100 } },
          'restrictions.minimum_amount_currency',
          'required_with_minimum_amount',
        ],
        ['unknown field', { duration: 'once' }, 'duration', 'unknown'],
      ];
      for (const [name, overrides, param, rule] of invalid) {
        test(`refuses ${name}`, async () => {
          const reply = await endpoint.merchant('POST', '/v1/promotion_codes', {
            code: unique('BAD'),
            percent_off: 10,
            ...overrides,
          });
          assert.equal(reply.status, 400, JSON.stringify(reply.body));
          assert.equal(reply.body.error.param, param, JSON.stringify(reply.body));
          assert.equal(reply.body.error.rule, rule, JSON.stringify(reply.body));
        });
      }

      test('update sets active and nothing else', async () => {
        const promo = await code();
        const off = await endpoint.merchant('POST', `/v1/promotion_codes/${promo.id}`, {
          active: false,
        });
        assert.equal(off.status, 200);
        assert.equal(off.body.active, false);
        assert.equal(off.body.percent_off, 10);
        const other = await endpoint.merchant('POST', `/v1/promotion_codes/${promo.id}`, {
          active: true,
          percent_off: 50,
        });
        assert.equal(other.status, 400);
        assert.equal(other.body.error.code, 'parameter_unknown');
        const missing = await endpoint.merchant('POST', '/v1/promotion_codes/promo_missing', {
          active: true,
        });
        assert.equal(missing.status, 404);
      });
    });

    describe('applying a code (client API)', () => {
      test('matches case-insensitively, discounts the order and can be replaced and removed', async () => {
        const text = unique('Spring');
        const promo = await code({
          code: text,
          percent_off: 15,
          metadata: { campaign: 'merchant-only-campaign' },
        });
        const session = await open();
        const applied = await endpoint.applyCode(session.client_secret, ` ${text.toLowerCase()} `);
        assert.equal(applied.status, 200, JSON.stringify(applied.body));
        assert.deepEqual(applied.body.discount, {
          promotion_code: promo.id,
          code: text,
          percent_off: 15,
          amount_off: null,
        });
        assert.equal(applied.body.total_details.amount_discount, 420);
        assert.equal(applied.body.amount_subtotal, 2800);
        assert.equal(applied.body.amount_total, 2380);
        assert.ok(!JSON.stringify(applied.body).includes('merchant-only-campaign'));
        assert.deepEqual(
          applied.body.line_items.map((l: any) => [l.amount_discount, l.amount_total]),
          [
            [375, 2125],
            [45, 255],
          ],
        );

        const fixed = await code({ percent_off: undefined, amount_off: 1000, currency: 'usd' });
        const replaced = await endpoint.applyCode(session.client_secret, fixed.code);
        assert.equal(replaced.body.discount.promotion_code, fixed.id);
        assert.equal(replaced.body.amount_total, 1800);

        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.deepEqual(merchant.body.discounts, [{ promotion_code: fixed.id }]);
        assert.equal(merchant.body.total_details.amount_discount, 1000);

        const removed = await endpoint.client(session.client_secret, 'DELETE', '/promotion_code');
        assert.equal(removed.status, 200);
        assert.equal(removed.body.discount, null);
        assert.equal(removed.body.amount_total, 2800);
        const again = await endpoint.client(session.client_secret, 'DELETE', '/promotion_code');
        assert.equal(again.status, 200);
      });

      test('promotion_codes_not_allowed', async () => {
        const promo = await code();
        const session = await open({ allow_promotion_codes: false });
        await refusal(session.client_secret, promo.code, 'promotion_codes_not_allowed');
      });

      test('promotion_code_invalid: unknown or inactive', async () => {
        const session = await open();
        await refusal(session.client_secret, 'NO_SUCH_CODE', 'promotion_code_invalid');
        const promo = await code({ active: false });
        await refusal(session.client_secret, promo.code, 'promotion_code_invalid');
      });

      test('promotion_code_not_active_yet, then usable once it starts', async () => {
        const promo = await code({ starts_at: now() + 3600 });
        const session = await open();
        await refusal(session.client_secret, promo.code, 'promotion_code_not_active_yet');
        endpoint.clock.ms += 3600_000;
        try {
          assert.equal((await endpoint.applyCode(session.client_secret, promo.code)).status, 200);
        } finally {
          endpoint.clock.ms -= 3600_000;
        }
      });

      test('promotion_code_expired at its expires_at', async () => {
        const promo = await code({ expires_at: now() + 60 });
        const session = await open();
        endpoint.clock.ms += 60_000;
        try {
          await refusal(session.client_secret, promo.code, 'promotion_code_expired');
        } finally {
          endpoint.clock.ms -= 60_000;
        }
      });

      test('promotion_code_exhausted once max_redemptions are used', async () => {
        const promo = await code({ max_redemptions: 1 });
        const first = await open();
        await endpoint.applyCode(first.client_secret, promo.code);
        assert.equal((await endpoint.confirm(first.client_secret)).status, 200);
        const second = await open();
        await refusal(second.client_secret, promo.code, 'promotion_code_exhausted');
      });

      test('promotion_code_minimum_not_met names the minimum', async () => {
        const promo = await code({
          restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' },
        });
        const session = await open();
        const reply = await refusal(
          session.client_secret,
          promo.code,
          'promotion_code_minimum_not_met',
        );
        assert.match(reply.body.error.message, /orders of 50\.00 USD or more/i);
        const jpy = await code({
          restrictions: { minimum_amount: 5000, minimum_amount_currency: 'jpy' },
        });
        const yen = await open({
          line_items: [{ price_data: { currency: 'jpy', product: 'Tea', unit_amount: 1000 } }],
        });
        const small = await refusal(yen.client_secret, jpy.code, 'promotion_code_minimum_not_met');
        assert.match(small.body.error.message, /5000 JPY/);
      });

      test('promotion_code_currency_mismatch: amount_off or minimum in another currency', async () => {
        const session = await open();
        const euros = await code({ percent_off: undefined, amount_off: 500, currency: 'eur' });
        await refusal(session.client_secret, euros.code, 'promotion_code_currency_mismatch');
        const euroMinimum = await code({
          restrictions: { minimum_amount: 100, minimum_amount_currency: 'eur' },
        });
        await refusal(session.client_secret, euroMinimum.code, 'promotion_code_currency_mismatch');
      });

      test('promotion_code_customer_ineligible: another customer', async () => {
        const promo = await code({ customer: 'cus_alice' });
        const bob = await open({ customer: 'cus_bob' });
        await refusal(bob.client_secret, promo.code, 'promotion_code_customer_ineligible');
        const anonymous = await open();
        await refusal(anonymous.client_secret, promo.code, 'promotion_code_customer_ineligible');
        const alice = await open({ customer: 'cus_alice' });
        assert.equal((await endpoint.applyCode(alice.client_secret, promo.code)).status, 200);
      });

      test('promotion_code_customer_ineligible: first_time_transaction, by customer id or email', async () => {
        const promo = await code({ restrictions: { first_time_transaction: true } });
        const email = `${unique('buyer')}@example.com`;
        const customer = `cus_${unique('c')}`;
        const earlier = await open({ customer });
        assert.equal(
          (await endpoint.confirm(earlier.client_secret, {}, undefined, { email })).status,
          200,
        );

        const sameCustomer = await open({ customer });
        await refusal(sameCustomer.client_secret, promo.code, 'promotion_code_customer_ineligible');
        const prefilled = await open({ customer_email: email.toUpperCase() });
        await refusal(prefilled.client_secret, promo.code, 'promotion_code_customer_ineligible');
        const entered = await open();
        await endpoint.update(entered.client_secret, { email });
        await refusal(entered.client_secret, promo.code, 'promotion_code_customer_ineligible');

        const newcomer = await open({ customer_email: `${unique('new')}@example.com` });
        assert.equal((await endpoint.applyCode(newcomer.client_secret, promo.code)).status, 200);
      });

      test('an unknown session, a closed session', async () => {
        const promo = await code();
        const session = await open();
        await endpoint.client(session.client_secret, 'POST', '/cancel');
        const reply = await endpoint.applyCode(session.client_secret, promo.code);
        assert.equal(reply.status, 409);
        assert.equal(reply.body.error.code, 'session_canceled');
        const removal = await endpoint.client(session.client_secret, 'DELETE', '/promotion_code');
        assert.equal(removal.status, 409);
        const stranger = await endpoint.applyCode('cs_test_x_secret_y', promo.code);
        assert.equal(stranger.status, 401);
      });
    });

    describe('discounts at creation (merchant API)', () => {
      test('applies the code with the same checks', async () => {
        const promo = await code({ percent_off: 25 });
        const created = await endpoint.createSession({
          discounts: [{ promotion_code: promo.id }],
        });
        assert.equal(created.body.amount_total, 2100);
        assert.equal(created.body.total_details.amount_discount, 700);
        assert.deepEqual(created.body.discounts, [{ promotion_code: promo.id }]);
        const view = await endpoint.client(created.body.client_secret, 'GET', '');
        assert.equal(view.body.discount.promotion_code, promo.id);
        assert.equal(view.body.allow_promotion_codes, false);
      });

      for (const [name, overrides, expected] of [
        ['unknown', null, 'promotion_code_invalid'],
        ['inactive', { active: false }, 'promotion_code_invalid'],
        ['not active yet', { starts_at: 2_000_000_000 }, 'promotion_code_not_active_yet'],
        ['expired', { expires_at: 1_000_000_000 }, 'promotion_code_expired'],
        [
          'minimum not met',
          { restrictions: { minimum_amount: 10_000, minimum_amount_currency: 'usd' } },
          'promotion_code_minimum_not_met',
        ],
        [
          'currency mismatch',
          { percent_off: undefined, amount_off: 100, currency: 'gbp' },
          'promotion_code_currency_mismatch',
        ],
        ['another customer', { customer: 'cus_someone' }, 'promotion_code_customer_ineligible'],
      ] as const) {
        test(`refuses a code that is ${name}`, async () => {
          const id = overrides ? (await code(overrides)).id : 'promo_does_not_exist';
          const reply = await endpoint.merchant('POST', '/v1/checkout_sessions', {
            mode: 'payment',
            ui_mode: 'embedded',
            line_items: [
              {
                quantity: 2,
                price_data: { currency: 'usd', product: 'Notebook', unit_amount: 1250 },
              },
            ],
            discounts: [{ promotion_code: id }],
          });
          assert.equal(reply.status, 400, JSON.stringify(reply.body));
          assert.equal(reply.body.error.code, expected);
          assert.equal(reply.body.error.param, 'discounts[0].promotion_code');
        });
      }

      test('at most one discount', async () => {
        const promo = await code();
        const reply = await endpoint.merchant('POST', '/v1/checkout_sessions', {
          mode: 'payment',
          ui_mode: 'embedded',
          line_items: [{ price_data: { currency: 'usd', product: 'Tea', unit_amount: 100 } }],
          discounts: [{ promotion_code: promo.id }, { promotion_code: promo.id }],
        });
        assert.equal(reply.status, 400);
        assert.equal(reply.body.error.param, 'discounts');
        assert.equal(reply.body.error.rule, 'max_items');
      });
    });

    describe('redemptions', () => {
      const timesRedeemed = async (id: string) =>
        (await endpoint.merchant('GET', `/v1/promotion_codes/${id}`)).body.times_redeemed;

      test('count when the session completes, not when applied or declined', async () => {
        const promo = await code();
        const session = await open();
        await endpoint.applyCode(session.client_secret, promo.code);
        assert.equal(await timesRedeemed(promo.id), 0);
        const declined = await endpoint.confirm(session.client_secret, {
          number: '4000000000000002',
        });
        assert.equal(declined.status, 402);
        assert.equal(await timesRedeemed(promo.id), 0);
        const paid = await endpoint.confirm(session.client_secret);
        assert.equal(paid.status, 200);
        assert.equal(paid.body.session.amount_total, 2520);
        const [payment] = (await store.listPayments(session.id)).filter(
          (p) => p.status === 'succeeded',
        );
        assert.equal(payment!.amount, 2520);
        assert.equal(await timesRedeemed(promo.id), 1);
      });

      test('count when a 3-D Secure challenge is approved, once', async () => {
        const promo = await code();
        const session = await open();
        await endpoint.applyCode(session.client_secret, promo.code);
        const started = await endpoint.confirm(session.client_secret, { number: threeDs });
        assert.equal(await timesRedeemed(promo.id), 0);
        const challenge = { payment: started.body.session.payment.id, outcome: 'approve' };
        const approved = await endpoint.client(
          session.client_secret,
          'POST',
          '/challenge',
          challenge,
        );
        assert.equal(approved.status, 200);
        const again = await endpoint.client(session.client_secret, 'POST', '/challenge', challenge);
        assert.equal(again.status, 200);
        assert.equal(await timesRedeemed(promo.id), 1);
      });

      test('concurrent confirms of one session redeem once', async () => {
        const promo = await code({ max_redemptions: 5 });
        const session = await open();
        await endpoint.applyCode(session.client_secret, promo.code);
        const replies = await Promise.all(
          Array.from({ length: 8 }, () => endpoint.confirm(session.client_secret)),
        );
        assert.equal(replies.filter((reply) => reply.status === 200).length, 1);
        assert.equal(await timesRedeemed(promo.id), 1);
        assert.equal((await store.listPayments(session.id)).length, 1);
      });

      test('two sessions racing for the last redemption: exactly one completes', async () => {
        const promo = await code({ max_redemptions: 1 });
        const sessions = [await open(), await open()];
        for (const session of sessions) {
          assert.equal((await endpoint.applyCode(session.client_secret, promo.code)).status, 200);
        }
        const replies = await Promise.all(
          sessions.map((session) => endpoint.confirm(session.client_secret)),
        );
        const won = replies.filter((reply) => reply.status === 200);
        const lost = replies.filter((reply) => reply.status !== 200);
        assert.equal(won.length, 1, JSON.stringify(replies.map((r) => r.body.error)));
        assert.equal(won[0]!.body.session.status, 'complete');
        assert.equal(won[0]!.body.session.amount_total, 2520);
        assert.equal(lost.length, 1);
        assert.equal(lost[0]!.status, 402);
        assert.equal(lost[0]!.body.error.code, 'promotion_code_exhausted');
        assert.equal(lost[0]!.body.session.status, 'open');
        assert.equal(lost[0]!.body.session.discount, null);
        assert.equal(lost[0]!.body.session.amount_total, 2800);
        assert.equal(await timesRedeemed(promo.id), 1);

        // The customer sees the new total and pays it.
        const loser = sessions[replies.indexOf(lost[0]!)]!;
        const retry = await endpoint.confirm(loser.client_secret);
        assert.equal(retry.status, 200);
        assert.equal(retry.body.session.amount_total, 2800);
        const charged = (await store.listPayments(loser.id)).find((p) => p.status === 'succeeded');
        assert.equal(charged!.amount, 2800);
        assert.equal(await timesRedeemed(promo.id), 1);
      });

      test('a code used up before the confirm comes off with a 402, which a retry with its key replays', async () => {
        const promo = await code({ max_redemptions: 1 });
        const late = await open();
        const first = await open();
        await endpoint.applyCode(late.client_secret, promo.code);
        await endpoint.applyCode(first.client_secret, promo.code);
        assert.equal((await endpoint.confirm(first.client_secret)).status, 200);
        const key = crypto.randomUUID();
        const withdrawn = await endpoint.confirm(late.client_secret, {}, key);
        assert.equal(withdrawn.status, 402, JSON.stringify(withdrawn.body));
        assert.equal(withdrawn.body.session.discount, null);
        assert.equal(withdrawn.body.session.status, 'open');
        const retried = await endpoint.confirm(late.client_secret, {}, key);
        assert.equal(retried.headers.get('Idempotent-Replayed'), 'true');
        assert.deepEqual(retried.body, withdrawn.body);
        assert.deepEqual(await store.listPayments(late.id), []);
      });

      test('the last redemption taken while paying: the payment fails, the discount comes off, the approval is voided', async () => {
        const promo = await code({ max_redemptions: 1 });
        const slow = await open();
        const fast = await open();
        await endpoint.applyCode(slow.client_secret, promo.code);
        await endpoint.applyCode(fast.client_secret, promo.code);
        // The test processor, with its voids recorded, pays the slow one.
        const { voids, processor } = recordingVoids();
        const paying = makeEndpoint(store, { processor });
        // The slow one passes the claim check, then waits for 3-D Secure…
        const key = unique('attempt');
        const started = await paying.confirm(slow.client_secret, { number: threeDs }, key);
        assert.equal(started.body.session.payment.status, 'requires_action');
        // …while the fast one takes the last redemption.
        assert.equal((await endpoint.confirm(fast.client_secret)).status, 200);
        assert.equal(await timesRedeemed(promo.id), 1);

        const approved = await paying.client(slow.client_secret, 'POST', '/challenge', {
          payment: started.body.session.payment.id,
          outcome: 'approve',
        });
        assert.equal(approved.status, 402);
        // The approval completed the authorization the confirm asked for, named by its key.
        assert.deepEqual(voids, [
          {
            sessionId: slow.id,
            idempotencyKey: `${slow.id}:${key}`,
            amount: started.body.session.amount_total,
            currency: 'usd',
            reason: 'promotion_code_exhausted',
          },
        ]);
        assert.ok(!JSON.stringify(approved.body).includes(key), 'the key stays in the endpoint');
        assert.equal(approved.body.error.code, 'promotion_code_exhausted');
        assert.equal(approved.body.session.status, 'open');
        assert.equal(approved.body.session.discount, null);
        assert.equal(approved.body.session.amount_total, 2800);
        assert.equal(approved.body.session.payment.status, 'failed');
        assert.equal(approved.body.session.payment.error.code, 'promotion_code_exhausted');
        const payments = await store.listPayments(slow.id);
        assert.deepEqual(
          payments.map((p) => [p.status, p.error?.code]),
          [['failed', 'promotion_code_exhausted']],
        );
        assert.equal(await timesRedeemed(promo.id), 1);
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${slow.id}`);
        assert.equal(merchant.body.status, 'open');
        assert.deepEqual(merchant.body.discounts, []);
      });

      test('a confirm that passed the check loses at the completing write, charging nothing', async () => {
        const promo = await code({ max_redemptions: 1 });
        const winner = await open();
        const loser = await open();
        await endpoint.applyCode(winner.client_secret, promo.code);
        await endpoint.applyCode(loser.client_secret, promo.code);
        assert.equal((await endpoint.confirm(winner.client_secret)).status, 200);
        // The loser's check before charging read the code before the winner
        // redeemed it: only the completing write can still stop it.
        const staleReads = new Proxy(store, {
          get(target, property) {
            if (property === 'getPromotionCode') {
              return async (id: string) => {
                const found = await target.getPromotionCode(id);
                return found && { ...found, times_redeemed: 0 };
              };
            }
            const value = Reflect.get(target, property);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
        const { voids, processor } = recordingVoids();
        const racing = makeEndpoint(staleReads, { processor });
        const reply = await racing.confirm(loser.client_secret);
        assert.equal(reply.status, 402);
        // The processor approved the discounted amount; that authorization is released.
        assert.equal(voids.length, 1);
        assert.equal(voids[0]!.sessionId, loser.id);
        assert.equal(voids[0]!.reason, 'promotion_code_exhausted');
        assert.equal(voids[0]!.amount, 2520);
        assert.equal(reply.body.error.code, 'promotion_code_exhausted');
        assert.equal(reply.body.session.status, 'open');
        assert.equal(reply.body.session.discount, null);
        assert.equal(reply.body.session.amount_total, 2800);
        assert.equal(reply.body.session.payment.status, 'failed');
        const payments = await store.listPayments(loser.id);
        assert.deepEqual(
          payments.map((p) => [p.status, p.error?.code]),
          [['failed', 'promotion_code_exhausted']],
        );
        assert.equal(await timesRedeemed(promo.id), 1);
        const retry = await endpoint.confirm(loser.client_secret);
        assert.equal(retry.status, 200);
        assert.equal(retry.body.session.amount_total, 2800);
      });

      test('two approvals racing for the last redemption: exactly one completes', async () => {
        const promo = await code({ max_redemptions: 1 });
        const pending = [];
        for (let i = 0; i < 2; i++) {
          const session = await open();
          await endpoint.applyCode(session.client_secret, promo.code);
          const started = await endpoint.confirm(session.client_secret, { number: threeDs });
          pending.push({ session, payment: started.body.session.payment.id as string });
        }
        const replies = await Promise.all(
          pending.map(({ session, payment }) =>
            endpoint.client(session.client_secret, 'POST', '/challenge', {
              payment,
              outcome: 'approve',
            }),
          ),
        );
        assert.deepEqual(replies.map((reply) => reply.status).sort(), [200, 402]);
        assert.equal(
          replies.find((reply) => reply.status === 402)!.body.error.code,
          'promotion_code_exhausted',
        );
        assert.equal(await timesRedeemed(promo.id), 1);
      });

      test('the code is checked again before charging: expired or deactivated comes off', async () => {
        const expiring = await code({ expires_at: now() + 600 });
        const session = await open();
        await endpoint.applyCode(session.client_secret, expiring.code);
        endpoint.clock.ms += 600_000;
        try {
          const reply = await endpoint.confirm(session.client_secret);
          assert.equal(reply.status, 402);
          assert.equal(reply.body.error.code, 'promotion_code_expired');
          assert.equal(reply.body.session.discount, null);
          assert.equal(reply.body.session.amount_total, 2800);
          assert.equal(reply.body.session.status, 'open');
          assert.deepEqual(await store.listPayments(session.id), [], 'nothing was charged');
        } finally {
          endpoint.clock.ms -= 600_000;
        }

        const deactivated = await code();
        const other = await open();
        await endpoint.applyCode(other.client_secret, deactivated.code);
        await endpoint.merchant('POST', `/v1/promotion_codes/${deactivated.id}`, { active: false });
        const refused = await endpoint.confirm(other.client_secret);
        assert.equal(refused.status, 402);
        assert.equal(refused.body.error.code, 'promotion_code_invalid');
        const paid = await endpoint.confirm(other.client_secret);
        assert.equal(paid.status, 200);
        assert.equal(paid.body.session.amount_total, 2800);
      });

      test('a first-purchase code is checked against the email given at payment', async () => {
        const promo = await code({ restrictions: { first_time_transaction: true } });
        const email = `${unique('repeat')}@example.com`;
        const earlier = await open();
        await endpoint.confirm(earlier.client_secret, {}, undefined, { email });
        const session = await open();
        assert.equal((await endpoint.applyCode(session.client_secret, promo.code)).status, 200);
        const reply = await endpoint.confirm(session.client_secret, {}, undefined, { email });
        assert.equal(reply.status, 402);
        assert.equal(reply.body.error.code, 'promotion_code_customer_ineligible');
        assert.equal(reply.body.session.discount, null);
      });
    });
  });
}
