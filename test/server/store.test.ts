import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SessionRecord } from '../../src/server/sessions/session.js';
import { openPgliteStore } from '../../src/server/store/pglite-store.js';
import type { CheckoutStore } from '../../src/server/store/store.js';
import { makeEndpoint, openStore, type StoreKind } from '../support/endpoint.js';

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
    customerDetails: null,
    created: 1,
    expiresAt: 2,
    closedAt: null,
    paymentIntent: null,
    payment: null,
    confirmingSince: null,
  };
}

for (const kind of ['memory', 'pglite'] as StoreKind[]) {
  describe(`store contract (${kind})`, () => {
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

    test('updates are compare-and-set on the version', async () => {
      await store.insertSession(sampleSession('cs_b'));
      const next = { ...sampleSession('cs_b'), status: 'complete' as const };
      assert.equal(await store.updateSession(next, 1), true);
      assert.equal(await store.updateSession({ ...next, status: 'expired' }, 1), false);
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
      assert.equal(results.filter(Boolean).length, 1);
    });

    test('payments are written with the session update, or not at all', async () => {
      await store.insertSession(sampleSession('cs_d'));
      const payment = {
        id: 'py_1',
        sessionId: 'cs_d',
        amount: 100,
        currency: 'usd',
        created: 1,
        brand: 'visa',
        last4: '4242',
        status: 'succeeded' as const,
        error: null,
      };
      assert.equal(await store.updateSession(sampleSession('cs_d'), 7, [payment]), false);
      assert.deepEqual(await store.listPayments('cs_d'), []);
      assert.equal(await store.updateSession(sampleSession('cs_d'), 1, [payment]), true);
      assert.deepEqual(await store.listPayments('cs_d'), [payment]);
    });

    test('idempotency keys: claim once, replay when done, free again after release or expiry', async () => {
      assert.deepEqual(await store.claimIdempotencyKey('s', 'k', 'f1', 1000, 60), {
        state: 'claimed',
      });
      assert.deepEqual(await store.claimIdempotencyKey('s', 'k', 'f1', 1001, 60), {
        state: 'in_progress',
        fingerprint: 'f1',
      });
      await store.saveIdempotentResponse('s', 'k', { status: 200, body: '{"ok":true}' });
      assert.deepEqual(await store.claimIdempotencyKey('s', 'k', 'f2', 1002, 60), {
        state: 'done',
        fingerprint: 'f1',
        response: { status: 200, body: '{"ok":true}' },
      });
      assert.deepEqual(await store.claimIdempotencyKey('other', 'k', 'f1', 1002, 60), {
        state: 'claimed',
      });
      assert.deepEqual(await store.claimIdempotencyKey('s', 'k', 'f3', 1061, 60), {
        state: 'claimed',
      });
      await store.releaseIdempotencyKey('s', 'k');
      assert.deepEqual(await store.claimIdempotencyKey('s', 'k', 'f4', 1062, 60), {
        state: 'claimed',
      });
    });

    test('of racing claims on one key exactly one wins', async () => {
      const claims = await Promise.all(
        Array.from({ length: 6 }, () => store.claimIdempotencyKey('race', 'k', 'f', 5, 60)),
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
    const { body } = await endpoint.createSession();
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

async function filesUnder(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir)) {
    const path = join(dir, entry);
    if ((await stat(path)).isDirectory()) files.push(...(await filesUnder(path)));
    else files.push(path);
  }
  return files;
}
