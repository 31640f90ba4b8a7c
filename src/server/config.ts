/**
 * The Node server's configuration, read from the environment once at start-up.
 */
import type { WebhookSettings } from './context.js';
import { type LogFormat, type Logger, type LogLevel, logLevels } from './observability/logger.js';
import { checkRateLimit, type RateLimit, type RateLimitOptions } from './rate-limits.js';
import type { WebhookWorkerOptions } from './webhooks/worker.js';

/** Used in test mode when CHECKOUT_SECRET_KEY is unset; printed at start-up so the demo can be driven by hand. */
export const developmentSecretKey = 'sk_test_checkout_kit_development';

export interface ServerConfig {
  port: number;
  host: string;
  secretKey: string;
  /** True when the development key is in use. */
  usingDevelopmentKey: boolean;
  /** The embedded store's folder; unused when `databaseUrl` is set. */
  dataDir: string;
  /** A PostgreSQL server (`postgres://…`) shared by every process; unset: the embedded store. */
  databaseUrl?: string | undefined;
  /** Most connections this process opens to `databaseUrl`. Default 10. */
  databasePoolSize?: number;
  /** How long an unfinished request holds its Idempotency-Key (1 to 30 s). Default 30. */
  idempotencyLeaseSeconds?: number | undefined;
  /** Most bytes in a request body (413 beyond). Default 1 MiB. */
  bodyLimitBytes?: number | undefined;
  publicUrl: string | undefined;
  /** Sites that may embed the card frame (CSP `frame-ancestors` sources); unset: any. */
  frameAncestors?: string[] | undefined;
  /**
   * Where to deliver signed events, and the secret that signs them; none are
   * queued without it. A URL that is a path (`/demo/webhooks`) means this
   * server itself, on the port it ends up listening on.
   */
  webhooks?: WebhookSettings | null;
  /** Timings and concurrency of the webhook worker; defaults suit production. */
  webhookWorker?: Omit<WebhookWorkerOptions, 'fetch' | 'onError' | 'onAttempt' | 'onSettled'>;
  /** The rate limits (unset ones at their defaults), or false for none. */
  rateLimits?: false | RateLimitOptions;
  /** Seeds the seeds' example catalog (prices, products, plans) at start-up. Default false. */
  demoCatalog?: boolean;
  /** The least severe log lines written. Default `info` (one line per request). */
  logLevel?: LogLevel;
  /** `json`, one object per line, or `pretty`, a line for people. Default: pretty on a terminal, else JSON. */
  logFormat?: LogFormat | undefined;
  /**
   * A pino logger of the host's own for the request log and the server's
   * lines; `logLevel` and `logFormat` are then the host's business. Not read
   * from the environment.
   */
  logger?: Logger;
  /** A bearer token that may read `/metrics`, besides the secret key. */
  metricsToken?: string | undefined;
  /**
   * After SIGTERM, how long `/readyz` answers 503 while new requests are still
   * served, before the server stops accepting connections and drains: time
   * for a load balancer to notice. Default 0.
   */
  shutdownDelayMs?: number;
}

/** Shortest webhook secret accepted: HMAC keys should not be guessable. */
export const minWebhookSecretLength = 16;

export function readConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const port = Number(env.PORT ?? 4242);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0-65535); got '${env.PORT}'.`);
  }
  const secretKey = env.CHECKOUT_SECRET_KEY?.trim();
  if (secretKey !== undefined && secretKey.length < 16) {
    throw new Error('CHECKOUT_SECRET_KEY must be at least 16 characters long.');
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    secretKey: secretKey || developmentSecretKey,
    usingDevelopmentKey: !secretKey,
    dataDir: env.CHECKOUT_DATA_DIR ?? './.data',
    databaseUrl: readDatabaseUrl(env.CHECKOUT_DATABASE_URL),
    databasePoolSize: readPoolSize(env.CHECKOUT_DATABASE_POOL_SIZE),
    idempotencyLeaseSeconds: readLease(env.CHECKOUT_IDEMPOTENCY_LEASE_SECONDS),
    bodyLimitBytes: readBodyLimit(env.CHECKOUT_BODY_LIMIT_BYTES),
    publicUrl: env.CHECKOUT_PUBLIC_URL,
    frameAncestors: readList(env.CHECKOUT_FRAME_ANCESTORS),
    webhooks: readWebhookSettings(env),
    webhookWorker: readWorkerOptions(env),
    rateLimits: readRateLimits(env),
    demoCatalog: readSwitch('CHECKOUT_DEMO_CATALOG', env.CHECKOUT_DEMO_CATALOG),
    logLevel: readLogLevel(env.CHECKOUT_LOG_LEVEL),
    logFormat: readLogFormat(env.CHECKOUT_LOG_FORMAT),
    metricsToken: readMetricsToken(env.CHECKOUT_METRICS_TOKEN),
    shutdownDelayMs: readShutdownDelay(env.CHECKOUT_SHUTDOWN_DELAY_MS),
  };
}

function readLogLevel(value: string | undefined): LogLevel {
  const level = value?.trim().toLowerCase() || 'info';
  if (!(logLevels as readonly string[]).includes(level)) {
    throw new Error(`CHECKOUT_LOG_LEVEL must be one of ${logLevels.join(', ')}; got '${value}'.`);
  }
  return level as LogLevel;
}

function readLogFormat(value: string | undefined): LogFormat | undefined {
  const format = value?.trim().toLowerCase();
  if (!format) return undefined;
  if (format !== 'json' && format !== 'pretty') {
    throw new Error(`CHECKOUT_LOG_FORMAT must be json or pretty; got '${value}'.`);
  }
  return format;
}

function readMetricsToken(value: string | undefined): string | undefined {
  const token = value?.trim();
  if (!token) return undefined;
  // A token that can be guessed would publish the business's volumes.
  if (token.length < 16 || /\s/.test(token)) {
    throw new Error('CHECKOUT_METRICS_TOKEN must be at least 16 characters, with no spaces.');
  }
  return token;
}

function readShutdownDelay(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) {
    throw new Error(
      `CHECKOUT_SHUTDOWN_DELAY_MS must be a whole number of milliseconds from 0 to 600000; got '${value}'.`,
    );
  }
  return ms;
}

/** An on/off setting: `1`/`true`/`on` or `0`/`false`/`off`; unset is off. */
function readSwitch(name: string, value: string | undefined): boolean {
  const text = value?.trim().toLowerCase() ?? '';
  if (['1', 'true', 'on'].includes(text)) return true;
  if (['', '0', 'false', 'off'].includes(text)) return false;
  throw new Error(`${name} must be 1 or 0 (or true/false, on/off); got '${value}'.`);
}

/**
 * CHECKOUT_RATE_LIMITS (`on`, the default, or `off`), the limits
 * CHECKOUT_RATE_LIMIT_CLIENT, _MERCHANT and _FAILED_AUTH as `<count>/<seconds>s`
 * (e.g. `300/60s`), and CHECKOUT_TRUST_PROXY (`1`: the client address is the
 * last X-Forwarded-For entry). Every value is checked, also when limits are off.
 */
function readRateLimits(env: Record<string, string | undefined>): false | RateLimitOptions {
  const options: RateLimitOptions = {};
  for (const [name, option] of [
    ['CHECKOUT_RATE_LIMIT_CLIENT', 'clientSecret'],
    ['CHECKOUT_RATE_LIMIT_MERCHANT', 'secretKey'],
    ['CHECKOUT_RATE_LIMIT_FAILED_AUTH', 'failedAuth'],
  ] as const) {
    const value = env[name]?.trim();
    if (value) options[option] = readRateLimit(name, value);
  }
  const trustProxy = env.CHECKOUT_TRUST_PROXY?.trim();
  if (trustProxy) {
    if (trustProxy !== '1' && trustProxy !== '0') {
      throw new Error(
        `CHECKOUT_TRUST_PROXY must be 1 (behind a proxy that appends the client's address to X-Forwarded-For) or 0; got '${trustProxy}'.`,
      );
    }
    options.trustProxy = trustProxy === '1';
  }
  const switched = env.CHECKOUT_RATE_LIMITS?.trim().toLowerCase();
  if (switched && switched !== 'on' && switched !== 'off') {
    throw new Error(
      `CHECKOUT_RATE_LIMITS must be 'on' or 'off'; got '${env.CHECKOUT_RATE_LIMITS}'.`,
    );
  }
  return switched === 'off' ? false : options;
}

function readRateLimit(name: string, value: string): RateLimit {
  const match = /^(\d+)\/(\d+)s$/.exec(value);
  if (!match) {
    throw new Error(`${name} must be <count>/<seconds>s, such as 300/60s; got '${value}'.`);
  }
  return checkRateLimit(name, { limit: Number(match[1]), windowSeconds: Number(match[2]) });
}

function readDatabaseUrl(value: string | undefined): string | undefined {
  const url = value?.trim();
  if (!url) return undefined;
  if (!URL.canParse(url) || !/^postgres(ql)?:$/.test(new URL(url).protocol)) {
    // The value may hold a password: name the variable, not its contents.
    throw new Error(
      'CHECKOUT_DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database.',
    );
  }
  return url;
}

function readPoolSize(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 10;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new Error(
      `CHECKOUT_DATABASE_POOL_SIZE must be a whole number from 1 to 1000; got '${value}'.`,
    );
  }
  return size;
}

function readBodyLimit(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes < 1024 || bytes > 100 * 1024 * 1024) {
    throw new Error(
      `CHECKOUT_BODY_LIMIT_BYTES must be a whole number of bytes from 1024 to 104857600; got '${value}'.`,
    );
  }
  return bytes;
}

function readLease(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 30) {
    throw new Error(
      `CHECKOUT_IDEMPOTENCY_LEASE_SECONDS must be a whole number from 1 to 30; got '${value}'.`,
    );
  }
  return seconds;
}

/**
 * CHECKOUT_WEBHOOK_TIMEOUT_MS (how long a receiver has to answer one attempt,
 * default 10 000), CHECKOUT_WEBHOOK_LEASE_MS (how long a claimed event is
 * reserved for the process sending it, default 60 000; also how long an event
 * claimed by a process that died waits before another sends it) and
 * CHECKOUT_WEBHOOK_CONCURRENCY (most attempts in flight at once, default 8).
 */
function readWorkerOptions(env: Record<string, string | undefined>) {
  const options: { requestTimeoutMs?: number; leaseMs?: number; concurrency?: number } = {};
  for (const [name, option] of [
    ['CHECKOUT_WEBHOOK_TIMEOUT_MS', 'requestTimeoutMs'],
    ['CHECKOUT_WEBHOOK_LEASE_MS', 'leaseMs'],
  ] as const) {
    const value = env[name]?.trim();
    if (!value) continue;
    const ms = Number(value);
    if (!Number.isInteger(ms) || ms < 100 || ms > 3_600_000) {
      throw new Error(
        `${name} must be a whole number of milliseconds from 100 to 3600000; got '${value}'.`,
      );
    }
    options[option] = ms;
  }
  const value = env.CHECKOUT_WEBHOOK_CONCURRENCY?.trim();
  if (value) {
    const concurrency = Number(value);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
      throw new Error(
        `CHECKOUT_WEBHOOK_CONCURRENCY must be a whole number from 1 to 1000; got '${value}'.`,
      );
    }
    options.concurrency = concurrency;
  }
  return options;
}

/** A space-separated list; unset or blank is undefined. */
function readList(value: string | undefined): string[] | undefined {
  const items = value?.split(/\s+/).filter(Boolean) ?? [];
  return items.length > 0 ? items : undefined;
}

/** CHECKOUT_WEBHOOK_URL and CHECKOUT_WEBHOOK_SECRET, both or neither; empty counts as unset. */
function readWebhookSettings(env: Record<string, string | undefined>): WebhookSettings | null {
  const url = env.CHECKOUT_WEBHOOK_URL?.trim() || undefined;
  const secret = env.CHECKOUT_WEBHOOK_SECRET?.trim() || undefined;
  if (!url && !secret) return null;
  if (!url) {
    throw new Error(
      'CHECKOUT_WEBHOOK_SECRET is set but CHECKOUT_WEBHOOK_URL is not: set both to send webhooks, or neither.',
    );
  }
  if (!secret) {
    throw new Error(
      'CHECKOUT_WEBHOOK_URL is set but CHECKOUT_WEBHOOK_SECRET is not: events are signed, so set both.',
    );
  }
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new Error(`CHECKOUT_WEBHOOK_URL must be an absolute http(s) URL; got '${url}'.`);
  }
  if (secret.length < minWebhookSecretLength) {
    throw new Error(
      `CHECKOUT_WEBHOOK_SECRET must be at least ${minWebhookSecretLength} characters long.`,
    );
  }
  return { url, secret };
}
