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
  exitWhenStoreStops,
  readConfig,
  type ServerConfig,
  type ServerContext,
  startServer,
  stopOnSignals,
} from '../src/server/node.js';
import { mountFrameworkDemos } from './frameworks.js';
import { mountSeedDemos } from './seeds.js';
import { mountWebhookReceiver, withDemoWebhooks } from './webhooks.js';

const publicDir = join(dirname(fileURLToPath(import.meta.url)), 'public');

/** The promotion code the demo shop hands out; created on first use. */
export const demoPromotionCode = 'WELCOME10';

type UiMode = 'embedded' | 'hosted' | 'custom';

/** The shop's two products, with pictures; created in the catalog on first use. */
const demoProducts = [
  {
    id: 'prod_demo_pour_over',
    price: 'price_demo_pour_over',
    name: 'Ceramic pour-over',
    image: 'pour-over.svg',
    unit_amount: 2400,
  },
  {
    id: 'prod_demo_beans',
    price: 'price_demo_beans',
    name: 'Single-origin beans, 250 g',
    image: 'beans.svg',
    unit_amount: 1650,
  },
] as const;

/**
 * The demo's cart, as a merchant's server would build it: adjustable
 * quantities, promotion codes, tax by address, and two shipping rates.
 */
export function demoCart(uiMode: UiMode, origin: string) {
  return {
    mode: 'payment',
    ui_mode: uiMode,
    line_items: [
      {
        quantity: 2,
        price: demoProducts[0].price,
        adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 },
      },
      {
        quantity: 1,
        price: demoProducts[1].price,
        adjustable_quantity: { enabled: true, minimum: 1, maximum: 20 },
      },
    ],
    allow_promotion_codes: true,
    automatic_tax: { enabled: true },
    shipping_address_collection: {
      allowed_countries: ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'JP', 'AU'],
    },
    shipping_options: [
      {
        shipping_rate_data: {
          display_name: 'Standard',
          fixed_amount: { amount: 500, currency: 'usd' },
          delivery_estimate: {
            minimum: { unit: 'business_day', value: 3 },
            maximum: { unit: 'business_day', value: 5 },
          },
        },
      },
      {
        shipping_rate_data: {
          display_name: 'Express',
          fixed_amount: { amount: 1500, currency: 'usd' },
          delivery_estimate: { maximum: { unit: 'business_day', value: 1 } },
        },
      },
    ],
    phone_number_collection: { enabled: true },
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
  '/demo/custom.html': 'custom.html',
  '/demo/custom.js': 'custom.js',
  '/demo/events.js': 'events.js',
  '/demo/webhooks.html': 'webhooks.html',
  '/demo/webhooks.js': 'webhooks.js',
  '/demo/seed.js': 'seed.js',
  '/demo/images/pour-over.svg': 'images/pour-over.svg',
  '/demo/images/beans.svg': 'images/beans.svg',
};

const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** The demo runs under the strict policy the kit promises to work with. */
const pageHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' https: data:; require-trusted-types-for 'script'; trusted-types lit-html",
};

export function mountDemo(app: Hono, { secretKey, webhooks }: ServerContext): void {
  if (webhooks) mountWebhookReceiver(app, webhooks.secret);
  /** Calls our own merchant API over HTTP, as a merchant's server would. */
  const merchant = (origin: string, path: string, body: unknown) =>
    fetch(`${origin}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa(`${secretKey}:`)}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID(),
      },
      body: JSON.stringify(body),
    });

  /** Creates `path`'s object unless an earlier run (the same data directory) already did. */
  const createOnce = async (origin: string, path: string, body: unknown) => {
    const response = await merchant(origin, path, body);
    const answer = (await response.json()) as { error?: { code: string } };
    const known = ['promotion_code_exists', 'resource_already_exists'];
    if (!response.ok && !known.includes(answer.error?.code ?? '')) {
      throw new Error(`Creating the demo's ${path} failed: ${JSON.stringify(answer)}`);
    }
  };

  let shopReady: Promise<void> | null = null;
  /** The shop's promotion code and products exist once. */
  const ensureShop = (origin: string) => {
    shopReady ??= (async () => {
      await createOnce(origin, '/v1/promotion_codes', { code: demoPromotionCode, percent_off: 10 });
      for (const product of demoProducts) {
        await createOnce(origin, '/v1/products', {
          id: product.id,
          name: product.name,
          images: [`${origin}/demo/images/${product.image}`],
        });
        await createOnce(origin, '/v1/prices', {
          id: product.price,
          product: product.id,
          currency: 'usd',
          unit_amount: product.unit_amount,
          tax_behavior: 'exclusive',
        });
      }
    })().catch((error: unknown) => {
      shopReady = null;
      throw error;
    });
    return shopReady;
  };

  const createSession = async (origin: string, uiMode: UiMode) => {
    await ensureShop(origin);
    const response = await merchant(origin, '/v1/checkout_sessions', demoCart(uiMode, origin));
    const body = (await response.json()) as { client_secret: string | null; url: string | null };
    if (!response.ok) throw new Error(`Creating the demo session failed: ${JSON.stringify(body)}`);
    return body;
  };

  app.post('/demo/session', async (c) => {
    const uiMode = c.req.query('ui') === 'custom' ? 'custom' : 'embedded';
    const { client_secret } = await createSession(new URL(c.req.url).origin, uiMode);
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
      for (const [name, value] of Object.entries(pageHeaders)) c.header(name, value);
      return c.body(body);
    });
  }
  mountFrameworkDemos(app, pageHeaders);
  mountSeedDemos(app, {
    secretKey,
    publicDir,
    headers: pageHeaders,
    beforeCreate: ensureShop,
  });
}

/** The demo shop and the seed demos sell from the seeds' example catalog: always seeded. */
export async function startDemo(config: ServerConfig = readConfig()) {
  return startServer(withDemoWebhooks({ ...config, demoCatalog: true }), mountDemo);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const config = { ...readConfig(), demoCatalog: true };
  const server = await startDemo(config);
  announce(server, config);
  console.log(
    `Demo shop: ${server.url}/  (pay with 4242 4242 4242 4242, any future date, any CVC)`,
  );
  stopOnSignals(server);
  exitWhenStoreStops(server);
}
