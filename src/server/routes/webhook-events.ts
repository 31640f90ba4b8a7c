import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { basicAuth } from '../auth.js';
import type { EndpointContext } from '../context.js';
import { errorResponses } from '../schemas.js';
import type { OutboxEntry } from '../webhooks/event.js';

/**
 * Merchant API (extension): the outbox as the merchant sees it, so a receiver
 * that is down or refusing events can be noticed and put right.
 */

const deliverySchema = z
  .object({
    status: z.enum(['pending', 'retrying', 'delivered']).openapi({
      description:
        '`pending`: not tried yet; `retrying`: failed at least once, will be tried again.',
    }),
    attempts: z.int(),
    next_attempt_at: z
      .int()
      .nullable()
      .openapi({ description: 'Unix seconds; null once delivered.' }),
    delivered_at: z.int().nullable().openapi({ description: 'Unix seconds.' }),
    last_error: z
      .string()
      .nullable()
      .openapi({ description: 'Why the latest attempt failed.', example: 'HTTP 500' }),
  })
  .openapi('WebhookDelivery');

const webhookEventSchema = z
  .object({
    id: z.string().openapi({ example: 'evt_a1b2c3' }),
    object: z.literal('event'),
    type: z.enum([
      'checkout.session.completed',
      'checkout.session.expired',
      'checkout.session.canceled',
      'checkout.session.payment_failed',
    ]),
    created: z.int(),
    livemode: z.boolean(),
    data: z.object({ object: z.record(z.string(), z.unknown()) }),
    delivery: deliverySchema,
  })
  .openapi('WebhookEvent', {
    description: 'An event exactly as it is delivered, with its delivery state.',
  });

const listSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(webhookEventSchema),
    has_more: z.boolean(),
  })
  .openapi('WebhookEventList');

const seconds = (ms: number) => Math.floor(ms / 1000);

function toView(entry: OutboxEntry): z.infer<typeof webhookEventSchema> {
  const delivered = entry.deliveredAt !== null;
  return {
    ...entry.event,
    delivery: {
      status: delivered ? 'delivered' : entry.attempts > 0 ? 'retrying' : 'pending',
      attempts: entry.attempts,
      next_attempt_at: delivered ? null : seconds(entry.nextAttemptAt),
      delivered_at: entry.deliveredAt === null ? null : seconds(entry.deliveredAt),
      last_error: entry.lastError,
    },
  };
}

export function registerWebhookEvents(app: OpenAPIHono, context: EndpointContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhook_events',
      tags: ['Webhooks (merchant)'],
      security: [{ SecretKeyBasic: [] }],
      summary: 'List webhook events, newest first, with their delivery state',
      middleware: [basicAuth(context.secretKey)] as const,
      request: {
        query: z.object({
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(100)
            .default(20)
            .openapi({ param: { in: 'query' }, example: 20 }),
        }),
      },
      responses: {
        200: {
          description: 'The newest events.',
          content: { 'application/json': { schema: listSchema } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { limit } = c.req.valid('query');
      const entries = await context.store.listWebhooks(limit + 1);
      return c.json(
        {
          object: 'list' as const,
          data: entries.slice(0, limit).map(toView),
          has_more: entries.length > limit,
        },
        200,
      );
    },
  );
}
