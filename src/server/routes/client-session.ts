import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import type { ClientSession } from '../../api/client-types.js';
import { clientSecretFrom } from '../auth.js';
import type { EndpointContext } from '../context.js';
import { idempotencyKeyFrom, idempotent, requireIdempotencyKey } from '../idempotency.js';
import { errorResponses, errorSchema } from '../schemas.js';
import { requestQuote, simulateTransfer } from '../sessions/crypto.js';
import {
  applyPromotionCode,
  cancelSession,
  confirmPayment,
  readSessionBySecret,
  removePromotionCode,
  resolveChallenge,
  updateSession,
} from '../sessions/service.js';
import { toClientSession } from '../sessions/session.js';
import {
  challengeBody,
  clientSessionSchema,
  confirmBody,
  cryptoQuoteBody,
  promotionCodeBody,
  sessionUpdateBody,
} from './client-schemas.js';

/**
 * The client API the components call. The client secret is the only
 * credential and travels in the Authorization header, never in a URL. Any
 * origin may call it (merchant pages live elsewhere); no cookies are involved.
 */

const tags = ['Client'];
const security = [{ ClientSecret: [] }];

const paymentAnswerSchema = z.object({ session: clientSessionSchema }).openapi('PaymentResult');
const declinedSchema = z
  .object({ session: clientSessionSchema, error: errorSchema.shape.error })
  .openapi('PaymentDeclined');

const paymentResponses = {
  200: {
    description: 'The payment went through or needs authentication.',
    content: { 'application/json': { schema: paymentAnswerSchema } },
  },
  402: {
    description:
      'The card was declined, or the promotion code stopped applying (its last redemption went to another session, or it expired): the session stays open, re-priced.',
    content: { 'application/json': { schema: declinedSchema } },
  },
  ...errorResponses,
} as const;

export function registerClientSession(app: OpenAPIHono, context: EndpointContext): void {
  app.use(
    '/v1/client/*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'DELETE'],
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

  const sessionAnswer = (description: string) => ({
    200: { description, content: { 'application/json': { schema: clientSessionSchema } } },
    ...errorResponses,
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/update',
      tags,
      security,
      summary: 'Change quantities, contact details, addresses or the shipping rate',
      description:
        'Absent fields are left alone; `null` clears. The endpoint checks and stores the change and answers with the re-priced session. Only while the session is open.',
      request: {
        body: { required: true, content: { 'application/json': { schema: sessionUpdateBody } } },
      },
      responses: sessionAnswer('The re-priced session.'),
    }),
    async (c) => {
      const updated = await updateSession(context, await session(c), c.req.valid('json'));
      return c.json(toClientSession(updated) as ClientSession, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/promotion_code',
      tags,
      security,
      summary: 'Apply a promotion code',
      description: 'Replaces an applied code. Codes match case-insensitively.',
      request: {
        body: { required: true, content: { 'application/json': { schema: promotionCodeBody } } },
      },
      responses: sessionAnswer('The session with the discount.'),
    }),
    async (c) => {
      const { code } = c.req.valid('json');
      const updated = await applyPromotionCode(context, await session(c), code);
      return c.json(toClientSession(updated) as ClientSession, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/client/session/promotion_code',
      tags,
      security,
      summary: 'Remove the promotion code',
      responses: sessionAnswer('The session without a discount.'),
    }),
    async (c) => {
      const updated = await removePromotionCode(context, await session(c));
      return c.json(toClientSession(updated) as ClientSession, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/crypto/quote',
      tags,
      security,
      summary: 'Quote the total in a crypto asset',
      description:
        'Quotes the total in one of the allowed assets at the test rates, with a deposit address and an EIP-681 payment URI. Replaces any earlier quote; ask again once `expires_at` has passed. Only for open crypto sessions without a transfer.',
      request: {
        body: { required: true, content: { 'application/json': { schema: cryptoQuoteBody } } },
      },
      responses: sessionAnswer('The session with its new quote.'),
    }),
    async (c) => {
      const { asset } = c.req.valid('json');
      const quoted = await requestQuote(context, await session(c), asset);
      return c.json(toClientSession(quoted.value) as ClientSession, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/crypto/simulate',
      tags,
      security,
      summary: 'Simulate the crypto transfer (test mode)',
      description:
        "Test mode: sends the current quote's amount as the customer's wallet would. The session completes once the network's confirmations are in; until then `crypto.status` is `confirming`. Repeating it once a transfer exists changes nothing.",
      request: {
        body: {
          required: false,
          content: { 'application/json': { schema: z.strictObject({}) } },
        },
      },
      responses: sessionAnswer('The session waiting for confirmations.'),
    }),
    async (c) => {
      const sent = await simulateTransfer(context, await session(c));
      return c.json(toClientSession(sent.value) as ClientSession, 200);
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
