import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { clientSecretOf } from '../auth.js';
import type { EndpointContext } from '../context.js';
import { paymentMethods } from '../payment-methods/index.js';
import { errorResponses } from '../schemas.js';
import {
  applyPromotionCode,
  cancelSession,
  removePromotionCode,
  updateSession,
} from '../sessions/service.js';
import {
  checkPageLocale,
  clientRoute,
  clientSessionAnswer,
  clientView,
  pageLocaleParameter,
  sessionOf,
  writeFromRecentOrRead,
} from './client-route.js';
import { clientSessionSchema, promotionCodeBody, sessionUpdateBody } from './client-schemas.js';
import { ClientViewCache } from './client-view-cache.js';

/**
 * The client API the components call. The client secret is the only
 * credential and travels in the Authorization header (or, for the session
 * read, as the body of a CORS-safelisted POST), never in a URL. Any
 * origin may call it (merchant pages live elsewhere); no cookies are involved.
 * The session's own routes are here; each payment method adds its own
 * (`payment-methods/`), the card's confirm answering only its frame.
 */

const allowMethods = 'GET,POST,DELETE';
/** Sessions whose read answers each app keeps (`ClientViewCache`): a few MB at most. */
const clientViewsKept = 1000;
const allowHeaders = 'Authorization,Content-Type,Idempotency-Key';

/**
 * CORS for the client API: any origin (merchant pages live elsewhere), no
 * cookies. The session read needs no preflight; the calls after it do, and
 * their preflight is cached as long as browsers allow (Chromium: 2 hours). Written as prepared headers
 * (`c.header` before the answer exists) rather than through hono/cors, which
 * edits a placeholder response: that made the Node adapter build a full
 * web Response and stream for every answer, about a tenth of a get-session's
 * time under load. Registered by the app ahead of the rate limits, so a page
 * on another origin can read their 429s and `Retry-After`.
 */
export const clientCors: MiddlewareHandler = (c, next) => {
  c.header('Access-Control-Allow-Origin', '*');
  c.header(
    'Access-Control-Expose-Headers',
    'Idempotent-Replayed, Retry-After, RateLimit, RateLimit-Policy, Request-Id',
  );
  if (c.req.method === 'OPTIONS') {
    return Promise.resolve(
      c.body(null, 204, {
        'Access-Control-Allow-Methods': allowMethods,
        'Access-Control-Allow-Headers': allowHeaders,
        'Access-Control-Max-Age': '86400',
      }),
    );
  }
  return next();
};

export function registerClientSession(app: OpenAPIHono, context: EndpointContext): void {
  // Authenticate before the body is validated, so strangers learn nothing about the schema.
  app.use('/v1/client/*', (c, next) => {
    if (c.req.method !== 'OPTIONS') {
      clientSecretOf(c.req);
      checkPageLocale(c);
    }
    return next();
  });
  const session = (c: { req: { raw: Request } }) => sessionOf(context, c);
  const reads = new ClientViewCache(clientViewsKept);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/client/session',
      ...clientRoute,
      summary: 'Read the session the client secret belongs to',
      responses: clientSessionAnswer('The client view of the session.'),
    }),
    (c) => reads.answer(c, context),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session',
      tags: ['Client'],
      parameters: [pageLocaleParameter],
      summary: 'Read the session, the client secret in the body',
      description:
        'The same answer as `GET /v1/client/session`. The client secret is the whole `text/plain` body, which makes this a CORS-safelisted request: a page on another origin reads its session in one round trip, without a preflight, and the secret stays out of the URL.',
      request: {
        body: {
          required: true,
          content: {
            'text/plain': {
              schema: z.string().openapi({ example: 'cs_test_a1b2c3_secret_d4e5f6' }),
            },
          },
        },
      },
      responses: clientSessionAnswer('The client view of the session.'),
    }),
    (c) => reads.answer(c, context),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/update',
      ...clientRoute,
      summary: 'Change quantities, contact details, addresses or the shipping rate',
      description:
        'Absent fields are left alone; `null` clears. The endpoint checks and stores the change and answers with the re-priced session. Only while the session is open.',
      request: {
        body: { required: true, content: { 'application/json': { schema: sessionUpdateBody } } },
      },
      responses: clientSessionAnswer('The re-priced session.'),
    }),
    async (c) => {
      const update = c.req.valid('json');
      const updated = await writeFromRecentOrRead(context, c, (current, unread) =>
        updateSession(context, current, update, unread),
      );
      return c.json(clientView(c, updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/promotion_code',
      ...clientRoute,
      summary: 'Apply a promotion code',
      description: 'Replaces an applied code. Codes match case-insensitively.',
      request: {
        body: { required: true, content: { 'application/json': { schema: promotionCodeBody } } },
      },
      responses: clientSessionAnswer('The session with the discount.'),
    }),
    async (c) => {
      const { code } = c.req.valid('json');
      const updated = await writeFromRecentOrRead(context, c, (current, unread) =>
        applyPromotionCode(context, current, code, unread),
      );
      return c.json(clientView(c, updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/client/session/promotion_code',
      ...clientRoute,
      summary: 'Remove the promotion code',
      responses: clientSessionAnswer('The session without a discount.'),
    }),
    async (c) => {
      const updated = await removePromotionCode(context, await session(c));
      return c.json(clientView(c, updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/client/session/cancel',
      ...clientRoute,
      summary: 'Cancel the checkout',
      responses: {
        200: {
          description: 'The canceled session.',
          content: { 'application/json': { schema: clientSessionSchema } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const canceled = await writeFromRecentOrRead(context, c, (current, unread) =>
        cancelSession(context, current, unread),
      );
      return c.json(clientView(c, canceled), 200);
    },
  );

  for (const method of paymentMethods) method.registerClientRoutes(app, context);
}
