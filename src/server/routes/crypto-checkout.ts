import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { bearerAuth } from '../auth.js';
import { type EndpointContext, unixNow } from '../context.js';
import { ApiError } from '../errors.js';
import { closeCryptoSession, cryptoAssets, simulatePayment } from '../payment-methods/crypto.js';
import { noteSession } from '../request-notes.js';
import { errorResponses, jsonMetadataSchema, webUrlSchema } from '../schemas.js';
import { newLineItem, newSession } from '../sessions/create.js';
import { findById, readSession, settleSession } from '../sessions/service.js';
import { maxAmount, type SessionRecord, settlementDue } from '../sessions/session.js';
import type { Versioned } from '../store/store.js';
import { baseUrlOf, hostedPageUrl } from './checkout-sessions.js';
import { cryptoAsset } from './client-schemas.js';

/**
 * Merchant API from seed 002: crypto checkout sessions under `/api/v1/checkout`,
 * with `Authorization: Bearer <secret key>`. Customers pay them in ETH, USDT or
 * USDC through the kit; in test mode the transfer is simulated.
 */

/** Unix seconds as ISO 8601 without milliseconds, e.g. `2023-11-07T05:31:56Z`. */
export function isoTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Currencies as the seed spells them; every one has two decimals. */
const currencies = ['USD', 'EUR', 'GBP'] as const;

const amountSchema = z
  .number()
  .positive()
  .max(maxAmount / 100)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, {
    message: 'amount may have at most two decimals.',
    params: { rule: 'max_decimals' },
  })
  .openapi({
    description:
      "The amount to charge the customer, in the currency's major unit (100 is 100.00 USD), with at most two decimals.",
    example: 100,
  });

export const createCryptoCheckoutBody = z
  .strictObject({
    amount: amountSchema,
    currency: z
      .enum(currencies)
      .openapi({ description: 'The currency to charge the customer.', example: 'USD' }),
    successUrl: webUrlSchema.openapi({
      description: 'The URL to redirect the customer to after the payment is successful.',
      example: 'https://example.com/success',
    }),
    cancelUrl: webUrlSchema.openapi({
      description: 'The URL to redirect the customer to after the payment is cancelled.',
      example: 'https://example.com/cancel',
    }),
    email: z
      .email()
      .max(512)
      .openapi({ description: 'The email of the customer.', example: 'john@example.com' }),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .openapi({ description: 'The name of the customer.', example: 'John Doe' }),
    metadata: jsonMetadataSchema.openapi({
      description:
        'Additional metadata about the checkout session. This will be returned in the webhooks for the merchant.',
      example: { orderId: '1234567890', customerId: '1234567890' },
    }),
    productId: z.string().min(1).max(200).openapi({
      description: 'The ID of the product to charge the customer for.',
      example: '1234567890',
    }),
    productName: z.string().trim().min(1).max(250).openapi({
      description: 'The name of the product to charge the customer for.',
      example: 'Product Name',
    }),
    productDescription: z.string().max(1000).openapi({
      description: 'The description of the product to charge the customer for (may be empty).',
      example: 'Product Description',
    }),
    allowedAssets: z
      .array(cryptoAsset)
      .max(cryptoAssets.length)
      .openapi({
        description:
          'The allowed assets for the checkout session. If empty, all assets will be allowed.',
        example: ['ETH', 'USDT', 'USDC'],
      }),
  })
  .openapi('CreateCryptoCheckoutRequest', {
    description:
      'Every field is required. The session is open for 24 hours and is paid through its hosted page (`url`) or the kit (`client_secret`).',
  });

type CreateCryptoCheckoutBody = z.infer<typeof createCryptoCheckoutBody>;

export const cryptoCheckoutSchema = z
  .object({
    id: z.string().openapi({ example: 'cs_test_a1b2c3' }),
    status: z.enum(['open', 'complete', 'expired', 'canceled']),
    amount: z.number().openapi({ description: "In the currency's major unit, as given." }),
    currency: z.enum(currencies),
    successUrl: z.string(),
    cancelUrl: z.string(),
    email: z.string(),
    name: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    productId: z.string(),
    productName: z.string(),
    productDescription: z.string(),
    allowedAssets: z.array(cryptoAsset).openapi({
      description: 'The assets the customer may pay in; all of them when none were given.',
    }),
    createdAt: z.string().openapi({ example: '2026-11-21T12:00:00Z' }),
    expiresAt: z.string().openapi({ example: '2026-11-22T12:00:00Z' }),
    payment: z
      .object({
        asset: cryptoAsset,
        amount: z.string().openapi({ example: '0.04000000' }),
        transaction: z.string(),
        status: z.enum(['confirming', 'confirmed']),
      })
      .nullable()
      .openapi({ description: 'The transfer received, once there is one.' }),
    // Extensions: where the customer pays.
    url: z.string().openapi({ description: 'The hosted checkout page.' }),
    client_secret: z.string().openapi({ description: 'For the Checkout Kit components.' }),
  })
  .openapi('CryptoCheckoutSession');

type CryptoCheckoutView = z.infer<typeof cryptoCheckoutSchema>;

/** Seed 002's view of a crypto session. */
export function toCryptoCheckout(session: SessionRecord, baseUrl: string): CryptoCheckoutView {
  const source = session.source;
  if (source.api !== 'crypto' || !session.crypto) {
    throw new Error(`session ${session.id} is not a crypto checkout`);
  }
  const deposit = session.crypto.deposit;
  return {
    id: session.id,
    status: session.status,
    amount: source.amount,
    currency: session.currency.toUpperCase() as CryptoCheckoutView['currency'],
    successUrl: session.successUrl ?? '',
    cancelUrl: session.cancelUrl ?? '',
    email: source.email,
    name: source.name,
    metadata: session.metadata,
    productId: source.productId,
    productName: source.productName,
    productDescription: source.productDescription,
    allowedAssets: session.crypto.allowedAssets,
    createdAt: isoTime(session.created),
    expiresAt: isoTime(session.expiresAt),
    payment: deposit && {
      asset: deposit.asset,
      amount: deposit.amount,
      transaction: deposit.transaction,
      status: session.status === 'complete' ? 'confirmed' : 'confirming',
    },
    url: hostedPageUrl(baseUrl, session.id),
    client_secret: session.clientSecret,
  };
}

function buildSession(context: EndpointContext, body: CreateCryptoCheckoutBody): SessionRecord {
  // The merchant's order is kept: the first asset is the one a simulated payment uses.
  const allowedAssets = body.allowedAssets.length
    ? [...new Set(body.allowedAssets)]
    : [...cryptoAssets];
  return newSession(context, {
    source: {
      api: 'crypto',
      amount: body.amount,
      email: body.email,
      name: body.name,
      productId: body.productId,
      productName: body.productName,
      productDescription: body.productDescription,
    },
    mode: 'payment',
    uiMode: 'hosted',
    currency: body.currency.toLowerCase(),
    lineItems: [
      newLineItem({
        name: body.productName,
        description: body.productDescription || null,
        product: body.productId,
        quantity: 1,
        unitAmount: Math.round(body.amount * 100),
      }),
    ],
    customerEmail: body.email,
    successUrl: body.successUrl,
    cancelUrl: body.cancelUrl,
    metadata: body.metadata,
    paymentMethodTypes: ['crypto'],
    crypto: { allowedAssets, quote: null, deposit: null },
  });
}

/** A crypto checkout by id, settled (expired or completed) if due; 404 for any other session. */
async function findCryptoCheckout(
  context: EndpointContext,
  id: string,
  request: Request,
): Promise<Versioned<SessionRecord>> {
  const found = await findById(context, id);
  noteSession(request, found.value.id);
  if (found.value.source.api !== 'crypto') {
    throw new ApiError(404, 'resource_missing', `No such checkout session: '${id}'.`, {
      param: 'id',
    });
  }
  return settleSession(context, found);
}

const tags = ['Crypto Checkout (merchant)'];
const security = [{ SecretKeyBearer: [] }];
const idParam = z.object({
  id: z.string().openapi({
    param: { name: 'id', in: 'path' },
    description: 'Checkout session ID',
    example: 'cs_test_a1b2c3',
  }),
});
const sessionResponse = {
  description: 'The checkout session',
  content: { 'application/json': { schema: cryptoCheckoutSchema } },
};
const noContent = { description: '201 response: no content.' };

export function registerCryptoCheckout(app: OpenAPIHono, context: EndpointContext): void {
  const auth = bearerAuth(context.secretKey);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/checkout',
      tags,
      security,
      summary: 'List all checkout sessions',
      description: 'A JSON array of crypto checkout sessions, newest first.',
      middleware: [auth] as const,
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(100).openapi({
            description: 'Extension: at most this many sessions (1–100, default 100).',
          }),
        }),
      },
      responses: {
        200: {
          description: 'The checkout sessions',
          content: { 'application/json': { schema: z.array(cryptoCheckoutSchema) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const now = unixNow(context);
      const listed = await context.store.listSessions('crypto', c.req.valid('query').limit);
      const sessions = await Promise.all(
        listed.map((session) =>
          settlementDue(session, now) ? readSession(context, session.id) : session,
        ),
      );
      const baseUrl = baseUrlOf(context, c.req.url);
      return c.json(
        sessions.map((session) => toCryptoCheckout(session, baseUrl)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/checkout',
      tags,
      security,
      summary: 'Create a new checkout session',
      middleware: [auth] as const,
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: createCryptoCheckoutBody } },
        },
      },
      responses: { 200: sessionResponse, ...errorResponses },
    }),
    async (c) => {
      const session = buildSession(context, c.req.valid('json'));
      await context.store.insertSession(session);
      noteSession(c.req.raw, session.id);
      return c.json(toCryptoCheckout(session, baseUrlOf(context, c.req.url)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/checkout/sessions/{id}',
      tags,
      security,
      summary: 'Get a checkout session by ID',
      middleware: [auth] as const,
      request: { params: idParam },
      responses: { 200: sessionResponse, ...errorResponses },
    }),
    async (c) => {
      const found = await findCryptoCheckout(context, c.req.valid('param').id, c.req.raw);
      return c.json(toCryptoCheckout(found.value, baseUrlOf(context, c.req.url)), 200);
    },
  );

  for (const [action, status, summary] of [
    ['expire', 'expired', 'Expire a checkout session'],
    ['cancel', 'canceled', 'Cancel a checkout session'],
  ] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/v1/checkout/{id}/${action}`,
        tags,
        security,
        summary,
        description: `Only an open session can be ${status}, and not while a transfer waits for confirmations.`,
        middleware: [auth] as const,
        request: { params: idParam },
        responses: { 201: noContent, ...errorResponses },
      }),
      async (c) => {
        const found = await findCryptoCheckout(context, c.req.valid('param').id, c.req.raw);
        await closeCryptoSession(context, found, status);
        return c.body(null, 201);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/checkout/{id}/simulate-payment',
      tags,
      security,
      summary: 'Simulate the customer paying (test mode)',
      description:
        "Extension, test mode: quotes in the current quote's asset (or the first allowed one) when no quote is valid, then sends that amount. The session completes once the confirmations are in (a few seconds); `payment.status` is `confirming` until then. Repeating it once a transfer exists changes nothing.",
      middleware: [auth] as const,
      request: { params: idParam },
      responses: { 200: sessionResponse, ...errorResponses },
    }),
    async (c) => {
      const found = await findCryptoCheckout(context, c.req.valid('param').id, c.req.raw);
      const paid = await simulatePayment(context, found);
      return c.json(toCryptoCheckout(paid.value, baseUrlOf(context, c.req.url)), 200);
    },
  );
}
