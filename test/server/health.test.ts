/**
 * The operations routes of the fetch handler: `/healthz` and `/readyz` need
 * no key and say nothing about the data; readiness turns 503 while the store
 * does not answer (down, hanging, or its schema behind this version) and
 * while the process drains; `/metrics` is the secret key's or the metrics
 * token's only; every answer carries a `Request-Id`, a proxy's when it is
 * well formed. The OpenAPI document lists them.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { readConfig } from '../../src/server/config.js';
import { exitWhenStoreStops, type RunningServer } from '../../src/server/node.js';
import { MemoryStore } from '../../src/server/store/memory-store.js';
import { pgliteDatabase } from '../../src/server/store/pglite-database.js';
import { type SqlDatabase, SqlStore } from '../../src/server/store/sql-store.js';
import { makeEndpoint, secretKey } from '../support/endpoint.js';
import { migratedPglite, migratedPgliteThread } from '../support/pglite.js';

const metricsToken = 'metrics_token_0123456789abcdef';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** One embedded database for the file: starting one takes seconds. */
let database: Promise<SqlDatabase> | undefined;
after(async () => (await database)?.close());

/** A real SqlStore on PGlite whose connection can be cut or made to hang, as a network can. */
async function flakyStore() {
  database ??= (async () => {
    return pgliteDatabase(await migratedPglite());
  })();
  const db = await database;
  const link = { state: 'up' as 'up' | 'down' | 'hanging' };
  const flaky: SqlDatabase = {
    query: (sql, params) => {
      if (link.state === 'down')
        return Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432'));
      if (link.state === 'hanging') return new Promise(() => {});
      return db.query(sql, params);
    },
    transaction: (work) => db.transaction(work),
    close: async () => {},
  };
  return { store: await SqlStore.open(flaky), db, link };
}

describe('configuration', () => {
  const base = { CHECKOUT_SECRET_KEY: secretKey };

  test('defaults: info, the format by the terminal, no token, no delay', () => {
    const config = readConfig(base);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.logFormat, undefined);
    assert.equal(config.metricsToken, undefined);
    assert.equal(config.shutdownDelayMs, 0);
  });

  test('reads each variable and refuses bad values, naming the variable', () => {
    const config = readConfig({
      ...base,
      CHECKOUT_LOG_LEVEL: 'DEBUG',
      CHECKOUT_LOG_FORMAT: 'pretty',
      CHECKOUT_METRICS_TOKEN: metricsToken,
      CHECKOUT_SHUTDOWN_DELAY_MS: '5000',
    });
    assert.deepEqual(
      [config.logLevel, config.logFormat, config.metricsToken, config.shutdownDelayMs],
      ['debug', 'pretty', metricsToken, 5000],
    );
    for (const [name, bad] of [
      ['CHECKOUT_LOG_LEVEL', 'loud'],
      ['CHECKOUT_LOG_FORMAT', 'xml'],
      ['CHECKOUT_METRICS_TOKEN', 'short'],
      ['CHECKOUT_METRICS_TOKEN', 'has a space in it, sadly'],
      ['CHECKOUT_SHUTDOWN_DELAY_MS', '-1'],
      ['CHECKOUT_SHUTDOWN_DELAY_MS', '600001'],
      ['CHECKOUT_SHUTDOWN_DELAY_MS', '2.5'],
    ] as const) {
      assert.throws(() => readConfig({ ...base, [name]: bad }), new RegExp(name), `${name}=${bad}`);
    }
  });
});

describe('/healthz and /readyz', () => {
  test('/healthz answers 200 without a key, says nothing else, and is never cached', async () => {
    const endpoint = makeEndpoint(new MemoryStore(), { draining: () => true });
    const reply = await endpoint.call('/healthz');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { status: 'ok' });
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    assert.match(reply.headers.get('request-id') ?? '', uuid);
  });

  test("/healthz is 503 once the embedded database's thread has died, which only a new process recovers from", async () => {
    const thread = await migratedPgliteThread();
    const store = await SqlStore.open(thread, { exclusive: true });
    const reported: unknown[] = [];
    const endpoint = makeEndpoint(store, { reportError: (error) => reported.push(error) });
    try {
      assert.equal((await endpoint.call('/healthz')).status, 200);
      // It dies in the middle of a statement (which also keeps the thread, and this test, running).
      const inFlight = thread.query('SELECT pg_sleep(5)').catch((error: Error) => error);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await thread.worker.terminate();
      await store.stopped;
      assert.match(String(await inFlight), /The embedded database stopped/);
      const reply = await endpoint.call('/healthz');
      assert.equal(reply.status, 503);
      assert.deepEqual(reply.body, { status: 'store_stopped' });
      assert.equal(reply.headers.get('cache-control'), 'no-store');
      assert.deepEqual((await endpoint.call('/readyz')).body, { status: 'store_unavailable' });
      // The API answers its 500 meanwhile; nothing pretends to work.
      const read = await endpoint.merchant('GET', '/v1/checkout_sessions/cs_test_gone');
      assert.equal(read.status, 500);
      assert.match(String(reported[0]), /The embedded database stopped/);
    } finally {
      await store.close();
    }
  });

  test('the Node command drains and exits 1 once the store stops, and not before', async (t) => {
    let exited!: (code: unknown) => void;
    const exit = new Promise((resolve) => (exited = resolve));
    t.mock.method(process, 'exit', (code?: number) => exited(code));
    let stop!: (error: Error) => void;
    const closes: unknown[] = [];
    const server = {
      store: { stopped: new Promise<Error>((resolve) => (stop = resolve)) },
      close: async (options: unknown) => {
        closes.push(options);
      },
    } as unknown as RunningServer;
    exitWhenStoreStops(server);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(closes, [], 'nothing happens while the store runs');
    stop(new Error('The embedded database stopped (exit code 1).'));
    // Awaited, so no exit can come after the mock is gone.
    assert.equal(await exit, 1);
    assert.deepEqual(closes, [{ timeoutMs: 1000, delayMs: 0 }]);
  });

  test('/readyz is 200 while the store answers, 503 while it is down, and 200 again after', async () => {
    const { store, link } = await flakyStore();
    const endpoint = makeEndpoint(store);
    try {
      let reply = await endpoint.call('/readyz');
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body, { status: 'ready' });
      assert.equal(reply.headers.get('cache-control'), 'no-store');

      link.state = 'down';
      reply = await endpoint.call('/readyz');
      assert.equal(reply.status, 503);
      // Why, in a word; never the error's text (a host name, a database name).
      assert.deepEqual(reply.body, { status: 'store_unavailable' });
      assert.equal(
        (await endpoint.call('/healthz')).status,
        200,
        'liveness does not follow the store',
      );

      link.state = 'up';
      assert.equal((await endpoint.call('/readyz')).status, 200);
    } finally {
      await store.close();
    }
  });

  test('a store that hangs is not ready once the timeout passes, and probes share one query', async () => {
    const { store, link } = await flakyStore();
    let queries = 0;
    const counting = new Proxy(store, {
      get(target, name, receiver) {
        if (name !== 'ping') return Reflect.get(target, name, receiver);
        return () => {
          queries++;
          return target.ping();
        };
      },
    });
    const endpoint = makeEndpoint(counting, { readinessTimeoutMs: 100 });
    link.state = 'hanging';
    const started = performance.now();
    const replies = await Promise.all([1, 2, 3].map(() => endpoint.call('/readyz')));
    const elapsed = performance.now() - started;
    assert.deepEqual(
      replies.map((reply) => reply.status),
      [503, 503, 503],
    );
    assert.ok(elapsed >= 90 && elapsed < 2000, `${elapsed} ms`);
    assert.equal(queries, 1, 'concurrent probes wait on one query');
    link.state = 'up';
    assert.equal((await endpoint.call('/readyz')).status, 200);
  });

  test('a schema behind this version is not ready: migrations must be done', async () => {
    const { store, db } = await flakyStore();
    const endpoint = makeEndpoint(store);
    try {
      const { rows } = await db.query<{ version: number }>(
        'DELETE FROM checkout_kit_migrations WHERE version = (SELECT max(version) FROM checkout_kit_migrations) RETURNING version',
      );
      assert.equal((await endpoint.call('/readyz')).status, 503);
      await db.query('INSERT INTO checkout_kit_migrations (version) VALUES ($1)', [
        rows[0]!.version,
      ]);
      assert.equal((await endpoint.call('/readyz')).status, 200);
    } finally {
      await store.close();
    }
  });

  test('/readyz is 503 "draining" as soon as the process says it is stopping', async () => {
    let draining = false;
    const endpoint = makeEndpoint(new MemoryStore(), { draining: () => draining });
    assert.equal((await endpoint.call('/readyz')).status, 200);
    draining = true;
    const reply = await endpoint.call('/readyz');
    assert.equal(reply.status, 503);
    assert.deepEqual(reply.body, { status: 'draining' });
    assert.equal((await endpoint.call('/healthz')).status, 200);
  });
});

describe('/metrics', () => {
  const source = {
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
    render: async () => 'up 1\n',
  };

  test('is 404 when the handler was made without a metrics source', async () => {
    const reply = await makeEndpoint(new MemoryStore()).call('/metrics', {
      headers: { Authorization: `Bearer ${secretKey}` },
    });
    assert.equal(reply.status, 404);
    assert.equal(reply.body.error.code, 'route_not_found');
  });

  test('needs the secret key or the metrics token', async () => {
    const endpoint = makeEndpoint(new MemoryStore(), { metrics: source, metricsToken });
    const read = (authorization?: string) =>
      endpoint.call('/metrics', authorization ? { headers: { Authorization: authorization } } : {});

    const anonymous = await read();
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, 'unauthorized');
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal((await read('Bearer not_the_metrics_token_at_all')).status, 401);
    assert.equal((await read(`Bearer ${metricsToken}x`)).status, 401);

    for (const authorization of [
      `Bearer ${metricsToken}`,
      `Bearer ${secretKey}`,
      `Basic ${btoa(`${secretKey}:`)}`,
    ]) {
      const reply = await read(authorization);
      assert.equal(reply.status, 200, authorization);
      assert.equal(reply.body, 'up 1\n');
      assert.equal(reply.headers.get('content-type'), source.contentType);
      assert.equal(reply.headers.get('cache-control'), 'no-store');
    }
  });
});

describe('Request-Id', () => {
  const endpoint = makeEndpoint(new MemoryStore());
  const idOf = async (headers: Record<string, string>, path = '/healthz') =>
    (await endpoint.call(path, { headers })).headers.get('request-id');

  test('every answer has one, errors included, and each request its own', async () => {
    const ids = [
      await idOf({}),
      await idOf({}, '/no/such/route'),
      await idOf({}, '/v1/checkout_sessions'),
      await idOf({ Authorization: 'Bearer cs_test_unknown_secret' }, '/v1/client/session'),
      await idOf({}, '/v1/checkout'),
    ];
    for (const id of ids) assert.match(id ?? '', uuid);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('pages on other origins can read it from the client API, to quote it to support', async () => {
    const reply = await endpoint.call('/v1/client/session', {
      headers: { Authorization: 'Bearer cs_test_unknown_secret', Origin: 'https://shop.example' },
    });
    const exposed = (reply.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
    assert.ok(exposed.includes('Request-Id'), exposed.join(', '));
  });

  test("a proxy's id is kept when it is short and plain", async () => {
    assert.equal(await idOf({ 'Request-Id': 'req_0123abcd' }), 'req_0123abcd');
    assert.equal(
      await idOf({ 'X-Request-Id': '4f0c1d2e3b4a59687766554433221100' }),
      '4f0c1d2e3b4a59687766554433221100',
    );
    assert.equal(
      await idOf({ 'X-Request-Id': 'Root=1-67891233-abcdef012345678912345678' }),
      'Root=1-67891233-abcdef012345678912345678',
    );
  });

  test('anything else is replaced by a new id', async () => {
    for (const given of ['a b', '"quoted"', 'x'.repeat(129), '<script>', 'a,b', 'ä']) {
      const id = await idOf({ 'Request-Id': given });
      assert.match(id ?? '', uuid, given);
    }
  });
});

test('the OpenAPI document lists the operations routes: no key for health, a token for metrics', async () => {
  const { body } = await makeEndpoint(new MemoryStore()).call('/openapi.json');
  for (const path of ['/healthz', '/readyz']) {
    const operation = body.paths[path].get;
    assert.equal(operation.security, undefined, `${path} needs no key`);
    assert.ok(operation.responses['200'], path);
  }
  assert.ok(body.paths['/readyz'].get.responses['503'], '/readyz documents its 503');
  assert.deepEqual(body.paths['/readyz'].get.responses['503'].content['application/json'].schema, {
    $ref: '#/components/schemas/Readiness',
  });
  const metrics = body.paths['/metrics'].get;
  assert.deepEqual(metrics.security, [{ MetricsToken: [] }]);
  assert.ok(metrics.responses['401'], '/metrics documents its 401');
  assert.equal(body.components.securitySchemes.MetricsToken.scheme, 'bearer');
});
