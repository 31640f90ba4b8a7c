import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { basicAuth } from '../auth.js';
import { findPrice, lineFromPrice } from '../catalog/lookup.js';
import { type EndpointContext, unixNow } from '../context.js';
import { ApiError, invalidParam } from '../errors.js';
import { idempotencyKeyFrom, idempotent, requireIdempotencyKey } from '../idempotency.js';
import { randomId } from '../ids.js';
import { noteSession } from '../request-notes.js';
import {
  addressView,
  addressViewSchema,
  countryCodeSchema,
  currencySchema,
  errorResponses,
  idempotencyKeyHeader,
  metadataSchema,
  webUrlSchema,
} from '../schemas.js';
import {
  adjustableQuantity,
  defaultLifetimeSeconds,
  newLineItem,
  newSession,
  withPromotionCode,
} from '../sessions/create.js';
import { expireSession, readSession } from '../sessions/service.js';
import {
  chosenShippingRate,
  fillSessionId,
  type LineItemRecord,
  maxAmount,
  type SessionRecord,
} from '../sessions/session.js';

/**
 * Merchant API from seed 003: `POST /v1/checkout_sessions` and friends, with
 * HTTP Basic auth (secret key as username) and a required Idempotency-Key.
 */

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

const adjustableQuantitySchema = z
  .strictObject({
    enabled: z.boolean(),
    minimum: z.int().min(0).max(999_999).default(1),
    maximum: z.int().min(1).max(999_999).default(99),
  })
  .openapi({ description: 'Extension: lets the customer change the quantity within bounds.' });

const lineItemSchema = z
  .strictObject({
    quantity: z.int().min(1).max(999_999).default(1),
    price: z.string().min(1).optional(),
    price_data: priceDataSchema.optional(),
    adjustable_quantity: adjustableQuantitySchema.optional(),
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

const deliveryEstimateBound = z.strictObject({
  unit: z.enum(['business_day', 'day', 'week']),
  value: z.int().min(1).max(365),
});

const shippingOptionSchema = z.strictObject({
  shipping_rate_data: z.strictObject({
    display_name: z.string().trim().min(1).max(100),
    fixed_amount: z.strictObject({
      amount: z.int().min(0).max(maxAmount),
      currency: currencySchema,
    }),
    delivery_estimate: z
      .strictObject({
        minimum: deliveryEstimateBound.optional(),
        maximum: deliveryEstimateBound.optional(),
      })
      .optional(),
  }),
});

/** A BCP 47 language tag such as `fr` or `fr-CA`, or `auto`. */
const localeSchema = z
  .string()
  .min(2)
  .max(35)
  .refine(
    (tag) => {
      if (tag === 'auto') return true;
      try {
        return Intl.getCanonicalLocales(tag).length === 1;
      } catch {
        return false;
      }
    },
    {
      message: 'locale must be a BCP 47 language tag such as fr or fr-CA, or auto.',
      params: { rule: 'bcp_47' },
    },
  );

export const createSessionBody = z
  .strictObject({
    mode: z.enum(['payment', 'subscription', 'setup']).openapi({
      description:
        "'payment' as documented. Extensions: 'subscription' (at least one recurring line) and 'setup' (saves a card; line_items optional, nothing is charged).",
    }),
    line_items: z
      .array(lineItemSchema)
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Required in payment and subscription mode.' }),
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
    // Extensions beyond seed 003, Stripe-compatible.
    allow_promotion_codes: z.boolean().default(false),
    discounts: z
      .array(z.strictObject({ promotion_code: z.string().regex(/^promo_/) }))
      .max(1)
      .optional(),
    automatic_tax: z.strictObject({ enabled: z.boolean() }).optional(),
    shipping_address_collection: z
      .strictObject({
        allowed_countries: z.array(countryCodeSchema).min(1).max(250),
      })
      .optional(),
    shipping_options: z.array(shippingOptionSchema).max(5).optional(),
    phone_number_collection: z
      .strictObject({ enabled: z.boolean(), required: z.boolean().default(false) })
      .optional(),
    submit_type: z.enum(['auto', 'pay', 'book', 'donate']).default('auto'),
    locale: localeSchema.optional(),
    payment_method_options: z
      .strictObject({
        card: z
          .strictObject({ postal_code: z.enum(['required', 'none']).default('none') })
          .optional(),
      })
      .optional()
      .openapi({
        description:
          "card.postal_code 'required' has the card form ask for the billing postal code (for the processor's address verification) when no billing address is collected.",
      }),
  })
  .openapi('CreateCheckoutSessionRequest');

type CreateSessionBody = z.infer<typeof createSessionBody>;

const deliveryEstimateBoundView = z
  .object({ unit: z.enum(['business_day', 'day', 'week']), value: z.int() })
  .nullable();
const deliveryEstimateView = z.object({
  minimum: deliveryEstimateBoundView,
  maximum: deliveryEstimateBoundView,
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
        address: addressViewSchema.nullable(),
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
    // Extensions beyond seed 003.
    submit_type: z.enum(['auto', 'pay', 'book', 'donate']),
    locale: z.string().nullable(),
    allow_promotion_codes: z.boolean(),
    discounts: z.array(z.object({ promotion_code: z.string() })),
    automatic_tax: z.object({
      enabled: z.boolean(),
      status: z.enum(['complete', 'requires_location_inputs']).nullable(),
    }),
    phone_number_collection: z.object({ enabled: z.boolean(), required: z.boolean() }),
    shipping_address_collection: z.object({ allowed_countries: z.array(z.string()) }).nullable(),
    shipping_options: z.array(
      z.object({
        shipping_rate: z.string(),
        shipping_amount: z.int(),
        display_name: z.string(),
        delivery_estimate: deliveryEstimateView.nullable(),
      }),
    ),
    shipping_cost: z.object({ shipping_rate: z.string(), amount_total: z.int() }).nullable(),
    shipping_details: z.object({ name: z.string(), address: addressViewSchema }).nullable(),
    subscription: z.string().nullable(),
    setup_intent: z.string().nullable(),
  })
  .openapi('CheckoutSession');

type CheckoutSessionView = z.infer<typeof checkoutSessionSchema>;

/** Seed 003's view of a session. Its status enum has no `canceled`, so canceled reads as expired. */
export function toSeed003(session: SessionRecord, baseUrl: string): CheckoutSessionView {
  const embedded = session.uiMode !== 'hosted';
  const entered =
    session.enteredEmail || session.customerPhone || session.billingAddress
      ? {
          email: session.enteredEmail,
          name: null,
          phone: session.customerPhone,
          address: session.billingAddress,
        }
      : null;
  const customerDetails = session.customerDetails ?? entered;
  const shipping = chosenShippingRate(session);
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
    metadata: session.metadata as Record<string, string>,
    livemode: session.livemode,
    created: session.created,
    url: embedded ? null : hostedPageUrl(baseUrl, session.id),
    client_secret: embedded ? session.clientSecret : null,
    success_url: session.successUrl,
    cancel_url: session.cancelUrl,
    customer: session.customer,
    customer_email: session.customerEmail,
    customer_details: customerDetails && {
      email: customerDetails.email,
      name: customerDetails.name,
      phone: customerDetails.phone,
      address: customerDetails.address ? addressView(customerDetails.address) : null,
    },
    payment_intent: session.paymentIntent,
    currency: session.currency,
    amount_subtotal: session.amountSubtotal,
    amount_total: session.amountTotal,
    total_details: session.totalDetails,
    client_reference_id: session.clientReferenceId,
    canceled_at: session.status === 'canceled' ? session.closedAt : null,
    submit_type: session.submitType,
    locale: session.locale,
    allow_promotion_codes: session.allowPromotionCodes,
    discounts: session.discount ? [{ promotion_code: session.discount.promotion_code }] : [],
    automatic_tax: session.automaticTax,
    phone_number_collection: session.phoneNumberCollection,
    shipping_address_collection: session.shippingAddressCollection,
    shipping_options: session.shippingOptions.map((option) => ({
      shipping_rate: option.id,
      shipping_amount: option.amount,
      display_name: option.display_name,
      delivery_estimate: option.delivery_estimate,
    })),
    shipping_cost: shipping && { shipping_rate: shipping.id, amount_total: shipping.amount },
    shipping_details: session.shippingDetails && {
      name: session.shippingDetails.name,
      address: addressView(session.shippingDetails.address),
    },
    subscription: session.subscription,
    setup_intent: session.setupIntent,
  };
}

export function hostedPageUrl(baseUrl: string, id: string): string {
  return `${baseUrl}/pay/${encodeURIComponent(id)}`;
}

/** Builds the stored session from a validated request, or throws the 400 that explains why not. */
async function buildSession(
  context: EndpointContext,
  body: CreateSessionBody,
): Promise<SessionRecord> {
  const now = unixNow(context);
  const items = body.line_items ?? [];
  if (body.line_items === undefined && body.mode !== 'setup') {
    throw new ApiError(400, 'parameter_missing', 'line_items is required.', {
      param: 'line_items',
      rule: 'required',
    });
  }
  const lineCurrencies = new Set<string>();
  const lineItems: LineItemRecord[] = [];
  for (const [index, item] of items.entries()) {
    const line = item.price
      ? await lineFromPrice(
          context,
          await findPrice(context, item.price, `line_items[${index}].price`),
          item.quantity,
        )
      : {
          name: item.price_data!.product,
          quantity: item.quantity,
          unitAmount: item.price_data!.unit_amount,
          taxBehavior: item.price_data!.tax_behavior,
          recurring: item.price_data!.recurring ?? null,
          currency: item.price_data!.currency,
        };
    const field = item.price
      ? `line_items[${index}].price`
      : `line_items[${index}].price_data.recurring`;
    if (line.recurring && body.mode !== 'subscription') {
      throw invalidParam(
        field,
        `one_time_in_${body.mode}_mode`,
        `Recurring prices need a subscription; in mode ${body.mode} every price must be one-time.`,
      );
    }
    const adjustable = adjustableQuantity(item, index);
    const { currency: lineCurrency, ...init } = line;
    lineCurrencies.add(lineCurrency);
    lineItems.push(
      newLineItem({
        ...init,
        adjustableQuantity: adjustable,
      }),
    );
  }
  if (body.mode === 'subscription' && !lineItems.some((item) => item.recurring)) {
    throw invalidParam(
      'line_items',
      'recurring_required',
      'A subscription needs at least one line item with a recurring price.',
    );
  }

  if (lineCurrencies.size > 1) {
    throw invalidParam(
      'line_items',
      'single_currency',
      `All line items must use one currency; got ${[...lineCurrencies].join(', ')}.`,
    );
  }
  const [lineCurrency] = lineCurrencies;
  if (body.currency && lineCurrency && body.currency !== lineCurrency) {
    throw invalidParam(
      'currency',
      'matches_line_items',
      `currency '${body.currency}' differs from the line items' currency '${lineCurrency}'.`,
    );
  }
  const currency = body.currency ?? lineCurrency;
  if (!currency) {
    throw new ApiError(
      400,
      'parameter_missing',
      'currency is required in setup mode without line items.',
      { param: 'currency', rule: 'required_without_line_items' },
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

  const expiresAt = body.expires_at ?? now + defaultLifetimeSeconds;
  if (expiresAt < now + 30 * 60 || expiresAt > now + 24 * 60 * 60) {
    throw invalidParam(
      'expires_at',
      'between_30_minutes_and_24_hours',
      'expires_at must be between 30 minutes and 24 hours from now.',
    );
  }

  if (body.shipping_options && !body.shipping_address_collection) {
    throw invalidParam(
      'shipping_options',
      'requires_shipping_address_collection',
      'shipping_options need shipping_address_collection: there is nowhere to ship to.',
    );
  }
  const shippingOptions = (body.shipping_options ?? []).map((option, index) => {
    const data = option.shipping_rate_data;
    if (data.fixed_amount.currency !== currency) {
      throw invalidParam(
        `shipping_options[${index}].shipping_rate_data.fixed_amount.currency`,
        'matches_session_currency',
        `The shipping rate's currency '${data.fixed_amount.currency}' differs from the session's '${currency}'.`,
      );
    }
    const estimate = data.delivery_estimate;
    return {
      id: randomId('shr_'),
      display_name: data.display_name,
      amount: data.fixed_amount.amount,
      delivery_estimate:
        estimate && (estimate.minimum || estimate.maximum)
          ? { minimum: estimate.minimum ?? null, maximum: estimate.maximum ?? null }
          : null,
    };
  });

  const phone = body.phone_number_collection;
  if (phone?.required && !phone.enabled) {
    throw invalidParam(
      'phone_number_collection.required',
      'requires_enabled',
      'phone_number_collection.required needs phone_number_collection.enabled.',
    );
  }

  let session = newSession(context, {
    source: { api: 'checkout_sessions' },
    mode: body.mode,
    uiMode: body.ui_mode,
    currency,
    lineItems,
    customer: body.customer ?? null,
    customerEmail: body.customer_email ?? null,
    customerCreation: body.customer_creation,
    billingAddressCollection: body.billing_address_collection,
    submitType: body.submit_type,
    locale: canonicalLocale(body.locale),
    clientReferenceId: body.client_reference_id ?? null,
    paymentIntentData: body.payment_intent_data ?? null,
    successUrl: body.success_url ?? null,
    cancelUrl: body.cancel_url ?? null,
    metadata: body.metadata ?? {},
    expiresAt,
    shippingAddressCollection: body.shipping_address_collection
      ? { allowed_countries: [...new Set(body.shipping_address_collection.allowed_countries)] }
      : null,
    shippingOptions,
    phoneNumberCollection: {
      enabled: phone?.enabled ?? false,
      required: phone?.required ?? false,
    },
    allowPromotionCodes: body.allow_promotion_codes,
    automaticTax: { enabled: body.automatic_tax?.enabled ?? false, status: null },
    cardPostalCode: body.payment_method_options?.card?.postal_code ?? 'none',
  });

  const [discount] = body.discounts ?? [];
  if (discount) {
    session = await withPromotionCode(
      context,
      session,
      await context.store.getPromotionCode(discount.promotion_code),
      'discounts[0].promotion_code',
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
  if (session.successUrl) new URL(fillSessionId(session.successUrl, session.id));
  return session;
}

/** `auto` or nothing leaves the choice to the kit (the browser's language). */
export function canonicalLocale(locale: string | undefined): string | null {
  return locale === undefined || locale === 'auto' ? null : Intl.getCanonicalLocales(locale)[0]!;
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
  const auth = basicAuth(context.secretKey);

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
          'idempotency-key': idempotencyKeyHeader,
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
      const result = await idempotent(
        context,
        'POST /v1/checkout_sessions',
        key,
        raw,
        async (claim) => {
          const session = await buildSession(context, body);
          const view = toSeed003(session, baseUrlOf(context, c.req.url));
          // The session and the key's answer in one write: a process that dies between the two
          // would leave a session that the key's retry creates again.
          await context.store.insertSession(session, claim.answer(200, view));
          noteSession(c.req.raw, session.id);
          return { status: 200, body: view, saved: true };
        },
      );
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
      noteSession(c.req.raw, session.id);
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
      noteSession(c.req.raw, session.id);
      return c.json(toSeed003(session, baseUrlOf(context, c.req.url)), 200);
    },
  );
}

/** The endpoint's public origin, for links such as hosted page URLs. */
export function baseUrlOf(context: EndpointContext, url: string): string {
  return context.publicUrl ?? new URL(url).origin;
}
