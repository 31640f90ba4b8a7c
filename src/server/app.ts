import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { clientSecretInBody } from './auth.js';
import type { EndpointContext, WebhookSettings } from './context.js';
import { ApiError, fromZodIssues, internalErrorBody } from './errors.js';
import { maxIdempotencyLeaseSeconds } from './idempotency.js';
import { withCommonResponses } from './openapi-document.js';
import type { Processor } from './processor/processor.js';
import { testProcessor } from './processor/test-processor.js';
import { type RateLimitOptions, registerRateLimits } from './rate-limits.js';
import { defaultBodyLimitBytes, requestGuards } from './request-guards.js';
import { note, requestIds } from './request-notes.js';
import { responseHeaders } from './response-headers.js';
import { inlinable, registerCardFrame } from './routes/card-frame.js';
import { registerCatalog } from './routes/catalog.js';
import { registerCheckoutSessions } from './routes/checkout-sessions.js';
import { clientCors, registerClientSession } from './routes/client-session.js';
import { registerCryptoCheckout } from './routes/crypto-checkout.js';
import { type MetricsSource, registerHealth } from './routes/health.js';
import { registerHostedPage } from './routes/hosted-page.js';
import { flatErrors, registerPaymentsCheckout } from './routes/payments-checkout.js';
import { registerPromotionCodes } from './routes/promotion-codes.js';
import { registerSessionsV2 } from './routes/sessions-v2.js';
import { registerSessionsV3 } from './routes/sessions-v3.js';
import { registerWebhookEvents } from './routes/webhook-events.js';
import { defaultTaxRates, type TaxRate } from './sessions/tax-rates.js';
import type { CheckoutStore } from './store/store.js';

export interface CheckoutHandlerOptions {
  store: CheckoutStore;
  /** The merchant API's secret key. */
  secretKey: string;
  /** Where hosted pages load the script-tag build from. Default `/assets/checkout-kit.js`. */
  scriptUrl?: string;
  /**
   * The script-tag build's lazy parts, file by part name (the `module` list of
   * its dist/browser/parts.json), so the hosted page can name the parts a
   * session needs for `modulepreload`. The Node entry reads them from the
   * build it serves. Default none: the page names no part, and the kit
   * loads each one when it needs it.
   */
  scriptParts?: Readonly<Record<string, string>>;
  /**
   * Where the card frame's document loads its script from. Default
   * `/assets/checkout-kit-card-frame.js`, beside the script-tag build.
   */
  frameScriptUrl?: string;
  /**
   * The card frame's script itself (`checkout-kit-card-frame.js` of the
   * script-tag build), inlined in the frame's document and allowed by its
   * hash: the frame then starts without a request of its own. The Node entry
   * reads it from the build. A script that could end the `<script>` element
   * early is not inlined: the document loads `frameScriptUrl` instead.
   */
  frameScript?: string;
  /**
   * Sites that may embed the card frame, as CSP `frame-ancestors` sources,
   * e.g. `['https://shop.example']`. Default `['*']`: any https or http site.
   */
  frameAncestors?: readonly string[];
  /**
   * Decides card payments. Default `testProcessor`, the only one that ships:
   * it decides by test card number and never moves money.
   */
  processor?: Processor;
  /** Public origin for links (hosted page URLs) when the endpoint sits behind a proxy. */
  publicUrl?: string;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
  /**
   * Tax rates for sessions with automatic tax on; a state's rate wins over its
   * country's. Default `defaultTaxRates` (test-mode demo rates).
   */
  taxRates?: readonly TaxRate[];
  /**
   * The merchant's webhook receiver and signing secret. Events are queued in
   * the store's outbox only when this is set; a `WebhookWorker` delivers them.
   */
  webhooks?: WebhookSettings;
  /**
   * How long a request that has not finished holds its Idempotency-Key before
   * a retry may take it over (its process is taken to have died). Default and
   * most 30 s.
   */
  idempotencyLeaseSeconds?: number;
  /** Most bytes a request body may have; a larger one is answered 413 unread. Default 1 MiB. */
  bodyLimitBytes?: number;
  /**
   * Rate limits, on by default: requests per client secret (300 per 60 s)
   * and per merchant key (3000 per 60 s), counted in this process; failed
   * authentications per client address (20 per 300 s), counted in the store.
   * `false` turns them all off (tests that send bursts).
   */
  rateLimits?: false | RateLimitOptions;
  /** How long a crypto quote holds. Default 900 s. */
  cryptoQuoteSeconds?: number;
  /** How long a simulated crypto transfer takes to confirm (test mode). Default 5 s. */
  cryptoConfirmationSeconds?: number;
  /**
   * Whether the process is stopping: `/readyz` answers 503 while it is, so a
   * load balancer sends new requests elsewhere. Default: never. The Node
   * server sets it from SIGTERM.
   */
  draining?: () => boolean;
  /** How long `/readyz` waits for the store to answer before it says 503. Default 1000 ms. */
  readinessTimeoutMs?: number;
  /**
   * What `/metrics` serves (the Prometheus text format); without it
   * `/metrics` answers 404. The Node server sets it.
   */
  metrics?: MetricsSource;
  /** A bearer token that may read `/metrics`, besides the secret key. */
  metricsToken?: string;
  /**
   * Told of unexpected errors (answered 500, or a store failure an answer
   * survives), with the request when there is one. Default: `console.error`.
   */
  reportError?: (error: unknown, request?: Request) => void;
}

export const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'Checkout Kit endpoint',
    version: '2026-11-01',
    description:
      'The thin session endpoint: merchant APIs (secret key) that create checkout sessions, and the client API (client secret) that the Checkout Kit components call.',
  },
} as const;

/** What routes and the webhook worker share, with the defaults filled in. */
export function endpointContext(options: CheckoutHandlerOptions): EndpointContext {
  return {
    store: options.store,
    secretKey: options.secretKey,
    now: options.now ?? Date.now,
    livemode: false,
    scriptUrl: options.scriptUrl ?? '/assets/checkout-kit.js',
    scriptParts: options.scriptParts ?? {},
    frameScriptUrl: options.frameScriptUrl ?? '/assets/checkout-kit-card-frame.js',
    frameScript: inlinable(options.frameScript),
    frameAncestors: checkFrameAncestors(options.frameAncestors ?? ['*']),
    processor: options.processor ?? testProcessor,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    taxRates: options.taxRates ?? defaultTaxRates,
    webhooks: options.webhooks ?? null,
    idempotencyLeaseSeconds: checkLease(
      options.idempotencyLeaseSeconds ?? maxIdempotencyLeaseSeconds,
    ),
    cryptoQuoteSeconds: options.cryptoQuoteSeconds ?? 900,
    cryptoConfirmationSeconds: options.cryptoConfirmationSeconds ?? 5,
    reportError: options.reportError ?? reportToConsole,
  };
}

function reportToConsole(error: unknown): void {
  console.error('checkout-kit: unexpected error', error instanceof Error ? error.stack : error);
}

function checkLease(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > maxIdempotencyLeaseSeconds) {
    throw new Error(
      `idempotencyLeaseSeconds must be a whole number from 1 to ${maxIdempotencyLeaseSeconds}; got ${seconds}.`,
    );
  }
  return seconds;
}

/** Sources for `frame-ancestors`: one token each, so none can add a directive of its own. */
function checkFrameAncestors(sources: readonly string[]): readonly string[] {
  const bad = sources.find((source) => !/^[^\s;,'"]+$|^'self'$|^'none'$/.test(source));
  if (sources.length === 0 || bad !== undefined) {
    throw new Error(
      `frameAncestors must list CSP sources such as 'https://shop.example', '*' or "'self'"; got ${JSON.stringify(bad ?? sources)}.`,
    );
  }
  return sources;
}

/** Builds the endpoint as a Hono app; `createCheckoutHandler` wraps it as a fetch handler. */
export function createCheckoutApp(options: CheckoutHandlerOptions): OpenAPIHono {
  const context = endpointContext(options);

  const app = new OpenAPIHono({
    // Every schema rejection becomes the endpoint's one 400 shape.
    defaultHook: (result) => {
      if (!result.success) {
        throw fromZodIssues(result.error.issues, (result as { data?: unknown }).data);
      }
    },
  });

  app.use(requestIds());
  // Seed 000 documents flat `{ error, message }` errors; this must wrap the content-type check too.
  app.use('/v1/checkout', flatErrors);
  app.use('/v1/checkout/*', flatErrors);
  app.use(responseHeaders(context));
  // Before the rate limits, so a page on another origin can read their 429s.
  app.use('/v1/client/*', clientCors);
  app.use('/v1/client/session', clientSecretInBody);
  if (options.rateLimits !== false) registerRateLimits(app, context, options.rateLimits ?? {});
  app.use(requestGuards({ bodyLimitBytes: options.bodyLimitBytes ?? defaultBodyLimitBytes }));
  app.use('/v1/*', (c, next) => {
    // Echoed as a prepared header, so the answer is built once with it.
    const version = c.req.header('X-API-Version');
    if (version) c.header('X-API-Version', version.slice(0, 64));
    return next();
  });

  registerClientSession(app, context);
  // Merchant APIs, one module per seed document, and the catalog they sell from.
  registerPaymentsCheckout(app, context); // seed 000
  registerSessionsV3(app, context); // seed 001
  registerCryptoCheckout(app, context); // seed 002
  registerCheckoutSessions(app, context); // seed 003
  registerSessionsV2(app, context); // seed 004
  registerCatalog(app, context);
  registerPromotionCodes(app, context);
  registerWebhookEvents(app, context);
  registerHostedPage(app, context);
  registerCardFrame(app, context);
  registerHealth(app, context, {
    draining: options.draining ?? (() => false),
    readinessTimeoutMs: options.readinessTimeoutMs ?? 1000,
    metrics: options.metrics,
    metricsTokens: [context.secretKey, ...(options.metricsToken ? [options.metricsToken] : [])],
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'SecretKeyBasic', {
    type: 'http',
    scheme: 'basic',
    description: 'Your secret key as the username, with an empty password.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'SecretKeyBearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'Your secret key as the bearer token (seeds 000, 001 and 002).',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'ClientSecret', {
    type: 'http',
    scheme: 'bearer',
    description: "The session's client secret.",
  });
  // Built on first request, once every route is registered, then served as is.
  let document: string | undefined;
  app.get('/openapi.json', (c) => {
    document ??= JSON.stringify(withCommonResponses(app.getOpenAPI31Document(openApiInfo)));
    return c.body(document, 200, { 'Content-Type': 'application/json' });
  });

  app.notFound(() => {
    throw new ApiError(404, 'route_not_found', 'No such route.');
  });
  app.onError((error, c) => {
    const known =
      error instanceof ApiError
        ? error
        : error instanceof HTTPException && error.status === 400
          ? new ApiError(400, 'invalid_json', 'The request body is not valid JSON.')
          : error instanceof HTTPException && (error.status === 413 || error.status === 415)
            ? new ApiError(error.status, 'unsupported_request', error.message)
            : null;
    if (known) {
      note(c.req.raw, { errorCode: known.code });
      return c.json(known.toBody(), known.status);
    }
    note(c.req.raw, { errorCode: 'internal_error' });
    context.reportError(error, c.req.raw);
    return c.json(internalErrorBody, 500);
  });
  return app;
}

/** The endpoint as a standard fetch handler: `(Request) => Promise<Response>`. */
export function createCheckoutHandler(
  options: CheckoutHandlerOptions,
): (request: Request) => Promise<Response> {
  const app = createCheckoutApp(options);
  return async (request) => app.fetch(request);
}
