/**
 * Three `npm run serve` processes on one PostgreSQL database, under load:
 * 200 sessions created on either, each confirmed through two processes at
 * once under two Idempotency-Keys (four confirms per session), while one
 * process is killed with SIGKILL and started again. Afterwards every session
 * is paid exactly once, every owed webhook has arrived, and no event was ever
 * being sent by two processes at the same moment.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { signatureHeader, verifyWebhook } from '../../src/server/webhooks/signature.js';
import { basicAuth, confirmRequest, eventually, mugCart } from '../support/e2e.js';
import {
  type NodeEndpoint,
  startNodeEndpoint,
  stopNodeEndpoint,
} from '../support/node-endpoint.js';
import { freshDatabase, postgresUnavailable } from '../support/postgres.js';

const secretKey = 'sk_test_multi_process_0123456789';
const webhookSecret = 'whsec_multi_process_0123456789';
const sessionCount = 200;
const leaseSeconds = 2;

interface Delivery {
  id: string;
  type: string;
  sessionId: string;
}

/**
 * The merchant's receiver: checks each signature, takes its time answering
 * (so overlapping sends of one event would be seen), and records any event
 * that arrives while another delivery of it is still open.
 */
function startReceiver(deliveries: Delivery[], overlaps: string[]): Promise<Server> {
  const inFlight = new Set<string>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const header = request.headers[signatureHeader.toLowerCase()];
        const event = (await verifyWebhook(body, String(header), webhookSecret)) as unknown as {
          id: string;
          type: string;
          data: { object: { id: string } };
        };
        if (inFlight.has(event.id)) overlaps.push(event.id);
        inFlight.add(event.id);
        await new Promise((resolve) => setTimeout(resolve, 15));
        inFlight.delete(event.id);
        deliveries.push({ id: event.id, type: event.type, sessionId: event.data.object.id });
        response.writeHead(200).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('many endpoint processes on one PostgreSQL database', {
  skip: postgresUnavailable() ?? false,
}, () => {
  let databaseUrl = '';
  let env: Record<string, string> = {};
  const endpoints: NodeEndpoint[] = [];
  let receiver: Server | undefined;
  const deliveries: Delivery[] = [];
  const overlaps: string[] = [];
  let db: pg.Client | undefined;
  /** The killed process's restart, when one is under way: `after` waits for it, to stop it too. */
  let restarted: Promise<void> | undefined;

  before(async () => {
    databaseUrl = await freshDatabase('checkout_multi');
    receiver = await startReceiver(deliveries, overlaps);
    env = {
      CHECKOUT_DATABASE_URL: databaseUrl,
      CHECKOUT_DATABASE_POOL_SIZE: '8',
      CHECKOUT_SECRET_KEY: secretKey,
      CHECKOUT_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
      CHECKOUT_WEBHOOK_SECRET: webhookSecret,
      CHECKOUT_WEBHOOK_TIMEOUT_MS: '1000',
      CHECKOUT_WEBHOOK_LEASE_MS: '3000',
      CHECKOUT_IDEMPOTENCY_LEASE_SECONDS: String(leaseSeconds),
      // The load below is many requests per secret and key from one address.
      CHECKOUT_RATE_LIMITS: 'off',
    };
    // All three start at once: the migrations run once, under their lock.
    endpoints.push(
      ...(await Promise.all(['A', 'B', 'C'].map((name) => startNodeEndpoint(name, env)))),
    );
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  });

  after(async () => {
    await restarted?.catch(() => {});
    await Promise.all(endpoints.map((endpoint) => stopNodeEndpoint(endpoint, 'SIGTERM')));
    await db?.end();
    receiver?.closeAllConnections();
    receiver?.close();
  });

  test('the processes started together and migrated once', async () => {
    const { rows } = await db!.query(
      'SELECT version FROM checkout_kit_migrations ORDER BY version',
    );
    const versions = rows.map((row) => Number(row.version));
    assert.deepEqual(
      versions,
      Array.from({ length: versions.length }, (_, i) => i + 1),
    );
    assert.ok(versions.length >= 5);
  });

  test('200 sessions, four racing confirms each, one process killed mid-load: each paid once, every webhook delivered once at a time', {
    timeout: 240_000,
  }, async (t) => {
    const live = () => endpoints.filter((endpoint) => endpoint.alive);
    const pick = (index: number) => {
      const candidates = live();
      return candidates[index % candidates.length]!;
    };

    let lostRequests = 0;
    /** Sends a request to `preferred`, or to whichever process is up when it is not. */
    async function send(preferred: NodeEndpoint, path: string, init: RequestInit) {
      for (let attempt = 0; ; attempt++) {
        const target = preferred.alive ? preferred : pick(attempt);
        try {
          // A request that hangs counts as lost, as one to a dead process does, never forever.
          const response = await fetch(`${target.url}${path}`, {
            ...init,
            signal: AbortSignal.timeout(30_000),
          });
          return { status: response.status, body: (await response.json()) as any };
        } catch (error) {
          // The process died under the request: a client retries, elsewhere.
          if (attempt > 50) throw error;
          lostRequests++;
          preferred = pick(attempt + 1);
        }
      }
    }

    /**
     * Sends until the key's answer is final: retries while the key is in
     * progress (on a killed process, until its lease ends), and lost connections.
     */
    async function sendUntilFinal(first: NodeEndpoint, path: string, init: RequestInit) {
      let last: unknown;
      for (let attempt = 0; attempt < 200; attempt++) {
        if (failed) throw new Error('another worker failed');
        const reply = await send(attempt === 0 ? first : pick(attempt), path, init);
        const code = reply.body?.error?.code;
        if (code !== 'idempotency_key_in_use' && code !== 'payment_in_progress') return reply;
        last = reply.body;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`a request stayed in progress: ${JSON.stringify(last)}`);
    }

    async function createOn(endpoint: NodeEndpoint, index: number) {
      const reply = await sendUntilFinal(endpoint, '/v1/checkout_sessions', {
        method: 'POST',
        headers: {
          Authorization: basicAuth(secretKey),
          'Content-Type': 'application/json',
          'Idempotency-Key': `create-${index}`,
        },
        body: JSON.stringify(mugCart('embedded')),
      });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      return reply.body as { id: string; client_secret: string };
    }

    function confirmUntilFinal(endpoint: NodeEndpoint, clientSecret: string, key: string) {
      return sendUntilFinal(
        endpoint,
        '/v1/client/session/confirm',
        confirmRequest(clientSecret, {
          key,
          email: 'racer@example.com',
          billing: { name: 'Race Condition' },
        }),
      );
    }

    const sessions: { id: string; client_secret: string }[] = [];
    const answers: string[] = [];
    let next = 0;
    let killed = false;
    // Once one worker fails the others stop, rather than load processes that are being stopped.
    let failed = false;

    async function worker(slot: number) {
      for (;;) {
        if (failed) return;
        const index = next++;
        if (index >= sessionCount) return;
        // Mid-load, process B dies without a word and comes back a moment later.
        if (index === Math.floor(sessionCount / 3) && !killed) {
          killed = true;
          const victim = endpoints.find((endpoint) => endpoint.name === 'B')!;
          await stopNodeEndpoint(victim, 'SIGKILL');
          restarted = new Promise((resolve) => setTimeout(resolve, 1500)).then(async () => {
            endpoints.splice(endpoints.indexOf(victim), 1, await startNodeEndpoint('B', env));
          });
        }
        const session = await createOn(pick(index + slot), index);
        sessions.push(session);
        const [first, second] = [pick(index), pick(index + 1)];
        const keys = [`pay-${index}-1`, `pay-${index}-2`];
        const replies = await Promise.all([
          confirmUntilFinal(first, session.client_secret, keys[0]!),
          confirmUntilFinal(second, session.client_secret, keys[0]!),
          confirmUntilFinal(first, session.client_secret, keys[1]!),
          confirmUntilFinal(second, session.client_secret, keys[1]!),
        ]);
        answers.push(
          ...replies.map((reply) => `${reply.status} ${reply.body?.error?.code ?? 'ok'}`),
        );
        // Whichever key won, the session reads as paid from any process.
        assert.ok(
          replies.some((reply) => reply.status === 200),
          JSON.stringify(replies),
        );
      }
    }

    await Promise.all(
      Array.from({ length: 12 }, (_, slot) =>
        worker(slot).catch((error) => {
          failed = true;
          throw error;
        }),
      ),
    );
    await restarted;
    assert.equal(sessions.length, sessionCount);
    assert.ok(killed);
    t.diagnostic(`requests lost with the killed process and retried: ${lostRequests}`);

    // 0 double charges, 0 unpaid sessions.
    const { rows: paid } = await db!.query<{ session_id: string; payments: string }>(
      `SELECT session_id, count(*) AS payments FROM payments
       WHERE data->>'status' = 'succeeded' GROUP BY session_id`,
    );
    const charges = new Map(paid.map((row) => [row.session_id, Number(row.payments)]));
    for (const session of sessions) {
      assert.equal(
        charges.get(session.id),
        1,
        `${session.id} was charged ${charges.get(session.id) ?? 0} times`,
      );
    }
    // With what a session left unpaid looks like, to tell why.
    const { rows: open } = await db!.query(
      `SELECT id, version, data->>'status' AS status, data->>'paymentStatus' AS payment_status,
              (SELECT json_agg(p.data->>'status') FROM payments p WHERE p.session_id = s.id) AS payments
       FROM checkout_sessions s WHERE data->>'status' <> 'complete'`,
    );
    assert.deepEqual(open, []);
    // Every answer a client settled on was a success, a replay of one, or "already paid".
    assert.deepEqual(
      [...new Set(answers)].filter(
        (answer) => answer !== '200 ok' && answer !== '409 session_complete',
      ),
      [],
    );

    // Every owed event arrives; none was ever being sent twice at once.
    const { rows: owed } = await db!.query<{ id: string }>('SELECT id FROM webhook_outbox');
    const completed = await db!.query<{ id: string }>(
      `SELECT id FROM webhook_outbox WHERE event->>'type' = 'checkout.session.completed'`,
    );
    assert.equal(completed.rows.length, sessionCount);
    await eventually(
      async () => {
        const { rows } = await db!.query(
          'SELECT id FROM webhook_outbox WHERE delivered_at IS NULL',
        );
        return rows.length === 0;
      },
      'every event in the outbox is delivered',
      60_000,
    );
    const received = new Set(deliveries.map((delivery) => delivery.id));
    for (const { id } of owed) assert.ok(received.has(id), `event ${id} never arrived`);
    assert.deepEqual(overlaps, []);
    const completedSessions = new Set(
      deliveries
        .filter((delivery) => delivery.type === 'checkout.session.completed')
        .map((delivery) => delivery.sessionId),
    );
    assert.equal(completedSessions.size, sessionCount);
  });

  test('a session created on one process is read, updated and expired by another', async () => {
    const [a, , c] = endpoints;
    const created = await fetch(`${a!.url}/v1/checkout_sessions`, {
      method: 'POST',
      headers: {
        Authorization: basicAuth(secretKey),
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID(),
      },
      body: JSON.stringify(mugCart('embedded')),
    });
    const session = (await created.json()) as { id: string; client_secret: string };
    const read = await fetch(`${c!.url}/v1/client/session`, {
      headers: { Authorization: `Bearer ${session.client_secret}` },
    });
    assert.equal(read.status, 200);
    const expired = await fetch(`${c!.url}/v1/checkout_sessions/${session.id}/expire`, {
      method: 'POST',
      headers: {
        Authorization: basicAuth(secretKey),
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID(),
      },
      body: '{}',
    });
    assert.equal(expired.status, 200);
    const seen = await fetch(`${endpoints[1]!.url}/v1/checkout_sessions/${session.id}`, {
      headers: { Authorization: basicAuth(secretKey) },
    });
    assert.equal(((await seen.json()) as { status: string }).status, 'expired');
  });
});
