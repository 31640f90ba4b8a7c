import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import type { ClientSession } from '../../api/client-types.js';
import { isCountryCode } from '../../core/countries.js';
import { clientSecretFrom } from '../auth.js';
import type { EndpointContext } from '../context.js';
import { idempotencyKeyFrom, idempotent, requireIdempotencyKey } from '../idempotency.js';
import { errorResponses, errorSchema } from '../schemas.js';
import {
  cancelSession,
  confirmPayment,
  readSessionBySecret,
  resolveChallenge,
} from '../sessions/service.js';
import { toClientSession } from '../sessions/session.js';

/**
 * The client API the components call. The client secret is the only
 * credential and travels in the Authorization header, never in a URL. Any
 * origin may call it (merchant pages live elsewhere); no cookies are involved.
 */

const tags = ['Client'];
const security = [{ ClientSecret: [] }];

const clientSessionSchema = z
  .object({
    id: z.string(),
    object: z.literal('checkout.session.client'),
    livemode: z.boolean(),
    status: z.enum(['open', 'complete', 'expired', 'canceled']),
    payment_status: z.enum(['unpaid', 'paid', 'no_payment_required']),
    mode: z.enum(['payment', 'setup', 'subscription']),
    ui_mode: z.enum(['hosted', 'embedded', 'custom']),
    currency: z.string(),
    line_items: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string().nullable(),
        images: z.array(z.string()),
        quantity: z.int(),
        unit_amount: z.int(),
        amount_subtotal: z.int(),
        amount_total: z.int(),
        tax_behavior: z.enum(['inclusive', 'exclusive', 'unspecified']),
        recurring: z
          .object({ interval: z.enum(['day', 'week', 'month', 'year']), interval_count: z.int() })
          .nullable(),
      }),
    ),
    amount_subtotal: z.int(),
    amount_total: z.int(),
    total_details: z.object({
      amount_discount: z.int(),
      amount_shipping: z.int(),
      amount_tax: z.int(),
    }),
    customer_email: z.string().nullable(),
    billing_address_collection: z.enum(['auto', 'required']),
    submit_type: z.enum(['auto', 'pay', 'book', 'donate']),
    locale: z.string().nullable(),
    expires_at: z.int(),
    success_url: z.string().nullable(),
    cancel_url: z.string().nullable(),
    payment: z
      .object({
        id: z.string(),
        status: z.enum(['succeeded', 'requires_action', 'requires_capture', 'failed']),
        brand: z.string(),
        last4: z.string(),
        next_action: z.object({ type: z.literal('authenticate') }).nullable(),
        error: errorSchema.shape.error.nullable(),
      })
      .nullable(),
  })
  .openapi('ClientSession');

const paymentAnswerSchema = z.object({ session: clientSessionSchema }).openapi('PaymentResult');
const declinedSchema = z
  .object({ session: clientSessionSchema, error: errorSchema.shape.error })
  .openapi('PaymentDeclined');

const confirmBody = z
  .strictObject({
    email: z.email().max(512),
    payment_method: z.strictObject({
      card: z.strictObject({
        number: z.string().min(1).max(30),
        exp_month: z.int().min(1).max(12),
        exp_year: z.int().min(2000).max(2200),
        cvc: z.string().min(1).max(4),
      }),
      billing_details: z.strictObject({
        name: z.string().trim().min(1).max(200),
        address: z
          .strictObject({
            country: z.string().refine(isCountryCode, {
              message:
                'payment_method.billing_details.address.country must be an ISO 3166-1 alpha-2 code such as GB.',
              params: { rule: 'iso_3166_1' },
            }),
            postal_code: z.string().trim().max(20).optional(),
          })
          .optional(),
      }),
    }),
  })
  .openapi('ConfirmRequest');

const challengeBody = z
  .strictObject({
    payment: z.string().min(1),
    outcome: z.enum(['approve', 'fail']),
  })
  .openapi('ChallengeRequest');

const paymentResponses = {
  200: {
    description: 'The payment went through or needs authentication.',
    content: { 'application/json': { schema: paymentAnswerSchema } },
  },
  402: {
    description: 'The card was declined; the session stays open.',
    content: { 'application/json': { schema: declinedSchema } },
  },
  ...errorResponses,
} as const;

export function registerClientSession(app: OpenAPIHono, context: EndpointContext): void {
  app.use(
    '/v1/client/*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
      exposeHeaders: ['Idempotent-Replayed'],
      maxAge: 600,
    }),
  );
  // Authenticate before the body is validated, so strangers learn nothing about the schema.
  app.use('/v1/client/*', async (c, next) => {
    if (c.req.method !== 'OPTIONS') clientSecretFrom(c.req.raw.headers);
    await next();
  });
  const session = (c: { req: { raw: Request } }) =>
    readSessionBySecret(context, clientSecretFrom(c.req.raw.headers));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/client/session',
      tags,
      security,
      summary: 'Read the session the client secret belongs to',
      responses: {
        200: {
          description: 'The client view of the session.',
          content: { 'application/json': { schema: clientSessionSchema } },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json(toClientSession((await session(c)).value) as ClientSession, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/confirm',
      tags,
      security,
      summary: 'Pay with a card',
      middleware: [requireIdempotencyKey] as const,
      request: {
        headers: z.object({
          'idempotency-key': z
            .string()
            .max(255)
            .openapi({ param: { in: 'header', required: true } }),
        }),
        body: { required: true, content: { 'application/json': { schema: confirmBody } } },
      },
      responses: paymentResponses,
    }),
    async (c) => {
      const request = c.req.valid('json');
      const current = await session(c);
      const card = request.payment_method.card;
      // The fingerprint never holds the full card number or the CVC.
      const fingerprint = {
        ...request,
        payment_method: {
          ...request.payment_method,
          card: {
            last4: card.number.replace(/\D/g, '').slice(-4),
            exp_month: card.exp_month,
            exp_year: card.exp_year,
          },
        },
      };
      const result = await idempotent(
        context,
        `confirm ${current.value.id}`,
        idempotencyKeyFrom(c.req.raw.headers),
        fingerprint,
        () => confirmPayment(context, current, request),
      );
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body as z.infer<typeof declinedSchema>, result.status as 200 | 402);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/challenge',
      tags,
      security,
      summary: "Finish the bank's authentication challenge",
      request: {
        body: { required: true, content: { 'application/json': { schema: challengeBody } } },
      },
      responses: paymentResponses,
    }),
    async (c) => {
      const { payment, outcome } = c.req.valid('json');
      const result = await resolveChallenge(context, await session(c), payment, outcome);
      return c.json(result.body as z.infer<typeof declinedSchema>, result.status);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/cancel',
      tags,
      security,
      summary: 'Cancel the checkout',
      responses: {
        200: {
          description: 'The canceled session.',
          content: { 'application/json': { schema: clientSessionSchema } },
        },
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(toClientSession(await cancelSession(context, await session(c))) as ClientSession, 200),
  );
}
