/**
 * The Node server's view of each request: its `Request-Id`, one log line
 * once the answer is ready, and the request metrics. First in the server's
 * middleware, so it sees every answer (assets, a host's routes, 404s).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Level, Logger } from 'pino';
import {
  note,
  notesOf,
  type RequestNotes,
  requestIdFrom,
  requestIdHeader,
  setRequestIdHeader,
} from '../request-notes.js';
import type { EndpointMetrics } from './metrics.js';

export interface RequestObserverOptions {
  logger: Logger;
  metrics: EndpointMetrics;
  /** True once the server is stopping: answers then close their connection. */
  draining: () => boolean;
}

/**
 * Route families, the metrics' `family` label: one per route module, so the
 * label has a few dozen values at most whatever paths clients send. A
 * prefix matches the path itself or anything below it.
 */
const families: readonly (readonly [prefix: string, family: string])[] = [
  ['/v1/client/session/confirm', 'card'],
  ['/v1/client/session/challenge', 'card'],
  ['/v1/client/session/crypto', 'crypto'],
  ['/v1/client', 'client_session'],
  ['/v1/checkout_sessions', 'checkout_sessions'],
  ['/v1/checkout', 'payments_checkout'],
  ['/api/v3/checkout/sessions', 'sessions_v3'],
  ['/api/v2/checkout-sessions', 'sessions_v2'],
  ['/api/v1/checkout', 'crypto_checkout'],
  ['/v1/products', 'catalog'],
  ['/v1/prices', 'catalog'],
  ['/v1/subscription_plans', 'catalog'],
  ['/v1/promotion_codes', 'promotion_codes'],
  ['/v1/webhook_events', 'webhook_events'],
  ['/pay', 'hosted_page'],
  ['/frames/card', 'card_frame'],
  ['/assets', 'assets'],
  ['/openapi.json', 'openapi'],
  ['/healthz', 'health'],
  ['/readyz', 'health'],
  ['/metrics', 'metrics'],
];

export function routeFamily(path: string): string {
  for (const [prefix, family] of families) {
    if (path.startsWith(prefix) && (path.length === prefix.length || path[prefix.length] === '/')) {
      return family;
    }
  }
  return 'other';
}

/** Longest path a log line repeats when no route matched (a scanner's, say). */
const maxLoggedPath = 200;

export function observeRequests(options: RequestObserverOptions): MiddlewareHandler {
  const { logger, metrics, draining } = options;
  return async (c, next) => {
    const started = performance.now();
    const request = c.req.raw;
    const requestId = requestIdFrom(request.headers);
    note(request, { requestId });
    c.header(requestIdHeader, requestId);
    // A stopping process sends keep-alive clients to reconnect, elsewhere.
    if (draining()) c.header('Connection', 'close');
    await next();
    if (!c.res.headers.has(requestIdHeader)) setRequestIdHeader(c, requestId);

    const durationMs = performance.now() - started;
    const status = c.res.status;
    const family = routeFamily(c.req.path);
    const notes = notesOf(request);
    const replayed = c.res.headers.get('Idempotent-Replayed') === 'true';
    metrics.request(family, status, durationMs / 1000, notes, replayed);

    const level = levelFor(family, status, notes);
    if (!logger.isLevelEnabled(level)) return;
    const line: Record<string, unknown> = {
      request_id: requestId,
      method: c.req.method,
      route: matchedRoute(c),
      status,
      duration_ms: Math.round(durationMs * 100) / 100,
    };
    if (notes) {
      if (notes.sessionId) line.session_id = notes.sessionId;
      if (notes.payment) line.payment = notes.payment.outcome;
      if (notes.errorCode) line.code = notes.errorCode;
      const reason = notes.payment?.code;
      if (reason && reason !== notes.errorCode) line.decline_code = reason;
      if (notes.rateLimit) line.rate_limit = notes.rateLimit;
      if (notes.error) line.err = notes.error;
    }
    if (replayed) line.replayed = true;
    logger[level](line, 'request');
  };
}

/**
 * Errors at `error`; probes and scrapes that went well at `debug`, so a load
 * balancer checking every few seconds does not fill the log; the rest at `info`.
 */
function levelFor(family: string, status: number, notes: RequestNotes | undefined): Level {
  if (notes?.error || (status >= 500 && family !== 'health')) return 'error';
  if (family === 'health' || family === 'metrics') return status < 400 ? 'debug' : 'warn';
  return 'info';
}

/** The route's pattern (`/v1/checkout_sessions/:id`), or the path itself when none matched. */
function matchedRoute(c: Context): string {
  const pattern = routePath(c, -1);
  if (pattern && !pattern.includes('*')) return pattern;
  return c.req.path.length > maxLoggedPath ? `${c.req.path.slice(0, maxLoggedPath)}…` : c.req.path;
}
