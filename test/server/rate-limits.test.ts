import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCheckoutApp } from '../../src/server/app.js';
import { readConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/node.js';
import { addressKey } from '../../src/server/rate-limits.js';
import { MemoryStore } from '../../src/server/store/memory-store.js';
import { openPostgresStore } from '../../src/server/store/postgres-store.js';
import type { CheckoutStore } from '../../src/server/store/store.js';
import {
  type Endpoint,
  makeEndpoint,
  openStore,
  origin,
  type Reply,
  type StoreKind,
  secretKey,
  validSession,
} from '../support/endpoint.js';
import { openTestPgliteStore, seededDataDir } from '../support/pglite.js';
import { freshDatabase, postgresUnavailable } from '../support/postgres.js';

/**
 * The rate limits: failed authentications per client address (counted in
 * the store, shared by the processes on one database), requests per client
 * secret and per merchant key (counted in the process).
 */

const basic = (key: string) => `Basic ${btoa(`${key}:`)}`;
const wrongKey = (i: number) => `sk_test_wrong_key_${String(i).padStart(6, '0')}`;

/** What @hono/node-server hands the app: the Node request, with its socket's address. */
function nodeBindings(address: string) {
  return {
    incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: 'IPv4' } },
  };
}

/** A request to `endpoint` as if it came over a socket from `address`. */
async function fromAddress(
  endpoint: Endpoint,
  address: string,
  path: string,
  headers: Record<string, string>,
): Promise<Reply> {
  const response = await endpoint.app.fetch(
    new Request(`${origin}${path}`, { headers }),
    nodeBindings(address),
  );
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, body };
}

function assertRateLimited(reply: Reply, policy: string, retryAfter?: string): void {
  assert.equal(reply.status, 429, JSON.stringify(reply.body));
  assert.equal(reply.body.error.code, 'rate_limited');
  assert.equal(reply.body.error.type, 'invalid_request_error');
  assert.equal(reply.body.error.retryable, true);
  assert.match(reply.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(reply.headers.get('ratelimit-policy'), policy);
  const seconds = reply.headers.get('retry-after');
  if (retryAfter !== undefined) assert.equal(seconds, retryAfter);
  assert.ok(Number(seconds) >= 1, `Retry-After ${seconds}`);
  const limit = policy.split(';')[0];
  assert.match(
    reply.headers.get('ratelimit') ?? '',
    new RegExp(`^limit=${limit}, remaining=0, reset=\\d+$`),
  );
}

describe('failed authentication per client address', () => {
  test('400 wrong client secrets in a row: 401 up to the limit, then 429 until the window ends', async () => {
    const endpoint = makeEndpoint(new MemoryStore(), { rateLimits: {} });
    const session = (await endpoint.createSession()).body;
    const statuses: number[] = [];
    let last: Reply | undefined;
    for (let i = 0; i < 400; i++) {
      last = await fromAddress(endpoint, '203.0.113.7', '/v1/client/session', {
        Authorization: `Bearer cs_test_guess_${i}_secret_x`,
      });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
    assert.deepEqual(statuses.slice(20), Array(380).fill(429));
    assertRateLimited(last!, '20;w=300', '300');
    assert.equal(last!.headers.get('ratelimit'), 'limit=20, remaining=0, reset=300');
    assert.match(last!.body.error.message, /failed authentications from this address/);
    // A page on another origin can read the refusal and when to try again.
    assert.equal(last!.headers.get('access-control-allow-origin'), '*');
    assert.match(last!.headers.get('access-control-expose-headers') ?? '', /Retry-After/);

    // The address is refused even with the right secret; another address is not.
    const right = { Authorization: `Bearer ${session.client_secret}` };
    assert.equal(
      (await fromAddress(endpoint, '203.0.113.7', '/v1/client/session', right)).status,
      429,
    );
    assert.equal(
      (await fromAddress(endpoint, '203.0.113.8', '/v1/client/session', right)).status,
      200,
    );

    endpoint.clock.ms += 300_000;
    assert.equal(
      (await fromAddress(endpoint, '203.0.113.7', '/v1/client/session', right)).status,
      200,
    );
    const again = await fromAddress(endpoint, '203.0.113.7', '/v1/client/session', {
      Authorization: 'Bearer cs_test_guess_again_secret_x',
    });
    assert.equal(again.status, 401, 'a new window counts from zero');
  });

  test('400 wrong merchant keys in a row: the same, on every merchant API, flat errors for seed 000', async () => {
    const endpoint = makeEndpoint(new MemoryStore(), { rateLimits: {} });
    const session = (await endpoint.createSession()).body;
    const paths = ['/v1/checkout_sessions/cs_test_x', '/api/v2/checkout-sessions/cs_test_x'];
    const statuses: number[] = [];
    for (let i = 0; i < 400; i++) {
      const headers =
        i % 3 === 0
          ? { Authorization: `Bearer ${wrongKey(i)}` }
          : { Authorization: basic(wrongKey(i)) };
      const path = i % 3 === 0 ? '/v1/checkout/cs_test_x' : paths[i % 2]!;
      statuses.push((await fromAddress(endpoint, '198.51.100.20', path, headers)).status);
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
    assert.deepEqual(statuses.slice(20), Array(380).fill(429));

    // The merchant's own key from that address waits too, in each API's error shape.
    const own = await fromAddress(
      endpoint,
      '198.51.100.20',
      `/v1/checkout_sessions/${session.id}`,
      {
        Authorization: basic(secretKey),
      },
    );
    assertRateLimited(own, '20;w=300', '300');
    const seed000 = await fromAddress(endpoint, '198.51.100.20', `/v1/checkout/${session.id}`, {
      Authorization: `Bearer ${secretKey}`,
    });
    assert.equal(seed000.status, 429);
    assert.equal(seed000.body.error, 'rate_limited');
    assert.match(seed000.body.message, /Try again in 300 s/);
    assert.equal(seed000.headers.get('retry-after'), '300');
    assert.equal(seed000.headers.get('ratelimit-policy'), '20;w=300');
    assert.equal(
      (
        await fromAddress(endpoint, '198.51.100.21', `/v1/checkout_sessions/${session.id}`, {
          Authorization: basic(secretKey),
        })
      ).status,
      200,
    );
  });

  test('no Authorization header is a failure too; a CORS preflight is not', async () => {
    const endpoint = makeEndpoint(new MemoryStore(), {
      rateLimits: { failedAuth: { limit: 2, windowSeconds: 60 } },
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const preflight = await endpoint.app.fetch(
        new Request(`${origin}/v1/client/session`, {
          method: 'OPTIONS',
          headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'GET' },
        }),
        nodeBindings('192.0.2.1'),
      );
      assert.equal(preflight.status, 204);
      statuses.push((await fromAddress(endpoint, '192.0.2.1', '/v1/client/session', {})).status);
    }
    assert.deepEqual(statuses, [401, 401, 429, 429]);
  });

  for (const kind of ['pglite', 'postgres'] as const) {
    const skip = kind === 'postgres' ? postgresUnavailable() : null;
    test(`failures counted by one app count in another on the same ${kind} database`, {
      skip: skip ?? false,
    }, async () => {
      let stores: CheckoutStore[];
      if (kind === 'pglite') {
        stores = [await openTestPgliteStore()];
      } else {
        // Two stores with their own pools, as two processes would have.
        const url = await freshDatabase();
        stores = [await openPostgresStore(url), await openPostgresStore(url)];
      }
      try {
        const limits = { rateLimits: { failedAuth: { limit: 5, windowSeconds: 60 } } };
        const one = makeEndpoint(stores[0]!, limits);
        const two = makeEndpoint(stores.at(-1)!, limits);
        const session = (await one.createSession()).body;
        const address = '203.0.113.50';
        const wrong = (i: number) => ({ Authorization: basic(wrongKey(i)) });
        const right = { Authorization: basic(secretKey) };
        const path = `/v1/checkout_sessions/${session.id}`;
        const send = (app: Endpoint, headers: Record<string, string>) =>
          fromAddress(app, address, path, headers).then((reply) => reply.status);

        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push(await send(one, wrong(i)));
        for (let i = 3; i < 5; i++) statuses.push(await send(two, wrong(i)));
        assert.deepEqual(statuses, [401, 401, 401, 401, 401], 'five failures between them');
        const sixth = await fromAddress(two, address, path, wrong(5));
        assertRateLimited(sixth, '5;w=60', '60');
        assert.equal(await send(two, right), 429, 'the app that saw it refuses the address');
        // The other app has not seen the address over the limit (it asks the store only on
        // a failure), so the right key still passes there; its next failure finds the count.
        assert.equal(await send(one, right), 200);
        assert.equal(await send(one, wrong(6)), 429);
        assert.equal(await send(one, right), 429);
        // Another address has a count of its own.
        assert.equal((await fromAddress(one, '203.0.113.51', path, wrong(7))).status, 401);
      } finally {
        for (const store of stores) await store.close();
      }
    });
  }

  test('trustProxy: the last X-Forwarded-For entry is the address; without it the header is ignored', async () => {
    const limits = { failedAuth: { limit: 3, windowSeconds: 60 } };
    const proxied = makeEndpoint(new MemoryStore(), {
      rateLimits: { ...limits, trustProxy: true },
    });
    const direct = makeEndpoint(new MemoryStore(), { rateLimits: limits });
    const send = async (endpoint: Endpoint, i: number) =>
      (
        await endpoint.call('/v1/checkout_sessions/cs_test_x', {
          headers: {
            Authorization: basic(wrongKey(i)),
            // The client may write anything before the proxy's entry.
            'X-Forwarded-For': `10.0.0.${i}, 198.51.100.77`,
          },
        })
      ).status;
    const viaProxy = [];
    const bare = [];
    for (let i = 0; i < 6; i++) {
      viaProxy.push(await send(proxied, i));
      bare.push(await send(direct, i));
    }
    assert.deepEqual(viaProxy, [401, 401, 401, 429, 429, 429]);
    // A bare fetch handler has no socket address: the failed-auth limit is off there.
    assert.deepEqual(bare, Array(6).fill(401));
  });

  test('counts an IPv4 address as is, also mapped into IPv6, and IPv6 by its /64', () => {
    assert.equal(addressKey('203.0.113.7'), '203.0.113.7');
    assert.equal(addressKey('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(addressKey('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:0DB8:0001:0002::9'), '2001:db8:1:2::/64');
    assert.equal(addressKey('[2001:db8::1]'), '2001:db8:0:0::/64');
    assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
  });
});

describe('requests per client secret and per merchant key', () => {
  test('a client secret over its limit gets 429 while another secret does not', async () => {
    const endpoint = makeEndpoint(new MemoryStore(), {
      rateLimits: { clientSecret: { limit: 5, windowSeconds: 60 } },
    });
    const a = (await endpoint.createSession()).body;
    const b = (await endpoint.createSession()).body;
    for (let i = 0; i < 5; i++) {
      const reply = await endpoint.client(a.client_secret, 'GET', '');
      assert.equal(reply.status, 200);
      assert.equal(reply.headers.get('ratelimit-policy'), '5;w=60');
      assert.match(
        reply.headers.get('ratelimit') ?? '',
        new RegExp(`^limit=5, remaining=${4 - i}, reset=\\d+$`),
      );
    }
    const refused = await endpoint.client(a.client_secret, 'GET', '');
    assertRateLimited(refused, '5;w=60');
    assert.ok(Number(refused.headers.get('retry-after')) <= 60);
    assert.match(refused.body.error.message, /with this client secret: at most 5 in 60 s/);
    assert.equal(refused.headers.get('access-control-allow-origin'), '*');
    const confirm = await endpoint.confirm(a.client_secret);
    assert.equal(confirm.status, 429, 'every client route shares the budget');
    const readByBody = await endpoint.call('/v1/client/session', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'Content-Length': String(a.client_secret.length) },
      body: a.client_secret,
    });
    assert.equal(readByBody.status, 429, 'the secret counts the same sent as the body');

    assert.equal((await endpoint.client(b.client_secret, 'GET', '')).status, 200);
    assert.equal((await endpoint.merchant('GET', `/v1/checkout_sessions/${a.id}`)).status, 200);
  });

  test('the merchant key over its limit gets 429 on every merchant API, however it is sent', async () => {
    const endpoint = makeEndpoint(new MemoryStore(), {
      rateLimits: { secretKey: { limit: 5, windowSeconds: 60 } },
    });
    const session = (await endpoint.createSession()).body; // 1
    assert.equal(
      (await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`)).status,
      200,
    );
    // Seeds 000 and 004 see only their own sessions: a 404 is an answer past the limit.
    assert.equal((await endpoint.bearer('GET', `/v1/checkout/${session.id}`)).status, 404);
    // Seed 004 takes the key as the password.
    const seed004 = await endpoint.call(`/api/v2/checkout-sessions/${session.id}`, {
      headers: { Authorization: `Basic ${btoa(`merchant_id:${secretKey}`)}` },
    });
    assert.equal(seed004.status, 404);
    const fifth = await endpoint.merchant('GET', '/v1/webhook_events');
    assert.equal(fifth.status, 200);
    assert.equal(fifth.headers.get('ratelimit-policy'), '5;w=60');
    assert.match(fifth.headers.get('ratelimit') ?? '', /^limit=5, remaining=0, reset=\d+$/);

    const refused = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
    assertRateLimited(refused, '5;w=60');
    assert.match(refused.body.error.message, /with this secret key/);
    const flat = await endpoint.bearer('GET', `/v1/checkout/${session.id}`);
    assert.equal(flat.status, 429);
    assert.deepEqual(Object.keys(flat.body).sort(), ['error', 'message']);
    assert.equal(flat.body.error, 'rate_limited');
    assert.ok(Number(flat.headers.get('retry-after')) >= 1);
    // A wrong key is not the merchant's: it fails authentication as usual.
    assert.equal(
      (
        await endpoint.merchant('GET', '/v1/webhook_events', undefined, {
          Authorization: basic(wrongKey(1)),
        })
      ).status,
      401,
    );
    // The client API has budgets of its own.
    assert.equal((await endpoint.client(session.client_secret, 'GET', '')).status, 200);
  });

  test('on by default: answers carry RateLimit and RateLimit-Policy', async () => {
    const store = new MemoryStore();
    const app = createCheckoutApp({ store, secretKey });
    const created = await app.fetch(
      new Request(`${origin}/v1/checkout_sessions`, {
        method: 'POST',
        headers: {
          Authorization: basic(secretKey),
          'Content-Type': 'application/json',
          'Idempotency-Key': crypto.randomUUID(),
        },
        body: JSON.stringify(validSession()),
      }),
    );
    assert.equal(created.status, 200);
    assert.equal(created.headers.get('ratelimit-policy'), '3000;w=60');
    const { client_secret } = (await created.json()) as { client_secret: string };
    const read = await app.fetch(
      new Request(`${origin}/v1/client/session`, {
        headers: { Authorization: `Bearer ${client_secret}` },
      }),
    );
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('ratelimit-policy'), '300;w=60');
    assert.match(read.headers.get('ratelimit') ?? '', /^limit=300, remaining=299, reset=\d+$/);
  });

  test('limits off: no 429 in a burst', async () => {
    const endpoint = makeEndpoint(new MemoryStore(), { rateLimits: false });
    const session = (await endpoint.createSession()).body;
    const statuses = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const wrong = await fromAddress(endpoint, '203.0.113.9', '/v1/checkout_sessions/cs_x', {
        Authorization: basic(wrongKey(i)),
      });
      const read = await fromAddress(endpoint, '203.0.113.9', '/v1/client/session', {
        Authorization: `Bearer ${session.client_secret}`,
      });
      statuses.add(wrong.status).add(read.status);
      assert.equal(read.headers.get('ratelimit'), null);
    }
    assert.deepEqual([...statuses].sort(), [200, 401]);
  });
});

for (const kind of ['memory', 'pglite', 'postgres'] as StoreKind[]) {
  const skip = kind === 'postgres' ? postgresUnavailable() : null;
  describe(`recordAuthFailure (${kind} store)`, { skip: skip ?? false }, () => {
    let store: CheckoutStore;
    before(async () => {
      store = await openStore(kind);
    });
    after(() => store.close());

    test('counts in a fixed window per key, and starts again once it ends', async () => {
      const t = 1_800_000_000_000;
      assert.deepEqual(await store.recordAuthFailure('address:a', t, 60_000), {
        failures: 1,
        resetAt: t + 60_000,
      });
      assert.deepEqual(await store.recordAuthFailure('address:a', t + 59_999, 60_000), {
        failures: 2,
        resetAt: t + 60_000,
      });
      assert.deepEqual(await store.recordAuthFailure('address:b', t + 1, 60_000), {
        failures: 1,
        resetAt: t + 60_001,
      });
      assert.deepEqual(await store.recordAuthFailure('address:a', t + 60_000, 60_000), {
        failures: 1,
        resetAt: t + 120_000,
      });
    });

    test('failures at the same moment are each counted once', async () => {
      const t = 1_900_000_000_000;
      const counts = await Promise.all(
        Array.from({ length: 25 }, () => store.recordAuthFailure('address:burst', t, 60_000)),
      );
      assert.deepEqual(
        counts.map((count) => count.failures).sort((x, y) => x - y),
        Array.from({ length: 25 }, (_, i) => i + 1),
      );
    });
  });
}

describe('configuration', () => {
  test('CHECKOUT_RATE_LIMITS and the limits from the environment; bad values are refused', () => {
    assert.deepEqual(readConfig({}).rateLimits, {});
    assert.equal(readConfig({ CHECKOUT_RATE_LIMITS: 'off' }).rateLimits, false);
    assert.equal(readConfig({ CHECKOUT_RATE_LIMITS: 'OFF' }).rateLimits, false);
    assert.deepEqual(readConfig({ CHECKOUT_RATE_LIMITS: 'on' }).rateLimits, {});
    assert.deepEqual(
      readConfig({
        CHECKOUT_RATE_LIMIT_CLIENT: '120/60s',
        CHECKOUT_RATE_LIMIT_MERCHANT: ' 10000/60s ',
        CHECKOUT_RATE_LIMIT_FAILED_AUTH: '10/900s',
        CHECKOUT_TRUST_PROXY: '1',
      }).rateLimits,
      {
        clientSecret: { limit: 120, windowSeconds: 60 },
        secretKey: { limit: 10000, windowSeconds: 60 },
        failedAuth: { limit: 10, windowSeconds: 900 },
        trustProxy: true,
      },
    );
    assert.deepEqual(readConfig({ CHECKOUT_TRUST_PROXY: '0' }).rateLimits, { trustProxy: false });

    for (const name of [
      'CHECKOUT_RATE_LIMIT_CLIENT',
      'CHECKOUT_RATE_LIMIT_MERCHANT',
      'CHECKOUT_RATE_LIMIT_FAILED_AUTH',
    ]) {
      for (const bad of ['300', '300/60', '300 per minute', '-1/60s', '1.5/60s', '300/1m']) {
        assert.throws(
          () => readConfig({ [name]: bad }),
          new RegExp(
            `^Error: ${name} must be <count>/<seconds>s, such as 300/60s; got '${bad}'\\.$`,
          ),
        );
      }
      for (const bad of ['0/60s', '300/0s', '2000000/60s', '300/100000s']) {
        assert.throws(
          () => readConfig({ [name]: bad }),
          new RegExp(
            `^Error: ${name} must be a whole number of requests from 1 to 1000000 in a whole number of seconds from 1 to 86400`,
          ),
        );
      }
    }
    assert.throws(
      () => readConfig({ CHECKOUT_RATE_LIMITS: 'no' }),
      /CHECKOUT_RATE_LIMITS must be 'on' or 'off'; got 'no'/,
    );
    assert.throws(
      () => readConfig({ CHECKOUT_RATE_LIMITS: 'off', CHECKOUT_RATE_LIMIT_CLIENT: 'lots' }),
      /CHECKOUT_RATE_LIMIT_CLIENT must be <count>\/<seconds>s/,
      'a mistake is caught also while limits are off',
    );
    assert.throws(
      () => readConfig({ CHECKOUT_TRUST_PROXY: 'yes' }),
      /CHECKOUT_TRUST_PROXY must be 1 \(behind a proxy that appends the client's address to X-Forwarded-For\) or 0; got 'yes'/,
    );
  });

  test('createCheckoutApp refuses a limit that is not a positive whole number', () => {
    for (const bad of [
      { clientSecret: { limit: 0, windowSeconds: 60 } },
      { secretKey: { limit: 10, windowSeconds: 0.5 } },
      { failedAuth: { limit: Number.NaN, windowSeconds: 60 } },
    ]) {
      assert.throws(
        () => createCheckoutApp({ store: new MemoryStore(), secretKey, rateLimits: bad }),
        /^Error: rateLimits\.(clientSecret|secretKey|failedAuth) must be a whole number of requests/,
      );
    }
  });

  test('a real Node server counts failures by its socket’s address, as configured', async () => {
    const dataDir = await seededDataDir('checkout-kit-rate-limits-');
    const server = await startServer(
      readConfig({
        PORT: '0',
        CHECKOUT_LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        CHECKOUT_DATA_DIR: dataDir.path,
        CHECKOUT_SECRET_KEY: secretKey,
        CHECKOUT_RATE_LIMIT_FAILED_AUTH: '3/60s',
      }),
    );
    try {
      const get = (key: string) =>
        fetch(`${server.url}/v1/webhook_events`, { headers: { Authorization: basic(key) } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await get(wrongKey(i))).status);
      assert.deepEqual(statuses, [401, 401, 401]);
      const refused = await get(wrongKey(3));
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '60');
      assert.equal(refused.headers.get('ratelimit-policy'), '3;w=60');
      assert.equal((await refused.json()).error.code, 'rate_limited');
      assert.equal((await get(secretKey)).status, 429, 'the address waits, whatever its key');
    } finally {
      await server.close();
      await dataDir.remove();
    }
  });
});
