import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { bearerAuth } from '../auth.js';
import type { Product } from '../catalog/catalog.js';
import { findPrice, findProduct, lineFromPrice } from '../catalog/lookup.js';
import type { EndpointContext } from '../context.js';
import { ApiError, invalidParam } from '../errors.js';
import { noteSession } from '../request-notes.js';
import {
  addressView,
  addressViewSchema,
  errorResponses,
  jsonMetadataSchema,
  webUrlSchema,
} from '../schemas.js';
import { adjustableQuantity, newLineItem, newSession } from '../sessions/create.js';
import { readSession } from '../sessions/service.js';
import type { LineItemRecord, SessionRecord } from '../sessions/session.js';
import { baseUrlOf, hostedPageUrl } from './checkout-sessions.js';

/**
 * Merchant API from seed 001: `POST /api/v3/checkout/sessions` with a Bearer
 * secret key. Two ways to say what is sold: catalog `line_items` (price,
 * quantity, adjustable quantity), or the `productId` + `quantity` shortcut
 * that sells a product at its default price. The document's own example
 * sends both; then the line items are what is sold and `productId` names the
 * product the session is for (`productName`).
 */

const adjustableQuantitySchema = z.strictObject({
  enabled: z.boolean(),
  minimum: z.int().min(0).max(999_999).default(1),
  maximum: z.int().min(1).max(999_999).default(99),
});

const lineItemSchema = z.strictObject({
  price: z.string().min(1).openapi({ description: 'A catalog price id.' }),
  quantity: z.int().min(1).max(999_999).default(1),
  adjustable_quantity: adjustableQuantitySchema.optional(),
});

export const sessionsV3Body = z
  .strictObject({
    line_items: z
      .array(lineItemSchema)
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Option 1. Required unless productId is given.' }),
    mode: z.enum(['payment', 'subscription', 'setup']).default('payment'),
    success_url: webUrlSchema.optional(),
    cancel_url: webUrlSchema.optional(),
    payment_method_types: z
      .array(z.enum(['card']))
      .min(1)
      .default(['card']),
    customer: z.string().min(1).max(255).optional(),
    customer_email: z.email().max(512).optional(),
    client_reference_id: z.string().min(1).max(200).optional(),
    metadata: jsonMetadataSchema.optional(),
    productId: z
      .string()
      .min(1)
      .optional()
      .openapi({ description: 'Option 2: a catalog product, sold at its default price.' }),
    quantity: z
      .int()
      .min(1)
      .max(1000)
      .default(1)
      .openapi({ description: 'Quantity when using productId.' }),
    externalCustomerId: z.string().min(1).max(255).optional(),
  })
  .openapi('CreateCheckoutSessionV3Request');

type SessionsV3Body = z.infer<typeof sessionsV3Body>;

export const sessionV3Schema = z
  .object({
    id: z.string().openapi({ example: 'cs_test_a1b2c3' }),
    object: z.literal('checkout.session'),
    amount_subtotal: z.int(),
    amount_total: z.int(),
    automatic_tax: z.object({
      enabled: z.boolean(),
      status: z.enum(['complete', 'requires_location_inputs']).nullable(),
    }),
    billing_address_collection: z.enum(['auto', 'required']),
    cancel_url: z.string().openapi({
      description: 'As given; the hosted page (which shows the outcome) when none was.',
    }),
    client_reference_id: z.string().nullable(),
    currency: z.string(),
    customer: z.string().nullable(),
    customer_email: z.string().nullable(),
    expires_at: z.int(),
    livemode: z.boolean(),
    locale: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    mode: z.enum(['payment', 'subscription', 'setup']),
    payment_intent: z.string().nullable(),
    payment_method_types: z.array(z.string()),
    payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']),
    setup_intent: z.string().nullable(),
    shipping: z
      .object({ address: addressViewSchema, name: z.string(), phone: z.string().nullable() })
      .nullable(),
    submit_type: z.enum(['auto', 'book', 'donate', 'pay']),
    success_url: z.string().openapi({
      description: 'As given; the hosted page (which shows the outcome) when none was.',
    }),
    total_details: z.object({
      amount_discount: z.int(),
      amount_shipping: z.int(),
      amount_tax: z.int(),
    }),
    url: z.string(),
    productName: z.string().nullable(),
    externalCustomerId: z.string().nullable(),
    // Extension: what the kit needs to render the session.
    client_secret: z.string(),
  })
  .openapi('CheckoutSessionV3');

type SessionV3View = z.infer<typeof sessionV3Schema>;

/** Seed 001's view of a session. */
export function toSessionV3(session: SessionRecord, baseUrl: string): SessionV3View {
  const source = session.source;
  if (source.api !== 'sessions_v3') throw new Error(`Session ${session.id} is not a v3 session.`);
  const page = hostedPageUrl(baseUrl, session.id);
  return {
    id: session.id,
    object: 'checkout.session',
    amount_subtotal: session.amountSubtotal,
    amount_total: session.amountTotal,
    automatic_tax: session.automaticTax,
    billing_address_collection: session.billingAddressCollection,
    cancel_url: session.cancelUrl ?? page,
    client_reference_id: session.clientReferenceId,
    currency: session.currency,
    customer: session.customer,
    customer_email: session.customerEmail,
    expires_at: session.expiresAt,
    livemode: session.livemode,
    locale: session.locale ?? 'auto',
    metadata: session.metadata,
    mode: session.mode,
    payment_intent: session.paymentIntent,
    payment_method_types: session.paymentMethodTypes,
    payment_status: session.paymentStatus,
    setup_intent: session.setupIntent,
    shipping: session.shippingDetails && {
      address: addressView(session.shippingDetails.address),
      name: session.shippingDetails.name,
      phone: session.customerPhone,
    },
    submit_type: session.submitType,
    success_url: session.successUrl ?? page,
    total_details: session.totalDetails,
    url: page,
    productName: source.productName,
    externalCustomerId: source.externalCustomerId,
    client_secret: session.clientSecret,
  };
}

/** The line the shortcut sells: the product at its default price, checked against the mode. */
async function productLine(
  context: EndpointContext,
  product: Product,
  quantity: number,
  mode: SessionsV3Body['mode'],
): Promise<{ line: LineItemRecord; currency: string }> {
  if (!product.default_price) {
    throw invalidParam(
      'productId',
      'has_default_price',
      `The product '${product.id}' has no default_price, so it cannot be sold by productId; use line_items with one of its prices.`,
    );
  }
  const price = await findPrice(context, product.default_price, 'productId');
  if (price.recurring && mode !== 'subscription') {
    throw invalidParam(
      'productId',
      `one_time_in_${mode}_mode`,
      `The product's default price is recurring; sell it with mode subscription.`,
    );
  }
  const { currency, ...line } = await lineFromPrice(context, price, quantity);
  return { line: newLineItem(line), currency };
}

/** The lines of catalog prices, checked against the mode as seed 003 checks them. */
async function catalogLines(
  context: EndpointContext,
  items: z.infer<typeof lineItemSchema>[],
  mode: SessionsV3Body['mode'],
): Promise<{ lines: LineItemRecord[]; currencies: Set<string> }> {
  const lines: LineItemRecord[] = [];
  const currencies = new Set<string>();
  for (const [index, item] of items.entries()) {
    const param = `line_items[${index}].price`;
    const price = await findPrice(context, item.price, param);
    if (price.recurring && mode !== 'subscription') {
      throw invalidParam(
        param,
        `one_time_in_${mode}_mode`,
        `Recurring prices need a subscription; in mode ${mode} every price must be one-time.`,
      );
    }
    const { currency, ...line } = await lineFromPrice(context, price, item.quantity);
    currencies.add(currency);
    lines.push(newLineItem({ ...line, adjustableQuantity: adjustableQuantity(item, index) }));
  }
  return { lines, currencies };
}

/** Builds the stored session from a validated request, or throws the 400 that explains why not. */
async function buildSession(
  context: EndpointContext,
  body: SessionsV3Body,
): Promise<SessionRecord> {
  if (body.line_items === undefined && body.productId === undefined) {
    throw new ApiError(
      400,
      'parameter_missing',
      'Give line_items, or productId (with an optional quantity), to say what is sold.',
      { param: 'line_items', rule: 'line_items_or_productId' },
    );
  }
  const product = body.productId ? await findProduct(context, body.productId, 'productId') : null;
  let lines: LineItemRecord[];
  let currency: string;
  if (body.line_items) {
    const found = await catalogLines(context, body.line_items, body.mode);
    if (found.currencies.size > 1) {
      throw invalidParam(
        'line_items',
        'single_currency',
        `All line items must use one currency; got ${[...found.currencies].join(', ')}.`,
      );
    }
    lines = found.lines;
    currency = [...found.currencies][0]!;
  } else {
    const found = await productLine(context, product!, body.quantity, body.mode);
    lines = [found.line];
    currency = found.currency;
  }
  if (body.mode === 'subscription' && !lines.some((line) => line.recurring)) {
    throw invalidParam(
      body.line_items ? 'line_items' : 'productId',
      'recurring_required',
      'A subscription needs at least one line item with a recurring price.',
    );
  }
  return newSession(context, {
    source: {
      api: 'sessions_v3',
      productName: product?.name ?? lines[0]!.name,
      externalCustomerId: body.externalCustomerId ?? null,
    },
    mode: body.mode,
    // Hosted, so the session has a page URL as well as a client secret for the kit.
    uiMode: 'hosted',
    currency,
    lineItems: lines,
    customer: body.customer ?? null,
    customerEmail: body.customer_email ?? null,
    clientReferenceId: body.client_reference_id ?? null,
    successUrl: body.success_url ?? null,
    cancelUrl: body.cancel_url ?? null,
    metadata: body.metadata ?? {},
    paymentMethodTypes: [...new Set(body.payment_method_types)],
  });
}

const tags = ['Checkout sessions v3 (merchant, seed 001)'];
const security = [{ SecretKeyBearer: [] }];
const sessionResponse = {
  description: 'The checkout session.',
  content: { 'application/json': { schema: sessionV3Schema } },
};

export function registerSessionsV3(app: OpenAPIHono, context: EndpointContext): void {
  const auth = bearerAuth(context.secretKey);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v3/checkout/sessions',
      tags,
      security,
      summary: 'Create a checkout session [V3]',
      middleware: [auth] as const,
      request: {
        body: { required: true, content: { 'application/json': { schema: sessionsV3Body } } },
      },
      responses: {
        200: { ...sessionResponse, description: 'Default Response' },
        400: errorResponses[400],
        401: errorResponses[401],
      },
    }),
    async (c) => {
      const session = await buildSession(context, c.req.valid('json'));
      await context.store.insertSession(session);
      noteSession(c.req.raw, session.id);
      return c.json(toSessionV3(session, baseUrlOf(context, c.req.url)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v3/checkout/sessions/{id}',
      tags,
      security,
      summary: 'Retrieve a checkout session [V3]',
      middleware: [auth] as const,
      request: {
        params: z.object({
          id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'cs_test_a1b2c3' }),
        }),
      },
      responses: {
        200: sessionResponse,
        400: errorResponses[400],
        401: errorResponses[401],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const session = await readSession(context, id);
      noteSession(c.req.raw, session.id);
      // Each merchant API reads back the sessions it created.
      if (session.source.api !== 'sessions_v3') {
        throw new ApiError(404, 'resource_missing', `No such checkout session: '${id}'.`, {
          param: 'id',
        });
      }
      return c.json(toSessionV3(session, baseUrlOf(context, c.req.url)), 200);
    },
  );
}
