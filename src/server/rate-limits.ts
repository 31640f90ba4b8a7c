import { getConnInfo } from '@hono/node-server/conninfo';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { presentedClientSecret, presentsSecretKey } from './auth.js';
import type { EndpointContext } from './context.js';
import { ApiError } from './errors.js';
import { sha256 } from './ids.js';
import { note } from './request-notes.js';

/** At most `limit` requests in each window of `windowSeconds`. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitOptions {
  /** Requests per client secret on the client API (`/v1/client/*`). Default 300 per 60 s. */
  clientSecret?: RateLimit;
  /** Requests with the secret key on the merchant APIs (the rest of `/v1/*` and `/api/*`). Default 3000 per 60 s. */
  secretKey?: RateLimit;
  /**
   * Failed authentications (401) per client address. Past the limit, every
   * API request from the address is answered 429 until its window ends.
   * Default 20 per 300 s.
   */
  failedAuth?: RateLimit;
  /**
   * Take the client's address from the last `X-Forwarded-For` entry: only
   * behind a proxy that appends the address it saw (anyone can send the header).
   * Default false: the socket's address under Node.
   */
  trustProxy?: boolean;
}

export const defaultRateLimits = {
  clientSecret: { limit: 300, windowSeconds: 60 },
  secretKey: { limit: 3000, windowSeconds: 60 },
  failedAuth: { limit: 20, windowSeconds: 300 },
} as const satisfies Record<string, RateLimit>;

/** Most requests or seconds a limit may name: a day's window, a million requests. */
const maxLimit = 1_000_000;
const maxWindowSeconds = 86_400;

/** Checks a limit's numbers; throws naming the option at fault. */
export function checkRateLimit(name: string, value: RateLimit): RateLimit {
  const whole = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!whole(value.limit, maxLimit) || !whole(value.windowSeconds, maxWindowSeconds)) {
    throw new Error(
      `${name} must be a whole number of requests from 1 to ${maxLimit} in a whole number of seconds from 1 to ${maxWindowSeconds}; got ${value.limit} in ${value.windowSeconds} s.`,
    );
  }
  return value;
}

/**
 * Registers the endpoint's rate limits on its API paths: per client secret,
 * per merchant key (both counted in this process's memory), and failed
 * authentications per client address (counted in the store, so processes
 * sharing a database share the count). Each 429 is the endpoint's JSON error
 * with `Retry-After` and the draft-7 `RateLimit` and `RateLimit-Policy` headers.
 */
export function registerRateLimits(
  app: OpenAPIHono,
  context: EndpointContext,
  options: RateLimitOptions,
): void {
  const clientSecret = checkRateLimit(
    'rateLimits.clientSecret',
    options.clientSecret ?? defaultRateLimits.clientSecret,
  );
  const secretKey = checkRateLimit(
    'rateLimits.secretKey',
    options.secretKey ?? defaultRateLimits.secretKey,
  );
  const failedAuth = checkRateLimit(
    'rateLimits.failedAuth',
    options.failedAuth ?? defaultRateLimits.failedAuth,
  );

  // First, so an address over its limit costs no more than a lookup in memory.
  const failures = failedAuthLimit(context, failedAuth, options.trustProxy ?? false);
  app.use('/v1/*', failures);
  app.use('/api/*', failures);

  app.use(
    '/v1/client/*',
    rateLimiter({
      windowMs: clientSecret.windowSeconds * 1000,
      limit: clientSecret.limit,
      standardHeaders: 'draft-7',
      // Without a bearer token the request fails authentication: that limit is the one above.
      skip: (c) => c.req.method === 'OPTIONS' || presentedClientSecret(c.req) === undefined,
      // A hash, so this process's memory never holds a client secret.
      keyGenerator: async (c) =>
        `client_secret:${await sha256(presentedClientSecret(c.req) ?? '')}`,
      handler: (c) => {
        note(c.req.raw, { rateLimit: 'client_secret' });
        throw rateLimited('with this client secret', clientSecret);
      },
    }),
  );

  // One budget for the merchant key however it is sent (Basic or Bearer);
  // a request without it fails authentication and counts against its address instead.
  const merchantLimit = rateLimiter({
    windowMs: secretKey.windowSeconds * 1000,
    limit: secretKey.limit,
    standardHeaders: 'draft-7',
    skip: (c) =>
      c.req.method === 'OPTIONS' ||
      !presentsSecretKey(c.req.header('Authorization'), context.secretKey),
    keyGenerator: () => 'secret_key',
    handler: (c) => {
      note(c.req.raw, { rateLimit: 'secret_key' });
      throw rateLimited('with this secret key', secretKey);
    },
  });
  // The client API's reads are the hot path: they skip this limiter without entering it.
  const merchant: MiddlewareHandler = (c, next) =>
    c.req.path.startsWith('/v1/client/') ? next() : merchantLimit(c, next);
  app.use('/v1/*', merchant);
  app.use('/api/*', merchant);
}

function rateLimited(what: string, limit: RateLimit): ApiError {
  return new ApiError(
    429,
    'rate_limited',
    `Too many requests ${what}: at most ${limit.limit} in ${limit.windowSeconds} s. Try again after the seconds in Retry-After.`,
    { retryable: true },
  );
}

/**
 * Counts each 401 against the client's address in the store (a write only
 * on failure). Once an address has more failures than the limit in its
 * window, that answer and every API request after it from the address are
 * 429 until the window ends. Addresses found over the limit are remembered
 * here, so they are refused without a query; another process learns of one
 * at its next failure from there.
 *
 * Without an address (a bare fetch handler outside Node, trustProxy off)
 * this limit is off: one shared key would let any client lock every other out.
 */
function failedAuthLimit(
  context: EndpointContext,
  limit: RateLimit,
  trustProxy: boolean,
): MiddlewareHandler {
  const windowMs = limit.windowSeconds * 1000;
  /** Addresses over the limit, with when their window ends (ms). */
  const refused = new Map<string, number>();
  let sweepAt = 0;

  const refuse = (c: Context, resetAt: number): never => {
    const seconds = Math.max(1, Math.ceil((resetAt - context.now()) / 1000));
    c.header('Retry-After', String(seconds));
    c.header('RateLimit-Policy', `${limit.limit};w=${limit.windowSeconds}`);
    c.header('RateLimit', `limit=${limit.limit}, remaining=0, reset=${seconds}`);
    note(c.req.raw, { rateLimit: 'failed_auth' });
    throw new ApiError(
      429,
      'rate_limited',
      `Too many failed authentications from this address: at most ${limit.limit} in ${limit.windowSeconds} s. Try again in ${seconds} s.`,
      { retryable: true },
    );
  };

  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    // Nobody refused (the usual case): the address is worked out only for a 401.
    if (refused.size > 0) {
      const address = clientAddress(c, trustProxy);
      const refusedUntil = address === undefined ? undefined : refused.get(address);
      if (refusedUntil !== undefined) {
        if (refusedUntil > context.now()) refuse(c, refusedUntil);
        refused.delete(address!);
      }
    }
    await next();
    if (c.res.status !== 401) return;
    const address = clientAddress(c, trustProxy);
    if (address === undefined) return;
    const now = context.now();
    const count = await context.store
      .recordAuthFailure(`address:${address}`, now, windowMs)
      .catch((error: unknown) => {
        // The 401 stands: a store that cannot count must not turn it into a 500.
        context.reportError(
          new Error('Could not count a failed authentication.', { cause: error }),
          c.req.raw,
        );
        return null;
      });
    if (!count || count.failures <= limit.limit) return;
    if (now >= sweepAt) {
      for (const [known, until] of refused) if (until <= now) refused.delete(known);
      sweepAt = now + windowMs;
    }
    refused.set(address, count.resetAt);
    refuse(c, count.resetAt);
  };
}

/**
 * The client's address: the last `X-Forwarded-For` entry (what the trusted
 * proxy appended) when `trustProxy`, else the Node socket's, else undefined.
 */
export function clientAddress(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
    if (forwarded) return addressKey(forwarded);
  }
  // @hono/node-server passes the Node request as the bindings; other runtimes do not.
  const env = c.env as { incoming?: unknown; server?: { incoming?: unknown } } | undefined;
  if (!env?.incoming && !env?.server?.incoming) return undefined;
  const address = getConnInfo(c).remote.address;
  return address ? addressKey(address) : undefined;
}

/**
 * An address as the limit counts it: IPv4 as is (also when mapped into IPv6),
 * IPv6 by its /64, since one customer's network usually holds a whole /64.
 */
export function addressKey(address: string): string {
  const ip = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .slice(0, 64);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.split('::');
  const groups = head ? head.split(':') : [];
  if (tail !== undefined) {
    const after = tail ? tail.split(':') : [];
    groups.push(
      ...Array<string>(Math.max(0, 8 - groups.length - after.length)).fill('0'),
      ...after,
    );
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
