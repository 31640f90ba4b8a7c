/**
 * The Node server as an operator sees it. `/metrics` is valid Prometheus
 * text (checked by a strict parser of the exposition format below) and its
 * series move with what happens: a purchase, a decline, an idempotent
 * replay, a rate-limit refusal, webhook deliveries failing and then getting
 * through with the outbox backlog, a session the worker expires. `/readyz`
 * turns 503 the moment a stop begins while the requests under way finish,
 * and on PostgreSQL while the database refuses connections (with the pool's
 * use in the metrics).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { readConfig } from '../../src/server/config.js';
import { type RunningServer, startServer } from '../../src/server/node.js';
import { confirmRequest, eventually, merchantApi, mugCart, testCard } from '../support/e2e.js';
import { seededDataDir } from '../support/pglite.js';
import { freshDatabase, postgresUnavailable } from '../support/postgres.js';

const secretKey = 'sk_test_observability_0123456789';
const metricsToken = 'metrics_observability_0123456789';
const webhookSecret = 'whsec_observability_0123456789';

// ---------------------------------------------------------------------------
// The Prometheus text exposition format (version 0.0.4), parsed strictly.

type Labels = Record<string, string>;
interface Sample {
  name: string;
  labels: Labels;
  value: number;
}
interface Family {
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help?: string;
  samples: Sample[];
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The value grammar is Go's `strconv.ParseFloat`: a decimal float, or NaN
 * and (signed) Inf / Infinity in any letter case (prom-client writes `Nan`).
 */
function parseValue(text: string, line: string): number {
  if (/^nan$/i.test(text)) return Number.NaN;
  const infinity = /^([-+]?)inf(inity)?$/i.exec(text);
  if (infinity) return infinity[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  assert.match(text, /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, `bad value in: ${line}`);
  return Number(text);
}

/** `{a="x",b="y\"z"}` → labels; escapes \\, \" and \n only. */
function parseLabels(text: string, line: string): Labels {
  const labels: Labels = {};
  let rest = text;
  while (rest.length > 0) {
    const name = /^([^=]+)="/.exec(rest);
    assert.ok(name, `bad label in: ${line}`);
    assert.match(name[1]!, labelName, `bad label name in: ${line}`);
    assert.ok(!(name[1]! in labels), `label repeated in: ${line}`);
    let value = '';
    let i = name[0].length;
    for (; i < rest.length && rest[i] !== '"'; i++) {
      if (rest[i] === '\\') {
        const next = rest[++i];
        assert.ok(next === '\\' || next === '"' || next === 'n', `bad escape in: ${line}`);
        value += next === 'n' ? '\n' : next;
      } else {
        assert.notEqual(rest[i], '\n', `newline in a label value: ${line}`);
        value += rest[i];
      }
    }
    assert.equal(rest[i], '"', `unterminated label value in: ${line}`);
    labels[name[1]!] = value;
    rest = rest.slice(i + 1);
    if (rest.startsWith(',')) rest = rest.slice(1);
    else assert.equal(rest, '', `expected , or } in: ${line}`);
  }
  return labels;
}

/** Which family a sample belongs to: histograms' and summaries' suffixed series join theirs. */
function familyOf(name: string, families: Map<string, Family>): string {
  if (families.has(name)) return name;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.slice(0, -suffix.length);
    if (
      name.endsWith(suffix) &&
      ['histogram', 'summary'].includes(families.get(base)?.type ?? '')
    ) {
      return base;
    }
  }
  return name;
}

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  let current: string | null = null;
  assert.ok(text.endsWith('\n'), 'the exposition ends with a line feed');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!meta) continue; // a comment
      const [, kind, name, rest] = meta;
      assert.match(name!, metricName, line);
      if (kind === 'TYPE') {
        assert.match(rest!, /^(counter|gauge|histogram|summary|untyped)$/, line);
        const existing = families.get(name!);
        assert.ok(!existing || existing.samples.length === 0, `TYPE after samples: ${line}`);
        assert.ok(!existing?.type || existing.type === 'untyped', `second TYPE: ${line}`);
        families.set(name!, { ...existing, type: rest as Family['type'], samples: [] });
      } else {
        assert.doesNotMatch(rest!.replace(/\\[\\n]/g, ''), /\\/, `bad escape in HELP: ${line}`);
        const existing = families.get(name!);
        assert.equal(existing?.help, undefined, `second HELP: ${line}`);
        families.set(name!, { type: 'untyped', samples: [], ...existing, help: rest! });
      }
      continue;
    }
    const sample = /^([^\s{]+)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?$/.exec(line);
    assert.ok(sample, `not a sample line: ${line}`);
    const [, name, labelText, valueText] = sample;
    assert.match(name!, metricName, line);
    const labels = parseLabels(labelText ?? '', line);
    const value = parseValue(valueText!, line);
    const family = familyOf(name!, families);
    const entry = families.get(family) ?? { type: 'untyped' as const, samples: [] };
    families.set(family, entry);
    // A family's samples come together, under its own TYPE.
    if (current !== family) {
      assert.equal(entry.samples.length, 0, `samples of ${family} are not grouped`);
      current = family;
    }
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    assert.ok(!seen.has(key), `duplicate series: ${line}`);
    seen.add(key);
    if (entry.type === 'counter') {
      assert.ok(value >= 0, `a counter below zero: ${line}`);
      assert.ok(name!.endsWith('_total') || name === family, line);
    }
    if (entry.type === 'histogram' && name!.endsWith('_bucket')) {
      assert.ok('le' in labels, `a bucket without le: ${line}`);
    }
    entry.samples.push({ name: name!, labels, value });
  }
  for (const [name, family] of families) {
    if (family.type === 'histogram') checkHistogram(name, family);
  }
  return families;
}

/** Buckets count up to +Inf, which equals _count, per label set. */
function checkHistogram(name: string, family: Family): void {
  const groups = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    if (sample.name === `${name}_bucket`) group.buckets.push([parseValue(le!, le!), sample.value]);
    if (sample.name === `${name}_count`) group.count = sample.value;
  }
  for (const [key, group] of groups) {
    const sorted = [...group.buckets].sort((a, b) => a[0] - b[0]);
    assert.equal(sorted.at(-1)?.[0], Number.POSITIVE_INFINITY, `${name}${key} has no +Inf bucket`);
    for (let i = 1; i < sorted.length; i++) {
      assert.ok(sorted[i]![1] >= sorted[i - 1]![1], `${name}${key} buckets are not cumulative`);
    }
    assert.equal(sorted.at(-1)?.[1], group.count, `${name}${key}: +Inf bucket ≠ _count`);
  }
}

/** One series' value, 0 when it is absent (a counter that never moved). */
function seriesValue(families: Map<string, Family>, name: string, labels: Labels = {}): number {
  const family = families.get(familyOf(name, families));
  const sample = family?.samples.find(
    (s) =>
      s.name === name &&
      Object.entries(labels).every(([key, value]) => s.labels[key] === value) &&
      Object.keys(s.labels).length === Object.keys(labels).length,
  );
  return sample?.value ?? 0;
}

test('the parser itself: accepts the format and refuses what breaks it', () => {
  const good = parsePrometheusText(
    [
      '# HELP a_total A counter with "quotes" and a \\\\ backslash.',
      '# TYPE a_total counter',
      'a_total{x="1",y="a\\"b\\\\c\\n"} 3',
      'a_total{x="2"} 1e3',
      '# TYPE h histogram',
      'h_bucket{le="0.1"} 1',
      'h_bucket{le="+Inf"} 2',
      'h_sum 0.3',
      'h_count 2',
      '# TYPE g gauge',
      'g NaN',
      '',
    ].join('\n'),
  );
  assert.equal(seriesValue(good, 'a_total', { x: '1', y: 'a"b\\c\n' }), 3);
  assert.equal(seriesValue(good, 'a_total', { x: '2' }), 1000);
  assert.ok(Number.isNaN(seriesValue(good, 'g')), 'NaN parses');
  for (const bad of [
    'a b c\n',
    '# TYPE a counter\na -1\n',
    '# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n',
    '# TYPE a gauge\na{x="1} 1\n',
    '# TYPE a gauge\na{1x="1"} 1\n',
    '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n',
    '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 3\n',
    '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n',
    '# TYPE a gauge\na 1',
  ]) {
    assert.throws(() => parsePrometheusText(bad), bad);
  }
});

// ---------------------------------------------------------------------------

/** The merchant's webhook receiver: refuses every attempt until told to accept. */
function startReceiver() {
  const state = { accept: false, delivered: [] as string[], refused: 0 };
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (!state.accept) {
        state.refused++;
        response.writeHead(500).end();
        return;
      }
      state.delivered.push(String(request.headers['checkout-event-id'] ?? ''));
      response.writeHead(200).end();
    });
  });
  return new Promise<{ server: Server; url: string; state: typeof state }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
        state,
      }),
    ),
  );
}

function confirm(url: string, clientSecret: string, key: string, number: string) {
  return fetch(`${url}/v1/client/session/confirm`, confirmRequest(clientSecret, { key, number }));
}

describe('/metrics on the Node server', () => {
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dataDir: Awaited<ReturnType<typeof seededDataDir>>;

  before(async () => {
    receiver = await startReceiver();
    dataDir = await seededDataDir('checkout-kit-metrics-');
    server = await startServer({
      ...readConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        CHECKOUT_DATA_DIR: dataDir.path,
        CHECKOUT_SECRET_KEY: secretKey,
        CHECKOUT_METRICS_TOKEN: metricsToken,
        CHECKOUT_WEBHOOK_URL: receiver.url,
        CHECKOUT_WEBHOOK_SECRET: webhookSecret,
        CHECKOUT_RATE_LIMIT_CLIENT: '20/60s',
        // The request log is the other test file's subject; here it would only fill the output.
        CHECKOUT_LOG_LEVEL: 'silent',
      }),
      webhookWorker: { pollIntervalMs: 50, backoffBaseMs: 100, backoffCapMs: 200 },
    });
  });

  after(async () => {
    await server?.close();
    receiver?.server.close();
    await dataDir?.remove();
  });

  async function scrape(authorization = `Bearer ${metricsToken}`) {
    const response = await fetch(`${server.url}/metrics`, {
      headers: { Authorization: authorization },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.ok(response.headers.get('request-id'), 'the scrape has a Request-Id');
    return parsePrometheusText(await response.text());
  }

  test('parses as the exposition format, with every series the issue names', async () => {
    const families = await scrape();
    for (const name of [
      'checkout_http_requests_total',
      'checkout_http_request_duration_seconds',
      'checkout_confirms_total',
      'checkout_idempotent_replays_total',
      'checkout_rate_limited_total',
      'checkout_webhook_deliveries_total',
      'checkout_webhook_outbox_pending',
      'checkout_webhook_outbox_oldest_age_seconds',
      'checkout_sessions_expired_total',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      assert.ok(families.has(name), `${name} is missing`);
      assert.ok(families.get(name)!.help, `${name} has no HELP`);
    }
    assert.equal(families.get('checkout_http_request_duration_seconds')!.type, 'histogram');
    assert.equal(families.get('checkout_webhook_outbox_pending')!.type, 'gauge');
    // The embedded store has no pool to report.
    assert.ok(!families.has('checkout_store_pool_connections'), 'no pool gauges without a pool');
    // The secret key may read them too; nobody else.
    await scrape(`Bearer ${secretKey}`);
    const refused = await fetch(`${server.url}/metrics`);
    assert.equal(refused.status, 401);
  });

  test('a decline, a purchase and an idempotent replay move their counters', async () => {
    const before = await scrape();
    const merchant = merchantApi(server.url, secretKey);
    const { session } = await merchant.createSession(mugCart('embedded'));
    const secret = session.client_secret!;

    const declined = await confirm(server.url, secret, 'decline-1', '4000000000009995');
    assert.equal(declined.status, 402);
    const paid = await confirm(server.url, secret, 'pay-1', testCard);
    assert.equal(paid.status, 200);
    const replay = await confirm(server.url, secret, 'pay-1', testCard);
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');

    const after = await scrape();
    const moved = (name: string, labels: Labels = {}) =>
      seriesValue(after, name, labels) - seriesValue(before, name, labels);
    assert.equal(
      moved('checkout_confirms_total', { outcome: 'declined', code: 'insufficient_funds' }),
      1,
    );
    assert.equal(moved('checkout_confirms_total', { outcome: 'succeeded', code: '' }), 1);
    assert.equal(moved('checkout_idempotent_replays_total', { family: 'card' }), 1);
    assert.equal(moved('checkout_http_requests_total', { family: 'card', status: '402' }), 1);
    assert.equal(moved('checkout_http_requests_total', { family: 'card', status: '200' }), 2);
    assert.equal(
      moved('checkout_http_requests_total', { family: 'checkout_sessions', status: '200' }),
      1,
    );
    assert.equal(moved('checkout_http_request_duration_seconds_count', { family: 'card' }), 3);
    assert.ok(moved('checkout_http_request_duration_seconds_sum', { family: 'card' }) > 0);
    // The scrape before this one is counted too.
    assert.equal(moved('checkout_http_requests_total', { family: 'metrics', status: '200' }), 1);
  });

  test('a card that needs authentication: requires_action, then the challenge outcome', async () => {
    const before = await scrape();
    const merchant = merchantApi(server.url, secretKey);
    const { session } = await merchant.createSession(mugCart('embedded'));
    const secret = session.client_secret!;
    const asked = await confirm(server.url, secret, 'challenge-1', '4000002500003155');
    assert.equal(asked.status, 200);
    const { session: pending } = (await asked.json()) as {
      session: { payment: { id: string; status: string } };
    };
    assert.equal(pending.payment.status, 'requires_action');
    const approved = await fetch(`${server.url}/v1/client/session/challenge`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ payment: pending.payment.id, outcome: 'approve' }),
    });
    assert.equal(approved.status, 200);
    const after = await scrape();
    const moved = (name: string, labels: Labels) =>
      seriesValue(after, name, labels) - seriesValue(before, name, labels);
    assert.equal(moved('checkout_confirms_total', { outcome: 'requires_action', code: '' }), 1);
    assert.equal(moved('checkout_challenges_total', { outcome: 'succeeded', code: '' }), 1);
  });

  test('a rate-limit refusal is counted by the limit that refused it', async () => {
    const before = await scrape();
    const merchant = merchantApi(server.url, secretKey);
    const { session } = await merchant.createSession(mugCart('embedded'));
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const response = await fetch(`${server.url}/v1/client/session`, {
        headers: { Authorization: `Bearer ${session.client_secret}` },
      });
      await response.body?.cancel();
      statuses.push(response.status);
    }
    assert.equal(statuses.at(-1), 429);
    const after = await scrape();
    assert.equal(
      seriesValue(after, 'checkout_rate_limited_total', { limit: 'client_secret' }) -
        seriesValue(before, 'checkout_rate_limited_total', { limit: 'client_secret' }),
      1,
    );
  });

  test('webhook deliveries by outcome, the outbox backlog, and sessions the worker expires', async () => {
    const merchant = merchantApi(server.url, secretKey);
    const before = await scrape();

    // A session whose time has run out: the worker expires it and queues its event.
    const { session } = await merchant.createSession(mugCart('embedded'));
    const stored = (await server.store.getSession(session.id))!;
    const past = Math.floor(Date.now() / 1000) - 1;
    assert.equal(
      await server.store.updateSession({ ...stored.value, expiresAt: past }, stored.version),
      'ok',
    );
    // Only the worker can expire it: nothing reads the session through the API meanwhile.
    const waiting = await eventually(async () => {
      const families = await scrape();
      const expired =
        seriesValue(families, 'checkout_sessions_expired_total') -
        seriesValue(before, 'checkout_sessions_expired_total');
      const failed =
        seriesValue(families, 'checkout_webhook_deliveries_total', { outcome: 'failed' }) -
        seriesValue(before, 'checkout_webhook_deliveries_total', { outcome: 'failed' });
      return expired === 1 && failed > 0 ? families : null;
    }, 'the worker did not expire the session, or no failed delivery was counted');
    assert.equal((await server.store.getSession(session.id))?.value.status, 'expired');

    // The receiver refuses: attempts fail and the backlog waits.
    const pending = seriesValue(waiting, 'checkout_webhook_outbox_pending');
    assert.ok(pending >= 1, `${pending} events waiting`);
    const age = seriesValue(waiting, 'checkout_webhook_outbox_oldest_age_seconds');
    assert.ok(age >= 0 && age < 60, `the oldest waits ${age} s`);

    // The receiver is back: everything goes out and the backlog empties.
    receiver.state.accept = true;
    const counted = (families: Map<string, Family>, outcome: string) =>
      seriesValue(families, 'checkout_webhook_deliveries_total', { outcome });
    const drained = await eventually(
      async () => {
        const families = await scrape();
        const settled =
          seriesValue(families, 'checkout_webhook_outbox_pending') === 0 &&
          counted(families, 'delivered') === receiver.state.delivered.length &&
          counted(families, 'failed') === receiver.state.refused;
        return settled ? families : null;
      },
      async () =>
        `the outbox did not empty, or the counts differ from the receiver's (${receiver.state.delivered.length} delivered, ${receiver.state.refused} refused)`,
    );
    assert.equal(seriesValue(drained, 'checkout_webhook_outbox_oldest_age_seconds'), 0);
    assert.ok(receiver.state.delivered.length >= 3, 'a decline, a purchase and an expiry');
    assert.ok(receiver.state.refused >= 3, 'each was refused first');
  });
});

describe('readiness while the server stops', () => {
  test('/readyz is 503 from the moment close() begins; requests under way and new ones in the delay finish', async () => {
    const dataDir = await seededDataDir('checkout-kit-draining-');
    let release: () => void = () => {};
    const gate = new Promise<void>((done) => {
      release = done;
    });
    const server = await startServer(
      readConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        CHECKOUT_DATA_DIR: dataDir.path,
        CHECKOUT_SECRET_KEY: secretKey,
        CHECKOUT_LOG_LEVEL: 'warn',
      }),
      (app) => {
        // A request that is still under way when the stop begins.
        app.get('/slow', async (c) => {
          await gate;
          return c.text('done');
        });
      },
    );
    try {
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      const slow = fetch(`${server.url}/slow`);
      await new Promise((done) => setTimeout(done, 50));

      const stopped = server.close({ delayMs: 600 });
      const readiness = await fetch(`${server.url}/readyz`);
      assert.equal(readiness.status, 503);
      assert.deepEqual(await readiness.json(), { status: 'draining' });
      // Keep-alive clients are told to reconnect (to another process).
      assert.equal(readiness.headers.get('connection'), 'close');
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      // Still serving during the delay: a load balancer may not have noticed yet.
      const merchant = merchantApi(server.url, secretKey);
      const { session } = await merchant.createSession(mugCart('embedded'));
      const paid = await confirm(server.url, session.client_secret!, 'during-drain', testCard);
      assert.equal(paid.status, 200);

      release();
      const answer = await slow;
      assert.equal(answer.status, 200);
      assert.equal(await answer.text(), 'done');
      await stopped;
      await assert.rejects(fetch(`${server.url}/healthz`), 'no longer listening');
    } finally {
      release();
      await server.close();
      await dataDir.remove();
    }
  });
});

const noPostgres = postgresUnavailable();

describe('on PostgreSQL', { skip: noPostgres ?? false }, () => {
  test('/readyz is 503 while the database refuses connections, and the pool is in the metrics', async () => {
    const url = await freshDatabase('checkout_ready');
    const name = new URL(url).pathname.slice(1);
    const adminUrl = new URL(url);
    adminUrl.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: adminUrl.href });
    await admin.connect();
    const server = await startServer(
      readConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        CHECKOUT_DATABASE_URL: url,
        CHECKOUT_DATABASE_POOL_SIZE: '4',
        CHECKOUT_SECRET_KEY: secretKey,
        CHECKOUT_LOG_LEVEL: 'silent',
      }),
    );
    try {
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      const metrics = async () => {
        const response = await fetch(`${server.url}/metrics`, {
          headers: { Authorization: `Bearer ${secretKey}` },
        });
        return parsePrometheusText(await response.text());
      };
      const families = await metrics();
      assert.equal(seriesValue(families, 'checkout_store_pool_max_connections'), 4);
      const active = seriesValue(families, 'checkout_store_pool_connections', { state: 'active' });
      const idle = seriesValue(families, 'checkout_store_pool_connections', { state: 'idle' });
      assert.ok(active + idle >= 1 && active + idle <= 4, `${active} active, ${idle} idle`);
      const waiting = seriesValue(families, 'checkout_store_pool_waiting');
      assert.ok(waiting >= 0 && waiting <= 10, `${waiting} queries waiting`);

      // The database goes away for this server: no new connections, the open ones cut.
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      const down = await eventually(async () => {
        const response = await fetch(`${server.url}/readyz`);
        return response.status === 503 ? response : null;
      }, '/readyz stayed 200 with the database refusing connections');
      assert.deepEqual(await down.json(), { status: 'store_unavailable' });
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);

      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await eventually(
        async () => (await fetch(`${server.url}/readyz`)).status === 200,
        '/readyz did not come back',
      );
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => {});
      await admin.end();
      await server.close();
    }
  });
});
