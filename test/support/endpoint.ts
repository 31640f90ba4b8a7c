import {
  type CardVoidRequest,
  type CheckoutHandlerOptions,
  createCheckoutApp,
  type Processor,
  testProcessor,
} from '../../src/server/index.js';
import { MemoryStore } from '../../src/server/store/memory-store.js';
import { openPostgresStore } from '../../src/server/store/postgres-store.js';
import type { CheckoutStore } from '../../src/server/store/store.js';
import { openTestPgliteStore } from './pglite.js';
import { freshDatabase } from './postgres.js';

/**
 * The real endpoint handler with a movable clock, and small helpers to call
 * its merchant and client APIs the way merchants' servers and the kit do.
 */

export const secretKey = 'sk_test_endpoint_suite_0123456789';
export const origin = 'https://endpoint.test';

export type StoreKind = 'memory' | 'pglite' | 'postgres';

/** Seed 002's documented example request (`POST /api/v1/checkout`), its placeholders filled. */
export const cryptoCheckoutExample = {
  amount: 100,
  currency: 'USD',
  successUrl: 'https://example.com/success',
  cancelUrl: 'https://example.com/cancel',
  email: 'john.doe@example.com',
  name: 'John Doe',
  metadata: { orderId: '1234567890', customerId: '1234567890' },
  productId: '1234567890',
  productName: 'Product Name',
  productDescription: 'Product Description',
  allowedAssets: ['ETH', 'USDT', 'USDC'],
};

/** A new, empty store of this kind (a fresh database on the test cluster for `postgres`). */
export async function openStore(kind: StoreKind): Promise<CheckoutStore> {
  if (kind === 'memory') return new MemoryStore();
  if (kind === 'pglite') return openTestPgliteStore();
  return openPostgresStore(await freshDatabase());
}

/** The test processor, with the voids asked of it recorded. */
export function recordingVoids(): { voids: CardVoidRequest[]; processor: Processor } {
  const voids: CardVoidRequest[] = [];
  const processor: Processor = {
    authorize: testProcessor.authorize,
    voidAuthorization: async (request) => {
      voids.push(request);
    },
  };
  return { voids, processor };
}

export interface Reply<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: T;
}

export function makeEndpoint(
  store: CheckoutStore,
  options: Omit<Partial<CheckoutHandlerOptions>, 'store' | 'now'> = {},
) {
  const clock = { ms: Date.UTC(2026, 10, 21, 12, 0, 0) };
  // Rate limits off unless a test asks for them: the suites send bursts.
  const app = createCheckoutApp({
    store,
    secretKey,
    now: () => clock.ms,
    rateLimits: false,
    ...options,
  });

  async function call(path: string, init: RequestInit = {}): Promise<Reply> {
    const response = await app.fetch(new Request(`${origin}${path}`, init));
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: response.status, headers: response.headers, body };
  }

  /** A merchant API call with Basic auth and, for POSTs, a fresh Idempotency-Key unless given. */
  function merchant(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    return call(path, {
      method,
      headers: {
        Authorization: `Basic ${btoa(`${secretKey}:`)}`,
        ...(method === 'POST'
          ? { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }
          : {}),
        ...headers,
      },
      body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** A merchant API call with the secret key as a Bearer token (seeds 000, 001 and 002). */
  function bearer(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    return call(path, {
      method,
      headers: {
        Authorization: `Bearer ${secretKey}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** A client API call authenticated by the client secret. */
  function client(
    clientSecret: string,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    return call(`/v1/client/session${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${clientSecret}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
  }

  async function createSession(overrides: Record<string, unknown> = {}): Promise<Reply> {
    const reply = await merchant('POST', '/v1/checkout_sessions', validSession(overrides));
    if (reply.status !== 200) throw new Error(`create failed: ${JSON.stringify(reply.body)}`);
    return reply;
  }

  function confirm(
    clientSecret: string,
    card: Partial<Card> = {},
    key: string = crypto.randomUUID(),
    extra: Record<string, unknown> = {},
  ) {
    return client(clientSecret, 'POST', '/confirm', confirmBody(card, extra), {
      'Idempotency-Key': key,
    });
  }

  /** Creates a promotion code through the merchant API; throws unless it was created. */
  async function createPromotionCode(body: Record<string, unknown>): Promise<Record<string, any>> {
    const reply = await merchant('POST', '/v1/promotion_codes', body);
    if (reply.status !== 200) throw new Error(`promotion code: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  /** `POST /v1/client/session/update`. */
  function update(clientSecret: string, body: Record<string, unknown>): Promise<Reply> {
    return client(clientSecret, 'POST', '/update', body);
  }

  /** `POST /v1/client/session/promotion_code`. */
  function applyCode(clientSecret: string, code: string): Promise<Reply> {
    return client(clientSecret, 'POST', '/promotion_code', { code });
  }

  return {
    app,
    store,
    clock,
    call,
    merchant,
    bearer,
    client,
    createSession,
    confirm,
    createPromotionCode,
    update,
    applyCode,
  };
}

export type Endpoint = ReturnType<typeof makeEndpoint>;

export function validSession(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    mode: 'payment',
    ui_mode: 'embedded',
    line_items: [
      { quantity: 2, price_data: { currency: 'usd', product: 'Notebook', unit_amount: 1250 } },
      { price_data: { currency: 'usd', product: 'Pen', unit_amount: 300 } },
    ],
    metadata: { order_id: '6735' },
    client_reference_id: 'order-6735',
    ...overrides,
  };
}

export interface Card {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

export function confirmBody(card: Partial<Card> = {}, extra: Record<string, unknown> = {}) {
  return {
    email: 'ada@example.com',
    payment_method: {
      card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123', ...card },
      billing_details: { name: 'Ada Lovelace' },
    },
    ...extra,
  };
}
