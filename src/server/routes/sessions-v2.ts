import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { basicAuth } from '../auth.js';
import { type EndpointContext, unixNow } from '../context.js';
import { ApiError, invalidParam } from '../errors.js';
import { randomId } from '../ids.js';
import { noteSession } from '../request-notes.js';
import { currencySchema, errorResponses, jsonMetadataSchema, webUrlSchema } from '../schemas.js';
import { newLineItem, newSession } from '../sessions/create.js';
import { findById, settleSession } from '../sessions/service.js';
import { customerEmailOf, maxAmount, type SessionRecord } from '../sessions/session.js';
import { baseUrlOf, hostedPageUrl } from './checkout-sessions.js';
import { isoTime } from './crypto-checkout.js';

/**
 * Merchant API from seed 004: `POST /api/v2/checkout-sessions` with HTTP Basic
 * auth, where the secret key is the password (any id as the username) or,
 * as in seed 003, the username. Prices come in the body, in minor units.
 */

/** How long a session stays open when `expires_in` is not given, as the seed documents. */
const defaultExpiresIn = 10_800;
/** The bounds of `expires_in`: 30 minutes to 24 hours, as seed 003 allows. */
const minExpiresIn = 30 * 60;
const maxExpiresIn = 24 * 60 * 60;

const productDataSchema = z.strictObject({
  name: z.string().trim().min(1).max(250),
  description: z.string().max(1000).optional(),
  images: z
    .array(webUrlSchema)
    .max(8)
    .optional()
    .openapi({ description: 'http(s) URLs of product images, at most 8; shown in the checkout.' }),
  metadata: jsonMetadataSchema
    .optional()
    .openapi({ description: 'Accepted for compatibility; not echoed in any response.' }),
});

const lineItemSchema = z.strictObject({
  price_data: z.strictObject({
    currency: currencySchema.openapi({ example: 'usd' }),
    amount: z
      .int()
      .min(0)
      .max(maxAmount)
      .openapi({ description: "Price of one unit, in the currency's minor unit.", example: 123 }),
    product_data: productDataSchema,
  }),
  quantity: z.int().min(1).max(999_999).openapi({ example: 1 }),
});

export const createSessionV2Body = z
  .strictObject({
    line_items: z
      .array(lineItemSchema)
      .min(1)
      .max(100)
      .openapi({ description: 'At least one line; every line in one currency.' }),
    customer_email: z.email().max(512).optional().openapi({ example: 'jsmith@example.com' }),
    client_reference_id: z.string().min(1).max(200).optional(),
    success_url: webUrlSchema.openapi({ example: 'https://example.com/success' }),
    cancel_url: webUrlSchema.optional().openapi({ example: 'https://example.com/cancel' }),
    mode: z.enum(['payment']),
    user_id: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'Supply a user ID in place of a customer ID.' }),
    customer_id: z.string().min(1).max(200).optional(),
    expires_in: z
      .int()
      .min(minExpiresIn)
      .max(maxExpiresIn)
      .default(defaultExpiresIn)
      .openapi({ description: 'Seconds the session stays open: 1800 to 86400, default 10800.' }),
    metadata: jsonMetadataSchema.optional(),
  })
  .openapi('CreateCheckoutSessionV2Request');

type CreateSessionV2Body = z.infer<typeof createSessionV2Body>;

export const checkoutSessionV2Schema = z
  .object({
    id: z.string().openapi({ example: 'cs_test_a1b2c3' }),
    status: z
      .enum(['open', 'complete', 'expired'])
      .openapi({ description: 'A session the customer canceled reads as `expired`.' }),
    payment_intent_id: z.string().nullable().openapi({ description: 'Null until paid.' }),
    success_url: z.string(),
    cancel_url: z.string().nullable(),
    checkout_session_url: z.string().openapi({ description: 'The hosted checkout page.' }),
    client_reference_id: z.string().nullable(),
    expiry: z.string().openapi({ example: '2023-11-07T05:31:56Z' }),
    metadata: z.record(z.string(), z.unknown()),
    line_items: z.array(z.object({ quantity: z.int(), price_id: z.string() })),
    created: z.string().openapi({ example: '2023-11-07T05:31:56Z' }),
    updated: z.string().openapi({
      description: 'The last change: creation, a payment attempt, or the move out of open.',
      example: '2023-11-07T05:31:56Z',
    }),
    customer_id: z
      .string()
      .nullable()
      .openapi({ description: 'customer_id as given, else user_id; null when neither.' }),
    customer_email: z.string().nullable(),
    amount_total: z.int(),
    // Extensions: where the customer pays.
    client_secret: z.string().openapi({ description: 'For the Checkout Kit components.' }),
    url: z.string().openapi({ description: 'The hosted checkout page, as checkout_session_url.' }),
  })
  .openapi('CheckoutSessionV2');

type CheckoutSessionV2View = z.infer<typeof checkoutSessionV2Schema>;

/** Seed 004's view of a session. `updated` needs the payment attempts, hence async. */
export async function toSessionV2(
  context: EndpointContext,
  session: SessionRecord,
  baseUrl: string,
): Promise<CheckoutSessionV2View> {
  const source = session.source;
  if (source.api !== 'sessions_v2') throw new Error(`session ${session.id} is not a v2 session`);
  const attempts = await context.store.listPayments(session.id);
  const updated = Math.max(
    session.created,
    session.closedAt ?? 0,
    ...attempts.map((attempt) => attempt.created),
  );
  const url = hostedPageUrl(baseUrl, session.id);
  return {
    id: session.id,
    status: session.status === 'canceled' ? 'expired' : session.status,
    payment_intent_id: session.status === 'complete' ? session.paymentIntent : null,
    success_url: session.successUrl ?? '',
    cancel_url: session.cancelUrl,
    checkout_session_url: url,
    client_reference_id: session.clientReferenceId,
    expiry: isoTime(session.expiresAt),
    metadata: session.metadata,
    line_items: session.lineItems.map((item) => ({
      quantity: item.quantity,
      price_id: item.price ?? item.id,
    })),
    created: isoTime(session.created),
    updated: isoTime(updated),
    customer_id: source.customerId ?? source.userId,
    customer_email: customerEmailOf(session),
    amount_total: session.amountTotal,
    client_secret: session.clientSecret,
    url,
  };
}

/** The one currency of all lines, or the 400 naming the first line that differs. */
function currencyOf(body: CreateSessionV2Body): string {
  const [first, ...rest] = body.line_items;
  const currency = first!.price_data.currency;
  const index = rest.findIndex((item) => item.price_data.currency !== currency);
  if (index !== -1) {
    throw invalidParam(
      `line_items[${index + 1}].price_data.currency`,
      'single_currency',
      `All line items must use one currency; line 0 uses ${currency}, line ${index + 1} uses ${rest[index]!.price_data.currency}.`,
    );
  }
  return currency;
}

function buildSession(context: EndpointContext, body: CreateSessionV2Body): SessionRecord {
  const currency = currencyOf(body);
  return newSession(context, {
    source: {
      api: 'sessions_v2',
      userId: body.user_id ?? null,
      customerId: body.customer_id ?? null,
    },
    mode: body.mode,
    uiMode: 'hosted',
    currency,
    lineItems: body.line_items.map((item) =>
      newLineItem({
        name: item.price_data.product_data.name,
        description: item.price_data.product_data.description ?? null,
        images: item.price_data.product_data.images ?? [],
        quantity: item.quantity,
        unitAmount: item.price_data.amount,
        // The seed's response names each line's price; the body gives prices inline.
        price: randomId('price_'),
      }),
    ),
    customer: body.customer_id ?? body.user_id ?? null,
    customerEmail: body.customer_email ?? null,
    clientReferenceId: body.client_reference_id ?? null,
    successUrl: body.success_url,
    cancelUrl: body.cancel_url ?? null,
    metadata: body.metadata ?? {},
    expiresAt: unixNow(context) + body.expires_in,
  });
}

const tags = ['Checkout Sessions v2 (merchant)'];
const security = [{ IdAndSecretKeyBasic: [] }];
const sessionResponse = {
  description: 'The checkout session.',
  content: { 'application/json': { schema: checkoutSessionV2Schema } },
};

export function registerSessionsV2(app: OpenAPIHono, context: EndpointContext): void {
  const auth = basicAuth(context.secretKey, { keyAsPassword: true });
  app.openAPIRegistry.registerComponent('securitySchemes', 'IdAndSecretKeyBasic', {
    type: 'http',
    scheme: 'basic',
    description:
      'Your secret key as the password with any id as the username, or as the username with an empty password.',
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v2/checkout-sessions',
      tags,
      security,
      summary: 'Create a checkout session',
      middleware: [auth] as const,
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: createSessionV2Body } },
        },
      },
      responses: { 200: sessionResponse, ...errorResponses },
    }),
    async (c) => {
      const session = buildSession(context, c.req.valid('json'));
      await context.store.insertSession(session);
      noteSession(c.req.raw, session.id);
      return c.json(await toSessionV2(context, session, baseUrlOf(context, c.req.url)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v2/checkout-sessions/{id}',
      tags,
      security,
      summary: 'Retrieve a checkout session',
      middleware: [auth] as const,
      request: {
        params: z.object({
          id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'cs_test_a1b2c3' }),
        }),
      },
      responses: { 200: sessionResponse, ...errorResponses },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const found = await findById(context, id);
      noteSession(c.req.raw, found.value.id);
      if (found.value.source.api !== 'sessions_v2') {
        throw new ApiError(404, 'resource_missing', `No such checkout session: '${id}'.`, {
          param: 'id',
        });
      }
      const session = (await settleSession(context, found)).value;
      return c.json(await toSessionV2(context, session, baseUrlOf(context, c.req.url)), 200);
    },
  );
}
