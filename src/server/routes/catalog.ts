import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { basicAuth } from '../auth.js';
import type {
  CatalogObject,
  CatalogObjectType,
  Price,
  Product,
  SubscriptionPlan,
} from '../catalog/catalog.js';
import { findProduct } from '../catalog/lookup.js';
import { type EndpointContext, unixNow } from '../context.js';
import { ApiError, invalidParam } from '../errors.js';
import { idempotencyKeyFrom, idempotent, requireIdempotencyKey } from '../idempotency.js';
import { randomId } from '../ids.js';
import {
  currencySchema,
  errorResponses,
  idempotencyKeyHeader,
  metadataSchema,
  webUrlSchema,
} from '../schemas.js';
import { maxAmount } from '../sessions/session.js';

/**
 * Merchant API (extension): the catalog that seed 001 and 003 `price` ids,
 * seed 001's `productId` and seed 000's `subscription_plan_id` refer to.
 * Same auth and Idempotency-Key rules as seed 003's sessions. Objects are
 * created once and read back; ids may be chosen by the merchant so the same
 * catalog can be loaded into several environments.
 */

/** What a merchant-chosen id may contain after its prefix. */
const idBody = '[A-Za-z0-9_-]{1,60}';

const chosenId = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}${idBody}$`))
    .optional()
    .openapi({ description: `Optional; \`${prefix}…\`. Generated when absent.` });

const intervalSchema = z.enum(['day', 'week', 'month', 'year']);

/** At most one year between charges, as card processors allow. */
const maxIntervalCount = { day: 365, week: 52, month: 12, year: 1 } as const;

function checkIntervalCount(
  value: { interval: z.infer<typeof intervalSchema>; interval_count: number },
  ctx: z.core.$RefinementCtx,
): void {
  const limit = maxIntervalCount[value.interval];
  if (value.interval_count > limit) {
    ctx.addIssue({
      code: 'custom',
      path: ['interval_count'],
      message: `A ${value.interval} interval can repeat at most ${limit} times (one year).`,
      params: { rule: 'maximum' },
    });
  }
}

const recurringSchema = z
  .strictObject({ interval: intervalSchema, interval_count: z.int().min(1).default(1) })
  .superRefine(checkIntervalCount);

const taxBehaviorSchema = z.enum(['inclusive', 'exclusive', 'unspecified']).default('unspecified');

const priceFields = {
  currency: currencySchema,
  unit_amount: z.int().min(0).max(maxAmount).openapi({ description: 'In minor units.' }),
  tax_behavior: taxBehaviorSchema,
  recurring: recurringSchema.optional().openapi({ description: 'Absent for a one-time price.' }),
};

export const createProductBody = z
  .strictObject({
    id: chosenId('prod_'),
    name: z.string().trim().min(1).max(250),
    description: z.string().max(1000).optional(),
    images: z.array(webUrlSchema).max(8).optional(),
    variants: z
      .array(
        z.strictObject({
          id: z
            .string()
            .regex(/^[A-Za-z0-9_-]{1,64}$/)
            .openapi({ example: 'size_m' }),
          name: z.string().trim().min(1).max(250).openapi({ example: 'Medium' }),
        }),
      )
      .max(100)
      .optional(),
    default_price_data: z
      .strictObject(priceFields)
      .optional()
      .openapi({ description: 'Creates a price for the product and makes it its default_price.' }),
    active: z.boolean().default(true),
    metadata: metadataSchema.optional(),
  })
  .openapi('CreateProductRequest');

export const createPriceBody = z
  .strictObject({
    id: chosenId('price_'),
    product: z.string().min(1).openapi({ description: 'The catalog product this price sells.' }),
    ...priceFields,
    active: z.boolean().default(true),
  })
  .openapi('CreatePriceRequest');

export const createPlanBody = z
  .strictObject({
    id: chosenId('plan_'),
    name: z.string().trim().min(1).max(250),
    product: z.string().min(1).optional(),
    currency: currencySchema,
    amount: z.int().min(0).max(maxAmount).openapi({ description: 'Per interval, in minor units.' }),
    interval: intervalSchema,
    interval_count: z.int().min(1).default(1),
    active: z.boolean().default(true),
  })
  .superRefine(checkIntervalCount)
  .openapi('CreateSubscriptionPlanRequest');

const recurringView = z.object({ interval: intervalSchema, interval_count: z.int() });

export const productSchema = z
  .object({
    id: z.string().openapi({ example: 'prod_demo_tshirt' }),
    object: z.literal('product'),
    name: z.string(),
    description: z.string().nullable(),
    images: z.array(z.string()),
    variants: z.array(z.object({ id: z.string(), name: z.string() })),
    default_price: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    active: z.boolean(),
    created: z.int(),
  })
  .openapi('Product');

export const priceSchema = z
  .object({
    id: z.string().openapi({ example: 'price_demo_tshirt' }),
    object: z.literal('price'),
    product: z.string(),
    currency: z.string(),
    unit_amount: z.int(),
    tax_behavior: z.enum(['inclusive', 'exclusive', 'unspecified']),
    recurring: recurringView.nullable(),
    active: z.boolean(),
    created: z.int(),
  })
  .openapi('Price');

export const planSchema = z
  .object({
    id: z.string().openapi({ example: 'plan_demo_coffee_monthly' }),
    object: z.literal('subscription_plan'),
    name: z.string(),
    product: z.string().nullable(),
    currency: z.string(),
    amount: z.int(),
    interval: intervalSchema,
    interval_count: z.int(),
    active: z.boolean(),
    created: z.int(),
  })
  .openapi('SubscriptionPlan');

/** Rejects variant ids given twice: a line item names its variant by id. */
function requireUniqueVariants(variants: Product['variants']): void {
  const seen = new Set<string>();
  for (const [index, variant] of variants.entries()) {
    if (seen.has(variant.id)) {
      throw invalidParam(
        `variants[${index}].id`,
        'unique',
        `Variant id '${variant.id}' is given more than once; each variant needs its own id.`,
      );
    }
    seen.add(variant.id);
  }
}

/** Saves a new catalog object, or throws the 409 for an id already taken. */
async function insertNew(context: EndpointContext, object: CatalogObject): Promise<void> {
  if (!(await context.store.insertCatalogObject(object))) {
    throw new ApiError(
      409,
      'resource_already_exists',
      `A catalog object with id '${object.id}' already exists. Choose another id, or leave id out to have one generated.`,
      { param: 'id', rule: 'unique' },
    );
  }
}

async function createProduct(
  context: EndpointContext,
  body: z.infer<typeof createProductBody>,
): Promise<Product> {
  const variants = body.variants ?? [];
  requireUniqueVariants(variants);
  const created = unixNow(context);
  const priceData = body.default_price_data;
  const product: Product = {
    id: body.id ?? randomId('prod_'),
    object: 'product',
    name: body.name,
    description: body.description ?? null,
    images: body.images ?? [],
    variants,
    default_price: priceData ? randomId('price_') : null,
    metadata: body.metadata ?? {},
    active: body.active,
    created,
  };
  // The product first: its id is the one that can clash; a generated price id does not.
  await insertNew(context, product);
  if (priceData && product.default_price) {
    await insertNew(context, {
      id: product.default_price,
      object: 'price',
      product: product.id,
      currency: priceData.currency,
      unit_amount: priceData.unit_amount,
      tax_behavior: priceData.tax_behavior,
      recurring: priceData.recurring ?? null,
      active: true,
      created,
    });
  }
  return product;
}

async function createPrice(
  context: EndpointContext,
  body: z.infer<typeof createPriceBody>,
): Promise<Price> {
  await findProduct(context, body.product, 'product');
  const price: Price = {
    id: body.id ?? randomId('price_'),
    object: 'price',
    product: body.product,
    currency: body.currency,
    unit_amount: body.unit_amount,
    tax_behavior: body.tax_behavior,
    recurring: body.recurring ?? null,
    active: body.active,
    created: unixNow(context),
  };
  await insertNew(context, price);
  return price;
}

async function createPlan(
  context: EndpointContext,
  body: z.infer<typeof createPlanBody>,
): Promise<SubscriptionPlan> {
  if (body.product !== undefined) await findProduct(context, body.product, 'product');
  const plan: SubscriptionPlan = {
    id: body.id ?? randomId('plan_'),
    object: 'subscription_plan',
    name: body.name,
    product: body.product ?? null,
    currency: body.currency,
    amount: body.amount,
    interval: body.interval,
    interval_count: body.interval_count,
    active: body.active,
    created: unixNow(context),
  };
  await insertNew(context, plan);
  return plan;
}

const tags = ['Catalog (merchant)'];
const security = [{ SecretKeyBasic: [] }];
const idempotencyHeaders = z.object({ 'idempotency-key': idempotencyKeyHeader });
const listQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .openapi({ param: { in: 'query', required: false }, description: 'Default 10, at most 100.' }),
});

interface Resource<T extends CatalogObject, B extends z.ZodType> {
  type: T['object'];
  /** Path segment: `products`, `prices`, `subscription_plans`. */
  plural: string;
  /** For messages: `product`, `price`, `subscription plan`. */
  kind: string;
  example: string;
  body: B;
  schema: z.ZodType<T>;
  create: (context: EndpointContext, body: z.infer<B>) => Promise<T>;
}

/** Registers create, list and retrieve for one kind of catalog object. */
function registerResource<T extends CatalogObject, B extends z.ZodType>(
  app: OpenAPIHono,
  context: EndpointContext,
  resource: Resource<T, B>,
): void {
  const auth = basicAuth(context.secretKey);
  const path = `/v1/${resource.plural}`;
  const objectResponse = {
    description: `The ${resource.kind}.`,
    content: { 'application/json': { schema: resource.schema } },
  };

  app.openapi(
    createRoute({
      method: 'post',
      path,
      tags,
      security,
      summary: `Create a ${resource.kind}`,
      middleware: [auth, requireIdempotencyKey] as const,
      request: {
        headers: idempotencyHeaders,
        body: { required: true, content: { 'application/json': { schema: resource.body } } },
      },
      responses: { 200: objectResponse, ...errorResponses, 422: errorResponses[400] },
    }),
    async (c) => {
      // The generic route cannot name its body type; the schema above has validated it.
      const body = (c.req as unknown as { valid(target: 'json'): z.infer<B> }).valid('json');
      const raw: unknown = await c.req.json();
      const key = idempotencyKeyFrom(c.req.raw.headers);
      const result = await idempotent(context, `POST ${path}`, key, raw, async () => ({
        status: 200,
        body: await resource.create(context, body),
      }));
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body as T, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path,
      tags,
      security,
      summary: `List ${resource.plural.replace('_', ' ')}, newest first`,
      middleware: [auth] as const,
      request: { query: listQuery },
      responses: {
        200: {
          description: `The newest ${resource.plural.replace('_', ' ')}.`,
          content: {
            'application/json': {
              schema: z.object({
                object: z.literal('list'),
                data: z.array(resource.schema),
                has_more: z.boolean(),
              }),
            },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { limit } = c.req.valid('query');
      const found = await listOf(context, resource.type, limit);
      return c.json({ object: 'list' as const, ...found } as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${path}/{id}`,
      tags,
      security,
      summary: `Retrieve a ${resource.kind}`,
      middleware: [auth] as const,
      request: {
        params: z.object({
          id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: resource.example }),
        }),
      },
      responses: { 200: objectResponse, ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const found = await context.store.getCatalogObject(id);
      if (found?.object !== resource.type) {
        throw new ApiError(404, 'resource_missing', `No such ${resource.kind}: '${id}'.`, {
          param: 'id',
        });
      }
      return c.json(found as never, 200);
    },
  );
}

async function listOf(
  context: EndpointContext,
  type: CatalogObjectType,
  limit: number,
): Promise<{ data: CatalogObject[]; has_more: boolean }> {
  const found = await context.store.listCatalogObjects(type, limit + 1);
  return { data: found.slice(0, limit), has_more: found.length > limit };
}

export function registerCatalog(app: OpenAPIHono, context: EndpointContext): void {
  registerResource(app, context, {
    type: 'product',
    plural: 'products',
    kind: 'product',
    example: 'prod_demo_tshirt',
    body: createProductBody,
    schema: productSchema as z.ZodType<Product>,
    create: createProduct,
  });
  registerResource(app, context, {
    type: 'price',
    plural: 'prices',
    kind: 'price',
    example: 'price_demo_tshirt',
    body: createPriceBody,
    schema: priceSchema as z.ZodType<Price>,
    create: createPrice,
  });
  registerResource(app, context, {
    type: 'subscription_plan',
    plural: 'subscription_plans',
    kind: 'subscription plan',
    example: 'plan_demo_coffee_monthly',
    body: createPlanBody,
    schema: planSchema as z.ZodType<SubscriptionPlan>,
    create: createPlan,
  });
}
