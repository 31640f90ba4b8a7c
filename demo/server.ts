/**
 * The demo merchant: serves a shop page next to the Checkout Kit endpoint on
 * one origin. Its server side creates sessions through the merchant API with
 * the secret key, exactly as a merchant's backend would; the browser only ever
 * sees the client secret.
 *
 *   npm start   (builds, then runs this file)
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import {
  announce,
  readConfig,
  type ServerConfig,
  startServer,
  stopOnSignals,
} from '../src/server/node.js';

const publicDir = join(dirname(fileURLToPath(import.meta.url)), 'public');

/** The demo's cart, as a merchant's server would build it. */
export function demoCart(uiMode: 'embedded' | 'hosted', origin: string) {
  return {
    mode: 'payment',
    ui_mode: uiMode,
    line_items: [
      {
        quantity: 2,
        price_data: { currency: 'usd', product: 'Ceramic pour-over', unit_amount: 2400 },
      },
      {
        quantity: 1,
        price_data: { currency: 'usd', product: 'Single-origin beans, 250 g', unit_amount: 1650 },
      },
    ],
    success_url: `${origin}/demo/success.html?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${origin}/`,
    client_reference_id: `demo-order-${Date.now()}`,
    metadata: { source: 'demo' },
  };
}

const files: Record<string, string> = {
  '/': 'index.html',
  '/demo/demo.js': 'demo.js',
  '/demo/demo.css': 'demo.css',
  '/demo/success.html': 'success.html',
  '/demo/success.js': 'success.js',
};

const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

export function mountDemo(app: Hono, { secretKey }: { secretKey: string }): void {
  /** Calls our own merchant API over HTTP, as a merchant's server would. */
  const createSession = async (origin: string, uiMode: 'embedded' | 'hosted') => {
    const response = await fetch(`${origin}/v1/checkout_sessions`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa(`${secretKey}:`)}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID(),
      },
      body: JSON.stringify(demoCart(uiMode, origin)),
    });
    const body = (await response.json()) as { client_secret: string | null; url: string | null };
    if (!response.ok) throw new Error(`Creating the demo session failed: ${JSON.stringify(body)}`);
    return body;
  };

  app.post('/demo/session', async (c) => {
    const { client_secret } = await createSession(new URL(c.req.url).origin, 'embedded');
    return c.json({ client_secret });
  });
  app.get('/demo/hosted', async (c) => {
    const { url } = await createSession(new URL(c.req.url).origin, 'hosted');
    return c.redirect(url!, 303);
  });
  for (const [path, file] of Object.entries(files)) {
    app.get(path, async (c) => {
      const body = await readFile(join(publicDir, file), 'utf8');
      c.header('Content-Type', types[file.split('.').pop()!]!);
      c.header(
        'Content-Security-Policy',
        "default-src 'self'; img-src 'self' https: data:; require-trusted-types-for 'script'; trusted-types lit-html",
      );
      return c.body(body);
    });
  }
}

export async function startDemo(config: ServerConfig = readConfig()) {
  return startServer(config, mountDemo);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const config = readConfig();
  const server = await startDemo(config);
  announce(server, config);
  console.log(
    `Demo shop: ${server.url}/  (pay with 4242 4242 4242 4242, any future date, any CVC)`,
  );
  stopOnSignals(server);
}
