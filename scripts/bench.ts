// `npm run bench`: how small and how fast, measured rather than asserted.
// These machines are shared and noisy, so every figure is a median of many
// runs, and the speed figures are also given as ratios to a baseline measured
// in the same run (which cancels most of the machine's own speed).
//
//   1. Size: the script-tag files (gzip, brotli) against their budgets.
//   2. Page: a page with <checkout-embedded>, from navigation to a ready form
//      and on to a ready card frame, cold, unthrottled and under 4x CPU and
//      slow 4G, against a minimal Lit card form (also with the kit's card frame
//      in it) and plain fetch (bench/page.ts).
//   3. Endpoint: create + read + confirm through the fetch handler, memory
//      store and the durable PGlite store.
//   4. HTTP: the endpoint as operators run it (its own process, PGlite and
//      PostgreSQL) under autocannon, against a bare Hono app answering the
//      same bytes (status, headers and body), and one answering the body
//      alone; plus start-up time and memory with 50k stored sessions.
//   5. Growth: create, get and confirm over HTTP with 1k and with 50k stored
//      sessions.
//
//   npm run bench            all five
//   npm run bench -- page    one of size, page, endpoint, http, growth
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import autocannon from 'autocannon';
import pg from 'pg';
import { createCheckoutApp } from '../src/server/app.js';
import { developmentSecretKey } from '../src/server/config.js';
import { defaultTaxRates } from '../src/server/sessions/tax-rates.js';
import { MemoryStore } from '../src/server/store/memory-store.js';
import { pgliteDatabase } from '../src/server/store/pglite-database.js';
import { openPgliteStore } from '../src/server/store/pglite-store.js';
import { postgresDatabase } from '../src/server/store/postgres-store.js';
import { type SqlDatabase, SqlStore } from '../src/server/store/sql-store.js';
import type { CheckoutStore } from '../src/server/store/store.js';
import {
  type PostgresCluster,
  postgresUnavailable,
  startPostgresCluster,
} from '../test/support/postgres.js';
import { createInit, createSession, median, ms, stopChild } from './bench/common.js';
import { page } from './bench/page.js';

const only = process.argv[2];
/** `npm run bench -- http postgres` measures one store only. */
const onlyStore = process.argv[3];
function size() {
  console.log('\n## Size (npm run size)\n');
  // size.mjs exits 1 over budget; the figures are what matter here.
  const { stdout } = spawnSync('node', ['scripts/size.mjs', '--json'], { encoding: 'utf8' });
  const rows = JSON.parse(stdout) as {
    file: string;
    gzip: number;
    brotli: number;
    budget: number | null;
  }[];
  for (const row of rows) {
    const ratio = row.budget ? ` (${((row.gzip / row.budget) * 100).toFixed(0)} % of budget)` : '';
    console.log(
      `${row.file.padEnd(36)} gzip ${(row.gzip / 1000).toFixed(1)} kB, brotli ${(row.brotli / 1000).toFixed(1)} kB${ratio}`,
    );
  }
}

async function endpoint(runs = 200) {
  console.log(
    `\n## Endpoint: create, read, confirm through the fetch handler, median of ${runs}\n`,
  );
  const secretKey = 'sk_test_bench_0123456789abcdef';
  const stores: [string, () => Promise<CheckoutStore>][] = [
    ['memory', async () => new MemoryStore()],
    ['pglite', () => openPgliteStore()],
  ];
  for (const [name, open] of stores) {
    const store = await open();
    const app = createCheckoutApp({ store, secretKey });
    const call = (path: string, init: RequestInit) =>
      app.fetch(new Request(`https://bench.test${path}`, init));
    const times: Record<'create' | 'read' | 'confirm', number[]> = {
      create: [],
      read: [],
      confirm: [],
    };
    for (let run = 0; run < runs + 20; run++) {
      let start = performance.now();
      const created = (await (
        await call('/v1/checkout_sessions', createInit(secretKey))
      ).json()) as { client_secret: string };
      const create = performance.now() - start;
      const client = { Authorization: `Bearer ${created.client_secret}` };
      start = performance.now();
      await (await call('/v1/client/session', { headers: client })).json();
      const read = performance.now() - start;
      start = performance.now();
      const confirmed = await call('/v1/client/session/confirm', {
        method: 'POST',
        headers: {
          ...client,
          'Content-Type': 'application/json',
          'Idempotency-Key': crypto.randomUUID(),
        },
        body: JSON.stringify({
          email: 'bench@example.com',
          payment_method: {
            card: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' },
            billing_details: { name: 'Bench' },
          },
        }),
      });
      await confirmed.text();
      const confirm = performance.now() - start;
      if (!confirmed.ok) throw new Error(`confirm answered ${confirmed.status}`);
      if (run < 20) continue; // warm-up
      times.create.push(create);
      times.read.push(read);
      times.confirm.push(confirm);
    }
    await store.close();
    console.log(
      `${name.padEnd(7)} create ${ms(median(times.create))}, read ${ms(median(times.read))}, confirm ${ms(median(times.confirm))}`,
    );
  }
}

// Sections 4 and 5 run the endpoint as operators do, `node --import tsx
// src/server/cli.ts` in a process of its own, and talk to it over HTTP.

// No Origin header goes with it: servers may confirm directly, browsers only from the card frame.
const confirmJson = JSON.stringify({
  email: 'bench@example.com',
  payment_method: {
    card: {
      number: '4242424242424242',
      exp_month: 12,
      exp_year: new Date().getFullYear() + 1,
      cvc: '123',
    },
    billing_details: { name: 'Bench' },
  },
});

/** Every child process started and not yet seen to exit; stopped by pid in `finally`. */
const children = new Set<ChildProcess>();

interface Listening {
  child: ChildProcess;
  url: string;
  /** From spawning to the "listening on" line, ms. */
  startup: number;
  /** The end of what it printed, for the message when it answers 5xx. */
  log(): string;
}

/** Spawns `node …args` and waits for it to print `listening on http://…`. */
function spawnListening(args: string[], env: Record<string, string>): Promise<Listening> {
  // CHECKOUT_* from the shell would change what is measured (another store, another key).
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('CHECKOUT_')),
  );
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not listening after 60 s:\n${output}`)),
      60_000,
    );
    // Both pipes are read to the end, so a chatty child never blocks on a full pipe.
    child.stderr!.on('data', (chunk: Buffer) => {
      output = (output + chunk).slice(-4000);
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      output = (output + chunk).slice(-4000);
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, startup: performance.now() - started, log: () => output });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before listening:\n${output}`));
    });
  });
}

let serverBuilt = false;

/** The server package's build, made once per bench run so `built` measures the current code. */
function buildServerPackage(): void {
  if (serverBuilt) return;
  execFileSync(process.execPath, ['scripts/build-server-package.mjs'], { stdio: 'inherit' });
  serverBuilt = true;
}

/**
 * `built`: the compiled bin a deployment runs (`npx checkout-kit-server`);
 * `serve`: `npm run serve`, which compiles the TypeScript as it loads.
 */
function startEndpoint(
  env: Record<string, string>,
  entry: 'built' | 'serve' = 'built',
): Promise<Listening> {
  const args =
    entry === 'built'
      ? ['packages/checkout-kit-server/bin/checkout-kit-server.js']
      : ['--import', 'tsx', 'src/server/cli.ts'];
  return spawnListening(args, {
    PORT: '0',
    CHECKOUT_LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // The load comes from one address with a few secrets: limits would answer it 429.
    CHECKOUT_RATE_LIMITS: 'off',
    ...env,
  });
}

async function stopChildren(): Promise<void> {
  await Promise.all([...children].map(stopChild));
}

/** Resident memory of a process, MB. */
async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** `count` sessions, `parallel` at a time so filling is quick but never a flood. */
async function createSessions(url: string, count: number, parallel = 16): Promise<string[]> {
  const secrets: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next++ < count) secrets.push(await createSession(url));
    }),
  );
  return secrets;
}

function getSession(url: string, secret: string): Promise<Response> {
  return fetch(`${url}/v1/client/session`, { headers: { Authorization: `Bearer ${secret}` } });
}

function confirmSession(url: string, secret: string): Promise<Response> {
  return fetch(`${url}/v1/client/session/confirm`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${secret}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': crypto.randomUUID(),
    },
    body: confirmJson,
  });
}

/** A store the endpoint child can be pointed at, and a way in for SQL while it is not running. */
interface BenchStore {
  env: Record<string, string>;
  open(): Promise<SqlDatabase>;
}

interface StoreKind {
  name: 'pglite' | 'postgres';
  /** A new, empty store of this kind. */
  create(): Promise<BenchStore>;
}

/**
 * Runs `work` on the embedded store (PGlite in temp directories), then on
 * PostgreSQL (a throwaway cluster) when it can run here; everything made is
 * removed afterwards, even when `work` throws.
 */
async function forEachStoreKind(work: (kind: StoreKind) => Promise<void>): Promise<void> {
  const dirs: string[] = [];
  try {
    if (!onlyStore || onlyStore === 'pglite')
      await work({
        name: 'pglite',
        async create() {
          const dir = await mkdtemp(join(tmpdir(), 'checkout-kit-bench-'));
          dirs.push(dir);
          return {
            env: { CHECKOUT_DATA_DIR: dir },
            async open() {
              // Where openPgliteStore keeps it; one process at a time, so never while the child runs.
              const db = new PGlite(join(dir, 'pglite'));
              await db.waitReady;
              return pgliteDatabase(db);
            },
          };
        },
      });
  } finally {
    await stopChildren();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
  if (onlyStore && onlyStore !== 'postgres') return;
  let cluster: PostgresCluster;
  try {
    const unavailable = postgresUnavailable();
    if (unavailable) throw new Error(unavailable);
    cluster = await startPostgresCluster();
  } catch (error) {
    console.log(`\npostgres: not measured: ${error instanceof Error ? error.message : error}`);
    return;
  }
  let databases = 0;
  try {
    await work({
      name: 'postgres',
      async create() {
        const name = `checkout_bench_${++databases}`;
        const admin = new pg.Client({ connectionString: cluster.url });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${name}`);
        } finally {
          await admin.end();
        }
        const url = new URL(cluster.url);
        url.pathname = `/${name}`;
        return {
          env: { CHECKOUT_DATABASE_URL: url.href },
          open: async () => postgresDatabase(new pg.Pool({ connectionString: url.href, max: 2 })),
        };
      },
    });
  } finally {
    await stopChildren();
    await cluster.stop();
  }
}

/**
 * Brings the store to `total` sessions by SQL (through HTTP 50k would take
 * minutes): one real session made by the endpoint's own handler, cloned with
 * fresh ids and secrets, created over the last 23 hours so all stay open and
 * none is due for expiry while we measure. Run while no child holds the store.
 * Returns the client secret of a clone.
 */
async function fillSessions(target: BenchStore, total: number): Promise<string> {
  const database = await target.open();
  const store = await SqlStore.open(database);
  const count = async () =>
    Number(
      (await database.query<{ count: string }>('SELECT count(*) AS count FROM checkout_sessions'))
        .rows[0]!.count,
    );
  try {
    let missing = total - (await count());
    if (missing <= 0) throw new Error(`the store holds ${total} sessions already`);
    const app = createCheckoutApp({
      store,
      secretKey: developmentSecretKey,
      taxRates: defaultTaxRates,
    });
    const created = await app.fetch(
      new Request('https://bench.test/v1/checkout_sessions', createInit()),
    );
    if (created.status !== 200) throw new Error(`create answered ${created.status}`);
    const { id } = (await created.json()) as { id: string };
    missing -= 1;
    // In batches, so the embedded store never holds one huge transaction in memory.
    for (let done = 0; done < missing; done += 10_000) {
      await database.query(
        `WITH template AS (SELECT data, created_at FROM checkout_sessions WHERE id = $1),
         clones AS (
           SELECT 'cs_test_' || substr(md5(random()::text || n::text), 1, 24) AS id,
                  substr(md5(random()::text || n::text), 1, 32) AS tail,
                  template.created_at - n::bigint * 82800 / $3::bigint AS at,
                  template.data
           FROM template, generate_series($2::int + 1, $2::int + $4::int) AS n)
         INSERT INTO checkout_sessions (id, client_secret, version, data, created_at)
         SELECT id, id || '_secret_' || tail, 1,
                jsonb_set(jsonb_set(jsonb_set(jsonb_set(data,
                  '{id}', to_jsonb(id)),
                  '{clientSecret}', to_jsonb(id || '_secret_' || tail)),
                  '{created}', to_jsonb(at)),
                  '{expiresAt}', to_jsonb(at + 86400)),
                at
         FROM clones`,
        [id, done, missing, Math.min(10_000, missing - done)],
      );
    }
    if ((await count()) !== total) throw new Error(`filled to ${await count()}, not ${total}`);
    // The oldest clone, for a check that the endpoint reads them as open sessions.
    const { rows } = await database.query<{ client_secret: string }>(
      'SELECT client_secret FROM checkout_sessions WHERE id <> $1 ORDER BY created_at LIMIT 1',
      [id],
    );
    return rows[0]!.client_secret;
  } finally {
    await store.close();
  }
}

/** Throws unless the endpoint reads the session as an open one. */
async function readable(server: Listening, secret: string): Promise<void> {
  const response = await getSession(server.url, secret);
  const body = await response.text();
  if (response.status !== 200 || (JSON.parse(body) as { status: string }).status !== 'open') {
    throw new Error(`a filled session reads as ${response.status} ${body}\n${server.log()}`);
  }
}

interface LoadResult {
  /** 2xx answers per second, over the time to the last answer. */
  rps: number;
  /** Of every answer's latency, ms. */
  p99: number;
  /** Non-2xx answers plus connection errors and timeouts: a fast error is no success. */
  failed: number;
}

/** One autocannon run from this process. */
function load(options: autocannon.Options): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    let ok = 0;
    let last = 0;
    // autocannon's histogram keeps whole milliseconds; its per-answer times are finer.
    const latencies: number[] = [];
    const start = performance.now();
    const instance = autocannon({ timeout: 30, ...options }, (error, result) => {
      if (error) return reject(error);
      latencies.sort((a, b) => a - b);
      resolve({
        // autocannon's own duration ends on its next 1 s tick, too late for a run of `amount`.
        rps: ok / ((last - start) / 1000),
        p99: latencies[Math.ceil(latencies.length * 0.99) - 1] ?? Number.NaN,
        failed: result.non2xx + result.errors,
      });
    });
    instance.on('response', (_client, status, _bytes, latency) => {
      last = performance.now();
      latencies.push(latency);
      if (status >= 200 && status < 300) ok++;
    });
  });
}

/** Requests whose Authorization (and, for confirm, Idempotency-Key) is new each time. */
function clientRequests(secret: () => string, confirm: boolean): autocannon.Request[] {
  return [
    {
      setupRequest: (request) => ({
        ...request,
        headers: {
          ...request.headers,
          authorization: `Bearer ${secret()}`,
          ...(confirm ? { 'idempotency-key': crypto.randomUUID() } : {}),
        },
      }),
    },
  ];
}

interface BareAnswer {
  body: string;
  headers: Record<string, string>;
}

/**
 * What a bare app repeats of one of the endpoint's answers: every header but
 * those Node's HTTP server writes itself (length, date, keep-alive). The
 * endpoint's own (CORS, Request-Id, no-store, nosniff, Vary) are bytes the
 * server writes and the load generator parses like the body's.
 */
function answerHeaders(headers: Headers): Record<string, string> {
  const written = new Set(['content-length', 'date', 'connection', 'keep-alive']);
  return Object.fromEntries([...headers].filter(([name]) => !written.has(name)));
}

/**
 * The bare baseline: Hono on @hono/node-server answering the same bytes for
 * the same method and path (`Request-Id` keeps the value it had: same length,
 * no work). Started twice: with the endpoint's headers (the goal's baseline)
 * and with the content type alone, as the bench measured until 2026-12-07.
 */
const bareServer = `
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
const answers = JSON.parse(process.env.BENCH_ANSWERS);
const app = new Hono();
app.get('/v1/client/session', (c) => c.body(answers.get.body, 200, answers.get.headers));
app.post('/v1/client/session/confirm', async (c) => {
  await c.req.arrayBuffer(); // the endpoint reads the body too
  return c.body(answers.confirm.body, 200, answers.confirm.headers);
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log('listening on http://127.0.0.1:' + info.port);
});
`;

const connectionCounts = [1, 8, 64];
const httpGoals = { 'get-session': 0.3, confirm: 0.05 } as const;
type HttpOperation = keyof typeof httpGoals;

async function http(rounds = Number(process.env.BENCH_ROUNDS ?? 3), seconds = 3) {
  await onEachStore(
    `HTTP: the endpoint in its own process against a bare Hono app, median of ${rounds} rounds of ${seconds} s`,
    (kind) => httpOn(kind, rounds, seconds),
  );
}

/** A section over real servers: compiled once, run per store, every child stopped after. */
async function onEachStore(title: string, work: (kind: StoreKind) => Promise<void>) {
  console.log(`\n## ${title}\n`);
  buildServerPackage();
  try {
    await forEachStoreKind(work);
  } finally {
    await stopChildren();
  }
}

async function httpOn(kind: StoreKind, rounds: number, seconds: number) {
  const store = await kind.create();
  const clone = await fillSessions(store, 50_000);
  // Three starts each way, interleaved; the last built one stays up for the load.
  const startups = { built: [] as number[], serve: [] as number[] };
  let endpoint: Listening | null = null;
  for (let start = 0; start < 3; start++) {
    for (const entry of ['serve', 'built'] as const) {
      if (endpoint) await stopChild(endpoint.child);
      endpoint = await startEndpoint(store.env, entry);
      startups[entry].push(endpoint.startup);
    }
  }
  const url = endpoint!.url;

  await readable(endpoint!, clone);
  // The real answers, which the bare app then serves byte for byte.
  const sample = await createSession(url);
  const got = await getSession(url, sample);
  const confirmed = await confirmSession(url, sample);
  if (got.status !== 200 || confirmed.status !== 200) {
    throw new Error(
      `get answered ${got.status}, confirm ${confirmed.status}: ${await confirmed.text()}\n${endpoint!.log()}`,
    );
  }
  const answers = {
    get: { body: await got.text(), headers: answerHeaders(got.headers) },
    confirm: { body: await confirmed.text(), headers: answerHeaders(confirmed.headers) },
  };
  const bareApp = (answers: Record<'get' | 'confirm', BareAnswer>) =>
    spawnListening(['--input-type=module', '-e', bareServer], {
      BENCH_ANSWERS: JSON.stringify(answers),
    });
  const bare = await bareApp(answers);
  const bodyOnly = await bareApp({
    get: { ...answers.get, headers: { 'content-type': answers.get.headers['content-type']! } },
    confirm: {
      ...answers.confirm,
      headers: { 'content-type': answers.confirm.headers['content-type']! },
    },
  });
  const baselines = { bare: bare.url, 'body-only': bodyOnly.url };
  const fromBare = await getSession(bare.url, sample);
  const same =
    (await fromBare.text()) === answers.get.body &&
    JSON.stringify(answerHeaders(fromBare.headers)) === JSON.stringify(answers.get.headers);
  if (!same) throw new Error('the bare app does not answer the bytes the endpoint does');

  // get-session cycles through 100 open sessions; confirm needs one fresh session per request.
  const open = await createSessions(url, 100);
  let cursor = 0;
  const cycle = () => open[cursor++ % open.length]!;
  const getOptions = (base: string, connections: number) => ({
    url: `${base}/v1/client/session`,
    connections,
    duration: seconds,
    requests: clientRequests(cycle, false),
  });
  const confirmOptions = (base: string, connections: number, secret: () => string) => ({
    url: `${base}/v1/client/session/confirm`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body: confirmJson,
    connections,
    requests: clientRequests(secret, true),
  });
  /** One confirm run on the endpoint: `amount` requests over as many fresh sessions. */
  const confirmEndpoint = async (connections: number, amount: number) => {
    // A few spare: a connection autocannon re-opens after a timeout asks for one more.
    const secrets = await createSessions(url, amount + connections);
    let used = 0;
    // Past the last session a used one goes out; its 409 shows up as failed.
    const result = await load({
      ...confirmOptions(url, connections, () => secrets[used++] ?? secrets[0]!),
      amount,
    });
    if (used > secrets.length) console.log(`(confirm at ${connections}: sessions ran out)`);
    return result;
  };

  // Warm-up, not counted: the JIT, the pools, and a first confirm rate per connection count.
  await load({ ...getOptions(url, 8), duration: 2 });
  for (const base of Object.values(baselines)) {
    await load({ ...getOptions(base, 8), duration: 2 });
    await load({ ...confirmOptions(base, 8, cycle), duration: 2 });
  }
  const confirmRate = new Map<number, number>();
  for (const connections of connectionCounts) {
    const warm = await confirmEndpoint(connections, connections * 4 + 100);
    confirmRate.set(connections, warm.rps);
  }

  const results = new Map<string, LoadResult[]>();
  const record = (key: string, result: LoadResult) =>
    results.set(key, [...(results.get(key) ?? []), result]);
  for (let round = 0; round < rounds; round++) {
    for (const connections of connectionCounts) {
      // Which target goes first alternates, so drift within a round favours none.
      const targets = ['endpoint', 'bare', 'body-only'] as const;
      const order = round % 2 ? [...targets].reverse() : targets;
      for (const target of order) {
        const base = target === 'endpoint' ? url : baselines[target];
        record(`get-session ${connections} ${target}`, await load(getOptions(base, connections)));
      }
      for (const target of order) {
        if (target !== 'endpoint') {
          const options = confirmOptions(baselines[target], connections, cycle);
          record(`confirm ${connections} ${target}`, await load({ ...options, duration: seconds }));
          continue;
        }
        // Sized from the last rate to last about `seconds`, and never past the sessions made.
        const rate = confirmRate.get(connections)!;
        const amount = Math.max(connections * 4, Math.min(10_000, Math.round(rate * seconds)));
        const result = await confirmEndpoint(connections, amount);
        confirmRate.set(connections, result.rps);
        record(`confirm ${connections} endpoint`, result);
      }
    }
  }
  const rss = await residentMb(endpoint!.child.pid!);
  await stopChild(bare.child);
  await stopChild(bodyOnly.child);
  await stopChild(endpoint!.child);

  console.log(
    `${kind.name}: start-up with 50k stored sessions ${ms(median(startups.built))} built (goal < 2 s${median(startups.built) < 2000 ? '' : ', NOT MET'}), ${ms(median(startups.serve))} through npm run serve (medians of 3); resident memory after the load ${rss.toFixed(0)} MB`,
  );
  const widths = [12, 5, 15, 10, 11, 10, 14, 7, 15, 18, 9];
  const row = (...cells: string[]) =>
    console.log(
      cells.map((cell, i) => (i ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' '),
    );
  row(
    'operation',
    'conns',
    'endpoint req/s',
    'p99',
    'bare req/s',
    'p99',
    'endpoint/bare',
    'goal',
    'failed (e / b)',
    'vs body only',
  );
  const failures: string[] = [];
  for (const operation of Object.keys(httpGoals) as HttpOperation[]) {
    for (const connections of connectionCounts) {
      const own = results.get(`${operation} ${connections} endpoint`)!;
      const base = results.get(`${operation} ${connections} bare`)!;
      const ownRps = median(own.map((result) => result.rps));
      const baseRps = median(base.map((result) => result.rps));
      const bodyRps = median(
        results.get(`${operation} ${connections} body-only`)!.map((result) => result.rps),
      );
      const failed = [own, base].map((runs) => runs.reduce((sum, run) => sum + run.failed, 0));
      if (failed[0] || failed[1]) failures.push(`${operation} at ${connections}`);
      row(
        operation,
        String(connections),
        ownRps.toFixed(0),
        ms(median(own.map((result) => result.p99))),
        baseRps.toFixed(0),
        ms(median(base.map((result) => result.p99))),
        `${(ownRps / baseRps).toFixed(2)}x`,
        `≥ ${httpGoals[operation]}x`,
        failed.join(' / '),
        `${(ownRps / bodyRps).toFixed(2)}x (${bodyRps.toFixed(0)}/s)`,
        ...(ownRps / baseRps >= httpGoals[operation] ? [] : ['NOT MET']),
      );
    }
  }
  const p99At64 = (operation: HttpOperation) =>
    ms(median(results.get(`${operation} 64 endpoint`)!.map((result) => result.p99)));
  console.log(
    `endpoint p99 at 64 connections: get-session ${p99At64('get-session')}, confirm ${p99At64('confirm')}`,
  );
  if (failures.length) console.log(`NOT ALL ANSWERED 2xx: ${failures.join(', ')}`);
  console.log();
}

async function growth(runs = 200, warmup = 30) {
  await onEachStore(
    `Growth: create, get, confirm over HTTP, 1 connection, 1k against 50k stored sessions, median of ${runs}`,
    (kind) => growthOn(kind, runs, warmup),
  );
}

async function growthOn(kind: StoreKind, runs: number, warmup: number) {
  // Both sizes run side by side and take turns request by request, so the
  // machine's drift during the run falls on both alike.
  const sizes = [1_000, 50_000];
  const servers: Listening[] = [];
  for (const size of sizes) {
    const store = await kind.create();
    const clone = await fillSessions(store, size);
    const server = await startEndpoint(store.env);
    servers.push(server);
    await readable(server, clone);
  }
  type Times = Record<'create' | 'get' | 'confirm', number[]>;
  const times: Times[] = sizes.map(() => ({ create: [], get: [], confirm: [] }));
  for (let run = 0; run < warmup + runs; run++) {
    const order = run % 2 ? [1, 0] : [0, 1];
    for (const index of order) {
      const { url } = servers[index]!;
      let start = performance.now();
      const secret = await createSession(url);
      const create = performance.now() - start;
      start = performance.now();
      const got = await getSession(url, secret);
      await got.arrayBuffer();
      const get = performance.now() - start;
      start = performance.now();
      const confirmed = await confirmSession(url, secret);
      await confirmed.arrayBuffer();
      const confirm = performance.now() - start;
      if (got.status !== 200 || confirmed.status !== 200) {
        throw new Error(
          `get answered ${got.status}, confirm ${confirmed.status}\n${servers[index]!.log()}`,
        );
      }
      if (run < warmup) continue;
      times[index]!.create.push(create);
      times[index]!.get.push(get);
      times[index]!.confirm.push(confirm);
    }
  }
  for (const server of servers) await stopChild(server.child);
  console.log(`${kind.name}:`);
  for (const operation of ['create', 'get', 'confirm'] as const) {
    const small = median(times[0]![operation]);
    const large = median(times[1]![operation]);
    console.log(
      `  ${operation.padEnd(8)} 1k ${ms(small).padStart(9)}, 50k ${ms(large).padStart(9)}, 50k/1k ${(large / small).toFixed(2)}x (goal ≤ 1.5x)${large / small <= 1.5 ? '' : '  NOT MET'}`,
    );
  }
}

if (!only || only === 'size') size();
if (!only || only === 'page') await page();
if (!only || only === 'endpoint') await endpoint();
if (!only || only === 'http') await http();
if (!only || only === 'growth') await growth();
