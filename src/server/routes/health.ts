import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { presentsSecretKey } from '../auth.js';
import type { EndpointContext } from '../context.js';
import { ApiError } from '../errors.js';
import { note } from '../request-notes.js';
import { errorSchema } from '../schemas.js';

/**
 * Routes for whoever runs the endpoint: `/healthz` (the process answers),
 * `/readyz` (it can take traffic: the store answers with its schema up to
 * date and the process is not stopping) and `/metrics` (Prometheus text,
 * from a source the Node server provides). The first two need no key and
 * say nothing about the data; metrics need the secret key or the metrics token.
 */

/** Where `/metrics` gets its text: prom-client's registry in the Node server. */
export interface MetricsSource {
  /** The exposition format's content type (`text/plain; version=0.0.4; charset=utf-8`). */
  contentType: string;
  render(): Promise<string>;
}

export interface HealthOptions {
  draining: () => boolean;
  readinessTimeoutMs: number;
  metrics: MetricsSource | undefined;
  /** Credentials that may read `/metrics`: the secret key, and the metrics token if set. */
  metricsTokens: readonly string[];
}

const tags = ['Operations'];
const noStore = { 'Cache-Control': 'no-store' };

/** The request guards check every URL: a query with a NUL byte is refused here too. */
const invalidRequest = {
  description: 'Invalid request: the URL holds a NUL byte or an unpaired surrogate.',
  content: { 'application/json': { schema: errorSchema } },
};

const healthSchema = z
  .object({
    status: z.enum(['ok', 'store_stopped']).openapi({
      description:
        '`ok`: the process answers. `store_stopped`: the embedded database stopped for good (its thread died); only a new process recovers.',
    }),
  })
  .openapi('Health');
const readinessSchema = z
  .object({
    status: z.enum(['ready', 'draining', 'store_unavailable']).openapi({
      description:
        '`ready`: send traffic. `draining`: the process is stopping (SIGTERM) and finishes what it has. `store_unavailable`: the database did not answer in time, or its schema is behind this version.',
    }),
  })
  .openapi('Readiness');

export function registerHealth(
  app: OpenAPIHono,
  context: EndpointContext,
  options: HealthOptions,
): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags,
      summary: 'Liveness: the process answers',
      description:
        'Answers 200 while the process can answer at all, also while it is stopping; a shared database that fails does not change it, so an outage does not get every process restarted. It answers 503 only when the embedded database stopped for good (its thread died), which only a new process recovers from. No key needed.',
      responses: {
        200: {
          description: 'The process is alive.',
          content: { 'application/json': { schema: healthSchema } },
        },
        400: invalidRequest,
        503: {
          description: 'The embedded database stopped for good: restart the process.',
          content: { 'application/json': { schema: healthSchema } },
        },
      },
    }),
    async (c) =>
      (await settledAlready(context.store.stopped))
        ? c.json({ status: 'store_stopped' as const }, 503, noStore)
        : c.json({ status: 'ok' as const }, 200, noStore),
  );

  const storeAnswers = singleFlight(() =>
    withTimeout(context.store.ping?.() ?? Promise.resolve(), options.readinessTimeoutMs),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags,
      summary: 'Readiness: the process can take traffic',
      description:
        'Answers 200 when the store answers a cheap query within the readiness timeout (1 s by default) with every migration applied, and the process is not stopping; 503 otherwise, at once when SIGTERM starts the drain, while the requests under way still finish. No key needed.',
      responses: {
        200: {
          description: 'Ready for traffic.',
          content: { 'application/json': { schema: readinessSchema } },
        },
        400: invalidRequest,
        503: {
          description: 'Not ready: stopping, or the store does not answer.',
          content: { 'application/json': { schema: readinessSchema } },
        },
      },
    }),
    async (c) => {
      if (options.draining()) return c.json({ status: 'draining' as const }, 503, noStore);
      try {
        await storeAnswers();
      } catch (error) {
        // Beside the request in the server's log: why the store is not ready.
        note(c.req.raw, { error });
        return c.json({ status: 'store_unavailable' as const }, 503, noStore);
      }
      // The drain may have begun while the store answered.
      if (options.draining()) return c.json({ status: 'draining' as const }, 503, noStore);
      return c.json({ status: 'ready' as const }, 200, noStore);
    },
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'MetricsToken', {
    type: 'http',
    scheme: 'bearer',
    description:
      'CHECKOUT_METRICS_TOKEN, or your secret key (as the bearer token, or HTTP Basic username).',
  });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      tags,
      summary: 'Metrics in the Prometheus text format',
      description:
        'Requests by route family and status, latency, confirms by outcome, idempotent replays, rate-limit refusals, webhook deliveries and the outbox backlog, sessions the worker expired, and the store pool. Served by the Node server (`startServer`); a fetch handler created without a metrics source answers 404.',
      security: [{ MetricsToken: [] }],
      responses: {
        200: {
          description: 'The metrics of this process.',
          content: { 'text/plain; version=0.0.4': { schema: z.string() } },
        },
        400: invalidRequest,
        401: {
          description: 'Neither the metrics token nor the secret key was presented.',
          content: { 'application/json': { schema: errorSchema } },
        },
        404: {
          description: 'This handler serves no metrics.',
          content: { 'application/json': { schema: errorSchema } },
        },
      },
    }),
    async (c) => {
      const metrics = options.metrics;
      if (!metrics) throw new ApiError(404, 'route_not_found', 'No such route.');
      const header = c.req.header('Authorization');
      if (!options.metricsTokens.some((token) => presentsSecretKey(header, token))) {
        c.header('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new ApiError(
          401,
          'unauthorized',
          'Send the metrics token (CHECKOUT_METRICS_TOKEN) or the secret key as `Authorization: Bearer <token>`.',
          { type: 'authentication_error' },
        );
      }
      return c.text(await metrics.render(), 200, {
        'Content-Type': metrics.contentType,
        ...noStore,
      });
    },
  );
}

/** Calls made while one is under way share it: a stuck database is not asked again per probe. */
function singleFlight(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => {
    running ??= work().finally(() => {
      running = null;
    });
    return running;
  };
}

function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`The store did not answer within ${timeoutMs} ms.`)),
      timeoutMs,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Whether `promise` has settled by now, without waiting for it: a race
 * against one that has, which a settled `promise` wins by coming first.
 */
async function settledAlready(promise: Promise<unknown> | undefined): Promise<boolean> {
  if (!promise) return false;
  const now = Symbol('now');
  return (await Promise.race([promise, Promise.resolve(now)]).catch(() => null)) !== now;
}
