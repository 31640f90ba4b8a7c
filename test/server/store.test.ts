import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import pg from 'pg';
import type { SessionRecord } from '../../src/server/sessions/session.js';
import { KeyFilter } from '../../src/server/store/key-filter.js';
import { pgliteDatabase } from '../../src/server/store/pglite-database.js';
import { openPgliteStore } from '../../src/server/store/pglite-store.js';
import { postgresDatabase } from '../../src/server/store/postgres-store.js';
import { ReadBatcher } from '../../src/server/store/read-batcher.js';
import { SessionCache } from '../../src/server/store/session-cache.js';
import {
  dueSessionsQuery,
  firstPurchaseQuery,
  type SqlDatabase,
  SqlStore,
  type SqlStoreOptions,
} from '../../src/server/store/sql-store.js';
import type { CheckoutStore, Versioned } from '../../src/server/store/store.js';
import { WriteBatcher } from '../../src/server/store/write-batcher.js';
import type { WebhookEvent } from '../../src/server/webhooks/event.js';
import { type Endpoint, makeEndpoint, openStore, type StoreKind } from '../support/endpoint.js';
import { migratedPglite, migratedPgliteThread, seededDataDir } from '../support/pglite.js';
import { freshDatabase, postgresUnavailable } from '../support/postgres.js';

/** One contract for every store; then what only the durable store promises. */

function sampleSession(id: string): SessionRecord {
  return {
    id,
    clientSecret: `${id}_secret_abc`,
    livemode: false,
    status: 'open',
    paymentStatus: 'unpaid',
    mode: 'payment',
    uiMode: 'embedded',
    currency: 'usd',
    lineItems: [],
    amountSubtotal: 0,
    amountTotal: 0,
    totalDetails: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    customer: null,
    customerEmail: null,
    customerCreation: 'if_required',
    billingAddressCollection: 'auto',
    submitType: 'auto',
    locale: null,
    clientReferenceId: null,
    paymentIntentData: null,
    successUrl: null,
    cancelUrl: null,
    metadata: {},
    source: { api: 'checkout_sessions' },
    paymentMethodTypes: ['card'],
    crypto: null,
    customerDetails: null,
    created: 1,
    expiresAt: 2,
    closedAt: null,
    paymentIntent: null,
    payment: null,
    confirmingSince: null,
    shippingAddressCollection: null,
    shippingOptions: [],
    phoneNumberCollection: { enabled: false, required: false },
    allowPromotionCodes: false,
    automaticTax: { enabled: false, status: null },
    enteredEmail: null,
    customerPhone: null,
    billingAddress: null,
    shippingDetails: null,
    shippingRate: null,
    discount: null,
    tax: null,
    subscription: null,
    setupIntent: null,
  };
}

function samplePromotionCode(id: string, code: string, maxRedemptions: number | null = null) {
  return {
    id,
    object: 'promotion_code' as const,
    code,
    active: true,
    percent_off: 10,
    amount_off: null,
    currency: null,
    starts_at: null,
    expires_at: null,
    max_redemptions: maxRedemptions,
    times_redeemed: 0,
    customer: null,
    restrictions: {
      minimum_amount: null,
      minimum_amount_currency: null,
      first_time_transaction: false,
    },
    metadata: { campaign: 'spring' },
    livemode: false,
    created: 1,
  };
}

const samplePayment = (id: string, sessionId: string) => ({
  id,
  sessionId,
  amount: 100,
  currency: 'usd',
  created: 1,
  brand: 'visa',
  last4: '4242',
  status: 'succeeded' as const,
  error: null,
});

for (const kind of ['memory', 'pglite', 'postgres'] as StoreKind[]) {
  const skip = kind === 'postgres' ? postgresUnavailable() : null;
  describe(`store contract (${kind})`, { skip: skip ?? false }, () => {
    let store: CheckoutStore;
    before(async () => {
      store = await openStore(kind);
    });
    after(() => store.close());

    test('finds a session by id and by client secret', async () => {
      await store.insertSession(sampleSession('cs_a'));
      assert.equal((await store.getSession('cs_a'))?.value.id, 'cs_a');
      assert.equal((await store.getSession('cs_a'))?.version, 1);
      assert.equal((await store.findSessionByClientSecret('cs_a_secret_abc'))?.value.id, 'cs_a');
      assert.equal(await store.getSession('cs_missing'), null);
      assert.equal(await store.findSessionByClientSecret('nope'), null);
    });

    /** Reads every secret at the same moment; the sessions found, or null. */
    const readAtOnce = (secrets: string[]) =>
      Promise.all(secrets.map((secret) => store.findSessionByClientSecret(secret)));
    const idsOf = (found: (Versioned<SessionRecord> | null)[]) =>
      found.map((session) => session?.value.id ?? null);

    test('reads by client secret at the same moment each get their own session, or null', async () => {
      for (const id of ['cs_bysecret1', 'cs_bysecret2'])
        await store.insertSession(sampleSession(id));
      const secrets = [
        'cs_bysecret1_secret_abc',
        'cs_bysecret2_secret_abc',
        'cs_bysecret1_secret_abc',
        'nope',
      ];
      const found = await readAtOnce(secrets);
      assert.deepEqual(idsOf(found), ['cs_bysecret1', 'cs_bysecret2', 'cs_bysecret1', null]);
      assert.notEqual(found[0]?.value, found[2]?.value, 'two readers never share one object');
    });

    test('a moment of many reads by client secret, past one batch, each finds its own', async () => {
      // 130 reads: more than a batch holds, and batch sizes that are padded.
      const ids = Array.from({ length: 120 }, (_, index) => `cs_many${index}`);
      for (const id of ids) await store.insertSession(sampleSession(id));
      const secrets = [
        ...ids.map((id) => `${id}_secret_abc`),
        ...ids.slice(0, 7).map((id) => `${id}_secret_abc`),
        'nope1',
        'nope2',
        'nope3',
      ];
      assert.deepEqual(idsOf(await readAtOnce(secrets)), [
        ...ids,
        ...ids.slice(0, 7),
        null,
        null,
        null,
      ]);
    });

    test('a reader holding the current version is told "unchanged", any other gets the session', async () => {
      await store.insertSession(sampleSession('cs_held'));
      await store.insertSession(sampleSession('cs_held2'));
      const secret = 'cs_held_secret_abc';
      assert.equal(await store.findChangedSessionByClientSecret(secret, 1), 'unchanged');
      assert.equal(await store.findChangedSessionByClientSecret('nope', 1), null);
      const next = { ...sampleSession('cs_held'), customerEmail: 'changed@x.test' };
      assert.equal(await store.updateSession(next, 1), 'ok');
      const changed = await store.findChangedSessionByClientSecret(secret, 1);
      assert.ok(changed && changed !== 'unchanged');
      assert.equal(changed.version, 2);
      assert.equal(changed.value.customerEmail, 'changed@x.test');
      // At one moment, one batch: the same secret held at two versions, another unheld, a stranger.
      const reads = await Promise.all([
        store.findChangedSessionByClientSecret(secret, 2),
        store.findChangedSessionByClientSecret(secret, 1),
        store.findSessionByClientSecret('cs_held2_secret_abc'),
        store.findChangedSessionByClientSecret('cs_held2_secret_abc', 1),
        store.findChangedSessionByClientSecret('nope', 3),
      ]);
      assert.equal(reads[0], 'unchanged');
      assert.equal(reads[1] !== 'unchanged' && reads[1]?.value.customerEmail, 'changed@x.test');
      assert.equal(reads[2]?.value.id, 'cs_held2');
      assert.equal(reads[3], 'unchanged');
      assert.equal(reads[4], null);
    });

    test('updates are compare-and-set on the version', async () => {
      await store.insertSession(sampleSession('cs_b'));
      const next = { ...sampleSession('cs_b'), status: 'complete' as const };
      assert.equal(await store.updateSession(next, 1), 'ok');
      assert.equal(await store.updateSession({ ...next, status: 'expired' }, 1), 'conflict');
      const stored = await store.getSession('cs_b');
      assert.equal(stored?.value.status, 'complete');
      assert.equal(stored?.version, 2);
    });

    test('of racing updates on one version exactly one wins', async () => {
      await store.insertSession(sampleSession('cs_c'));
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.updateSession({ ...sampleSession('cs_c'), customerEmail: `${i}@x.test` }, 1),
        ),
      );
      assert.equal(results.filter((result) => result === 'ok').length, 1);
      assert.equal(results.filter((result) => result === 'conflict').length, 5);
    });

    test('a provisional change is the latest version: an update from before it conflicts, the next one lands', async () => {
      await store.insertSession(sampleSession('cs_p'));
      const claimed = { ...sampleSession('cs_p'), confirmingSince: 5 };
      assert.equal(await store.updateSession(claimed, 1, { provisional: true }), 'ok');
      assert.equal((await store.getSession('cs_p'))?.value.confirmingSince, 5);
      assert.equal(
        await store.updateSession({ ...sampleSession('cs_p'), status: 'expired' }, 1),
        'conflict',
      );
      const paid = { ...claimed, confirmingSince: null, status: 'complete' as const };
      assert.equal(
        await store.updateSession(paid, 2, { payments: [samplePayment('py_p', 'cs_p')] }),
        'ok',
      );
      const stored = await store.getSession('cs_p');
      assert.equal(stored?.value.status, 'complete');
      assert.equal(stored?.version, 3);
      assert.equal((await store.listPayments('cs_p')).length, 1);
    });

    test('of racing provisional changes on one version exactly one wins', async () => {
      await store.insertSession(sampleSession('cs_pr'));
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.updateSession({ ...sampleSession('cs_pr'), confirmingSince: i }, 1, {
            provisional: true,
          }),
        ),
      );
      assert.equal(results.filter((result) => result === 'ok').length, 1);
    });

    test('payments are written with the session update, or not at all', async () => {
      await store.insertSession(sampleSession('cs_d'));
      const payment = samplePayment('py_1', 'cs_d');
      assert.equal(
        await store.updateSession(sampleSession('cs_d'), 7, { payments: [payment] }),
        'conflict',
      );
      assert.deepEqual(await store.listPayments('cs_d'), []);
      assert.equal(
        await store.updateSession(sampleSession('cs_d'), 1, { payments: [payment] }),
        'ok',
      );
      assert.deepEqual(await store.listPayments('cs_d'), [payment]);
    });

    test('outcomes written in one moment each land with their own payments, events and answer, or not at all', async () => {
      const ids = Array.from({ length: 6 }, (_, index) => `cs_moment${index}`);
      for (const id of ids) await store.insertSession(sampleSession(id));
      const limits = { lifetimeSeconds: 86_400, leaseSeconds: 30 };
      for (const id of ids)
        await store.claimIdempotencyKey(`confirm ${id}`, 'k', 'f', 4000, limits);
      const event = (id: string, n: number): WebhookEvent => ({
        id: `evt_${id}_${n}`,
        object: 'event',
        type: 'checkout.session.completed',
        created: 4000,
        livemode: false,
        data: { object: { id } },
      });
      const results = await Promise.all(
        ids.map((id, index) =>
          store.updateSession(
            { ...sampleSession(id), status: 'complete' },
            // The fourth one's version is stale: it writes nothing.
            index === 3 ? 7 : 1,
            {
              payments: [samplePayment(`py_${id}`, id)],
              events: [event(id, 1), event(id, 2)],
              // The last one has no answer to save (as when the worker expires a session).
              ...(index < 5 && {
                response: {
                  scope: `confirm ${id}`,
                  key: 'k',
                  fingerprint: 'f',
                  claimedAt: 4000,
                  response: { status: 200, body: JSON.stringify({ id }) },
                },
              }),
            },
          ),
        ),
      );
      assert.deepEqual(results, ['ok', 'ok', 'ok', 'conflict', 'ok', 'ok']);
      const events = new Set((await store.listWebhooks(100)).map((entry) => entry.event.id));
      for (const [index, id] of ids.entries()) {
        const written = index !== 3;
        assert.equal((await store.getSession(id))?.value.status, written ? 'complete' : 'open');
        assert.deepEqual(
          await store.listPayments(id),
          written ? [samplePayment(`py_${id}`, id)] : [],
        );
        assert.equal(events.has(`evt_${id}_1`) && events.has(`evt_${id}_2`), written, id);
        const claim = await store.claimIdempotencyKey(`confirm ${id}`, 'k', 'f', 4001, limits);
        assert.deepEqual(
          claim,
          written && index < 5
            ? {
                state: 'done',
                fingerprint: 'f',
                response: { status: 200, body: JSON.stringify({ id }) },
              }
            : { state: 'in_progress', fingerprint: 'f' },
        );
      }
    });

    test('promotion codes: unique regardless of case, found by id and by code in any case', async () => {
      const code = samplePromotionCode('promo_store_1', 'Spring-Sale_10');
      assert.equal(await store.insertPromotionCode(code), true);
      assert.equal(
        await store.insertPromotionCode(samplePromotionCode('promo_store_2', 'SPRING-SALE_10')),
        false,
      );
      assert.equal(await store.getPromotionCode('promo_store_2'), null);
      assert.deepEqual(await store.getPromotionCode('promo_store_1'), code);
      assert.deepEqual(await store.findPromotionCodeByCode('spring-sale_10'), code);
      assert.equal(await store.findPromotionCodeByCode('spring-sale'), null);
      const inactive = await store.setPromotionCodeActive('promo_store_1', false);
      assert.equal(inactive?.active, false);
      assert.equal((await store.getPromotionCode('promo_store_1'))?.active, false);
      assert.equal((await store.findPromotionCodeByCode('SPRING-SALE_10'))?.active, false);
      assert.equal(await store.setPromotionCodeActive('promo_missing', true), null);
    });

    test('a redemption is written with the session update, or neither is', async () => {
      await store.insertPromotionCode(samplePromotionCode('promo_once', 'ONCE', 1));
      await store.insertSession(sampleSession('cs_r1'));
      await store.insertSession(sampleSession('cs_r2'));
      const done = (id: string) => ({ ...sampleSession(id), status: 'complete' as const });

      // A stale version redeems nothing.
      assert.equal(
        await store.updateSession(done('cs_r1'), 5, { redeem: 'promo_once' }),
        'conflict',
      );
      assert.equal((await store.getPromotionCode('promo_once'))?.times_redeemed, 0);

      assert.equal(
        await store.updateSession(done('cs_r1'), 1, {
          redeem: 'promo_once',
          payments: [samplePayment('py_r1', 'cs_r1')],
        }),
        'ok',
      );
      assert.equal((await store.getPromotionCode('promo_once'))?.times_redeemed, 1);

      // The last redemption is gone: neither the session nor its payment is written.
      assert.equal(
        await store.updateSession(done('cs_r2'), 1, {
          redeem: 'promo_once',
          payments: [samplePayment('py_r2', 'cs_r2')],
        }),
        'exhausted',
      );
      const untouched = await store.getSession('cs_r2');
      assert.equal(untouched?.version, 1);
      assert.equal(untouched?.value.status, 'open');
      assert.deepEqual(await store.listPayments('cs_r2'), []);
      assert.equal((await store.getPromotionCode('promo_once'))?.times_redeemed, 1);
      assert.equal(
        await store.updateSession(done('cs_r2'), 1, { redeem: 'promo_missing' }),
        'exhausted',
      );
    });

    test('of racing redemptions no more than max_redemptions win', async () => {
      await store.insertPromotionCode(samplePromotionCode('promo_three', 'THREE', 3));
      const ids = Array.from({ length: 7 }, (_, i) => `cs_race_${i}`);
      for (const id of ids) await store.insertSession(sampleSession(id));
      const results = await Promise.all(
        ids.map((id) =>
          store.updateSession({ ...sampleSession(id), status: 'complete' }, 1, {
            redeem: 'promo_three',
          }),
        ),
      );
      assert.equal(results.filter((result) => result === 'ok').length, 3);
      assert.equal(results.filter((result) => result === 'exhausted').length, 4);
      assert.equal((await store.getPromotionCode('promo_three'))?.times_redeemed, 3);
      // Unlimited codes count every redemption.
      await store.insertPromotionCode(samplePromotionCode('promo_free', 'FREE'));
      await store.insertSession(sampleSession('cs_free'));
      assert.equal(
        await store.updateSession(sampleSession('cs_free'), 1, { redeem: 'promo_free' }),
        'ok',
      );
      assert.equal((await store.getPromotionCode('promo_free'))?.times_redeemed, 1);
    });

    test('finds completed sessions by customer id or by email in any case', async () => {
      const paid = {
        ...sampleSession('cs_paid'),
        status: 'complete' as const,
        customer: 'cus_paid',
        customerDetails: { email: 'Grace@Example.com', name: 'Grace', phone: null, address: null },
      };
      await store.insertSession(paid);
      await store.insertSession({
        ...sampleSession('cs_prefilled'),
        status: 'complete',
        customerEmail: 'linus@example.com',
      });
      await store.insertSession({
        ...sampleSession('cs_open'),
        customer: 'cus_open',
        customerEmail: 'open@example.com',
      });
      assert.equal(await store.hasCompletedSession({ customer: 'cus_paid' }), true);
      assert.equal(await store.hasCompletedSession({ email: 'grace@example.COM' }), true);
      assert.equal(await store.hasCompletedSession({ email: 'LINUS@example.com' }), true);
      assert.equal(await store.hasCompletedSession({ customer: 'cus_open' }), false);
      assert.equal(await store.hasCompletedSession({ email: 'open@example.com' }), false);
      assert.equal(
        await store.hasCompletedSession({ customer: 'cus_new', email: 'new@example.com' }),
        false,
      );
      assert.equal(await store.hasCompletedSession({ customer: null, email: null }), false);
    });

    test('idempotency keys: claim once, replay when done, free again after release or expiry', async () => {
      const limits = { lifetimeSeconds: 60, leaseSeconds: 30 };
      assert.deepEqual(await store.claimIdempotencyKey('s', 'k', 'f1', 1000, limits), {
        state: 'claimed',
      });
      assert.deepEqual(await store.claimIdempotencyKey('s', 'k', 'f1', 1001, limits), {
        state: 'in_progress',
        fingerprint: 'f1',
      });
      await store.saveIdempotentResponse({
        scope: 's',
        key: 'k',
        fingerprint: 'f1',
        claimedAt: 1000,
        response: { status: 200, body: '{"ok":true}' },
      });
      // Done keys outlive the lease: only their lifetime frees them.
      assert.deepEqual(await store.claimIdempotencyKey('s', 'k', 'f2', 1045, limits), {
        state: 'done',
        fingerprint: 'f1',
        response: { status: 200, body: '{"ok":true}' },
      });
      assert.deepEqual(await store.claimIdempotencyKey('other', 'k', 'f1', 1002, limits), {
        state: 'claimed',
      });
      assert.deepEqual(await store.claimIdempotencyKey('s', 'k', 'f3', 1061, limits), {
        state: 'claimed',
      });
      await store.releaseIdempotencyKey('s', 'k', 1061);
      assert.deepEqual(await store.claimIdempotencyKey('s', 'k', 'f4', 1062, limits), {
        state: 'claimed',
      });
    });

    test('a session created under a key is stored with the key’s answer, or without it once the key was taken over', async () => {
      const limits = { lifetimeSeconds: 60, leaseSeconds: 30 };
      const answer = (claimedAt: number, id: string) => ({
        scope: 'create',
        key: `k-${id}`,
        fingerprint: 'f1',
        claimedAt,
        response: { status: 200, body: JSON.stringify({ id }) },
      });
      assert.equal(
        (await store.claimIdempotencyKey('create', 'k-cs_atomic_1', 'f1', 1000, limits)).state,
        'claimed',
      );
      await store.insertSession(sampleSession('cs_atomic_1'), answer(1000, 'cs_atomic_1'));
      assert.ok(await store.getSession('cs_atomic_1'));
      // A retry, even after the lease, replays the answer: it never creates a second session.
      assert.deepEqual(
        await store.claimIdempotencyKey('create', 'k-cs_atomic_1', 'f1', 1040, limits),
        {
          state: 'done',
          fingerprint: 'f1',
          response: { status: 200, body: '{"id":"cs_atomic_1"}' },
        },
      );

      // A late owner whose lease was taken over stores its session but not its answer.
      await store.claimIdempotencyKey('create', 'k-cs_atomic_2', 'f1', 1000, limits);
      assert.equal(
        (await store.claimIdempotencyKey('create', 'k-cs_atomic_2', 'f1', 1031, limits)).state,
        'claimed',
      );
      await store.insertSession(sampleSession('cs_atomic_2'), answer(1000, 'cs_atomic_2'));
      assert.deepEqual(
        await store.claimIdempotencyKey('create', 'k-cs_atomic_2', 'f1', 1032, limits),
        {
          state: 'in_progress',
          fingerprint: 'f1',
        },
      );
    });

    test('idempotency leases: a claim left unfinished is taken over after the lease, and its late owner changes nothing', async () => {
      const limits = { lifetimeSeconds: 86_400, leaseSeconds: 30 };
      assert.equal((await store.claimIdempotencyKey('l', 'k', 'f', 2000, limits)).state, 'claimed');
      assert.deepEqual(await store.claimIdempotencyKey('l', 'k', 'f', 2029, limits), {
        state: 'in_progress',
        fingerprint: 'f',
      });
      assert.deepEqual(await store.claimIdempotencyKey('l', 'k', 'f', 2030, limits), {
        state: 'claimed',
      });
      // The first owner wakes up: neither its answer nor its release touches the new claim.
      await store.saveIdempotentResponse({
        scope: 'l',
        key: 'k',
        fingerprint: 'f',
        claimedAt: 2000,
        response: { status: 402, body: '{"stale":true}' },
      });
      await store.releaseIdempotencyKey('l', 'k', 2000);
      assert.deepEqual(await store.claimIdempotencyKey('l', 'k', 'f', 2031, limits), {
        state: 'in_progress',
        fingerprint: 'f',
      });
      await store.saveIdempotentResponse({
        scope: 'l',
        key: 'k',
        fingerprint: 'f',
        claimedAt: 2030,
        response: { status: 200, body: '{"fresh":true}' },
      });
      assert.deepEqual(await store.claimIdempotencyKey('l', 'k', 'f', 2100, limits), {
        state: 'done',
        fingerprint: 'f',
        response: { status: 200, body: '{"fresh":true}' },
      });
    });

    test('idempotency keys are swept once older than the cutoff, in batches', async () => {
      const limits = { lifetimeSeconds: 100, leaseSeconds: 30 };
      await store.sweepIdempotencyKeys(3000, 1000); // the keys earlier tests left
      for (let i = 0; i < 5; i++) {
        await store.claimIdempotencyKey('sweep', `old${i}`, 'f', 3000 + i, limits);
      }
      await store.claimIdempotencyKey('sweep', 'new', 'f', 3100, limits);
      assert.equal(await store.sweepIdempotencyKeys(3005, 3), 3);
      assert.equal(await store.sweepIdempotencyKeys(3005, 10), 2);
      assert.equal(await store.sweepIdempotencyKeys(3005, 10), 0);
      // What is left is the young key, still in progress.
      assert.equal(
        (await store.claimIdempotencyKey('sweep', 'new', 'f', 3101, limits)).state,
        'in_progress',
      );
      assert.equal(
        (await store.claimIdempotencyKey('sweep', 'old0', 'f', 3101, limits)).state,
        'claimed',
      );
    });

    test('claims of one moment on many keys: one winner per key, a lapsed claim taken over, a finished key replayed', async () => {
      const limits = { lifetimeSeconds: 600, leaseSeconds: 30 };
      assert.equal(
        (await store.claimIdempotencyKey('m', 'lapsed', 'f0', 100, limits)).state,
        'claimed',
      );
      assert.equal(
        (await store.claimIdempotencyKey('m', 'done', 'f0', 100, limits)).state,
        'claimed',
      );
      await store.saveIdempotentResponse({
        scope: 'm',
        key: 'done',
        fingerprint: 'f0',
        claimedAt: 100,
        response: { status: 200, body: '{"paid":true}' },
      });
      const claims = await Promise.all(
        [
          ['m', 'a', 'fa'],
          ['m', 'a', 'fa'],
          ['m', 'b', 'fb'],
          ['n', 'b', 'fb'],
          ['m', 'lapsed', 'f1'],
          ['m', 'done', 'f0'],
        ].map(([scope, key, fingerprint]) =>
          store.claimIdempotencyKey(scope!, key!, fingerprint!, 131, limits),
        ),
      );
      const [a1, a2, ...rest] = claims;
      assert.deepEqual(
        [a1, a2].map((claim) => claim?.state).sort(),
        ['claimed', 'in_progress'],
        'one of two claims on one key',
      );
      assert.deepEqual(rest, [
        { state: 'claimed' },
        { state: 'claimed' },
        { state: 'claimed' },
        { state: 'done', fingerprint: 'f0', response: { status: 200, body: '{"paid":true}' } },
      ]);
    });

    /** A sample session with this customer's email, to tell writes apart. */
    const email = (id: string, who: string) => ({
      ...sampleSession(id),
      customerEmail: `${who}@x.test`,
    });
    /** The stored session's email and version. */
    const stored = async (id: string) => {
      const session = await store.getSession(id);
      return [session?.value.customerEmail ?? null, session?.version];
    };

    test('writes of one moment to many sessions each land by their own version', async () => {
      for (const id of ['cs_m1', 'cs_m2', 'cs_m3']) await store.insertSession(sampleSession(id));
      await store.updateSession({ ...sampleSession('cs_m3'), customerEmail: 'first@x.test' }, 1);
      const results = await Promise.all([
        store.updateSession(email('cs_m1', 'one'), 1),
        store.updateSession(email('cs_m2', 'two'), 1),
        store.updateSession(email('cs_m2', 'rival'), 1),
        store.updateSession(email('cs_m3', 'stale'), 1),
        store.updateSession(email('cs_m3', 'three'), 2, { provisional: true }),
      ]);
      assert.equal(results[0], 'ok');
      assert.deepEqual([results[1], results[2]].sort(), ['conflict', 'ok']);
      assert.deepEqual(results.slice(3), ['conflict', 'ok']);
      assert.deepEqual(await stored('cs_m1'), ['one@x.test', 2]);
      assert.deepEqual(await stored('cs_m2'), [
        results[1] === 'ok' ? 'two@x.test' : 'rival@x.test',
        2,
      ]);
      assert.deepEqual(await stored('cs_m3'), ['three@x.test', 3]);
    });

    test('a write that claims a key writes only when it wins the key, alone or in a moment of many', async () => {
      const limits = { lifetimeSeconds: 600, leaseSeconds: 30 };
      const claimKey = (key: string, fingerprint = 'f') => ({
        scope: 'confirm',
        key,
        fingerprint,
        now: 200,
        ...limits,
      });
      for (const id of ['cs_k1', 'cs_k2', 'cs_k3', 'cs_k4', 'cs_k5', 'cs_k6']) {
        await store.insertSession(sampleSession(id));
      }
      assert.equal(
        (await store.claimIdempotencyKey('confirm', 'held', 'f', 190, limits)).state,
        'claimed',
      );
      assert.equal(
        (await store.claimIdempotencyKey('confirm', 'used', 'f', 150, limits)).state,
        'claimed',
      );
      await store.saveIdempotentResponse({
        scope: 'confirm',
        key: 'used',
        fingerprint: 'f',
        claimedAt: 150,
        response: { status: 200, body: '{}' },
      });

      // Alone: one statement on a shared database.
      assert.equal(
        await store.updateSession(email('cs_k1', 'won'), 1, {
          provisional: true,
          claimKey: claimKey('k1'),
        }),
        'ok',
      );
      assert.deepEqual(await stored('cs_k1'), ['won@x.test', 2]);
      assert.equal(
        (await store.claimIdempotencyKey('confirm', 'k1', 'f', 201, limits)).state,
        'in_progress',
      );
      assert.equal(
        await store.updateSession(email('cs_k2', 'held'), 1, {
          provisional: true,
          claimKey: claimKey('held'),
        }),
        'key_taken',
      );
      assert.deepEqual(await stored('cs_k2'), [null, 1], 'nothing written');

      // A moment of many: each as it would be alone.
      const results = await Promise.all([
        store.updateSession(email('cs_k3', 'won'), 1, {
          provisional: true,
          claimKey: claimKey('k3'),
        }),
        store.updateSession(email('cs_k4', 'used'), 1, {
          provisional: true,
          claimKey: claimKey('used'),
        }),
        // The key is won, the version is stale: the key stays claimed, the session unwritten.
        store.updateSession(email('cs_k5', 'stale'), 7, {
          provisional: true,
          claimKey: claimKey('k5'),
        }),
        store.updateSession(email('cs_k6', 'held'), 1, { claimKey: claimKey('held') }),
      ]);
      assert.deepEqual(results, ['ok', 'key_taken', 'conflict', 'key_taken']);
      assert.deepEqual(await stored('cs_k3'), ['won@x.test', 2]);
      assert.deepEqual(await stored('cs_k4'), [null, 1]);
      assert.deepEqual(await stored('cs_k5'), [null, 1]);
      assert.deepEqual(await stored('cs_k6'), [null, 1]);
      for (const key of ['k3', 'k5']) {
        const claim = await store.claimIdempotencyKey('confirm', key, 'f', 201, limits);
        assert.equal(claim.state, 'in_progress', key);
      }
    });

    test('of racing claims on one key exactly one wins', async () => {
      const claims = await Promise.all(
        Array.from({ length: 6 }, () =>
          store.claimIdempotencyKey('race', 'k', 'f', 5, { lifetimeSeconds: 60, leaseSeconds: 30 }),
        ),
      );
      assert.equal(claims.filter((claim) => claim.state === 'claimed').length, 1);
    });
  });
}

describe('the PGlite store on disk', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkout-kit-store-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('keeps sessions and payments across a restart, and never stores card numbers', async () => {
    const first = await openPgliteStore(dir);
    const endpoint = makeEndpoint(first);
    const promo = await endpoint.createPromotionCode({ code: 'Restart10', percent_off: 10 });
    const { body } = await endpoint.createSession({ discounts: [{ promotion_code: promo.id }] });
    const paid = await endpoint.confirm(body.client_secret, { number: '4000002500003155' });
    await endpoint.client(body.client_secret, 'POST', '/challenge', {
      payment: paid.body.session.payment.id,
      outcome: 'approve',
    });
    await first.close();

    const second = await openPgliteStore(dir);
    try {
      const reopened = makeEndpoint(second);
      const session = await reopened.merchant('GET', `/v1/checkout_sessions/${body.id}`);
      assert.equal(session.status, 200);
      assert.equal(session.body.status, 'complete');
      assert.equal(session.body.payment_status, 'paid');
      assert.equal(session.body.amount_total, 2520);
      const code = await reopened.merchant('GET', '/v1/promotion_codes?code=restart10');
      assert.equal(code.body.data[0].id, promo.id);
      assert.equal(code.body.data[0].times_redeemed, 1);
      assert.equal(await second.insertPromotionCode({ ...promo, id: 'promo_other' } as any), false);
      const payments = await second.listPayments(body.id);
      assert.deepEqual(
        payments.map(({ brand, last4, status }) => ({ brand, last4, status })),
        [{ brand: 'visa', last4: '3155', status: 'succeeded' }],
      );
    } finally {
      await second.close();
    }

    for (const file of await filesUnder(dir)) {
      const bytes = await readFile(file);
      assert.ok(!bytes.includes('4000002500003155'), `card number found in ${file}`);
      assert.ok(!bytes.includes('4000 0025'), `card number found in ${file}`);
    }
  });
});

describe('the PGlite store serves one process', () => {
  test('a data directory held by a live process is refused with what to do instead; a dead owner’s lock is taken over', async () => {
    // A migrated database, so the test pays for the lock and not for initdb.
    const data = await seededDataDir('checkout-kit-lock-');
    const dir = data.path;
    try {
      // Another live process holds it: this test's parent.
      await writeFile(join(dir, 'checkout-kit.lock'), String(process.ppid));
      await assert.rejects(openPgliteStore(dir), (error: Error) => {
        assert.match(error.message, new RegExp(`in use by process ${process.ppid}`));
        assert.match(error.message, /CHECKOUT_DATABASE_URL/);
        return true;
      });
      // A process that died left it: a pid no process has.
      await writeFile(join(dir, 'checkout-kit.lock'), '999999999');
      const store = await openPgliteStore(dir);
      assert.equal(await readFile(join(dir, 'checkout-kit.lock'), 'utf8'), String(process.pid));
      await store.close();
      await assert.rejects(readFile(join(dir, 'checkout-kit.lock')), { code: 'ENOENT' });
    } finally {
      await data.remove();
    }
  });
});

describe('the embedded database runs on its own thread', () => {
  let db: SqlDatabase;
  before(async () => {
    db = await migratedPgliteThread();
  });
  after(() => db.close());

  test('a long queue of statements leaves the event loop free to turn', async () => {
    // Node accepts one new connection per turn of its event loop: a database
    // on the server's thread held it for tens of milliseconds under load.
    let turns = 0;
    let done = false;
    const spin = () => {
      if (done) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const started = performance.now();
    await Promise.all(Array.from({ length: 2000 }, () => db.query('SELECT 1')));
    const took = performance.now() - started;
    done = true;
    assert.ok(turns >= Math.max(10, took / 10), `${turns} turns in ${took.toFixed(0)} ms`);
  });

  test("a statement that fails there fails here, with PostgreSQL's code", async () => {
    await assert.rejects(
      db.query('SELECT * FROM no_such_table'),
      (error: Error & { code?: string }) => {
        assert.match(error.message, /no_such_table/);
        assert.equal(error.code, '42P01');
        return true;
      },
    );
    // The thread goes on serving after a failure.
    assert.deepEqual((await db.query<{ n: number }>('SELECT 1 AS n')).rows, [{ n: 1 }]);
  });

  test('statements sent while a transaction is open wait for it, and see its result', async () => {
    await db.query('CREATE TABLE counted (n integer)');
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = db.transaction(async (tx) => {
      await tx.query('INSERT INTO counted VALUES (1)');
      await held;
      await tx.query('INSERT INTO counted VALUES (2)');
      throw new Error('rolled back');
    });
    // Sent while the transaction holds the database: runs after its rollback.
    const read = db.query<{ count: number }>('SELECT count(*)::int AS count FROM counted');
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await assert.rejects(transaction, /rolled back/);
    assert.deepEqual((await read).rows, [{ count: 0 }]);
  });

  test('after close, statements fail with a clear error', async () => {
    const closed = await migratedPgliteThread();
    await closed.close();
    await assert.rejects(closed.query('SELECT 1'), /The embedded database is closed/);
    // Closing is not stopping by itself.
    const settled = await Promise.race([
      closed.stopped.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 50)),
    ]);
    assert.equal(settled, false);
  });

  test('a thread that dies fails what it was running and everything after, and says so', async () => {
    const dying = await migratedPgliteThread();
    const running = dying.query('SELECT pg_sleep(5)');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await dying.worker.terminate();
    const error = await dying.stopped;
    assert.match(error.message, /The embedded database stopped \(exit code 1\)/);
    await assert.rejects(running, /The embedded database stopped/);
    await assert.rejects(dying.query('SELECT 1'), /The embedded database stopped/);
    await dying.close();
  });
});

describe('the exclusive embedded store holds provisional changes in its process', () => {
  let pglite: PGlite;
  let store: SqlStore;
  before(async () => {
    pglite = await migratedPglite();
    store = await SqlStore.open(pgliteDatabase(pglite), { exclusive: true });
  });
  after(() => store.close());

  const row = async (id: string) =>
    (
      await pglite.query<{ version: number; since: number | null }>(
        `SELECT version, (data->>'confirmingSince')::int AS since FROM checkout_sessions WHERE id = $1`,
        [id],
      )
    ).rows[0];

  test('a provisional change costs no write; the next write lands both, and a restart forgets it', async () => {
    await store.insertSession(sampleSession('cs_held'));
    const claimed = { ...sampleSession('cs_held'), confirmingSince: 7 };
    assert.equal(await store.updateSession(claimed, 1, { provisional: true }), 'ok');
    assert.deepEqual(await row('cs_held'), { version: 1, since: null });
    assert.equal((await store.getSession('cs_held'))?.version, 2);

    // Another process's memory (a restart) knows only what was written.
    const restarted = await SqlStore.open(pgliteDatabase(pglite), { exclusive: true });
    assert.equal((await restarted.getSession('cs_held'))?.value.confirmingSince, null);

    const settled = { ...claimed, customerEmail: 'a@x.test' };
    assert.equal(await store.updateSession(settled, 2), 'ok');
    assert.deepEqual(await row('cs_held'), { version: 3, since: 7 });
    const later = await SqlStore.open(pgliteDatabase(pglite), { exclusive: true });
    assert.equal((await later.getSession('cs_held'))?.version, 3);
  });

  test('a provisional change waits for no write in flight: it is written instead, and one of the two wins', async () => {
    await store.insertSession(sampleSession('cs_flight'));
    const [written, held] = await Promise.all([
      store.updateSession({ ...sampleSession('cs_flight'), customerEmail: 'w@x.test' }, 1),
      store.updateSession({ ...sampleSession('cs_flight'), confirmingSince: 9 }, 1, {
        provisional: true,
      }),
    ]);
    assert.deepEqual([written, held].sort(), ['conflict', 'ok']);
    const stored = await store.getSession('cs_flight');
    assert.equal(stored?.version, 2);
    assert.deepEqual(await row('cs_flight'), {
      version: 2,
      since: stored?.value.confirmingSince ?? null,
    });
  });
});

describe('the read batcher', () => {
  test('answers the reads of one moment with one load per limit, and every reader its own copy', async () => {
    const loads: string[][] = [];
    const batcher = new ReadBatcher<{ key: string }>(async (keys) => {
      loads.push(keys);
      return new Map(keys.filter((key) => key !== 'missing').map((key) => [key, { key }]));
    }, 2);
    const reads = await Promise.all(['a', 'b', 'a', 'missing'].map((key) => batcher.read(key)));
    assert.deepEqual(loads, [['a', 'b'], ['missing']]);
    assert.deepEqual(reads, [{ key: 'a' }, { key: 'b' }, { key: 'a' }, null]);
    assert.notEqual(reads[0], reads[2]);
    assert.deepEqual(await batcher.read('c'), { key: 'c' });
    assert.deepEqual(loads.at(-1), ['c'], 'a later read is a new batch');
  });

  test('with no load out a read goes before the loop turns; with one out, reads gather until it does', async () => {
    const loads: { keys: string[]; loopTurned: boolean }[] = [];
    const answers: (() => void)[] = [];
    let loopTurned = false;
    const batcher = new ReadBatcher<string>((keys) => {
      loads.push({ keys, loopTurned });
      return new Promise((resolve) => {
        answers.push(() => resolve(new Map(keys.map((key) => [key, key]))));
      });
    });
    setImmediate(() => {
      loopTurned = true;
    });
    const first = batcher.read('a');
    await Promise.resolve();
    assert.deepEqual(loads, [{ keys: ['a'], loopTurned: false }]);
    const later = [batcher.read('b'), batcher.read('c')];
    await Promise.resolve();
    assert.equal(loads.length, 1, 'they wait while the first load is out');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(loads[1], { keys: ['b', 'c'], loopTurned: true });
    for (const answer of answers) answer();
    assert.deepEqual(await Promise.all([first, ...later]), ['a', 'b', 'c']);
  });

  test('a failed load fails each of its reads, and the next batch starts afresh', async () => {
    let fail = true;
    const batcher = new ReadBatcher<string>(async (keys) => {
      if (fail) throw new Error('database down');
      return new Map(keys.map((key) => [key, key]));
    });
    const reads = await Promise.allSettled([batcher.read('a'), batcher.read('b')]);
    assert.deepEqual(
      reads.map((read) => read.status),
      ['rejected', 'rejected'],
    );
    fail = false;
    assert.equal(await batcher.read('a'), 'a');
  });
});

describe('the write batcher', () => {
  test('makes the writes of one moment in one call per group, never two to one row in a call', async () => {
    const calls: string[][] = [];
    const batcher = new WriteBatcher<{ row: string; group: string }, string>(
      async (items) => {
        calls.push(items.map((item) => `${item.group}:${item.row}`));
        return items.map((item) => `wrote ${item.row}`);
      },
      (item) => item.row,
      (item) => item.group,
      3,
    );
    const items = [
      { row: 'a', group: 'x' },
      { row: 'b', group: 'x' },
      { row: 'a', group: 'x' },
      { row: 'a', group: 'y' },
      { row: 'c', group: 'x' },
      { row: 'd', group: 'x' },
    ];
    const results = await Promise.all(items.map((item) => batcher.submit(item)));
    assert.deepEqual(
      results,
      items.map((item) => `wrote ${item.row}`),
    );
    // Per group at most 3 rows, each once: the second 'a' and what passed the limit come after.
    assert.deepEqual(calls, [['x:a', 'x:b', 'x:c'], ['y:a'], ['x:a', 'x:d']]);
  });

  test('an item writing several rows shares a call with none of them', async () => {
    const calls: string[][] = [];
    const batcher = new WriteBatcher<string[], string>(
      async (items) => {
        calls.push(items.map((rows) => rows.join('+')));
        return items.map((rows) => rows.join('+'));
      },
      (rows) => rows,
    );
    await Promise.all(
      [
        ['a', 'k1'],
        ['b', 'k1'],
        ['c', 'k2'],
        ['a', 'k3'],
      ].map((rows) => batcher.submit(rows)),
    );
    assert.deepEqual(calls, [
      ['a+k1', 'c+k2'],
      ['b+k1', 'a+k3'],
    ]);
  });

  test('a failed call fails each of its writes, and the next call starts afresh', async () => {
    let fail = true;
    const batcher = new WriteBatcher<string, string>(
      async (rows) => {
        if (fail) throw new Error('database down');
        return rows;
      },
      (row) => row,
    );
    const writes = await Promise.allSettled([batcher.submit('a'), batcher.submit('b')]);
    assert.deepEqual(
      writes.map((write) => write.status),
      ['rejected', 'rejected'],
    );
    fail = false;
    assert.equal(await batcher.submit('a'), 'a');
  });
});

/**
 * Two endpoint processes on one shared database (PostgreSQL, or PGlite opened
 * as a shared database): `a` counts the statements it sends.
 */
async function twoProcesses(kind: 'pglite' | 'postgres') {
  const pool =
    kind === 'postgres' ? new pg.Pool({ connectionString: await freshDatabase() }) : null;
  const database = pool ? postgresDatabase(pool) : pgliteDatabase(await migratedPglite());
  const statements: string[] = [];
  const counted = await SqlStore.open({
    ...database,
    query: (sql, params) => {
      statements.push(sql.replace(/\s+/g, ' ').slice(0, 40));
      return database.query(sql, params);
    },
  });
  const other = await SqlStore.open(database);
  const a = makeEndpoint(counted);
  const b = makeEndpoint(other);
  b.clock.ms = a.clock.ms;
  return { a, b, statements, close: () => database.close() };
}

/** A session of two notebooks at 12.50 (1 to 10 adjustable): the session, its secret, its line. */
async function notebooks(endpoint: Endpoint, overrides: Record<string, unknown> = {}) {
  const created = (
    await endpoint.createSession({
      line_items: [
        {
          quantity: 2,
          adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 },
          price_data: { currency: 'usd', product: 'Notebook', unit_amount: 1250 },
        },
      ],
      ...overrides,
    })
  ).body;
  const secret = created.client_secret as string;
  const lineItem = (await endpoint.client(secret, 'GET', '')).body.line_items[0].id as string;
  return { created, secret, lineItem };
}

const claimAndWrite = 'WITH locked AS MATERIALIZED ( SELECT id ';
const outcomeWrite = 'WITH updated AS ( UPDATE checkout_sessio';
const readBySecret = 'SELECT CASE WHEN s.version = k.known THE';
const sessionWrite = 'UPDATE checkout_sessions SET data = $1, ';

for (const kind of ['pglite', 'postgres'] as const) {
  const skip = kind === 'postgres' ? postgresUnavailable() : null;
  describe(`client writes on a shared database (${kind})`, { skip: skip ?? false }, () => {
    test('the session reads of one turn of the loop go as one statement', async () => {
      const { a, b, statements, close } = await twoProcesses(kind);
      try {
        const first = (await b.createSession()).body.client_secret as string;
        const second = (await b.createSession()).body.client_secret as string;
        statements.length = 0;
        // Two callbacks of one phase of the loop, as two requests read in one
        // poll phase: microtasks run between them. (Immediates queued together
        // run in one check phase; two timers may fall a millisecond apart.)
        const replies = await new Promise<Promise<{ status: number }>[]>((done) => {
          const asked: Promise<{ status: number }>[] = [];
          setImmediate(() => asked.push(a.client(first, 'GET', '')));
          setImmediate(() => {
            asked.push(a.client(second, 'GET', ''));
            done(asked);
          });
        });
        assert.deepEqual(
          (await Promise.all(replies)).map((reply) => reply.status),
          [200, 200],
        );
        assert.deepEqual(statements, [readBySecret]);
      } finally {
        await close();
      }
    });

    test('two statements when this process wrote or read the session last: its key claimed with its session, the payment written; three when not', async () => {
      const { a, b, statements, close } = await twoProcesses(kind);
      try {
        const secret = (await a.createSession()).body.client_secret as string;
        statements.length = 0;
        const paid = await a.confirm(secret);
        assert.equal(paid.status, 200, JSON.stringify(paid.body));
        assert.equal(paid.body.session.payment_status, 'paid');
        assert.deepEqual(statements, [claimAndWrite, outcomeWrite]);

        // Created by the other process and never seen here: read first.
        const elsewhere = (await b.createSession()).body.client_secret as string;
        statements.length = 0;
        assert.equal((await a.confirm(elsewhere)).status, 200);
        assert.deepEqual(statements, [readBySecret, claimAndWrite, outcomeWrite]);
      } finally {
        await close();
      }
    });

    test('a session changed by another process since is confirmed as stored: the new total charged, the code checked', async () => {
      const { a, b, statements, close } = await twoProcesses(kind);
      try {
        const secret = (await a.createSession({ allow_promotion_codes: true })).body
          .client_secret as string;
        const code = await b.createPromotionCode({ code: 'TENOFF', percent_off: 10 });
        const applied = await b.applyCode(secret, code.code);
        assert.equal(applied.status, 200, JSON.stringify(applied.body));
        const discounted = applied.body.amount_total as number;
        assert.ok(discounted < (applied.body.amount_subtotal as number));

        statements.length = 0;
        const paid = await a.confirm(secret);
        assert.equal(paid.status, 200, JSON.stringify(paid.body));
        assert.equal(paid.body.session.amount_total, discounted);
        assert.equal(paid.body.session.payment_status, 'paid');
        // The held version lost its compare-and-set and wrote nothing; the key went back, and
        // the confirm began again from a read, checking the code. (The redeeming write is a
        // transaction, which this count does not see.)
        assert.deepEqual(statements, [
          claimAndWrite,
          'DELETE FROM idempotency_keys WHERE scope',
          readBySecret,
          'SELECT data, active, times_redeemed FROM',
          claimAndWrite,
        ]);
        const stored = await b.store.getSession(paid.body.session.id);
        assert.equal(stored?.value.payment?.status, 'succeeded');
        assert.equal(stored?.value.amountTotal, discounted);
        assert.equal((await b.store.getPromotionCode(code.id))?.times_redeemed, 1);
      } finally {
        await close();
      }
    });

    test('a session paid through another process: 409 session_complete, and the key stays free for a retry that gets the same', async () => {
      const { a, b, close } = await twoProcesses(kind);
      try {
        const secret = (await a.createSession()).body.client_secret as string;
        assert.equal((await b.confirm(secret)).status, 200);
        const key = crypto.randomUUID();
        for (const attempt of [1, 2]) {
          const again = await a.confirm(secret, {}, key);
          assert.equal(again.status, 409, `attempt ${attempt}: ${JSON.stringify(again.body)}`);
          assert.equal(again.body.error.code, 'session_complete');
        }
      } finally {
        await close();
      }
    });

    test('an update or a cancel of a session seen here is one statement; one changed elsewhere is read and changed as stored', async () => {
      const { a, b, statements, close } = await twoProcesses(kind);
      try {
        const { created, secret, lineItem } = await notebooks(a);

        statements.length = 0;
        const emailed = await a.update(secret, { email: 'ada@example.com' });
        assert.equal(emailed.status, 200, JSON.stringify(emailed.body));
        assert.deepEqual(statements, [sessionWrite]);

        // The other process changes the quantity; this one, still holding the version before, the email.
        assert.equal(
          (await b.update(secret, { line_items: [{ id: lineItem, quantity: 5 }] })).status,
          200,
        );
        statements.length = 0;
        const both = await a.update(secret, { email: 'grace@example.com' });
        assert.equal(both.status, 200, JSON.stringify(both.body));
        assert.equal(both.body.customer_email, 'grace@example.com');
        assert.equal(both.body.line_items[0].quantity, 5);
        assert.equal(both.body.amount_total, 5 * 1250);
        assert.deepEqual(statements, [sessionWrite, readBySecret, sessionWrite]);

        statements.length = 0;
        const canceled = await a.client(secret, 'POST', '/cancel');
        assert.equal(canceled.status, 200, JSON.stringify(canceled.body));
        assert.equal(canceled.body.status, 'canceled');
        assert.deepEqual(statements, [sessionWrite]);
        assert.equal((await b.store.getSession(created.id))?.value.status, 'canceled');
      } finally {
        await close();
      }
    });

    test('what a hint refuses is read before it is answered: a code whose minimum another process’s change met applies', async () => {
      const { a, b, statements, close } = await twoProcesses(kind);
      try {
        const { secret, lineItem } = await notebooks(a, { allow_promotion_codes: true });
        const code = await b.createPromotionCode({
          code: 'BIGORDER',
          percent_off: 10,
          restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' },
        });
        // Below the minimum here: refused, from a read (this process has seen nothing newer).
        const refused = await a.applyCode(secret, code.code);
        assert.equal(refused.status, 400, JSON.stringify(refused.body));

        assert.equal(
          (await b.update(secret, { line_items: [{ id: lineItem, quantity: 5 }] })).status,
          200,
        );
        statements.length = 0;
        const applied = await a.applyCode(secret, code.code);
        assert.equal(applied.status, 200, JSON.stringify(applied.body));
        assert.equal(applied.body.discount?.promotion_code, code.id);
        assert.equal(applied.body.amount_total, 5 * 1250 - 625);
        // The hint's subtotal missed the minimum; the refusal waited for a read, which met it.
        assert.equal(statements[0], 'SELECT data, active, times_redeemed FROM');
        assert.ok(statements.includes(readBySecret), JSON.stringify(statements));
      } finally {
        await close();
      }
    });

    test('a session past its expiry is read, not taken from memory: 409 session_expired', async () => {
      const { a, close } = await twoProcesses(kind);
      try {
        const created = (await a.createSession()).body;
        a.clock.ms = (created.expires_at as number) * 1000 + 1000;
        const late = await a.confirm(created.client_secret as string);
        assert.equal(late.status, 409, JSON.stringify(late.body));
        assert.equal(late.body.error.code, 'session_expired');
      } finally {
        await close();
      }
    });
  });
}

describe('lock order on a shared database (postgres)', {
  skip: postgresUnavailable() ?? false,
}, () => {
  test("a confirm's claim takes the session before its key, as a confirm's outcome does: a late outcome and a retry cannot deadlock", async () => {
    const pool = new pg.Pool({ connectionString: await freshDatabase() });
    const store = await SqlStore.open(postgresDatabase(pool));
    const late = await pool.connect();
    try {
      await store.insertSession(sampleSession('cs_lock'));
      const limits = { lifetimeSeconds: 600, leaseSeconds: 30 };
      // A confirm claimed its key at 100 and went quiet past its lease.
      await store.claimIdempotencyKey('confirm', 'k', 'f', 100, limits);
      // It wakes and writes its outcome: the session first…
      await late.query('BEGIN');
      await late.query("UPDATE checkout_sessions SET version = 2 WHERE id = 'cs_lock'");
      // …while a retry with the same key, at 200, claims the key with the session.
      const retry = store.updateSession(
        { ...sampleSession('cs_lock'), customerEmail: 'retry@x.test' },
        1,
        { claimKey: { scope: 'confirm', key: 'k', fingerprint: 'f', now: 200, ...limits } },
      );
      const waiting = async () =>
        Number(
          (
            await pool.query(
              "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
            )
          ).rows[0].n,
        );
      while ((await waiting()) === 0) await new Promise((wait) => setTimeout(wait, 10));
      // …then the key, to save its answer: had the retry taken the key first, this would deadlock.
      await late.query(
        "UPDATE idempotency_keys SET status = 200, body = '{}' WHERE scope = 'confirm' AND key = 'k'",
      );
      await late.query('COMMIT');
      // The retry finds the key answered: nothing written, the saved answer is its reply.
      assert.equal(await retry, 'key_taken');
      assert.equal((await store.getSession('cs_lock'))?.version, 2);
    } finally {
      late.release();
      await store.close();
    }
  });
});

describe('the exclusive store claims a new idempotency key without a read', () => {
  const limits = { lifetimeSeconds: 60, leaseSeconds: 30 };
  const answer = (key: string, claimedAt: number) => ({
    scope: 'confirm cs_k',
    key,
    fingerprint: 'f1',
    claimedAt,
    response: { status: 200, body: `{"key":"${key}"}` },
  });

  /** An exclusive store on `pglite`, and how many times it has read a key. */
  async function countingKeyReads(pglite: PGlite, options: SqlStoreOptions = {}) {
    const database = pgliteDatabase(pglite);
    let reads = 0;
    const store = await SqlStore.open(
      {
        ...database,
        query: (sql, params) => {
          if (/FROM idempotency_keys WHERE scope = \$1 AND key = \$2/.test(sql)) reads++;
          return database.query(sql, params);
        },
      },
      { exclusive: true, ...options },
    );
    return { store, keyReads: () => reads };
  }

  test('keys stored before it opened, and those it stores, are still read and replayed', async () => {
    const pglite = await migratedPglite();
    // A key stored by an earlier run of the store.
    const earlier = await SqlStore.open(pgliteDatabase(pglite), { exclusive: true });
    await earlier.claimIdempotencyKey('confirm cs_k', 'k-earlier', 'f1', 1000, limits);
    await earlier.saveIdempotentResponse(answer('k-earlier', 1000));
    const { store, keyReads } = await countingKeyReads(pglite);
    try {
      // Until the stored keys are read, every claim reads its key; then new ones stop.
      let fresh = 0;
      for (const deadline = Date.now() + 10_000; ; fresh++) {
        assert.ok(Date.now() < deadline, 'every new key was still read after 10 s');
        const before = keyReads();
        const claim = await store.claimIdempotencyKey(
          'confirm cs_k',
          `k-new-${fresh}`,
          'f1',
          1001,
          limits,
        );
        assert.deepEqual(claim, { state: 'claimed' });
        if (keyReads() === before) break;
      }
      const reads = keyReads();
      for (let index = 1; index <= 100; index++) {
        const claim = await store.claimIdempotencyKey(
          'confirm cs_k',
          `k-new-${fresh + index}`,
          'f1',
          1001,
          limits,
        );
        assert.deepEqual(claim, { state: 'claimed' });
      }
      assert.equal(keyReads(), reads, 'a new key was read');

      assert.deepEqual(
        await store.claimIdempotencyKey('confirm cs_k', 'k-earlier', 'f1', 1002, limits),
        {
          state: 'done',
          fingerprint: 'f1',
          response: { status: 200, body: '{"key":"k-earlier"}' },
        },
      );
      await store.saveIdempotentResponse(answer(`k-new-${fresh}`, 1001));
      assert.deepEqual(
        await store.claimIdempotencyKey('confirm cs_k', `k-new-${fresh}`, 'f1', 1003, limits),
        {
          state: 'done',
          fingerprint: 'f1',
          response: { status: 200, body: `{"key":"k-new-${fresh}"}` },
        },
      );
      assert.equal(keyReads(), reads + 2);
    } finally {
      await store.close();
    }
  });

  test('after a sweep, a filter filled again forgets the swept keys', async () => {
    const { store, keyReads } = await countingKeyReads(await migratedPglite(), {
      refillKeyFilterAfter: 3,
    });
    // Claims `key` and frees it again; whether that read the keys table.
    const claimReads = async (key: string, now: number) => {
      const before = keyReads();
      assert.equal((await store.claimIdempotencyKey('s', key, 'f1', now, limits)).state, 'claimed');
      await store.releaseIdempotencyKey('s', key, now);
      return keyReads() > before;
    };
    const untilNoRead = async (key: string, now: number) => {
      for (const deadline = Date.now() + 10_000; await claimReads(key, now); ) {
        assert.ok(Date.now() < deadline, `${key} was still read after 10 s`);
      }
    };
    try {
      await untilNoRead('k-fresh', 1000);
      for (const key of ['k1', 'k2', 'k3']) {
        await store.claimIdempotencyKey('s', key, 'f1', 1000, limits);
        await store.saveIdempotentResponse({ ...answer(key, 1000), scope: 's' });
      }
      const reads = keyReads();
      assert.equal((await store.claimIdempotencyKey('s', 'k1', 'f1', 1050, limits)).state, 'done');
      assert.equal(keyReads(), reads + 1, 'a stored key is read');
      assert.equal(await store.sweepIdempotencyKeys(1060, 100), 3);
      await untilNoRead('k2', 1071);
      assert.equal(await claimReads('k3', 1072), false, 'a swept key was read');
    } finally {
      await store.close();
    }
  });

  test('the key filter never forgets a key, and rarely claims one it was not given', () => {
    const filter = new KeyFilter();
    const given = Array.from(
      { length: 200_000 },
      () => `confirm cs_test\u0000${crypto.randomUUID()}`,
    );
    for (const id of given) filter.add(id);
    assert.equal(given.filter((id) => !filter.mightHold(id)).length, 0);
    let mistaken = 0;
    for (let index = 0; index < 100_000; index++) {
      if (filter.mightHold(`confirm cs_test\u0000${crypto.randomUUID()}`)) mistaken++;
    }
    // About 2 in 100,000 at this fill (2^23 bits, five probes).
    assert.ok(mistaken < 100, `${mistaken} of 100,000 new keys read as maybe held`);
  });
});

describe('the session cache', () => {
  test('never evicts a provisional change or a session being written', () => {
    const cache = new SessionCache(2);
    cache.remember(sampleSession('cs_1'), 1);
    cache.remember(sampleSession('cs_2'), 1);
    const claimed = { ...sampleSession('cs_1'), confirmingSince: 3 };
    assert.ok(cache.holdProvisionally(claimed, 1, JSON.stringify(claimed)));
    assert.equal(cache.startWrite('cs_2', 1), 1);
    cache.remember(sampleSession('cs_3'), 1);
    assert.equal(cache.get('cs_1')?.version, 2);
    assert.equal(cache.get('cs_2')?.version, 1);
    assert.equal(cache.get('cs_3'), undefined, 'the only entry the database can answer goes');
    cache.endWrite('cs_2');
    cache.remember(sampleSession('cs_4'), 1);
    assert.equal(cache.get('cs_2'), undefined);
    assert.equal(cache.startWrite('cs_1', 1), 'conflict', 'memory knows version 2');
    assert.equal(cache.startWrite('cs_1', 2), 1, 'the row is still at version 1');
  });

  test('a read is a use: the sessions being read stay while new ones push others out', () => {
    const cache = new SessionCache(2);
    cache.remember(sampleSession('cs_read'), 1);
    cache.remember(sampleSession('cs_idle'), 1);
    assert.equal(cache.versionBySecret(sampleSession('cs_read').clientSecret), 1);
    cache.remember(sampleSession('cs_new'), 1);
    assert.equal(cache.get('cs_read')?.version, 1);
    assert.equal(cache.get('cs_idle'), undefined);
  });

  test('what a read found is kept only when no write could have landed after it', () => {
    const json = (session: SessionRecord) => JSON.stringify(session);
    const read = sampleSession('cs_r');
    const cache = new SessionCache(2);

    // Nothing happened while the read was out: kept.
    let mark = cache.readMark();
    cache.rememberRead(mark, read, 3, json(read));
    assert.equal(cache.get('cs_r')?.version, 3);

    // A newer version is here already: left as it is.
    const newer = { ...read, customerEmail: 'n@x.test' };
    cache.remember(newer, 5, json(newer));
    cache.rememberRead(cache.readMark(), read, 4, json(read));
    assert.equal(cache.get('cs_r')?.version, 5);

    // A write of it is out: not kept.
    const other = sampleSession('cs_w');
    assert.equal(cache.startWrite('cs_w', 1), undefined);
    cache.rememberRead(cache.readMark(), other, 1, json(other));
    assert.equal(cache.get('cs_w'), undefined);
    cache.endWrite('cs_w');

    // A write landed after the read's snapshot, and was then pushed out: not kept.
    mark = cache.readMark();
    cache.remember(other, 2);
    cache.remember(sampleSession('cs_x'), 1);
    cache.remember(sampleSession('cs_y'), 1);
    assert.equal(cache.get('cs_w'), undefined, 'pushed out');
    cache.rememberRead(mark, other, 1, json(other));
    assert.equal(cache.get('cs_w'), undefined, 'version 1 would be stale');
  });
});

describe('the exclusive store keeps the sessions it reads', () => {
  /** An exclusive store holding two sessions, and how many times it has read one. */
  async function countingSessionReads() {
    const database = pgliteDatabase(await migratedPglite());
    let reads = 0;
    const store = await SqlStore.open(
      {
        ...database,
        query: (sql, params) => {
          if (/^\s*SELECT .*FROM (\(VALUES .*\) AS k .*JOIN )?checkout_sessions/s.test(sql))
            reads++;
          return database.query(sql, params);
        },
      },
      { exclusive: true, cachedSessions: 2 },
    );
    return { store, sessionReads: () => reads };
  }

  test('a session pushed out of memory is read once, then answered from memory again', async () => {
    const { store, sessionReads } = await countingSessionReads();
    try {
      const first = sampleSession('cs_out');
      await store.insertSession(first);
      await store.insertSession(sampleSession('cs_b'));
      await store.insertSession(sampleSession('cs_c'));
      assert.equal(sessionReads(), 0);

      assert.equal(
        await store.findChangedSessionByClientSecret(first.clientSecret, 1).then(version),
        1,
      );
      assert.equal(sessionReads(), 1, 'pushed out: read from the database');
      assert.equal(
        await store.findChangedSessionByClientSecret(first.clientSecret, 1),
        'unchanged',
      );
      assert.equal((await store.findSessionByClientSecret(first.clientSecret))?.version, 1);
      assert.equal((await store.getSession('cs_out'))?.version, 1);
      assert.equal(sessionReads(), 1, 'answered from memory');

      // Read by id too, and writes still go through it.
      await store.insertSession(sampleSession('cs_d'));
      await store.insertSession(sampleSession('cs_e'));
      assert.equal((await store.getSession('cs_b'))?.version, 1);
      assert.equal(sessionReads(), 2);
      const updated = { ...sampleSession('cs_b'), customerEmail: 'b@x.test' };
      assert.equal(await store.updateSession(updated, 1), 'ok');
      assert.equal((await store.getSession('cs_b'))?.value.customerEmail, 'b@x.test');
      assert.equal(sessionReads(), 2);
    } finally {
      await store.close();
    }
  });

  test('with sessions coming and going, every read answers the latest version: a random sequence of reads, writes and races', async () => {
    const pglite = await migratedPglite();
    type Op =
      | { op: 'insert' }
      | { op: 'read'; which: number; how: 'id' | 'secret' | 'changed' }
      | { op: 'update'; which: number; stale: boolean }
      | { op: 'hold'; which: number }
      | { op: 'race'; which: number; other: number };
    const which = fc.nat(5);
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constant({ op: 'insert' as const }),
      fc.record({
        op: fc.constant('read' as const),
        which,
        how: fc.constantFrom('id' as const, 'secret' as const, 'changed' as const),
      }),
      fc.record({ op: fc.constant('update' as const), which, stale: fc.boolean() }),
      fc.record({ op: fc.constant('hold' as const), which }),
      fc.record({ op: fc.constant('race' as const), which, other: which }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 40 }), async (ops) => {
        run++;
        // One exclusive store at a time uses these sessions, as one process would.
        const store = await SqlStore.open(pgliteDatabase(pglite), {
          exclusive: true,
          cachedSessions: 2,
        });
        // `written`: the version the database surely has; a provisional change may be only in memory.
        const model: { session: SessionRecord; version: number; written: number }[] = [];
        let edits = 0;
        const edited = (index: number) => ({
          ...model[index]!.session,
          customerEmail: `e${++edits}@x.test`,
        });
        for (const step of ops) {
          const index = step.op === 'insert' || !model.length ? -1 : step.which % model.length;
          if (index < 0) {
            const session = sampleSession(`cs_m${run}_${model.length}`);
            await store.insertSession(session);
            model.push({ session, version: 1, written: 1 });
            continue;
          }
          const known = model[index]!;
          if (step.op === 'read') {
            const read =
              step.how === 'id'
                ? await store.getSession(known.session.id)
                : step.how === 'secret'
                  ? await store.findSessionByClientSecret(known.session.clientSecret)
                  : await store.findChangedSessionByClientSecret(known.session.clientSecret, 1);
            if (read === 'unchanged') assert.equal(known.version, 1);
            else {
              assert.equal(read?.version, known.version);
              assert.equal(read?.value.customerEmail, known.session.customerEmail);
            }
          } else if (step.op === 'update' || step.op === 'hold') {
            const stale = step.op === 'update' && step.stale && known.version > 1;
            const next = edited(index);
            const result = await store.updateSession(
              next,
              stale ? known.version - 1 : known.version,
              { provisional: step.op === 'hold' },
            );
            assert.equal(result, stale ? 'conflict' : 'ok');
            if (!stale) {
              const version = known.version + 1;
              const written = step.op === 'hold' ? known.written : version;
              model[index] = { session: next, version, written };
            }
          } else if (step.op === 'race') {
            // Two writes of one session at once, with reads of it and another beside them.
            const other = model[step.other % model.length]!;
            const first = edited(index);
            const second = edited(index);
            const [, a, , b] = await Promise.all([
              store.findSessionByClientSecret(known.session.clientSecret),
              store.updateSession(first, known.version),
              store.getSession(other.session.id),
              store.updateSession(second, known.version, { provisional: true }),
            ]);
            assert.deepEqual([a, b].sort(), ['conflict', 'ok']);
            const version = known.version + 1;
            model[index] =
              a === 'ok'
                ? { session: first, version, written: version }
                : { session: second, version, written: known.written };
          }
          // After each step, every session reads as the model has it, by id and by secret.
          for (const { session, version } of model) {
            const byId = await store.getSession(session.id);
            const bySecret = await store.findSessionByClientSecret(session.clientSecret);
            assert.deepEqual(
              [byId?.version, byId?.value.customerEmail, bySecret?.version],
              [version, session.customerEmail, version],
            );
          }
        }
        // A restart (another store) reads what reached the database: every write, and no more.
        const restarted = await SqlStore.open(pgliteDatabase(pglite), { exclusive: true });
        for (const { session, version, written } of model) {
          const row = await restarted.getSession(session.id);
          assert.ok(row && row.version >= written && row.version <= version, session.id);
        }
      }),
      { numRuns: 30, seed: 7, endOnFailure: true },
    );
    await pglite.close();
  });

  test('the sessions being read stay in memory while new ones come', async () => {
    const { store, sessionReads } = await countingSessionReads();
    try {
      const read = sampleSession('cs_polled');
      await store.insertSession(read);
      for (const id of ['cs_1', 'cs_2', 'cs_3', 'cs_4']) {
        assert.equal(
          await store.findChangedSessionByClientSecret(read.clientSecret, 1),
          'unchanged',
        );
        await store.insertSession(sampleSession(id));
      }
      assert.equal(sessionReads(), 0);
    } finally {
      await store.close();
    }
  });
});

/** The version of a read's answer, or what it was instead. */
function version(read: Versioned<SessionRecord> | 'unchanged' | null): number | string | null {
  return read === null || read === 'unchanged' ? read : read.version;
}

async function filesUnder(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir)) {
    const path = join(dir, entry);
    if ((await stat(path)).isDirectory()) files.push(...(await filesUnder(path)));
    else files.push(path);
  }
  return files;
}

for (const kind of ['pglite', 'postgres'] as const) {
  const skip = kind === 'postgres' ? postgresUnavailable() : null;
  describe(`query plans (${kind})`, { skip: skip ?? false }, () => {
    let db: SqlDatabase;
    before(async () => {
      if (kind === 'pglite') {
        db = pgliteDatabase(await migratedPglite());
      } else {
        db = postgresDatabase(new pg.Pool({ connectionString: await freshDatabase() }));
      }
      await SqlStore.open(db);
      // 20k sessions, half open and half complete, so the planner weighs an index against a scan.
      await db.query(
        `INSERT INTO checkout_sessions (id, client_secret, version, data, created_at)
         SELECT 'cs_plan_' || g, 'secret_' || g, 1, jsonb_build_object(
           'status', CASE WHEN g % 2 = 0 THEN 'open' ELSE 'complete' END,
           'expiresAt', 1900000000 + g,
           'customer', 'cus_' || g,
           'customerEmail', 'buyer' || g || '@example.com',
           'customerDetails', jsonb_build_object('email', 'Payer' || g || '@example.com')),
           g
         FROM generate_series(1, 20000) AS g`,
      );
      await db.query('ANALYZE checkout_sessions');
    });
    after(() => db.close());

    async function plan(sql: string, params: unknown[]): Promise<string> {
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    }

    test('the worker’s due-sessions query reads its index, not every row', async () => {
      const text = await plan(dueSessionsQuery, [1900000100, 20]);
      assert.match(text, /Index Scan using checkout_sessions_due/, text);
      assert.doesNotMatch(text, /Seq Scan/, text);
    });

    test('the first-purchase check reads its indexes, not every row', async () => {
      const text = await plan(firstPurchaseQuery, ['cus_7', 'PAYER9@example.com']);
      assert.match(text, /checkout_sessions_complete_customer/, text);
      assert.match(text, /checkout_sessions_complete_email/, text);
      assert.match(text, /checkout_sessions_complete_prefilled_email/, text);
      assert.doesNotMatch(text, /Seq Scan/, text);
      // And it still answers: by customer, by either email in any case, and no to a stranger.
      const found = async (customer: string | null, email: string | null) =>
        (await db.query(firstPurchaseQuery, [customer, email])).rows.length > 0;
      assert.equal(await found('cus_7', null), true);
      assert.equal(await found(null, 'PAYER9@example.com'), true);
      assert.equal(await found(null, 'buyer11@EXAMPLE.com'), true);
      assert.equal(await found('cus_8', 'buyer8@example.com'), false);
    });
  });
}
