import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, Next } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { bearerAuth } from '../auth.js';
import type { SubscriptionPlan } from '../catalog/catalog.js';
import { findPlan, namesFor } from '../catalog/lookup.js';
import type { EndpointContext } from '../context.js';
import { ApiError, invalidParam } from '../errors.js';
import { noteSession } from '../request-notes.js';
import { currencySchema, jsonMetadataSchema } from '../schemas.js';
import {
  type LineItemInit,
  newLineItem,
  newSession,
  withPromotionCode,
} from '../sessions/create.js';
import { readSession } from '../sessions/service.js';
import { maxAmount, type SessionRecord } from '../sessions/session.js';
import { baseUrlOf, hostedPageUrl } from './checkout-sessions.js';

/**
 * Merchant API from seed 000, the payments service: `POST /v1/checkout` with
 * a Bearer secret key. The body follows the document's JSON Schema, which
 * allows properties it does not list, so unknown fields are ignored rather
 * than refused. Every error this API answers has the document's flat shape
 * `{ error, message }`, not the endpoint's nested one.
 */

const idSchema = z.string().min(1).max(255);

export const paymentsCheckoutBody = z
  .object({
    customer_id: idSchema.openapi({ description: "The merchant's customer id." }),
    currency: currencySchema.optional().openapi({
      description: "Default `usd`, or the subscription plan's currency when one is given.",
    }),
    order_id: z.string().max(255).nullable().optional(),
    stripe_customer_id: z.string().max(255).nullable().optional(),
    metadata: jsonMetadataSchema.nullable().optional(),
    promo_code: z.string().min(1).max(200).nullable().optional().openapi({
      description: 'A promotion code as customers type it, applied at creation.',
    }),
    amount_cents: z
      .int()
      .gt(0)
      .max(maxAmount)
      .optional()
      .openapi({ description: 'One amount, no products. Exclusive with line_items.' }),
    subscription_plan_id: z.string().min(1).optional().openapi({
      description: 'A catalog subscription plan: the session becomes a subscription.',
    }),
    line_items: z
      .array(
        z.object({
          product_id: idSchema,
          variant_id: idSchema,
          qty: z.int().gt(0).max(999_999),
          unit_amount_cents: z.int().min(0).max(maxAmount),
        }),
      )
      .min(1)
      .max(100)
      .optional(),
  })
  .openapi('PaymentsCheckoutRequest');

type PaymentsCheckoutBody = z.infer<typeof paymentsCheckoutBody>;

export const paymentSchema = z
  .object({
    id: z.string().openapi({ example: 'cs_test_a1b2c3' }),
    customer_id: z.string(),
    order_id: z.string().nullable(),
    amount_cents: z.string().openapi({ description: 'The total, in minor units, as a string.' }),
    currency: z.string(),
    status: z.enum(['pending', 'succeeded', 'expired', 'canceled']),
    stripe_payment_intent_id: z.string().nullable(),
    mode: z.enum(['one_shot', 'subscription']),
    subscription_id: z.string().nullable(),
    created_at: z.string().openapi({ example: '2026-11-21T12:00:00.000Z' }),
    updated_at: z.string(),
    // Extensions: what the kit and the customer need to pay.
    client_secret: z.string(),
    url: z.string(),
  })
  .openapi('PaymentsCheckoutPayment');

type PaymentView = z.infer<typeof paymentSchema>;

const flatErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'parameter_invalid' }),
    message: z.string(),
    param: z.string().optional().openapi({ example: 'line_items[0].qty' }),
  })
  .openapi('PaymentsCheckoutError');

const flatErrorResponses = {
  400: {
    description: 'Validation error',
    content: { 'application/json': { schema: flatErrorSchema } },
  },
  401: {
    description: 'Not authenticated',
    content: { 'application/json': { schema: flatErrorSchema } },
  },
  404: {
    description: 'No such payment',
    content: { 'application/json': { schema: flatErrorSchema } },
  },
} as const;

const statusNames = {
  open: 'pending',
  complete: 'succeeded',
  expired: 'expired',
  canceled: 'canceled',
} as const;

/** Seed 000's Payment: the session as the payments service reports it. */
export function toPayment(session: SessionRecord, baseUrl: string): PaymentView {
  const source = session.source;
  if (source.api !== 'payments') throw new Error(`Session ${session.id} is not a payment.`);
  return {
    id: session.id,
    customer_id: source.customerId,
    order_id: source.orderId,
    amount_cents: String(session.amountTotal),
    currency: session.currency,
    status: statusNames[session.status],
    stripe_payment_intent_id: session.paymentIntent,
    mode: session.mode === 'subscription' ? 'subscription' : 'one_shot',
    subscription_id: session.subscription,
    created_at: new Date(session.created * 1000).toISOString(),
    updated_at: new Date((session.closedAt ?? session.created) * 1000).toISOString(),
    client_secret: session.clientSecret,
    url: hostedPageUrl(baseUrl, session.id),
  };
}

/** The rules the JSON Schema cannot say: what the payment is for, and in which currency. */
function requireOneWayToPay(body: PaymentsCheckoutBody): void {
  if (
    body.amount_cents === undefined &&
    body.line_items === undefined &&
    body.subscription_plan_id === undefined
  ) {
    throw new ApiError(
      400,
      'parameter_missing',
      'Give amount_cents, line_items or subscription_plan_id: the payment needs something to charge.',
      { param: 'amount_cents', rule: 'amount_line_items_or_plan' },
    );
  }
  if (body.amount_cents !== undefined && body.line_items !== undefined) {
    throw invalidParam(
      'line_items',
      'amount_cents_xor_line_items',
      'Give either amount_cents or line_items, not both: the line items already make the amount.',
    );
  }
}

function currencyFor(body: PaymentsCheckoutBody, plan: SubscriptionPlan | null): string {
  if (plan && body.currency && body.currency !== plan.currency) {
    throw invalidParam(
      'currency',
      'matches_plan',
      `currency '${body.currency}' differs from the subscription plan's currency '${plan.currency}'.`,
    );
  }
  return body.currency ?? plan?.currency ?? 'usd';
}

async function linesFor(
  context: EndpointContext,
  body: PaymentsCheckoutBody,
  plan: SubscriptionPlan | null,
): Promise<LineItemInit[]> {
  const lines: LineItemInit[] = [];
  if (plan) {
    lines.push({
      name: plan.name,
      product: plan.product,
      quantity: 1,
      unitAmount: plan.amount,
      recurring: { interval: plan.interval, interval_count: plan.interval_count },
    });
  }
  if (body.amount_cents !== undefined) {
    lines.push({
      name: body.order_id ? `Order ${body.order_id}` : 'Payment',
      quantity: 1,
      unitAmount: body.amount_cents,
    });
  }
  for (const item of body.line_items ?? []) {
    const names = await namesFor(context, item.product_id, item.variant_id);
    lines.push({
      ...names,
      product: item.product_id,
      quantity: item.qty,
      unitAmount: item.unit_amount_cents,
    });
  }
  return lines;
}

/** Builds the stored session from a validated request, or throws the 400 that explains why not. */
async function buildSession(
  context: EndpointContext,
  body: PaymentsCheckoutBody,
): Promise<SessionRecord> {
  requireOneWayToPay(body);
  const plan = body.subscription_plan_id
    ? await findPlan(context, body.subscription_plan_id, 'subscription_plan_id')
    : null;
  const currency = currencyFor(body, plan);
  const lines = await linesFor(context, body, plan);
  const session = newSession(context, {
    source: {
      api: 'payments',
      customerId: body.customer_id,
      orderId: body.order_id ?? null,
      stripeCustomerId: body.stripe_customer_id ?? null,
      subscriptionPlanId: plan?.id ?? null,
      amountOnly: body.amount_cents !== undefined && !plan,
    },
    mode: plan ? 'subscription' : 'payment',
    // Hosted, so the payment has a page URL as well as a client secret for the kit.
    uiMode: 'hosted',
    currency,
    lineItems: lines.map(newLineItem),
    customer: body.stripe_customer_id ?? null,
    metadata: body.metadata ?? {},
  });
  if (!body.promo_code) return session;
  const promo = await context.store.findPromotionCodeByCode(body.promo_code);
  return withPromotionCode(context, session, promo, 'promo_code');
}

/**
 * Route middleware: answers this API's errors in the document's flat shape,
 * whichever part of the endpoint raised them (auth, schema, JSON parsing).
 */
export async function flatErrors(c: Context, next: Next): Promise<void> {
  await next();
  if (c.res.status < 400) return;
  const body = (await c.res
    .clone()
    .json()
    .catch(() => null)) as { error?: { code?: string; message?: string; param?: string } } | null;
  const nested = body?.error;
  if (!nested || typeof nested !== 'object') return;
  c.res = c.json(
    {
      error: nested.code ?? 'error',
      message: nested.message ?? 'The request failed.',
      ...(nested.param ? { param: nested.param } : {}),
    },
    c.res.status as ContentfulStatusCode,
  );
}

function missingAsNull(error: unknown): null {
  if (error instanceof ApiError && error.status === 404) return null;
  throw error;
}

const tags = ['Payments (merchant, seed 000)'];
const security = [{ SecretKeyBearer: [] }];

export function registerPaymentsCheckout(app: OpenAPIHono, context: EndpointContext): void {
  const auth = bearerAuth(context.secretKey);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/checkout',
      tags,
      security,
      summary: 'Create a payment (checkout)',
      middleware: [flatErrors, auth] as const,
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: paymentsCheckoutBody } },
        },
      },
      responses: {
        201: {
          description: 'Payment created',
          content: { 'application/json': { schema: paymentSchema } },
        },
        400: flatErrorResponses[400],
        401: flatErrorResponses[401],
      },
    }),
    async (c) => {
      const session = await buildSession(context, c.req.valid('json'));
      await context.store.insertSession(session);
      noteSession(c.req.raw, session.id);
      return c.json(toPayment(session, baseUrlOf(context, c.req.url)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/checkout/{id}',
      tags,
      security,
      summary: 'Retrieve a payment',
      middleware: [flatErrors, auth] as const,
      request: {
        params: z.object({
          id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'cs_test_a1b2c3' }),
        }),
      },
      responses: {
        200: {
          description: 'The payment.',
          content: { 'application/json': { schema: paymentSchema } },
        },
        ...flatErrorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const session = await readSession(context, id).catch(missingAsNull);
      if (session) noteSession(c.req.raw, session.id);
      // Each merchant API reads back the sessions it created.
      if (session?.source.api !== 'payments') {
        throw new ApiError(404, 'resource_missing', `No such payment: '${id}'.`, { param: 'id' });
      }
      return c.json(toPayment(session, baseUrlOf(context, c.req.url)), 200);
    },
  );
}
