/**
 * A confirm whose process dies mid-request: its Idempotency-Key and its claim
 * on the session hold for the lease only, then a retry with the same key runs
 * the payment again on another process, and it is paid once. Two handlers on
 * one store stand in for two processes; the first one's processor never
 * answers, as a process that died inside it never would.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sweepIdempotencyKeys } from '../../src/server/idempotency-sweeper.js';
import type {
  CardAuthorizationRequest,
  CardVoidRequest,
  Processor,
} from '../../src/server/index.js';
import type { CheckoutStore } from '../../src/server/store/store.js';
import { makeEndpoint, openStore, type StoreKind } from '../support/endpoint.js';
import { postgresUnavailable } from '../support/postgres.js';

const lease = 5;

/**
 * Approves, except that calls it is told to hang on never answer until
 * released; records the authorizations it is asked to void.
 */
function recordingProcessor() {
  const calls: CardAuthorizationRequest[] = [];
  const voids: CardVoidRequest[] = [];
  let hang = false;
  const hung: Array<() => void> = [];
  const processor: Processor = {
    async authorize(request) {
      calls.push(structuredClone(request));
      if (hang) await new Promise<void>((wake) => hung.push(wake));
      return { status: 'approved' };
    },
    async voidAuthorization(request) {
      voids.push(structuredClone(request));
    },
  };
  return {
    processor,
    calls,
    voids,
    hangNext: (value: boolean) => {
      hang = value;
    },
    wake: () => {
      for (const wake of hung.splice(0)) wake();
    },
  };
}

for (const kind of ['memory', 'pglite', 'postgres'] as StoreKind[]) {
  const skip = kind === 'postgres' ? postgresUnavailable() : null;
  describe(`a crash mid-confirm (${kind})`, { skip: skip ?? false }, () => {
    let store: CheckoutStore;
    before(async () => {
      store = await openStore(kind);
    });
    after(() => store.close());

    test('a retry with the same key waits out the lease, then pays once; the dead confirm records nothing', async () => {
      const dying = recordingProcessor();
      const healthy = recordingProcessor();
      const first = makeEndpoint(store, {
        processor: dying.processor,
        idempotencyLeaseSeconds: lease,
      });
      const second = makeEndpoint(store, {
        processor: healthy.processor,
        idempotencyLeaseSeconds: lease,
      });
      const { body: created } = await first.createSession();
      const key = crypto.randomUUID();

      dying.hangNext(true);
      const lost = first.confirm(created.client_secret, {}, key);
      for (let i = 0; i < 50 && dying.calls.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(dying.calls.length, 1, 'the first confirm reached its processor');

      // Within the lease the key and the session are still held.
      second.clock.ms = first.clock.ms + (lease - 1) * 1000;
      const early = await second.confirm(created.client_secret, {}, key);
      assert.equal(early.status, 409);
      assert.equal(early.body.error.code, 'idempotency_key_in_use');

      // After it, the retry takes both over and pays.
      second.clock.ms = first.clock.ms + lease * 1000;
      const retry = await second.confirm(created.client_secret, {}, key);
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
      assert.equal(retry.body.session.status, 'complete');
      assert.equal(healthy.calls.length, 1);
      // Both attempts named one idempotency key to the processor, so it charges once.
      assert.equal(healthy.calls[0]!.idempotencyKey, dying.calls[0]!.idempotencyKey);

      // The first process wakes after all: it finds its claim gone and writes nothing.
      first.clock.ms = second.clock.ms;
      dying.wake();
      const late = await lost;
      assert.equal(late.status, 409);
      assert.equal(late.body.error.code, 'payment_in_progress');
      // Its authorization is the retry's, which the retry recorded: nothing to void.
      assert.deepEqual([...dying.voids, ...healthy.voids], []);

      const payments = await store.listPayments(created.id);
      assert.deepEqual(
        payments.map((payment) => payment.status),
        ['succeeded'],
      );
      // The saved answer is the retry's: a further retry replays it.
      const replay = await second.confirm(created.client_secret, {}, key);
      assert.equal(replay.status, 200);
      assert.equal(replay.headers.get('Idempotent-Replayed'), 'true');
      assert.equal(replay.body.session.payment.id, retry.body.session.payment.id);
    });

    test('a dead confirm holds its session open past its expiry for the lease, then it reads expired and stays so', async () => {
      const dying = recordingProcessor();
      const first = makeEndpoint(store, {
        processor: dying.processor,
        idempotencyLeaseSeconds: lease,
      });
      const reader = makeEndpoint(store, { idempotencyLeaseSeconds: lease });
      const { body: created } = await first.createSession();
      const expiresAt = created.expires_at as number;
      first.clock.ms = (expiresAt - 1) * 1000;
      dying.hangNext(true);
      const lost = first.confirm(created.client_secret);
      for (let i = 0; i < 50 && dying.calls.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(dying.calls.length, 1, 'the confirm reached its processor');

      const statusAt = async (seconds: number) => {
        reader.clock.ms = seconds * 1000;
        return (await reader.client(created.client_secret, 'GET', '')).body.status;
      };
      // Read again and again, as a page polls: the endpoint may hold it, but not past the lease.
      assert.equal(await statusAt(expiresAt + 1), 'open');
      assert.equal(await statusAt(expiresAt + lease - 2), 'open');
      assert.equal(await statusAt(expiresAt - 1 + lease), 'expired');

      // The confirm wakes after all: the session stays expired, and nothing is recorded.
      first.clock.ms = reader.clock.ms;
      dying.wake();
      const late = await lost;
      assert.equal(late.status, 409);
      assert.equal(late.body.error.code, 'session_expired');
      assert.equal((await store.getSession(created.id))?.value.status, 'expired');
      assert.deepEqual(await store.listPayments(created.id), []);
      // What the processor approved is released, by the key it was asked with.
      assert.deepEqual(dying.voids, [
        {
          sessionId: created.id,
          idempotencyKey: dying.calls[0]!.idempotencyKey,
          amount: dying.calls[0]!.amount,
          currency: 'usd',
          reason: 'session_closed',
        },
      ]);
    });

    test('a processor that cannot void, or fails to, leaves the approval reported and the answer as it was', async () => {
      for (const voidAuthorization of [
        undefined,
        () => Promise.reject(new Error('gateway down')),
      ]) {
        const dying = recordingProcessor();
        const reported: unknown[] = [];
        const first = makeEndpoint(store, {
          processor: { authorize: dying.processor.authorize, voidAuthorization },
          idempotencyLeaseSeconds: lease,
          reportError: (error) => reported.push(error),
        });
        const { body: created } = await first.createSession();
        dying.hangNext(true);
        const lost = first.confirm(created.client_secret);
        for (let i = 0; i < 50 && dying.calls.length === 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        // The merchant expires it while the processor decides, past the lease.
        first.clock.ms += (lease + 1) * 1000;
        const expired = await first.merchant('POST', `/v1/checkout_sessions/${created.id}/expire`);
        assert.equal(expired.status, 200, JSON.stringify(expired.body));
        dying.wake();
        const late = await lost;
        assert.equal(late.status, 409);
        assert.equal(late.body.error.code, 'session_expired');
        assert.equal(reported.length, 1);
        const error = reported[0] as Error;
        assert.match(error.message, new RegExp(`${created.id}.*session_closed`));
        assert.ok(error.message.includes(dying.calls[0]!.idempotencyKey));
        assert.equal(
          (error.cause as Error | undefined)?.message,
          voidAuthorization && 'gateway down',
        );
      }
    });

    test('keys older than a day are swept; younger ones stay', async () => {
      const endpoint = makeEndpoint(store);
      const { body: created } = await endpoint.createSession();
      const key = crypto.randomUUID();
      const paid = await endpoint.confirm(created.client_secret, {}, key);
      assert.equal(paid.status, 200);
      const day = 24 * 60 * 60 * 1000;
      await sweepIdempotencyKeys(store, endpoint.clock.ms + day - 1000);
      assert.equal(
        (await endpoint.confirm(created.client_secret, {}, key)).headers.get('Idempotent-Replayed'),
        'true',
      );
      assert.ok((await sweepIdempotencyKeys(store, endpoint.clock.ms + day + 1000)) >= 2);
      // Swept: the key is new again, and the session, now complete, says so.
      const after = await endpoint.confirm(created.client_secret, {}, key);
      assert.equal(after.headers.get('Idempotent-Replayed'), null);
      assert.notEqual(after.status, 200);
    });
  });
}
