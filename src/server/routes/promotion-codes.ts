import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { basicAuth } from '../auth.js';
import { type EndpointContext, unixNow } from '../context.js';
import { ApiError, invalidParam } from '../errors.js';
import { idempotencyKeyFrom, idempotent, requireIdempotencyKey } from '../idempotency.js';
import { randomId } from '../ids.js';
import {
  currencySchema,
  errorResponses,
  idempotencyKeyHeader,
  metadataSchema,
} from '../schemas.js';
import type { PromotionCode } from '../sessions/promotion-codes.js';

/**
 * Merchant API (extension): promotion codes customers can enter at checkout,
 * with the same auth and Idempotency-Key rules as seed 003's sessions.
 */

const percentOffSchema = z
  .number()
  .gt(0)
  .max(100)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, {
    message: 'percent_off may have at most two decimals.',
    params: { rule: 'max_decimals' },
  });

export const createPromotionCodeBody = z
  .strictObject({
    code: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_-]+$/)
      .openapi({ description: 'What customers type; unique regardless of letter case.' }),
    percent_off: percentOffSchema.optional(),
    amount_off: z.int().min(1).max(99_999_999).optional(),
    currency: currencySchema.optional().openapi({ description: 'Required with amount_off.' }),
    active: z.boolean().default(true),
    starts_at: z.int().min(0).optional(),
    expires_at: z.int().min(0).optional(),
    max_redemptions: z.int().min(1).optional(),
    customer: z.string().regex(/^cus_/).optional(),
    restrictions: z
      .strictObject({
        minimum_amount: z.int().min(1).optional(),
        minimum_amount_currency: currencySchema.optional(),
        first_time_transaction: z.boolean().optional(),
      })
      .optional(),
    metadata: metadataSchema.optional(),
  })
  .openapi('CreatePromotionCodeRequest');

type CreatePromotionCodeBody = z.infer<typeof createPromotionCodeBody>;

const updatePromotionCodeBody = z
  .strictObject({ active: z.boolean() })
  .openapi('UpdatePromotionCodeRequest');

export const promotionCodeSchema = z
  .object({
    id: z.string().openapi({ example: 'promo_a1b2c3' }),
    object: z.literal('promotion_code'),
    code: z.string(),
    active: z.boolean(),
    percent_off: z.number().nullable(),
    amount_off: z.int().nullable(),
    currency: z.string().nullable(),
    starts_at: z.int().nullable(),
    expires_at: z.int().nullable(),
    max_redemptions: z.int().nullable(),
    times_redeemed: z.int(),
    customer: z.string().nullable(),
    restrictions: z.object({
      minimum_amount: z.int().nullable(),
      minimum_amount_currency: z.string().nullable(),
      first_time_transaction: z.boolean(),
    }),
    metadata: z.record(z.string(), z.string()),
    livemode: z.boolean(),
    created: z.int(),
  })
  .openapi('PromotionCode');

const listSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(promotionCodeSchema),
    has_more: z.boolean(),
  })
  .openapi('PromotionCodeList');

/** Builds the code from a validated request, or throws the 400 that explains why not. */
function buildPromotionCode(
  context: EndpointContext,
  body: CreatePromotionCodeBody,
): PromotionCode {
  if ((body.percent_off === undefined) === (body.amount_off === undefined)) {
    throw invalidParam(
      body.percent_off === undefined ? 'percent_off' : 'amount_off',
      'percent_off_xor_amount_off',
      'A promotion code needs exactly one of percent_off or amount_off.',
    );
  }
  if (body.amount_off !== undefined && !body.currency) {
    throw new ApiError(400, 'parameter_missing', 'currency is required with amount_off.', {
      param: 'currency',
      rule: 'required_with_amount_off',
    });
  }
  if (body.percent_off !== undefined && body.currency) {
    throw invalidParam(
      'currency',
      'only_with_amount_off',
      'currency only goes with amount_off; a percentage applies in any currency.',
    );
  }
  if (
    body.starts_at !== undefined &&
    body.expires_at !== undefined &&
    body.expires_at <= body.starts_at
  ) {
    throw invalidParam('expires_at', 'after_starts_at', 'expires_at must be after starts_at.');
  }
  const restrictions = body.restrictions ?? {};
  if (restrictions.minimum_amount !== undefined && !restrictions.minimum_amount_currency) {
    throw new ApiError(
      400,
      'parameter_missing',
      'restrictions.minimum_amount_currency is required with restrictions.minimum_amount.',
      { param: 'restrictions.minimum_amount_currency', rule: 'required_with_minimum_amount' },
    );
  }
  if (restrictions.minimum_amount === undefined && restrictions.minimum_amount_currency) {
    throw new ApiError(
      400,
      'parameter_missing',
      'restrictions.minimum_amount is required with restrictions.minimum_amount_currency.',
      { param: 'restrictions.minimum_amount', rule: 'required_with_minimum_amount_currency' },
    );
  }
  return {
    id: randomId('promo_'),
    object: 'promotion_code',
    code: body.code,
    active: body.active,
    percent_off: body.percent_off ?? null,
    amount_off: body.amount_off ?? null,
    currency: body.currency ?? null,
    starts_at: body.starts_at ?? null,
    expires_at: body.expires_at ?? null,
    max_redemptions: body.max_redemptions ?? null,
    times_redeemed: 0,
    customer: body.customer ?? null,
    restrictions: {
      minimum_amount: restrictions.minimum_amount ?? null,
      minimum_amount_currency: restrictions.minimum_amount_currency ?? null,
      first_time_transaction: restrictions.first_time_transaction ?? false,
    },
    metadata: body.metadata ?? {},
    livemode: context.livemode,
    created: unixNow(context),
  };
}

const tags = ['Promotion codes (merchant)'];
const security = [{ SecretKeyBasic: [] }];
const idParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'promo_a1b2c3' }),
});
const idempotencyHeaders = z.object({ 'idempotency-key': idempotencyKeyHeader });
const codeResponse = {
  description: 'The promotion code.',
  content: { 'application/json': { schema: promotionCodeSchema } },
};

function missing(id: string): ApiError {
  return new ApiError(404, 'resource_missing', `No such promotion code: '${id}'.`, {
    param: 'id',
  });
}

export function registerPromotionCodes(app: OpenAPIHono, context: EndpointContext): void {
  const auth = basicAuth(context.secretKey);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/promotion_codes',
      tags,
      security,
      summary: 'Create a promotion code',
      middleware: [auth, requireIdempotencyKey] as const,
      request: {
        headers: idempotencyHeaders,
        body: {
          required: true,
          content: { 'application/json': { schema: createPromotionCodeBody } },
        },
      },
      responses: { 200: codeResponse, ...errorResponses, 422: errorResponses[400] },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const raw: unknown = await c.req.json();
      const key = idempotencyKeyFrom(c.req.raw.headers);
      const result = await idempotent(context, 'POST /v1/promotion_codes', key, raw, async () => {
        const code = buildPromotionCode(context, body);
        if (!(await context.store.insertPromotionCode(code))) {
          throw new ApiError(
            400,
            'promotion_code_exists',
            `A promotion code '${body.code}' already exists (codes are unique regardless of letter case).`,
            { param: 'code' },
          );
        }
        return { status: 200, body: code };
      });
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body as PromotionCode, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/promotion_codes',
      tags,
      security,
      summary: 'Find promotion codes by code',
      middleware: [auth] as const,
      request: {
        query: z.object({
          code: z
            .string()
            .min(1)
            .max(200)
            .openapi({
              param: { in: 'query', required: true },
              description: 'Matched case-insensitively.',
            }),
        }),
      },
      responses: {
        200: {
          description: 'The matching codes (at most one).',
          content: { 'application/json': { schema: listSchema } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const found = await context.store.findPromotionCodeByCode(c.req.valid('query').code);
      return c.json({ object: 'list' as const, data: found ? [found] : [], has_more: false }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/promotion_codes/{id}',
      tags,
      security,
      summary: 'Retrieve a promotion code',
      middleware: [auth] as const,
      request: { params: idParam },
      responses: { 200: codeResponse, ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const found = await context.store.getPromotionCode(id);
      if (!found) throw missing(id);
      return c.json(found, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/promotion_codes/{id}',
      tags,
      security,
      summary: 'Activate or deactivate a promotion code',
      middleware: [auth, requireIdempotencyKey] as const,
      request: {
        params: idParam,
        headers: idempotencyHeaders,
        body: {
          required: true,
          content: { 'application/json': { schema: updatePromotionCodeBody } },
        },
      },
      responses: { 200: codeResponse, ...errorResponses, 422: errorResponses[400] },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { active } = c.req.valid('json');
      const key = idempotencyKeyFrom(c.req.raw.headers);
      const result = await idempotent(
        context,
        `POST /v1/promotion_codes/${id}`,
        key,
        { active },
        async () => {
          const updated = await context.store.setPromotionCodeActive(id, active);
          if (!updated) throw missing(id);
          return { status: 200, body: updated };
        },
      );
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body as PromotionCode, 200);
    },
  );
}
