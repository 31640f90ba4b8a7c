/**
 * One demo page per seed API: the demo's server sends that API's documented
 * example request (placeholders filled in) to our endpoint with the API's own
 * authentication, and the page pays the session it created through the kit.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { demoCatalog } from '../src/server/catalog/demo-catalog.js';

export interface SeedExample {
  /** The seed document's file-name prefix. */
  seed: '000' | '001' | '002' | '003' | '004';
  title: string;
  method: 'POST';
  path: string;
  auth: 'bearer' | 'basic';
  /** Sent with the request, as the seed documents. */
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

/** The documented example requests, with the demo's own URLs, catalog ids and customer. */
export function seedExamples(origin: string): SeedExample[] {
  const done = `${origin}/demo/success.html`;
  return [
    {
      seed: '000',
      title: 'Payments service: POST /v1/checkout',
      method: 'POST',
      path: '/v1/checkout',
      auth: 'bearer',
      body: {
        customer_id: 'cust_demo_ada',
        currency: 'usd',
        order_id: 'order-1001',
        stripe_customer_id: null,
        metadata: { channel: 'demo', seed: '000' },
        promo_code: 'WELCOME10',
        line_items: [
          {
            product_id: demoCatalog.products.tshirt,
            variant_id: demoCatalog.variants.tshirtMedium,
            qty: 2,
            unit_amount_cents: 2500,
          },
          {
            product_id: 'prod_sticker_pack',
            variant_id: 'holo',
            qty: 1,
            unit_amount_cents: 400,
          },
        ],
      },
    },
    {
      seed: '001',
      title: 'Checkout sessions v3: POST /api/v3/checkout/sessions',
      method: 'POST',
      path: '/api/v3/checkout/sessions',
      auth: 'bearer',
      body: {
        line_items: [
          {
            price: demoCatalog.prices.notebook,
            quantity: 2,
            adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 },
          },
        ],
        mode: 'payment',
        success_url: `${done}?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${origin}/demo/seeds/001`,
        payment_method_types: ['card'],
        customer: 'cus_demo_ada',
        customer_email: 'jsmith@example.com',
        client_reference_id: 'demo-001',
        metadata: { seed: '001' },
        externalCustomerId: 'crm-4711',
      },
    },
    {
      seed: '002',
      title: 'Crypto checkout: POST /api/v1/checkout',
      method: 'POST',
      path: '/api/v1/checkout',
      auth: 'bearer',
      body: {
        amount: 100,
        currency: 'USD',
        successUrl: done,
        cancelUrl: `${origin}/demo/seeds/002`,
        email: 'john@example.com',
        name: 'John Doe',
        metadata: { orderId: '1234567890', customerId: '1234567890' },
        productId: '1234567890',
        productName: 'Product Name',
        productDescription: 'Product Description',
        allowedAssets: ['ETH', 'USDT', 'USDC'],
      },
    },
    {
      seed: '003',
      title: 'Checkout Sessions: POST /v1/checkout_sessions',
      method: 'POST',
      path: '/v1/checkout_sessions',
      auth: 'basic',
      headers: { 'Idempotency-Key': crypto.randomUUID(), 'X-API-Version': '2026-11-01' },
      body: {
        mode: 'payment',
        line_items: [
          {
            quantity: 2,
            price_data: {
              currency: 'usd',
              product: 'Ceramic pour-over',
              unit_amount: 2400,
              tax_behavior: 'inclusive',
            },
          },
        ],
        success_url: `${done}?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${origin}/demo/seeds/003`,
        customer: 'cus_demo_ada',
        customer_email: 'jsmith@example.com',
        customer_creation: 'if_required',
        ui_mode: 'embedded',
        billing_address_collection: 'auto',
        client_reference_id: 'demo-003',
        payment_intent_data: {
          capture_method: 'automatic',
          description: 'Demo order 003',
          statement_descriptor: 'CHECKOUT KIT DEMO',
          metadata: { seed: '003' },
          application_fee_amount: 100,
        },
        currency: 'usd',
        metadata: { seed: '003' },
      },
    },
    {
      seed: '004',
      title: 'Checkout sessions v2: POST /api/v2/checkout-sessions',
      method: 'POST',
      path: '/api/v2/checkout-sessions',
      auth: 'basic',
      body: {
        line_items: [
          {
            price_data: {
              currency: 'usd',
              amount: 4500,
              product_data: {
                name: 'Ceramic pour-over',
                description: 'Hand-thrown, with a bamboo stand.',
                images: [`${origin}/demo/images/pour-over.svg`],
                metadata: { sku: 'POUR-01' },
              },
            },
            quantity: 1,
          },
        ],
        customer_email: 'jsmith@example.com',
        client_reference_id: 'demo-004',
        success_url: done,
        cancel_url: `${origin}/demo/seeds/004`,
        mode: 'payment',
        user_id: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
        customer_id: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
        expires_in: 5400,
        metadata: { seed: '004' },
      },
    },
  ];
}

/** Hides the client secret's random part in what the page shows: it is a credential. */
function redactSecrets(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, field) =>
      key === 'client_secret' && typeof field === 'string'
        ? field.replace(/_secret_.*/, '_secret_…')
        : field,
    ),
  );
}

export function mountSeedDemos(
  app: Hono,
  options: {
    secretKey: string;
    publicDir: string;
    /** The demo's page headers (its strict CSP). */
    headers: Record<string, string>;
    /** Readies what the examples refer to (the demo promotion code). */
    beforeCreate: (origin: string) => Promise<void>;
  },
): void {
  const { secretKey, publicDir, headers, beforeCreate } = options;
  const authorization = (auth: SeedExample['auth']) =>
    auth === 'bearer' ? `Bearer ${secretKey}` : `Basic ${btoa(`${secretKey}:`)}`;

  app.post('/demo/seeds/:seed/session', async (c) => {
    const origin = new URL(c.req.url).origin;
    const example = seedExamples(origin).find(
      (candidate) => candidate.seed === c.req.param('seed'),
    );
    if (!example) return c.json({ error: 'No such seed.' }, 404);
    await beforeCreate(origin);
    const response = await fetch(`${origin}${example.path}`, {
      method: example.method,
      headers: {
        Authorization: authorization(example.auth),
        'Content-Type': 'application/json',
        ...example.headers,
      },
      body: JSON.stringify(example.body),
    });
    const body = (await response.json()) as { client_secret?: string };
    return c.json({
      title: example.title,
      request: { method: example.method, path: example.path, body: example.body },
      status: response.status,
      response: redactSecrets(body),
      client_secret: response.ok ? body.client_secret : null,
    });
  });

  app.get('/demo/seeds/:seed{[0-9]{3}}', async (c) => {
    const html = await readFile(join(publicDir, 'seed.html'), 'utf8');
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    return c.html(html);
  });
}
