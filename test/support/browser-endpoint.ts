import type { IncomingMessage } from 'node:http';
import { createCheckoutApp, MemoryStore } from '../../src/server/index.js';
import { browserSuiteCryptoQuoteSeconds, browserSuiteSecretKey } from './browser-suite.js';

/** Paths the real handler answers for the browser tests (the rest is the test server's). */
const handled = /^\/(v1\/|api\/|pay\/|frames\/|openapi\.json)/;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface KoaLikeContext {
  path: string;
  url: string;
  method: string;
  req: IncomingMessage;
  status: number;
  body: unknown;
  set(name: string, value: string): void;
}

export interface EndpointOptions {
  /** Default `browserSuiteCryptoQuoteSeconds`. */
  cryptoQuoteSeconds?: number;
  /** How long a simulated crypto transfer takes to confirm. Default 1 s. */
  cryptoConfirmationSeconds?: number;
}

/**
 * A web-test-runner middleware that hands endpoint requests to the real fetch
 * handler (over an in-memory store), so browser tests talk to the same code
 * the Node server runs, on the test page's own origin.
 */
export function endpointMiddleware(options: EndpointOptions = {}) {
  const store = new MemoryStore();
  const app = createCheckoutApp({
    store,
    secretKey: browserSuiteSecretKey,
    scriptUrl: '/dist/browser/checkout-kit.js',
    // The card frame's script from the source, compiled by the test server like the tests.
    frameScriptUrl: '/src/frames/card/card-frame.ts',
    cryptoQuoteSeconds: options.cryptoQuoteSeconds ?? browserSuiteCryptoQuoteSeconds,
    cryptoConfirmationSeconds: options.cryptoConfirmationSeconds ?? 1,
    // The browser suites share one endpoint and one secret key for all their sessions.
    rateLimits: false,
  });
  return async (context: KoaLikeContext, next: () => Promise<void>) => {
    const expiry = /^\/test\/sessions\/(cs_\w+)\/expires-in\/(\d+)$/.exec(context.path);
    if (expiry && context.method === 'POST') {
      context.status = (await expireIn(store, expiry[1]!, Number(expiry[2]))) ? 204 : 404;
      return;
    }
    if (!handled.test(context.path)) return next();
    const body =
      context.method === 'GET' || context.method === 'HEAD'
        ? undefined
        : await readBody(context.req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(context.req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    const response = await app.fetch(
      new Request(`http://${context.req.headers.host}${context.url}`, {
        method: context.method,
        headers,
        body: body?.length ? new Uint8Array(body) : undefined,
      }),
    );
    context.status = response.status;
    response.headers.forEach((value, name) => {
      context.set(name, value);
    });
    context.body = Buffer.from(await response.arrayBuffer());
  };
}

/**
 * Test-only: moves an open session's expiry to `seconds` from now, which the
 * merchant API rightly refuses (30 minutes at least), so the kit's expiry
 * notice and timer can be seen on a real clock.
 */
async function expireIn(store: MemoryStore, id: string, seconds: number): Promise<boolean> {
  const found = await store.getSession(id);
  if (!found) return false;
  const expiresAt = Math.floor(Date.now() / 1000) + seconds;
  return (await store.updateSession({ ...found.value, expiresAt }, found.version)) === 'ok';
}
