/**
 * `checkout-kit-server/node`: serves the endpoint from Node with a durable
 * store (embedded PGlite, or a PostgreSQL server shared by many processes),
 * plus the script-tag build of the installed `checkout-kit` for hosted pages.
 * `cli.ts` runs it from the environment (`npx checkout-kit-server`, or
 * `npm run serve` in the repository).
 */
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type CheckoutHandlerOptions, createCheckoutApp } from './app.js';
import { assetsApp, findBrowserBuild, readFrameScript, readPartFiles } from './assets.js';
import { seedDemoCatalog } from './catalog/demo-catalog.js';
import { readConfig, type ServerConfig } from './config.js';
import type { WebhookSettings } from './context.js';
import { ApiError, internalErrorBody } from './errors.js';
import { startIdempotencySweeper } from './idempotency-sweeper.js';
import { createLogger, type Logger } from './observability/logger.js';
import { EndpointMetrics } from './observability/metrics.js';
import { observeRequests } from './observability/requests.js';
import { note } from './request-notes.js';
import { responseHeaders } from './response-headers.js';
import { defaultTaxRates } from './sessions/tax-rates.js';
import { openPgliteStore } from './store/pglite-store.js';
import { openPostgresStore, redactUrl } from './store/postgres-store.js';
import type { SqlStore } from './store/sql-store.js';
import type { CheckoutStore } from './store/store.js';
import { WebhookWorker } from './webhooks/worker.js';

export { assetsApp, findBrowserBuild, readFrameScript, readPartFiles } from './assets.js';
export { developmentSecretKey, readConfig, type ServerConfig } from './config.js';
export {
  createLogger,
  type LogFormat,
  type Logger,
  type LogLevel,
} from './observability/logger.js';
export { EndpointMetrics } from './observability/metrics.js';
export { openPgliteStore } from './store/pglite-store.js';
export { openPostgresStore, type PostgresStoreOptions } from './store/postgres-store.js';

export interface RunningServer {
  url: string;
  store: CheckoutStore;
  /** Delivers the outbox while the server runs; null when no webhook URL is configured. */
  webhookWorker: WebhookWorker | null;
  /** Writes the request log and the server's own lines (pino); a host may log through it too. */
  logger: Logger;
  /** What `/metrics` serves; `metrics.registry` takes a host's own metrics too. */
  metrics: EndpointMetrics;
  /**
   * Stops gracefully: `/readyz` answers 503 at once; after `delayMs` (default
   * the configured `shutdownDelayMs`, 0) no new connections, the requests
   * under way answered (connections still busy after `timeoutMs`, default
   * 10 s, are cut), then the webhook worker's attempts, and the store closed
   * last. Calling it again waits for the same stop.
   */
  close(options?: { timeoutMs?: number; delayMs?: number }): Promise<void>;
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
  const logger =
    config.logger ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const metrics = new EndpointMetrics(store);
  let draining = false;
  void store.stopped?.then((error) =>
    logger.fatal({ err: error }, 'the embedded database stopped for good: restart the process'),
  );
  // The seeds' example price, product and plan ids, when asked for. Inserting
  // what exists already changes nothing, so processes may start together.
  if (config.demoCatalog) await seedDemoCatalog(store, Math.floor(Date.now() / 1000));
  const stopSweeper = startIdempotencySweeper(store, {
    onError: (error) => logger.error({ err: error }, 'idempotency key sweep failed'),
  });
  const webhooks = config.webhooks ?? null;
  const options: CheckoutHandlerOptions = {
    store,
    secretKey: config.secretKey,
    publicUrl: config.publicUrl,
    scriptParts: readPartFiles()?.module ?? {},
    frameScript: readFrameScript() ?? undefined,
    ...(config.frameAncestors?.length ? { frameAncestors: config.frameAncestors } : {}),
    taxRates: defaultTaxRates,
    ...(webhooks ? { webhooks } : {}),
    ...(config.idempotencyLeaseSeconds
      ? { idempotencyLeaseSeconds: config.idempotencyLeaseSeconds }
      : {}),
    ...(config.bodyLimitBytes ? { bodyLimitBytes: config.bodyLimitBytes } : {}),
    rateLimits: config.rateLimits,
    draining: () => draining,
    metrics,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    // Beside its request in the request's log line; the worker's own go to the log directly.
    reportError: (error, request) => {
      if (request) note(request, { error });
      else logger.error({ err: error }, 'unexpected error');
    },
  };
  const root = new Hono();
  root.use(observeRequests({ logger, metrics, draining: () => draining }));
  root.use(responseHeaders(options));
  extend?.(root, { secretKey: config.secretKey, store, webhooks });
  root.route('/', assetsApp());
  root.route('/', createCheckoutApp(options));
  // Paths no part answers, assets included, get the endpoint's JSON error too.
  root.notFound((c) => {
    note(c.req.raw, { errorCode: 'route_not_found' });
    return c.json(new ApiError(404, 'route_not_found', 'No such route.').toBody(), 404);
  });
  // A host's route that throws: its error goes in the request's log line.
  root.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    note(c.req.raw, { error, errorCode: 'internal_error' });
    return c.json(internalErrorBody, 500);
  });
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
        {
          ...config.webhookWorker,
          onError: (error) => logger.error({ err: error }, 'webhook worker failed'),
          onAttempt: (attempt) => {
            metrics.webhookAttempt(attempt.delivered);
            const fields = {
              event_id: attempt.event.id,
              event_type: attempt.event.type,
              session_id: sessionIdOf(attempt.event),
              attempts: attempt.attempts,
            };
            if (attempt.delivered) logger.debug(fields, 'webhook delivered');
            else {
              logger.warn(
                {
                  ...fields,
                  error: attempt.error,
                  next_attempt_at: new Date(attempt.nextAttemptAt ?? 0).toISOString(),
                },
                'webhook delivery failed',
              );
            }
          },
          onSettled: (session) => {
            metrics.sessionSettled(session.status);
            logger.info({ session_id: session.id, status: session.status }, 'session settled');
          },
        },
      )
    : null;
  webhookWorker?.start();

  let stopping: Promise<void> | undefined;
  const stop = async (timeoutMs: number, delayMs: number) => {
    // Readiness says 503 from here on, while every request still gets its answer.
    draining = true;
    if (delayMs > 0) await new Promise((done) => setTimeout(done, delayMs));
    await drain(server as HttpServer, timeoutMs);
    // The worker and the sweeper next: they may still write to the store.
    await webhookWorker?.stop();
    await stopSweeper();
    await store.close();
  };
  return {
    url: `http://${host}:${port}`,
    store,
    webhookWorker,
    logger,
    metrics,
    close: ({ timeoutMs = 10_000, delayMs = config.shutdownDelayMs ?? 0 } = {}) => {
      stopping ??= stop(timeoutMs, delayMs);
      return stopping;
    },
  };
}

/**
 * Exits with code 1 once the store stops for good (`store.stopped`: the
 * embedded database's thread died), after a short drain, so the supervisor
 * (systemd, Docker's restart policy, Kubernetes) starts a new process on the
 * same data instead of leaving one that can only answer 500.
 */
export function exitWhenStoreStops(server: RunningServer): void {
  void server.store.stopped?.then(() => {
    const exit = () => process.exit(1);
    void server.close({ timeoutMs: 1000, delayMs: 0 }).then(exit, exit);
  });
}

/** The session an event is about, for its log line (no other data from it is logged). */
function sessionIdOf(event: { data: { object: Record<string, unknown> } }): string | undefined {
  const id = event.data.object.id;
  return typeof id === 'string' ? id : undefined;
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
  if (config.demoCatalog) console.log('Demo catalog: seeded');
  console.log(
    `Health: ${server.url}/healthz, ${server.url}/readyz; metrics: ${server.url}/metrics (secret key${config.metricsToken ? ' or metrics token' : ''})`,
  );
  if (!findBrowserBuild()) {
    console.log(
      'No script files found (checkout-kit/dist/browser): /assets/ and hosted pages will not load them.',
    );
  }
}

/** SIGTERM or SIGINT: a graceful stop, then exit (1 if the stop itself failed). */
export function stopOnSignals(server: RunningServer): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.logger.info(
        { signal },
        `${signal}: finishing the requests under way, then stopping (not ready from now on)`,
      );
      void server.close().then(
        () => {
          server.logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          server.logger.error({ err: error }, 'could not stop cleanly');
          process.exit(1);
        },
      );
    });
  }
}
