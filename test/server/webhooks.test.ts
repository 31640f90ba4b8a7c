import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { readConfig } from '../../src/server/config.js';
import type { CheckoutStore } from '../../src/server/store/store.js';
import type { OutboxEntry, WebhookEvent } from '../../src/server/webhooks/event.js';
import {
  signWebhook,
  verifyWebhook,
  WebhookVerificationError,
} from '../../src/server/webhooks/signature.js';
import {
  retryDelay,
  WebhookWorker,
  type WebhookWorkerOptions,
} from '../../src/server/webhooks/worker.js';
import {
  cryptoCheckoutExample,
  type Endpoint,
  makeEndpoint,
  openStore,
  type StoreKind,
  secretKey,
} from '../support/endpoint.js';

/**
 * Signed webhooks: the signature and its checks, the events each session
 * change queues, and delivery from the outbox to a real receiver on
 * 127.0.0.1, with retries driven by the endpoint's clock rather than sleeps.
 */

const webhookSecret = 'whsec_test_0123456789abcdef';
const cardNumber = '4242424242424242';

async function rejects(
  promise: Promise<unknown>,
  reason: WebhookVerificationError['reason'],
  message?: RegExp,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof WebhookVerificationError, String(error));
    assert.equal(error.reason, reason);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('signWebhook and verifyWebhook', () => {
  const payload = JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type: 'checkout.session.completed',
    created: 1_763_726_400,
    livemode: false,
    data: { object: { id: 'cs_test_1', metadata: { order_id: '6735' } } },
  });
  const t = 1_763_726_400;
  const at = (seconds: number) => () => seconds * 1000;

  test('the header is t=<seconds>,v1=<hex HMAC-SHA256 of "t.payload">', async () => {
    const header = await signWebhook(payload, webhookSecret, t);
    assert.match(header, /^t=1763726400,v1=[0-9a-f]{64}$/);
    // Independent of the implementation: Node's own HMAC over the documented string.
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', webhookSecret).update(`${t}.${payload}`).digest('hex');
    assert.equal(header, `t=${t},v1=${expected}`);
  });

  test('a signed payload verifies and comes back as the event', async () => {
    const header = await signWebhook(payload, webhookSecret, t);
    const event = await verifyWebhook(payload, header, webhookSecret, { now: at(t + 10) });
    assert.equal(event.id, 'evt_1');
    assert.deepEqual(event.data.object.metadata, { order_id: '6735' });
  });

  test('a tampered body fails', async () => {
    const header = await signWebhook(payload, webhookSecret, t);
    const tampered = payload.replace('6735', '6736');
    await rejects(verifyWebhook(tampered, header, webhookSecret, { now: at(t) }), 'bad_signature');
    // Even whitespace counts: the raw body is what is signed.
    await rejects(
      verifyWebhook(`${payload} `, header, webhookSecret, { now: at(t) }),
      'bad_signature',
    );
  });

  test('another secret fails; a changed timestamp fails', async () => {
    const header = await signWebhook(payload, webhookSecret, t);
    await rejects(
      verifyWebhook(payload, header, 'whsec_test_someone_else_entirely', { now: at(t) }),
      'bad_signature',
      /secret/,
    );
    const moved = header.replace(`t=${t}`, `t=${t + 1}`);
    await rejects(verifyWebhook(payload, moved, webhookSecret, { now: at(t) }), 'bad_signature');
  });

  test('stale and future timestamps beyond the tolerance fail', async () => {
    const header = await signWebhook(payload, webhookSecret, t);
    // At the edge of the default 300 s it still passes, either way.
    await verifyWebhook(payload, header, webhookSecret, { now: at(t + 300) });
    await verifyWebhook(payload, header, webhookSecret, { now: at(t - 300) });
    await rejects(
      verifyWebhook(payload, header, webhookSecret, { now: at(t + 301) }),
      'timestamp_out_of_tolerance',
      /301 s old/,
    );
    await rejects(
      verifyWebhook(payload, header, webhookSecret, { now: at(t - 301) }),
      'timestamp_out_of_tolerance',
      /future/,
    );
    await rejects(
      verifyWebhook(payload, header, webhookSecret, { now: at(t + 61), toleranceSeconds: 60 }),
      'timestamp_out_of_tolerance',
    );
  });

  test('a missing or malformed header fails with a reason', async () => {
    const now = { now: at(t) };
    const v1 = (await signWebhook(payload, webhookSecret, t)).split(',')[1]!;
    await rejects(verifyWebhook(payload, null, webhookSecret, now), 'missing_header');
    await rejects(verifyWebhook(payload, '  ', webhookSecret, now), 'missing_header');
    for (const header of [
      'garbage',
      v1,
      `t=${t}`,
      `t=${t},v1=abc`,
      `t=soon,${v1}`,
      `t=${t},t=${t},${v1}`,
      `t=${t},v1=${'g'.repeat(64)}`,
    ]) {
      await rejects(verifyWebhook(payload, header, webhookSecret, now), 'malformed_header');
    }
  });

  test('several v1 signatures (a secret being rotated): one match is enough', async () => {
    const oldHeader = await signWebhook(payload, 'whsec_test_old_secret_00000', t);
    const newHeader = await signWebhook(payload, webhookSecret, t);
    const both = `${oldHeader},${newHeader.split(',')[1]}`;
    await verifyWebhook(payload, both, webhookSecret, { now: at(t) });
    // A receiver that holds both secrets accepts a delivery signed with either.
    await verifyWebhook(payload, oldHeader, ['whsec_test_old_secret_00000', webhookSecret], {
      now: at(t),
    });
    await rejects(
      verifyWebhook(payload, oldHeader, webhookSecret, { now: at(t) }),
      'bad_signature',
    );
  });

  test('a signed body that is not an event fails', async () => {
    const header = await signWebhook('not json', webhookSecret, t);
    await rejects(
      verifyWebhook('not json', header, webhookSecret, { now: at(t) }),
      'invalid_payload',
    );
  });
});

describe('retry schedule', () => {
  test('doubles from 5 s and stops growing at an hour', () => {
    const delays = [1, 2, 3, 4, 10, 11, 12, 500].map((attempts) => retryDelay(attempts));
    assert.deepEqual(
      delays,
      [5_000, 10_000, 20_000, 40_000, 2_560_000, 3_600_000, 3_600_000, 3_600_000],
    );
    assert.equal(retryDelay(3, 100, 250), 250);
  });
});

describe('webhook configuration', () => {
  const base = { PORT: '0', CHECKOUT_LOG_LEVEL: 'warn', CHECKOUT_DATA_DIR: '/tmp/unused' };

  test('both variables or neither', () => {
    assert.equal(readConfig(base).webhooks, null);
    assert.equal(
      readConfig({ ...base, CHECKOUT_WEBHOOK_URL: '', CHECKOUT_WEBHOOK_SECRET: ' ' }).webhooks,
      null,
    );
    assert.deepEqual(
      readConfig({
        ...base,
        CHECKOUT_WEBHOOK_URL: 'https://shop.example/hooks',
        CHECKOUT_WEBHOOK_SECRET: webhookSecret,
      }).webhooks,
      { url: 'https://shop.example/hooks', secret: webhookSecret },
    );
    assert.throws(
      () => readConfig({ ...base, CHECKOUT_WEBHOOK_URL: 'https://shop.example/hooks' }),
      /CHECKOUT_WEBHOOK_SECRET is not/,
    );
    assert.throws(
      () => readConfig({ ...base, CHECKOUT_WEBHOOK_SECRET: webhookSecret }),
      /CHECKOUT_WEBHOOK_URL is not/,
    );
  });

  test('the URL is absolute http(s) and the secret at least 16 characters', () => {
    const env = (url: string, secret: string) => ({
      ...base,
      CHECKOUT_WEBHOOK_URL: url,
      CHECKOUT_WEBHOOK_SECRET: secret,
    });
    assert.throws(() => readConfig(env('/hooks', webhookSecret)), /absolute http\(s\) URL/);
    assert.throws(() => readConfig(env('ftp://shop.example/', webhookSecret)), /http\(s\)/);
    assert.throws(
      () => readConfig(env('https://shop.example/', 'short_secret')),
      (error: Error) =>
        /at least 16/.test(error.message) && !error.message.includes('short_secret'),
    );
  });

  test('a worker refuses settings it could not work with', async () => {
    const store = await openStore('memory');
    const options = { store, secretKey };
    assert.throws(() => new WebhookWorker(options), /webhooks/);
    assert.throws(
      () => new WebhookWorker({ ...options, webhooks: { url: '/hooks', secret: webhookSecret } }),
      /absolute/,
    );
    assert.throws(
      () =>
        new WebhookWorker(
          { ...options, webhooks: { url: 'http://127.0.0.1:1/', secret: webhookSecret } },
          { requestTimeoutMs: 5_000, leaseMs: 5_000 },
        ),
      /lease/,
    );
    for (const concurrency of [0, 1.5]) {
      assert.throws(
        () =>
          new WebhookWorker(
            { ...options, webhooks: { url: 'http://127.0.0.1:1/', secret: webhookSecret } },
            { concurrency },
          ),
        /concurrency must be a positive integer/,
      );
    }
  });

  test('CHECKOUT_WEBHOOK_CONCURRENCY is a whole number from 1 to 1000', () => {
    const concurrency = (value?: string) =>
      readConfig({ ...base, CHECKOUT_WEBHOOK_CONCURRENCY: value }).webhookWorker?.concurrency;
    assert.equal(concurrency(), undefined, "unset: the worker's default");
    assert.equal(concurrency(' '), undefined);
    assert.equal(concurrency('1'), 1);
    assert.equal(concurrency(' 16 '), 16);
    assert.equal(concurrency('1000'), 1000);
    for (const bad of ['0', '-2', '2.5', 'eight', '1001']) {
      assert.throws(
        () => concurrency(bad),
        (error: Error) =>
          error.message ===
          `CHECKOUT_WEBHOOK_CONCURRENCY must be a whole number from 1 to 1000; got '${bad}'.`,
      );
    }
  });
});

/** One received delivery. */
interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  /** When it arrived (`Date.now()`). */
  at: number;
}

/**
 * A merchant's receiver on 127.0.0.1. `answer` gives the status for the nth
 * request (1-based), a promise of it to answer later, or 'hang' to never answer.
 */
async function startReceiver(
  answer: (n: number, body: string) => number | Promise<number> | 'hang' = () => 200,
) {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      deliveries.push({ headers: request.headers, body, at: Date.now() });
      const status = answer(deliveries.length, body);
      if (status !== 'hang')
        void Promise.resolve(status).then((code) => response.writeHead(code).end());
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    deliveries,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Resolves once `ready` holds, checked every 10 ms; fails after `ms`. */
async function waitFor(ready: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    assert.ok(Date.now() < deadline, `not within ${ms} ms: ${ready}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

/** A session that completes with a 4242 card; returns its id. */
async function completeSession(
  endpoint: Endpoint,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const { body } = await endpoint.createSession(overrides);
  const paid = await endpoint.confirm(body.client_secret);
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  return body.id;
}

/** Every property name in `value`, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, inner]) => [name, ...keysOf(inner)]);
}

/** The outbox entries about one session, oldest first. */
async function entriesFor(store: CheckoutStore, sessionId: string): Promise<OutboxEntry[]> {
  return (await store.listWebhooks(1000))
    .filter((entry) => entry.event.data.object.id === sessionId)
    .reverse();
}

for (const kind of ['memory', 'pglite'] as StoreKind[]) {
  describe(`webhook events are queued with their change (${kind} store)`, () => {
    let store: CheckoutStore;
    let endpoint: Endpoint;
    const webhooks = { url: 'http://127.0.0.1:9/never-called', secret: webhookSecret };

    before(async () => {
      store = await openStore(kind);
      endpoint = makeEndpoint(store, { webhooks });
    });
    after(() => store.close());

    const only = async (sessionId: string): Promise<WebhookEvent> => {
      const entries = await entriesFor(store, sessionId);
      assert.equal(entries.length, 1, JSON.stringify(entries));
      return entries[0]!.event;
    };

    test('completed: with the metadata, and no client secret or card data', async () => {
      const { body } = await endpoint.createSession();
      await endpoint.update(body.client_secret, {});
      assert.deepEqual(await entriesFor(store, body.id), [], 'an update queues nothing');
      const paid = await endpoint.confirm(body.client_secret);
      assert.equal(paid.status, 200);

      const event = await only(body.id);
      assert.match(event.id, /^evt_/);
      assert.equal(event.object, 'event');
      assert.equal(event.type, 'checkout.session.completed');
      assert.equal(event.livemode, false);
      assert.equal(event.created, Math.floor(endpoint.clock.ms / 1000));
      const session = event.data.object as Record<string, any>;
      assert.equal(session.status, 'complete');
      assert.equal(session.payment_status, 'paid');
      assert.deepEqual(session.metadata, { order_id: '6735' });
      assert.equal(session.client_reference_id, 'order-6735');
      assert.equal(session.amount_total, 2800);
      assert.equal(session.customer_details.email, 'ada@example.com');
      assert.deepEqual(
        session.line_items.map((line: any) => [line.name, line.quantity]),
        [
          ['Notebook', 2],
          ['Pen', 1],
        ],
      );
      assert.equal(session.payment.last4, '4242');
      const text = JSON.stringify(event);
      assert.ok(!text.includes(body.client_secret), 'the event holds the client secret');
      assert.ok(!text.includes(cardNumber), 'the event holds the card number');
      // By name, not by text: the random ids in an event (`li_…CCvc`) may spell either word.
      const names = keysOf(event).filter((name) => /cvc|secret/i.test(name));
      assert.deepEqual(names, [], 'no field holds a security code or a secret');
    });

    test('payment_failed on a decline, then completed when the next card works', async () => {
      const { body } = await endpoint.createSession({ metadata: { order_id: 'decline-1' } });
      const declined = await endpoint.confirm(body.client_secret, { number: '4000000000000002' });
      assert.equal(declined.status, 402);
      const failed = await only(body.id);
      assert.equal(failed.type, 'checkout.session.payment_failed');
      const session = failed.data.object as Record<string, any>;
      assert.equal(session.status, 'open');
      assert.equal(session.payment.error.code, 'card_declined');
      assert.deepEqual(session.metadata, { order_id: 'decline-1' });

      assert.equal((await endpoint.confirm(body.client_secret)).status, 200);
      const entries = await entriesFor(store, body.id);
      assert.deepEqual(
        entries.map((entry) => entry.event.type),
        ['checkout.session.payment_failed', 'checkout.session.completed'],
      );
      assert.notEqual(entries[0]!.event.id, entries[1]!.event.id);
    });

    test('canceled by the customer, once however often it is repeated', async () => {
      const { body } = await endpoint.createSession({ metadata: { order_id: 'cancel-1' } });
      assert.equal((await endpoint.client(body.client_secret, 'POST', '/cancel')).status, 200);
      assert.equal((await endpoint.client(body.client_secret, 'POST', '/cancel')).status, 200);
      const event = await only(body.id);
      assert.equal(event.type, 'checkout.session.canceled');
      assert.deepEqual(event.data.object.metadata, { order_id: 'cancel-1' });
    });

    test('expired by the merchant', async () => {
      const { body } = await endpoint.createSession({ metadata: { order_id: 'expire-1' } });
      const reply = await endpoint.merchant('POST', `/v1/checkout_sessions/${body.id}/expire`);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const event = await only(body.id);
      assert.equal(event.type, 'checkout.session.expired');
      assert.equal(event.data.object.status, 'expired');
      assert.deepEqual(event.data.object.metadata, { order_id: 'expire-1' });
    });

    test('GET /v1/webhook_events lists them newest first with their delivery state', async () => {
      const unauthenticated = await endpoint.call('/v1/webhook_events');
      assert.equal(unauthenticated.status, 401);

      // Changes within one second still list in the order they happened.
      const [oldest, first, second] = [
        await endpoint.createSession(),
        await endpoint.createSession(),
        await endpoint.createSession(),
      ];
      for (const { body } of [oldest, first, second]) {
        await endpoint.client(body.client_secret, 'POST', '/cancel');
      }

      const reply = await endpoint.merchant('GET', '/v1/webhook_events?limit=2');
      assert.equal(reply.status, 200);
      assert.equal(reply.body.object, 'list');
      assert.equal(reply.body.has_more, true);
      assert.deepEqual(
        reply.body.data.map((event: any) => event.data.object.id),
        [second.body.id, first.body.id],
      );
      const [latest] = reply.body.data;
      assert.equal(latest.type, 'checkout.session.canceled');
      assert.deepEqual(latest.delivery, {
        status: 'pending',
        attempts: 0,
        next_attempt_at: Math.floor(endpoint.clock.ms / 1000),
        delivered_at: null,
        last_error: null,
      });
      const bad = await endpoint.merchant('GET', '/v1/webhook_events?limit=0');
      assert.equal(bad.status, 400);
    });

    test('none are queued when no webhook URL is configured', async () => {
      const plain = makeEndpoint(store);
      const paid = await completeSession(plain);
      const { body } = await plain.createSession();
      await plain.client(body.client_secret, 'POST', '/cancel');
      assert.deepEqual(await entriesFor(store, paid), []);
      assert.deepEqual(await entriesFor(store, body.id), []);
    });

    test('a crypto transfer completes once confirmed, settled by the worker', async () => {
      const created = await endpoint.call('/api/v1/checkout', {
        method: 'POST',
        headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...cryptoCheckoutExample, allowedAssets: ['USDC'] }),
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const id = created.body.id as string;
      const simulated = await endpoint.call(`/api/v1/checkout/${id}/simulate-payment`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${secretKey}` },
      });
      assert.equal(simulated.status, 200, JSON.stringify(simulated.body));
      const worker = new WebhookWorker(
        { store, secretKey, webhooks, now: () => endpoint.clock.ms },
        { fetch: async () => new Response(null, { status: 200 }) },
      );
      await worker.runOnce();
      assert.deepEqual(await entriesFor(store, id), [], 'nothing before the confirmations');

      endpoint.clock.ms += 6_000;
      assert.ok((await worker.runOnce()).settled >= 1);
      const event = await only(id);
      assert.equal(event.type, 'checkout.session.completed');
      assert.deepEqual(event.data.object.metadata, cryptoCheckoutExample.metadata);
      assert.equal(event.data.object.api, 'crypto');
    });

    // Last in this group: moving the clock a day expires every open session in the store.
    test('expiry by time is settled by the worker, with no one reading the session', async () => {
      const { body } = await endpoint.createSession({ metadata: { order_id: 'late-1' } });
      const sent: string[] = [];
      const worker = new WebhookWorker(
        { store, secretKey, webhooks, now: () => endpoint.clock.ms },
        {
          fetch: async (_url, init) => {
            sent.push(String(init?.body));
            return new Response(null, { status: 204 });
          },
        },
      );
      // Before the expiry nothing is due.
      const early = await worker.runOnce();
      assert.equal(early.settled, 0);
      assert.deepEqual(await entriesFor(store, body.id), []);

      endpoint.clock.ms += 24 * 60 * 60 * 1000 + 1000;
      const pass = await worker.runOnce();
      assert.ok(pass.settled >= 1, JSON.stringify(pass));
      const stored = await store.getSession(body.id);
      assert.equal(stored?.value.status, 'expired');
      const [entry] = await entriesFor(store, body.id);
      assert.equal(entry?.event.type, 'checkout.session.expired');
      assert.deepEqual(entry?.event.data.object.metadata, { order_id: 'late-1' });
      // Settled and sent in the same pass.
      assert.ok(sent.some((text) => JSON.parse(text).id === entry?.event.id));
      assert.equal(entry?.deliveredAt, endpoint.clock.ms);
      assert.equal((await worker.runOnce()).settled, 0, 'an expired session is not due again');
    });
  });

  describe(`webhook delivery (${kind} store)`, () => {
    let store: CheckoutStore;
    let endpoint: Endpoint;
    const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];

    before(async () => {
      store = await openStore(kind);
    });
    after(async () => {
      for (const receiver of receivers) await receiver.close();
      await store.close();
    });

    /** A fresh endpoint over the shared store, and a worker that delivers its events to `url`. */
    const setUp = (url: string, options: WebhookWorkerOptions = {}) => {
      endpoint = makeEndpoint(store, { webhooks: { url, secret: webhookSecret } });
      const workerFor = (more: WebhookWorkerOptions = {}) =>
        new WebhookWorker(
          {
            store,
            secretKey,
            now: () => endpoint.clock.ms,
            webhooks: { url, secret: webhookSecret },
          },
          { ...options, ...more },
        );
      return { endpoint, worker: workerFor(), workerFor };
    };

    /** Marks whatever earlier tests left due as delivered, so each test sees only its own. */
    const drain = async () => {
      for (const entry of await store.claimDueWebhooks(Number.MAX_SAFE_INTEGER, 1000, 0)) {
        await store.markWebhookDelivered(entry.event.id, 0);
      }
    };

    test('arrives signed, verifiable, once, with a unique id', async () => {
      await drain();
      const receiver = await startReceiver();
      receivers.push(receiver);
      const { worker } = setUp(receiver.url);
      const ids = [
        await completeSession(endpoint, { metadata: { order_id: 'a' } }),
        await completeSession(endpoint, { metadata: { order_id: 'b' } }),
      ];

      const pass = await worker.runOnce();
      assert.deepEqual(pass, { settled: 0, delivered: 2, failed: 0 });
      assert.equal(receiver.deliveries.length, 2);
      const events: WebhookEvent[] = [];
      for (const { headers, body } of receiver.deliveries) {
        assert.equal(headers['content-type'], 'application/json');
        const event = await verifyWebhook(
          body,
          headers['checkout-signature'] as string,
          webhookSecret,
          { now: () => endpoint.clock.ms },
        );
        assert.equal(headers['checkout-event-id'], event.id);
        assert.equal(event.type, 'checkout.session.completed');
        await rejects(
          verifyWebhook(
            body,
            headers['checkout-signature'] as string,
            'whsec_test_wrong_secret_0',
            {
              now: () => endpoint.clock.ms,
            },
          ),
          'bad_signature',
        );
        events.push(event);
      }
      assert.deepEqual(events.map((event) => event.data.object.id).sort(), [...ids].sort());
      assert.deepEqual(
        events
          .map((event) => event.data.object.metadata)
          .sort((a: any, b: any) => a.order_id.localeCompare(b.order_id)),
        [{ order_id: 'a' }, { order_id: 'b' }],
      );
      assert.equal(new Set(events.map((event) => event.id)).size, 2);

      for (const id of ids) {
        const [entry] = await entriesFor(store, id);
        assert.equal(entry?.deliveredAt, endpoint.clock.ms);
        assert.equal(entry?.attempts, 1);
        assert.equal(entry?.lastError, null);
      }
      // Acknowledged events are not sent again.
      assert.deepEqual(await worker.runOnce(), { settled: 0, delivered: 0, failed: 0 });
      assert.equal(receiver.deliveries.length, 2);
    });

    test('a failing receiver gets retries with growing delays until it answers 2xx', async () => {
      await drain();
      const receiver = await startReceiver((n) => (n <= 3 ? 500 : 200));
      receivers.push(receiver);
      const { worker } = setUp(receiver.url);
      const id = await completeSession(endpoint);
      const entry = async () => (await entriesFor(store, id))[0]!;

      const delays: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        const pass = await worker.runOnce();
        assert.deepEqual(pass, { settled: 0, delivered: 0, failed: 1 });
        const failed = await entry();
        assert.equal(failed.attempts, attempt);
        assert.equal(failed.lastError, 'HTTP 500 Internal Server Error');
        assert.equal(failed.deliveredAt, null);
        const delay = failed.nextAttemptAt - endpoint.clock.ms;
        delays.push(delay);

        // Not a moment early.
        endpoint.clock.ms += delay - 1;
        assert.equal((await worker.runOnce()).failed + (await worker.runOnce()).delivered, 0);
        assert.equal(receiver.deliveries.length, attempt);
        endpoint.clock.ms += 1;
      }
      assert.deepEqual(delays, [5_000, 10_000, 20_000]);

      const view = await endpoint.merchant('GET', '/v1/webhook_events?limit=1');
      assert.equal(view.body.data[0].id, (await entry()).event.id);
      assert.equal(view.body.data[0].delivery.status, 'retrying');
      assert.equal(view.body.data[0].delivery.attempts, 3);
      assert.equal(view.body.data[0].delivery.last_error, 'HTTP 500 Internal Server Error');

      assert.deepEqual(await worker.runOnce(), { settled: 0, delivered: 1, failed: 0 });
      const delivered = await entry();
      assert.equal(delivered.attempts, 4);
      assert.equal(delivered.deliveredAt, endpoint.clock.ms);
      assert.equal(delivered.lastError, null);
      // Every attempt carried the same event, each signed at its own time.
      const sent = receiver.deliveries.map((delivery) => JSON.parse(delivery.body).id);
      assert.deepEqual(new Set(sent), new Set([delivered.event.id]));
      const stamps = receiver.deliveries.map((delivery) =>
        Number(/t=(\d+)/.exec(delivery.headers['checkout-signature'] as string)![1]),
      );
      assert.deepEqual(
        stamps.map((stamp) => stamp - stamps[0]!),
        [0, 5, 15, 35],
      );
      const after = await endpoint.merchant('GET', '/v1/webhook_events?limit=1');
      assert.equal(after.body.data[0].delivery.status, 'delivered');
    });

    test('no answer, a refused connection or a redirect is a failed attempt', async () => {
      await drain();
      const hanging = await startReceiver(() => 'hang');
      receivers.push(hanging);
      const slow = setUp(hanging.url, { requestTimeoutMs: 150, leaseMs: 1_000 });
      const first = await completeSession(endpoint);
      assert.equal((await slow.worker.runOnce()).failed, 1);
      assert.equal((await entriesFor(store, first))[0]!.lastError, 'No response within 150 ms.');

      await drain();
      const gone = await startReceiver();
      await gone.close();
      const refused = setUp(gone.url);
      const second = await completeSession(endpoint);
      assert.equal((await refused.worker.runOnce()).failed, 1);
      assert.match((await entriesFor(store, second))[0]!.lastError ?? '', /ECONNREFUSED/);

      await drain();
      const moving = await startReceiver(() => 307);
      receivers.push(moving);
      const redirected = setUp(moving.url);
      const third = await completeSession(endpoint);
      assert.equal((await redirected.worker.runOnce()).failed, 1);
      assert.match((await entriesFor(store, third))[0]!.lastError ?? '', /^HTTP 307/);
    });

    test('two workers over one store do not both deliver an event in one pass', async () => {
      await drain();
      const receiver = await startReceiver();
      receivers.push(receiver);
      const { worker, workerFor } = setUp(receiver.url, { batchSize: 2 });
      const other = workerFor();
      const ids = [
        await completeSession(endpoint),
        await completeSession(endpoint),
        await completeSession(endpoint),
      ];

      const passes = await Promise.all([worker.runOnce(), other.runOnce()]);
      const delivered = passes.reduce((sum, pass) => sum + pass.delivered, 0);
      const sent = receiver.deliveries.map((delivery) => JSON.parse(delivery.body).id as string);
      assert.equal(sent.length, delivered);
      assert.equal(new Set(sent).size, sent.length, `sent twice: ${sent.join(', ')}`);
      // The batch size holds each worker to two, so both took part.
      assert.ok(
        passes.every((pass) => pass.delivered >= 1),
        JSON.stringify(passes),
      );

      await worker.runOnce();
      const all = receiver.deliveries.map((delivery) => JSON.parse(delivery.body).data.object.id);
      assert.deepEqual([...all].sort(), [...ids].sort());
    });

    test('an event leased by a worker that died is sent once its lease runs out', async () => {
      await drain();
      const receiver = await startReceiver();
      receivers.push(receiver);
      const { worker } = setUp(receiver.url, { leaseMs: 30_000 });
      const id = await completeSession(endpoint);
      // The dead worker: it claimed the event and never reported back.
      const claimed = await store.claimDueWebhooks(endpoint.clock.ms, 10, 30_000);
      assert.equal(claimed.length, 1);
      assert.equal((await worker.runOnce()).delivered, 0);
      endpoint.clock.ms += 30_000;
      assert.equal((await worker.runOnce()).delivered, 1);
      assert.equal(JSON.parse(receiver.deliveries[0]!.body).data.object.id, id);
      // A late acknowledgement from the dead worker changes nothing.
      await store.markWebhookDelivered(claimed[0]!.event.id, endpoint.clock.ms + 99);
      const [entry] = await entriesFor(store, id);
      assert.equal(entry?.attempts, 1);
      assert.equal(entry?.deliveredAt, endpoint.clock.ms);
    });

    test('start runs passes until stop, which waits for the pass under way', async () => {
      await drain();
      let release: (() => void) | undefined;
      const receiver = await startReceiver();
      receivers.push(receiver);
      const { worker } = setUp(receiver.url, {
        pollIntervalMs: 10,
        // Holds each delivery until the test lets it go, to catch stop mid-pass.
        fetch: async (url, init) => {
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          return fetch(url, init);
        },
      });
      // Calls during a pass share it.
      assert.equal(worker.runOnce(), worker.runOnce());
      await worker.runOnce();

      worker.start();
      const id = await completeSession(endpoint);
      const deadline = Date.now() + 5_000;
      while (!release && Date.now() < deadline) await new Promise((done) => setTimeout(done, 5));
      assert.ok(release, 'the running worker picked the event up');
      let stopped = false;
      const stopping = worker.stop().then(() => {
        stopped = true;
      });
      await new Promise((done) => setImmediate(done));
      assert.equal(stopped, false, 'stop waits for the delivery in flight');
      release!();
      await stopping;
      const [entry] = await entriesFor(store, id);
      assert.notEqual(entry?.deliveredAt, null, 'the pass finished before stop resolved');
      assert.equal(receiver.deliveries.length, 1);
    });

    test('a receiver that hangs on one event holds only that attempt; the event is retried', {
      timeout: 20_000,
    }, async () => {
      await drain();
      const timeoutMs = 3_000;
      const eventId = (delivery: Delivery) => JSON.parse(delivery.body).id as string;
      let hung: string | undefined;
      // Never answers the first attempt at the first event; answers everything else at once.
      const receiver = await startReceiver((_n, body) => {
        hung ??= JSON.parse(body).id;
        const tries = receiver.deliveries.filter((delivery) => eventId(delivery) === hung).length;
        return JSON.parse(body).id === hung && tries === 1 ? 'hang' : 204;
      });
      receivers.push(receiver);
      const { worker } = setUp(receiver.url, {
        requestTimeoutMs: timeoutMs,
        leaseMs: 10_000,
        pollIntervalMs: 20,
      });
      const first = await completeSession(endpoint);
      worker.start();
      try {
        await waitFor(() => receiver.deliveries.length === 1);
        // Queued while the first attempt hangs; when each was queued, by session id.
        const queuedAt = new Map<string, number>();
        for (let i = 0; i < 3; i++) queuedAt.set(await completeSession(endpoint), Date.now());
        await waitFor(() => receiver.deliveries.length === 4);

        const delays = receiver.deliveries
          .slice(1)
          .map((delivery) => delivery.at - queuedAt.get(JSON.parse(delivery.body).data.object.id)!);
        assert.equal(delays.length, 3);
        // One that waited for the hung attempt would take about the whole timeout.
        assert.ok(Math.max(...delays) < timeoutMs / 2, `delivered after ${delays.join(', ')} ms`);
        const [pending] = await entriesFor(store, first);
        assert.equal(pending?.attempts, 0, 'the hung attempt is still under way');
        for (const id of queuedAt.keys()) {
          await waitFor(async () => (await entriesFor(store, id))[0]!.deliveredAt !== null);
        }

        // The hung attempt times out on its own and the event is due again after the backoff.
        await waitFor(async () => (await entriesFor(store, first))[0]!.attempts === 1);
        const failed = (await entriesFor(store, first))[0]!;
        assert.equal(failed.lastError, `No response within ${timeoutMs} ms.`);
        assert.equal(failed.nextAttemptAt, endpoint.clock.ms + 5_000);
        endpoint.clock.ms += 5_000;
        await waitFor(async () => (await entriesFor(store, first))[0]!.deliveredAt !== null);
        const delivered = (await entriesFor(store, first))[0]!;
        assert.equal(delivered.attempts, 2);
        assert.equal(receiver.deliveries.map(eventId).filter((id) => id === hung).length, 2);
        assert.equal(receiver.deliveries.length, 5);
      } finally {
        await worker.stop();
      }
    });

    test('no more than `concurrency` attempts are in flight at once', {
      timeout: 20_000,
    }, async () => {
      await drain();
      const concurrency = 3;
      // Holds every answer until the test lets it go, oldest first.
      const held: (() => void)[] = [];
      let answered = 0;
      let mostOpen = 0;
      const receiver = await startReceiver((n) => {
        mostOpen = Math.max(mostOpen, n - answered);
        return new Promise<number>((answer) => held.push(() => answer(200)));
      });
      receivers.push(receiver);
      const { worker } = setUp(receiver.url, { concurrency, pollIntervalMs: 20 });
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push(await completeSession(endpoint));
      worker.start();
      try {
        await waitFor(() => receiver.deliveries.length === concurrency);
        // Leased events; the others wait unleased for a slot.
        const due = async () => {
          const entries = await Promise.all(
            ids.map(async (id) => (await entriesFor(store, id))[0]!),
          );
          return entries.filter((entry) => entry.nextAttemptAt <= endpoint.clock.ms).length;
        };
        assert.equal(await due(), ids.length - concurrency);
        // Every slot is taken: a pass claims nothing.
        assert.deepEqual(await worker.runOnce(), { settled: 0, delivered: 0, failed: 0 });
        assert.equal(await due(), ids.length - concurrency);
        assert.equal(receiver.deliveries.length, concurrency);

        // Each answer frees a slot, which the running worker fills with a waiting event.
        while (answered < ids.length) {
          await waitFor(() => held.length > 0);
          held.shift()!();
          answered++;
          const expected = Math.min(ids.length, answered + concurrency);
          await waitFor(() => receiver.deliveries.length === expected);
        }
        for (const id of ids) {
          await waitFor(async () => (await entriesFor(store, id))[0]!.deliveredAt !== null);
        }
        assert.equal(mostOpen, concurrency);
        const sent = receiver.deliveries.map(
          (delivery) => JSON.parse(delivery.body).data.object.id,
        );
        assert.deepEqual([...sent].sort(), [...ids].sort());
      } finally {
        await worker.stop();
      }
    });
  });
}
