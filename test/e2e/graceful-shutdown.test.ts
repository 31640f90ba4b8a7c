/**
 * SIGTERM in the middle of 100 confirms: the Node entry stops accepting,
 * answers every confirm it had received, and exits 0. After a restart on the
 * same data directory every answered confirm is there, and every confirm
 * that never reached it succeeds when retried with its Idempotency-Key: no
 * payment lost, none taken twice.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openPgliteStore } from '../../src/server/store/pglite-store.js';
import { confirmRequest, merchantApi, mugCart } from '../support/e2e.js';
import {
  type NodeEndpoint,
  startNodeEndpoint,
  stopNodeEndpoint,
} from '../support/node-endpoint.js';
import { seededDataDir } from '../support/pglite.js';

const secretKey = 'sk_test_graceful_shutdown_0123456789';
const sessionCount = 100;

const running: NodeEndpoint[] = [];
after(async () => {
  for (const endpoint of running) await stopNodeEndpoint(endpoint, 'SIGKILL');
});

function confirm(url: string, clientSecret: string, idempotencyKey: string) {
  return fetch(
    `${url}/v1/client/session/confirm`,
    confirmRequest(clientSecret, { key: idempotencyKey }),
  );
}

test('SIGTERM answers every confirm under way and loses none', { timeout: 120_000 }, async () => {
  // A migrated database, not a first run's (initdb's 6.7 s of CPU, which under the suite's
  // load has taken the first start past its 30 s): the restart test covers a first run.
  const dataDir = await seededDataDir('checkout-kit-shutdown-');
  const env = {
    CHECKOUT_DATA_DIR: dataDir.path,
    CHECKOUT_SECRET_KEY: secretKey,
    CHECKOUT_RATE_LIMITS: 'off',
  };
  try {
    const first = await startNodeEndpoint('first', env);
    running.push(first);
    const merchant = merchantApi(first.url, secretKey);
    const sessions = [];
    for (let i = 0; i < sessionCount; i++) {
      sessions.push((await merchant.createSession(mugCart('embedded'))).session);
    }

    const keys = sessions.map(() => crypto.randomUUID());
    let signalled = false;
    const outcomes = await Promise.all(
      sessions.map(async (session, index) => {
        try {
          const response = await confirm(first.url, session.client_secret!, keys[index]!);
          // The first answer means the rest are on their way or queued: stop now.
          if (!signalled) {
            signalled = true;
            first.child.kill('SIGTERM');
          }
          return { status: response.status, text: await response.text() };
        } catch (error) {
          return { status: 0, text: String((error as Error).cause ?? error) };
        }
      }),
    );
    const lastAnswer = performance.now();
    assert.equal(await first.exited, 0, first.output());
    // Keep-alive connections close once idle, not after Node's 5 s keep-alive timeout.
    const exitAfter = performance.now() - lastAnswer;
    assert.ok(exitAfter < 4000, `exited ${Math.round(exitAfter)} ms after the last answer`);
    assert.match(first.output(), /SIGTERM: finishing the requests under way/);

    const answered = outcomes.filter((outcome) => outcome.status !== 0);
    assert.ok(answered.length >= 1);
    for (const outcome of answered) assert.equal(outcome.status, 200, outcome.text);
    // Those never answered did not reach the server, or reached a connection it was closing.
    const unanswered = outcomes.flatMap((outcome, index) => (outcome.status === 0 ? [index] : []));
    for (const index of unanswered) {
      assert.match(outcomes[index]!.text, /ECONNREFUSED|ECONNRESET|SocketError|other side closed/);
    }

    const second = await startNodeEndpoint('second', env);
    running.push(second);
    for (const index of unanswered) {
      const retried = await confirm(second.url, sessions[index]!.client_secret!, keys[index]!);
      assert.equal(retried.status, 200, await retried.text());
    }
    const again = merchantApi(second.url, secretKey);
    for (const session of sessions) {
      const stored = await again.getSession(session.id);
      assert.equal(stored.status, 'complete', session.id);
      assert.equal(stored.payment_status, 'paid', session.id);
    }
    await stopNodeEndpoint(second, 'SIGTERM');
    assert.equal(await second.exited, 0, second.output());

    // One payment each, read from the data directory itself.
    const store = await openPgliteStore(dataDir.path);
    try {
      for (const session of sessions) {
        const payments = await store.listPayments(session.id);
        assert.deepEqual(
          payments.map((payment) => payment.status),
          ['succeeded'],
          session.id,
        );
      }
    } finally {
      await store.close();
    }
  } finally {
    await dataDir.remove();
  }
});
