/**
 * The request log as an operator reads it, from `npm run serve`'s own
 * process (src/server/cli.ts) with `CHECKOUT_LOG_FORMAT=json`: one JSON line
 * per request with its level, time, request id, route, status, duration and
 * session; the same id in the answer's `Request-Id`; a decline's reason; and
 * across EVERY line the process writes during a full purchase, no secret
 * key, client secret, card number, CVC or customer e-mail. SIGTERM turns
 * `/readyz` to 503 at once, in-process errors are logged with their cause,
 * and the pretty format is one readable line per request.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { readConfig } from '../../src/server/config.js';
import { type RunningServer, startServer } from '../../src/server/node.js';
import { createLogger, prettyLine } from '../../src/server/observability/logger.js';
import { basicAuth, confirmRequest, eventually } from '../support/e2e.js';
import {
  type NodeEndpoint,
  startNodeEndpoint,
  stopNodeEndpoint,
} from '../support/node-endpoint.js';
import { seededDataDir } from '../support/pglite.js';

const secretKey = 'sk_test_request_log_0123456789';
const metricsToken = 'metrics_request_log_0123456789';
const email = 'jane.observed+shopper@example.com';
const declinedCard = '4000 0000 0000 0002';
const paidCard = '4242424242424242';
const cvc = '739';

const running: NodeEndpoint[] = [];
after(async () => {
  for (const endpoint of running) await stopNodeEndpoint(endpoint, 'SIGKILL');
});

interface LogLine {
  level: string;
  time: string;
  msg: string;
  [field: string]: unknown;
}

/** Every leaf of a parsed line, with its key path. */
function* leaves(value: unknown, path = ''): Generator<[string, unknown]> {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) yield* leaves(inner, `${path}.${key}`);
  } else {
    yield [path, value];
  }
}

describe('the JSON request log of `npm run serve`', () => {
  test('a purchase and a decline: one line per request, one id each, and no secret in any line', {
    timeout: 120_000,
  }, async () => {
    const dataDir = await seededDataDir('checkout-kit-request-log-');
    const endpoint = await startNodeEndpoint('request-log', {
      CHECKOUT_DATA_DIR: dataDir.path,
      CHECKOUT_SECRET_KEY: secretKey,
      CHECKOUT_METRICS_TOKEN: metricsToken,
      CHECKOUT_LOG_FORMAT: 'json',
      CHECKOUT_LOG_LEVEL: 'info',
      CHECKOUT_SHUTDOWN_DELAY_MS: '1500',
    });
    running.push(endpoint);
    const { url } = endpoint;

    /** Each request sent, by the id its answer carried. */
    const sent = new Map<string, { what: string; status: number }>();
    async function call(what: string, path: string, init: RequestInit = {}) {
      const response = await fetch(`${url}${path}`, init);
      const id = response.headers.get('request-id');
      assert.ok(id, `${what}: no Request-Id`);
      assert.ok(!sent.has(id), `${what}: Request-Id ${id} was used before`);
      sent.set(id, { what, status: response.status });
      return { response, id, body: (await response.json().catch(() => null)) as any };
    }
    const confirm = (what: string, number: string, key: string) =>
      call(
        what,
        '/v1/client/session/confirm',
        confirmRequest(clientSecret, {
          key,
          number,
          cvc,
          email,
          billing: { name: 'Jane Observed', postal_code: '94110' },
        }),
      );

    // A full purchase, as a merchant's server and the kit make it.
    const created = await call('create', '/v1/checkout_sessions', {
      method: 'POST',
      headers: {
        Authorization: basicAuth(secretKey),
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID(),
      },
      body: JSON.stringify({
        mode: 'payment',
        ui_mode: 'embedded',
        customer_email: email,
        line_items: [
          { quantity: 1, price_data: { currency: 'usd', product: 'Mug', unit_amount: 1800 } },
        ],
      }),
    });
    assert.equal(created.response.status, 200, JSON.stringify(created.body));
    const sessionId: string = created.body.id;
    const clientSecret: string = created.body.client_secret;
    const asClient = { Authorization: `Bearer ${clientSecret}` };
    assert.equal(
      (await call('read', '/v1/client/session', { headers: asClient })).response.status,
      200,
    );
    const updated = await call('update', '/v1/client/session/update', {
      method: 'POST',
      headers: { ...asClient, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    assert.equal(updated.response.status, 200, JSON.stringify(updated.body));
    const declined = await confirm('decline', declinedCard, 'decline-key');
    assert.equal(declined.response.status, 402);
    assert.equal(declined.body.error.code, 'card_declined');
    const paid = await confirm('purchase', paidCard, 'purchase-key');
    assert.equal(paid.response.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.session.status, 'complete');
    const replayed = await confirm('replay', paidCard, 'purchase-key');
    assert.equal(replayed.response.headers.get('idempotent-replayed'), 'true');
    const retrieved = await call('retrieve', `/v1/checkout_sessions/${sessionId}`, {
      headers: { Authorization: basicAuth(secretKey) },
    });
    assert.equal(retrieved.body.status, 'complete');

    // A proxy's id is kept; one that is not plain is replaced.
    const proxied = await call('proxied', '/v1/client/session', {
      headers: { ...asClient, 'X-Request-Id': 'lb-0123456789abcdef' },
    });
    assert.equal(proxied.id, 'lb-0123456789abcdef');
    const forged = await call('forged id', '/no/such/page', {
      headers: { 'Request-Id': 'x"}, "level": "fatal' },
    });
    assert.notEqual(forged.id, 'x"}, "level": "fatal');
    // Probes and scrapes that succeed are logged at debug: not in this info log.
    const probe = await call('probe', '/readyz');
    assert.equal(probe.response.status, 200);
    const scrape = await fetch(`${url}/metrics`, {
      headers: { Authorization: `Bearer ${metricsToken}` },
    });
    assert.equal(scrape.status, 200);
    sent.set(scrape.headers.get('request-id')!, { what: 'scrape', status: 200 });
    await scrape.text();

    // SIGTERM: not ready at once, still alive and serving during the delay, then exit 0.
    endpoint.child.kill('SIGTERM');
    const draining = await eventually(async () => {
      const reply = await call('draining probe', '/readyz');
      return reply.response.status === 503 ? reply : null;
    }, 'readiness did not turn 503 after SIGTERM');
    assert.deepEqual(draining.body, { status: 'draining' });
    assert.equal((await call('alive while draining', '/healthz')).response.status, 200);
    assert.equal(await endpoint.exited, 0, endpoint.output());

    const lines = endpoint
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    assert.ok(lines.length > 10, endpoint.output());

    // EVERY line: no secret, in any form.
    const secrets = [
      secretKey,
      clientSecret,
      metricsToken,
      email,
      declinedCard,
      declinedCard.replaceAll(' ', ''),
      paidCard,
      paidCard.replace(/(\d{4})(?!$)/g, '$1 '),
    ];
    for (const line of lines) {
      for (const secret of secrets) {
        assert.ok(!line.includes(secret), `a log line holds a secret (${secret}): ${line}`);
      }
      // The CVC is three digits: as a whole value, not as part of a time or an id.
      assert.doesNotMatch(line, new RegExp(`(^|[^0-9A-Za-z.:-])${cvc}($|[^0-9A-Za-z.:-])`), line);
      // Random ids (`cs_test_…`, `req_…`) are letters and digits that may spell `cvc` by chance.
      const withoutIds = line.replace(/\b[a-z]+_(test_)?[0-9A-Za-z]{20,}\b/g, 'ID');
      assert.doesNotMatch(withoutIds, /cvc|card_?number|"number"|authorization|password/i, line);
    }

    // Start-up lines are for people; every other line is one JSON object.
    const human = lines.filter((line) => !line.startsWith('{'));
    for (const line of human) {
      assert.match(
        line,
        /^(Checkout Kit endpoint listening on |Data directory: |Health: |No script files found)/,
        line,
      );
    }
    const entries = lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
    for (const entry of entries) {
      assert.ok(['info', 'warn', 'error'].includes(entry.level), JSON.stringify(entry));
      assert.ok(!Number.isNaN(Date.parse(entry.time)), `time: ${entry.time}`);
      for (const [path, value] of leaves(entry)) {
        assert.notEqual(String(value), cvc, `${path} holds the CVC`);
      }
    }

    // One line per request, with one id, the one its answer carried.
    const requests = entries.filter((entry) => entry.msg === 'request');
    const byId = new Map<string, LogLine>();
    for (const entry of requests) {
      assert.equal(typeof entry.request_id, 'string', JSON.stringify(entry));
      assert.ok(!byId.has(entry.request_id as string), `two lines for ${entry.request_id}`);
      byId.set(entry.request_id as string, entry);
      assert.equal(typeof entry.duration_ms, 'number', JSON.stringify(entry));
      assert.equal(typeof entry.status, 'number', JSON.stringify(entry));
      assert.equal(typeof entry.route, 'string', JSON.stringify(entry));
    }
    // Health probes and scrapes that went well are at debug: not in this log.
    const probes = new Set(['probe', 'scrape', 'alive while draining', 'draining probe']);
    let expected = 0;
    for (const [id, { what, status }] of sent) {
      const entry = byId.get(id);
      if (probes.has(what) && status < 400) {
        assert.equal(entry, undefined, `${what} is logged at debug only`);
        continue;
      }
      expected++;
      assert.ok(entry, `no log line for ${what} (${id})`);
      assert.equal(entry.status, status, what);
    }
    assert.equal(requests.length, expected, 'no line for a request not sent');

    const lineOf = (what: string) =>
      byId.get([...sent].find(([, request]) => request.what === what)![0])!;
    assert.deepEqual(
      {
        level: lineOf('create').level,
        method: lineOf('create').method,
        route: lineOf('create').route,
        session_id: lineOf('create').session_id,
      },
      { level: 'info', method: 'POST', route: '/v1/checkout_sessions', session_id: sessionId },
    );
    assert.equal(lineOf('retrieve').route, '/v1/checkout_sessions/:id');
    for (const what of ['read', 'update', 'decline', 'purchase', 'replay', 'retrieve', 'proxied']) {
      assert.equal(lineOf(what).session_id, sessionId, `${what} names its session`);
    }
    const decline = lineOf('decline');
    assert.equal(decline.route, '/v1/client/session/confirm');
    assert.equal(decline.status, 402);
    assert.equal(decline.payment, 'declined');
    assert.equal(decline.code, 'card_declined');
    assert.equal(lineOf('purchase').payment, 'succeeded');
    assert.equal(lineOf('replay').replayed, true);
    assert.equal(lineOf('forged id').code, 'route_not_found');
    assert.equal(byId.get(draining.id)?.level, 'warn');

    const stopping = entries.find((entry) => /SIGTERM/.test(entry.msg));
    assert.ok(stopping, 'the SIGTERM line');
    assert.ok(
      entries.some((entry) => entry.msg === 'stopped'),
      'the last line says it stopped',
    );
    await dataDir.remove();
  });
});

describe('errors, levels and the pretty format', () => {
  let server: RunningServer | undefined;
  after(async () => server?.close());

  test('an unexpected error is logged with its cause, at error, beside its request', async () => {
    const dataDir = await seededDataDir('checkout-kit-request-log-errors-');
    const lines: string[] = [];
    server = await startServer(
      {
        ...readConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          CHECKOUT_DATA_DIR: dataDir.path,
          CHECKOUT_SECRET_KEY: secretKey,
        }),
        logger: createLogger({
          level: 'info',
          format: 'json',
          destination: { write: (line) => lines.push(line) },
        }),
      },
      (app) => {
        app.get('/host/broken', () => {
          throw new Error('The host route failed.', { cause: new Error('connection reset') });
        });
      },
    );
    // The endpoint's own routes: a store that fails under the handler.
    const store = server.store as { findSessionByClientSecret: unknown };
    store.findSessionByClientSecret = async () => {
      throw new Error('Could not read the session.', {
        cause: Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
        }),
      });
    };

    const broken = await fetch(`${server.url}/host/broken`);
    assert.equal(broken.status, 500);
    assert.equal(((await broken.json()) as any).error.code, 'internal_error');
    const failed = await fetch(`${server.url}/v1/client/session`, {
      headers: { Authorization: 'Bearer cs_test_secret_that_must_not_be_logged' },
    });
    assert.equal(failed.status, 500);
    await failed.text();

    const entries = lines.map((line) => JSON.parse(line) as LogLine);
    const hostLine = entries.find((entry) => entry.request_id === broken.headers.get('request-id'));
    assert.ok(hostLine, lines.join(''));
    assert.equal(hostLine.level, 'error');
    assert.equal(hostLine.status, 500);
    assert.equal(hostLine.route, '/host/broken');
    const hostError = hostLine.err as {
      message: string;
      stack: string;
      cause: { message: string };
    };
    assert.equal(hostError.message, 'The host route failed.');
    assert.match(hostError.stack, /request-log\.test\.ts/);
    assert.equal(hostError.cause.message, 'connection reset');

    const storeLine = entries.find(
      (entry) => entry.request_id === failed.headers.get('request-id'),
    );
    assert.ok(storeLine, lines.join(''));
    assert.equal(storeLine.level, 'error');
    assert.equal(storeLine.code, 'internal_error');
    const storeError = storeLine.err as {
      message: string;
      cause: { message: string; code: string };
    };
    assert.equal(storeError.message, 'Could not read the session.');
    assert.equal(storeError.cause.message, 'terminating connection due to administrator command');
    assert.equal(storeError.cause.code, '57P01');
    assert.ok(
      !lines.join('').includes('cs_test_secret_that_must_not_be_logged'),
      'no client secret',
    );
    await server.close();
    server = undefined;
    await dataDir.remove();
  });

  test('pretty lines: one per request, readable, and errors with their causes below', () => {
    const request = JSON.stringify({
      level: 'info',
      time: '2026-11-21T12:00:01.234Z',
      pid: 1,
      hostname: 'h',
      request_id: 'req-1',
      method: 'POST',
      route: '/v1/client/session/confirm',
      status: 402,
      duration_ms: 4.2,
      session_id: 'cs_test_1',
      code: 'card_declined',
      msg: 'request',
    });
    assert.equal(
      prettyLine(request),
      '12:00:01.234 INFO  POST /v1/client/session/confirm 402 4.2 ms  request_id=req-1 session_id=cs_test_1 code=card_declined\n',
    );
    const failure = prettyLine(
      JSON.stringify({
        level: 'error',
        time: '2026-11-21T12:00:01.234Z',
        msg: 'webhook worker failed',
        reason: 'two words',
        err: {
          type: 'Error',
          message: 'a',
          stack: 'Error: a\n    at x',
          cause: { type: 'Error', message: 'b', stack: 'Error: b' },
        },
      }),
    );
    assert.equal(
      failure,
      '12:00:01.234 ERROR webhook worker failed  reason="two words"\n    Error: a\n        at x\n    Error: b\n',
    );
    assert.ok(prettyLine(request, true).includes('\u001b[32mINFO\u001b[0m'), 'the level in colour');
  });
});
