import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireBasicAuth } from '../auth.js';
import { type EndpointContext, unixNow } from '../context.js';
import { ApiError, invalidParam } from '../errors.js';
import { idempotencyKeyFrom, idempotent, requireIdempotencyKey } from '../idempotency.js';
import { randomId } from '../ids.js';
import { currencySchema, errorResponses, metadataSchema, webUrlSchema } from '../schemas.js';
import { expireSession, readSession } from '../sessions/service.js';
import {
  fillSessionId,
  type LineItemRecord,
  priceSession,
  type SessionRecord,
} from '../sessions/session.js';

/**
 * Merchant API from seed 003: `POST /v1/checkout_sessions` and friends, with
 * HTTP Basic auth (secret key as username) and a required Idempotency-Key.
 */

/** Largest amount a session may total, in minor units, as card networks cap it. */
const maxAmount = 99_999_999;

const recurringSchema = z
  .strictObject({
    interval: z.enum(['day', 'week', 'month', 'year']),
    interval_count: z.int().min(1).default(1),
  })
  .superRefine((value, ctx) => {
    const limit = { day: 365, week: 52, month: 12, year: 1 }[value.interval];
    if (value.interval_count > limit) {
      ctx.addIssue({
        code: 'custom',
        path: ['interval_count'],
        message: `A ${value.interval} interval can repeat at most ${limit} times (one year).`,
        params: { rule: 'maximum' },
      });
    }
  });

const priceDataSchema = z.strictObject({
  currency: currencySchema,
  product: z.string().min(1).max(250).openapi({ description: 'Name of the product.' }),
  unit_amount: z.int().min(0).max(maxAmount),
  tax_behavior: z.enum(['inclusive', 'exclusive', 'unspecified']).default('unspecified'),
  recurring: recurringSchema.optional(),
});

const lineItemSchema = z
  .strictObject({
    quantity: z.int().min(1).max(999_999).default(1),
    price: z.string().min(1).optional(),
    price_data: priceDataSchema.optional(),
  })
  .superRefine((item, ctx) => {
    if ((item.price === undefined) === (item.price_data === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: item.price === undefined ? ['price'] : ['price_data'],
        message: 'Each line item must have exactly one of price or price_data.',
        params: { rule: 'price_xor_price_data' },
      });
    }
  });

export const createSessionBody = z
  .strictObject({
    mode: z.enum(['payment']).openapi({ description: "Currently only 'payment' is supported." }),
    line_items: z.array(lineItemSchema).min(1).max(100),
    success_url: webUrlSchema.optional(),
    cancel_url: webUrlSchema.optional(),
    customer: z.string().regex(/^cus_/).optional(),
    customer_email: z.email().max(512).optional(),
    customer_creation: z.enum(['always', 'if_required']).default('if_required'),
    ui_mode: z.enum(['hosted', 'embedded', 'custom']).default('hosted'),
    billing_address_collection: z.enum(['auto', 'required']).default('auto'),
    client_reference_id: z.string().min(1).max(200).optional(),
    payment_intent_data: z
      .strictObject({
        capture_method: z.enum(['automatic', 'automatic_async', 'manual']).optional(),
        description: z.string().max(1000).optional(),
        statement_descriptor: z
          .string()
          .min(5)
          .max(22)
          .regex(/^(?=.*[A-Za-z])[^<>\\'"*]*$/)
          .optional(),
        metadata: metadataSchema.optional(),
        application_fee_amount: z.int().min(0).optional(),
      })
      .optional(),
    currency: currencySchema.optional(),
    expires_at: z.int().optional(),
    metadata: metadataSchema.optional(),
  })
  .openapi('CreateCheckoutSessionRequest');

type CreateSessionBody = z.infer<typeof createSessionBody>;

const addressSchema = z.object({
  city: z.string().nullable(),
  country: z.string().nullable(),
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  postal_code: z.string().nullable(),
  state: z.string().nullable(),
});

export const checkoutSessionSchema = z
  .object({
    id: z.string().openapi({ example: 'cs_test_a1b2c3' }),
    object: z.literal('checkout.session'),
    mode: z.enum(['payment', 'setup', 'subscription']),
    status: z.enum(['open', 'complete', 'expired']),
    payment_status: z.enum(['unpaid', 'paid', 'no_payment_required']),
    ui_mode: z.enum(['hosted', 'embedded', 'custom']),
    customer_creation: z.enum(['always', 'if_required']),
    billing_address_collection: z.enum(['auto', 'required']),
    expires_at: z.int(),
    metadata: z.record(z.string(), z.string()),
    livemode: z.boolean(),
    created: z.int(),
    url: z.string().nullable(),
    client_secret: z.string().nullable(),
    success_url: z.string().nullable(),
    cancel_url: z.string().nullable(),
    customer: z.string().nullable(),
    customer_email: z.string().nullable(),
    customer_details: z
      .object({
        email: z.string().nullable(),
        name: z.string().nullable(),
        phone: z.string().nullable(),
        address: addressSchema.nullable(),
      })
      .nullable(),
    payment_intent: z.string().nullable(),
    currency: z.string().nullable(),
    amount_subtotal: z.int().nullable(),
    amount_total: z.int().nullable(),
    total_details: z.object({
      amount_discount: z.int(),
      amount_shipping: z.int(),
      amount_tax: z.int(),
    }),
    client_reference_id: z.string().nullable(),
    canceled_at: z
      .int()
      .nullable()
      .openapi({ description: 'Set when the customer canceled; such sessions report `expired`.' }),
  })
  .openapi('CheckoutSession');

type CheckoutSessionView = z.infer<typeof checkoutSessionSchema>;

/** Seed 003's view of a session. Its status enum has no `canceled`, so canceled reads as expired. */
export function toSeed003(session: SessionRecord, baseUrl: string): CheckoutSessionView {
  const embedded = session.uiMode !== 'hosted';
  const address = session.customerDetails?.address;
  return {
    id: session.id,
    object: 'checkout.session',
    mode: session.mode,
    status: session.status === 'canceled' ? 'expired' : session.status,
    payment_status: session.paymentStatus,
    ui_mode: session.uiMode,
    customer_creation: session.customerCreation,
    billing_address_collection: session.billingAddressCollection,
    expires_at: session.expiresAt,
    metadata: session.metadata,
    livemode: session.livemode,
    created: session.created,
    url: embedded ? null : hostedPageUrl(baseUrl, session.id),
    client_secret: embedded ? session.clientSecret : null,
    success_url: session.successUrl,
    cancel_url: session.cancelUrl,
    customer: session.customer,
    customer_email: session.customerEmail,
    customer_details: session.customerDetails && {
      email: session.customerDetails.email,
      name: session.customerDetails.name,
      phone: session.customerDetails.phone,
      address: address
        ? {
            city: address.city ?? null,
            country: address.country ?? null,
            line1: address.line1 ?? null,
            line2: address.line2 ?? null,
            postal_code: address.postal_code ?? null,
            state: address.state ?? null,
          }
        : null,
    },
    payment_intent: session.paymentIntent,
    currency: session.currency,
    amount_subtotal: session.amountSubtotal,
    amount_total: session.amountTotal,
    total_details: session.totalDetails,
    client_reference_id: session.clientReferenceId,
    canceled_at: session.status === 'canceled' ? session.closedAt : null,
  };
}

export function hostedPageUrl(baseUrl: string, id: string): string {
  return `${baseUrl}/pay/${encodeURIComponent(id)}`;
}

/** Builds the stored session from a validated request, or throws the 400 that explains why not. */
function buildSession(context: EndpointContext, body: CreateSessionBody): SessionRecord {
  const now = unixNow(context);
  const lineItems: LineItemRecord[] = body.line_items.map((item, index) => {
    if (item.price !== undefined) {
      throw new ApiError(400, 'resource_missing', `No such price: '${item.price}'.`, {
        param: `line_items[${index}].price`,
        rule: 'exists',
      });
    }
    const data = item.price_data!;
    if (data.recurring) {
      throw invalidParam(
        `line_items[${index}].price_data.recurring`,
        'one_time_in_payment_mode',
        'Recurring prices need a subscription; in mode payment every price must be one-time.',
      );
    }
    return {
      id: randomId('li_'),
      name: data.product,
      description: null,
      images: [],
      quantity: item.quantity,
      unitAmount: data.unit_amount,
      taxBehavior: data.tax_behavior,
      recurring: null,
      price: null,
    };
  });

  const lineCurrencies = new Set(body.line_items.map((item) => item.price_data!.currency));
  if (lineCurrencies.size > 1) {
    throw invalidParam(
      'line_items',
      'single_currency',
      `All line items must use one currency; got ${[...lineCurrencies].join(', ')}.`,
    );
  }
  const [lineCurrency] = lineCurrencies;
  if (body.currency && body.currency !== lineCurrency) {
    throw invalidParam(
      'currency',
      'matches_line_items',
      `currency '${body.currency}' differs from the line items' currency '${lineCurrency}'.`,
    );
  }

  if (body.ui_mode === 'hosted' && !body.success_url) {
    throw new ApiError(
      400,
      'parameter_missing',
      'success_url is required when ui_mode is hosted.',
      {
        param: 'success_url',
        rule: 'required_for_hosted',
      },
    );
  }

  const expiresAt = body.expires_at ?? now + 24 * 60 * 60;
  if (expiresAt < now + 30 * 60 || expiresAt > now + 24 * 60 * 60) {
    throw invalidParam(
      'expires_at',
      'between_30_minutes_and_24_hours',
      'expires_at must be between 30 minutes and 24 hours from now.',
    );
  }

  const id = randomId('cs_test_');
  const session = priceSession({
    id,
    clientSecret: `${id}_secret_${randomId('', 32)}`,
    livemode: context.livemode,
    status: 'open',
    paymentStatus: 'unpaid',
    mode: body.mode,
    uiMode: body.ui_mode,
    currency: body.currency ?? lineCurrency!,
    lineItems,
    amountSubtotal: 0,
    amountTotal: 0,
    totalDetails: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    customer: body.customer ?? null,
    customerEmail: body.customer_email ?? null,
    customerCreation: body.customer_creation,
    billingAddressCollection: body.billing_address_collection,
    submitType: 'auto',
    locale: null,
    clientReferenceId: body.client_reference_id ?? null,
    paymentIntentData: body.payment_intent_data ?? null,
    successUrl: body.success_url ?? null,
    cancelUrl: body.cancel_url ?? null,
    metadata: body.metadata ?? {},
    customerDetails: null,
    created: now,
    expiresAt,
    closedAt: null,
    paymentIntent: null,
    payment: null,
    confirmingSince: null,
  });

  if (session.amountTotal > maxAmount) {
    throw invalidParam(
      'line_items',
      'amount_maximum',
      `The session total must be at most ${maxAmount} in the currency's smallest unit.`,
    );
  }
  const fee = body.payment_intent_data?.application_fee_amount;
  if (fee !== undefined && fee > session.amountTotal) {
    throw invalidParam(
      'payment_intent_data.application_fee_amount',
      'at_most_amount_total',
      'application_fee_amount cannot exceed the session total.',
    );
  }
  // Catch a malformed template early rather than at redirect time.
  if (session.successUrl) new URL(fillSessionId(session.successUrl, id));
  return session;
}

const tags = ['Checkout Sessions (merchant)'];
const security = [{ SecretKeyBasic: [] }];
const idParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'cs_test_a1b2c3' }),
});
const sessionResponse = {
  description: 'The checkout session.',
  content: { 'application/json': { schema: checkoutSessionSchema } },
};

export function registerCheckoutSessions(app: OpenAPIHono, context: EndpointContext): void {
  const auth = async (c: { req: { raw: Request } }, next: () => Promise<void>) => {
    requireBasicAuth(c.req.raw.headers, context.secretKey);
    await next();
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/checkout_sessions',
      tags,
      security,
      summary: 'Create a Checkout Session',
      middleware: [auth, requireIdempotencyKey] as const,
      request: {
        headers: z.object({
          'idempotency-key': z
            .string()
            .max(255)
            .openapi({
              param: { in: 'header', required: true },
            }),
          'x-api-version': z
            .string()
            .optional()
            .openapi({
              param: { in: 'header', required: false },
            }),
        }),
        body: { required: true, content: { 'application/json': { schema: createSessionBody } } },
      },
      responses: {
        200: { ...sessionResponse, description: 'The created Checkout Session.' },
        ...errorResponses,
        422: errorResponses[400],
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const key = idempotencyKeyFrom(c.req.raw.headers);
      const raw: unknown = await c.req.json();
      const result = await idempotent(context, 'POST /v1/checkout_sessions', key, raw, async () => {
        const session = buildSession(context, body);
        await context.store.insertSession(session);
        return { status: 200, body: toSeed003(session, baseUrlOf(context, c.req.url)) };
      });
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body as CheckoutSessionView, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/checkout_sessions/{id}',
      tags,
      security,
      summary: 'Retrieve a Checkout Session',
      middleware: [auth] as const,
      request: { params: idParam },
      responses: { 200: sessionResponse, ...errorResponses },
    }),
    async (c) => {
      const session = await readSession(context, c.req.valid('param').id);
      return c.json(toSeed003(session, baseUrlOf(context, c.req.url)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/checkout_sessions/{id}/expire',
      tags,
      security,
      summary: 'Expire a Checkout Session',
      middleware: [auth] as const,
      request: { params: idParam },
      responses: { 200: sessionResponse, ...errorResponses },
    }),
    async (c) => {
      const session = await expireSession(context, c.req.valid('param').id);
      return c.json(toSeed003(session, baseUrlOf(context, c.req.url)), 200);
    },
  );
}

/** The endpoint's public origin, for links such as hosted page URLs. */
export function baseUrlOf(context: EndpointContext, url: string): string {
  return context.publicUrl ?? new URL(url).origin;
}
