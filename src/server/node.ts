/**
 * `checkout-kit/server/node`: serves the endpoint from Node with a durable
 * store (embedded PGlite, or a PostgreSQL server shared by many processes),
 * plus the script-tag build for hosted pages.
 *
 *   npx tsx src/server/node.ts      (or `npm run serve`)
 */
import { readFile } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type CheckoutHandlerOptions, createCheckoutApp } from './app.js';
import { seedDemoCatalog } from './catalog/demo-catalog.js';
import { readConfig, type ServerConfig } from './config.js';
import type { WebhookSettings } from './context.js';
import { ApiError } from './errors.js';
import { startIdempotencySweeper } from './idempotency-sweeper.js';
import { responseHeaders } from './response-headers.js';
import { defaultTaxRates } from './sessions/tax-rates.js';
import { openPgliteStore } from './store/pglite-store.js';
import { openPostgresStore, redactUrl } from './store/postgres-store.js';
import type { SqlStore } from './store/sql-store.js';
import type { CheckoutStore } from './store/store.js';
import { WebhookWorker } from './webhooks/worker.js';

export { developmentSecretKey, readConfig, type ServerConfig } from './config.js';
export { openPgliteStore } from './store/pglite-store.js';
export { openPostgresStore, type PostgresStoreOptions } from './store/postgres-store.js';

/** The browser build (`vite build`) lives in dist/browser at the package root. */
const browserBuild = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/browser');

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  // integrity.json: the build's Subresource Integrity hashes.
  '.json': 'application/json',
};

/**
 * Serves the script-tag build under /assets/ (ES module, classic script, lazy
 * chunks, integrity.json), with nothing outside that folder reachable. CORS is
 * open so merchant pages on other origins can load them with `integrity`.
 */
export function assetsApp(root = browserBuild): Hono {
  const assets = new Hono();
  assets.get('/assets/:file{[A-Za-z0-9._-]+}', async (c) => {
    const file = c.req.param('file');
    const type = contentTypes[extname(file)];
    if (!type || file.startsWith('.')) return c.notFound();
    try {
      const body = await readFile(join(root, file));
      return c.body(body, 200, {
        'Content-Type': type,
        'Cache-Control': 'no-cache',
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      });
    } catch {
      return c.notFound();
    }
  });
  return assets;
}

export interface RunningServer {
  url: string;
  store: CheckoutStore;
  /** Delivers the outbox while the server runs; null when no webhook URL is configured. */
  webhookWorker: WebhookWorker | null;
  /**
   * Stops gracefully: no new connections, the requests under way answered
   * (connections still busy after `timeoutMs`, default 10 s, are cut), then
   * the webhook worker's attempts, and the store closed last.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** What `startServer` hands the host's `extend`. */
export interface ServerContext {
  secretKey: string;
  store: CheckoutStore;
  /** As configured: a path URL is still a path here. */
  webhooks: WebhookSettings | null;
}

/**
 * The store the configuration names: the PostgreSQL server at `databaseUrl`
 * (shared by every process), or else the embedded PGlite store in `dataDir`
 * (one process only).
 */
export function openConfiguredStore(config: ServerConfig): Promise<SqlStore> {
  return config.databaseUrl
    ? openPostgresStore(config.databaseUrl, { poolSize: config.databasePoolSize ?? 10 })
    : openPgliteStore(config.dataDir);
}

/** Where the server reaches itself: wildcard addresses are not destinations. */
function selfOrigin(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return `http://127.0.0.1:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Starts the endpoint. `extend` lets a host (the demo) mount its own routes in
 * front of the endpoint on the same origin. With webhooks configured, a
 * `WebhookWorker` over the same store and options delivers the outbox until
 * `close`.
 */
export async function startServer(
  config: ServerConfig = readConfig(),
  extend?: (app: Hono, context: ServerContext) => void,
): Promise<RunningServer> {
  const store = await openConfiguredStore(config);
  // Test mode: the demo catalog is there for the seed APIs' price, product and plan ids.
  // Inserting what exists already changes nothing, so processes may start together.
  await seedDemoCatalog(store, Math.floor(Date.now() / 1000));
  const stopSweeper = startIdempotencySweeper(store);
  const webhooks = config.webhooks ?? null;
  const options: CheckoutHandlerOptions = {
    store,
    secretKey: config.secretKey,
    publicUrl: config.publicUrl,
    ...(config.frameAncestors?.length ? { frameAncestors: config.frameAncestors } : {}),
    taxRates: defaultTaxRates,
    ...(webhooks ? { webhooks } : {}),
    ...(config.idempotencyLeaseSeconds
      ? { idempotencyLeaseSeconds: config.idempotencyLeaseSeconds }
      : {}),
    ...(config.bodyLimitBytes ? { bodyLimitBytes: config.bodyLimitBytes } : {}),
    rateLimits: config.rateLimits,
  };
  const root = new Hono();
  root.use(responseHeaders(options));
  extend?.(root, { secretKey: config.secretKey, store, webhooks });
  root.route('/', assetsApp());
  root.route('/', createCheckoutApp(options));
  // Paths no part answers, assets included, get the endpoint's JSON error too.
  root.notFound((c) =>
    c.json(new ApiError(404, 'route_not_found', 'No such route.').toBody(), 404),
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer) => {
    const started = serve({ fetch: root.fetch, port: config.port, hostname: config.host }, () =>
      resolveServer(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  // Built once the port is known, so a path URL can name this server.
  const webhookWorker = webhooks
    ? new WebhookWorker(
        {
          ...options,
          webhooks: { ...webhooks, url: new URL(webhooks.url, selfOrigin(config.host, port)).href },
        },
        config.webhookWorker,
      )
    : null;
  webhookWorker?.start();

  return {
    url: `http://${host}:${port}`,
    store,
    webhookWorker,
    close: async ({ timeoutMs = 10_000 } = {}) => {
      await drain(server as HttpServer, timeoutMs);
      // The worker and the sweeper next: they may still write to the store.
      await webhookWorker?.stop();
      await stopSweeper();
      await store.close();
    },
  };
}

/**
 * Stops accepting and waits for the requests under way. A keep-alive
 * connection is closed as soon as it has no request (Node's `close` only
 * closes those idle at the moment it is called, so this looks again).
 */
async function drain(server: HttpServer, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()));
  const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
  try {
    await closed;
  } finally {
    clearInterval(idleSweep);
    clearTimeout(deadline);
  }
}

/** Prints what a person needs to use the running server. */
export function announce(server: RunningServer, config: ServerConfig): void {
  console.log(`Checkout Kit endpoint listening on ${server.url}`);
  console.log(
    config.databaseUrl
      ? `Database: ${redactUrl(config.databaseUrl)} (pool of ${config.databasePoolSize ?? 10})`
      : `Data directory: ${resolve(config.dataDir)}`,
  );
  if (config.usingDevelopmentKey) {
    console.log(
      `Test mode with the development secret key: ${config.secretKey} (set CHECKOUT_SECRET_KEY to use your own)`,
    );
  }
  // The URL only: the signing secret is never printed.
  if (server.webhookWorker) console.log(`Webhooks: ${server.webhookWorker.settings.url}`);
}

/** SIGTERM or SIGINT: a graceful stop, then exit (1 if the stop itself failed). */
function stopOnSignals(server: RunningServer): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`${signal}: finishing the requests under way, then stopping`);
      void server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('checkout-kit: could not stop cleanly', error);
          process.exit(1);
        },
      );
    });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const config = readConfig();
  const server = await startServer(config);
  announce(server, config);
  stopOnSignals(server);
}

export { stopOnSignals };
