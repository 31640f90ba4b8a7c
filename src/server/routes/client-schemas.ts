import { z } from '@hono/zod-openapi';
import type { ClientSession, SessionUpdate } from '../../api/client-types.js';
import { isCountryCode } from '../../core/countries.js';
import { errorSchema } from '../schemas.js';

/**
 * The client API's request and response schemas. They document the wire
 * types of `src/api/client-types.ts`; the assertions at the bottom keep the
 * two from drifting apart.
 */

const addressView = z
  .object({
    country: z.string(),
    line1: z.string().optional(),
    line2: z.string().optional(),
    city: z.string().optional(),
    state: z.string().optional(),
    postal_code: z.string().optional(),
  })
  .openapi('Address');

export const cryptoAsset = z.enum(['ETH', 'USDT', 'USDC']);

const estimateBound = z
  .object({ unit: z.enum(['business_day', 'day', 'week']), value: z.int() })
  .nullable();

export const clientSessionSchema = z
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
        variant: z.string().nullable(),
        description: z.string().nullable(),
        images: z.array(z.string()),
        quantity: z.int(),
        unit_amount: z.int(),
        amount_subtotal: z.int(),
        amount_discount: z.int(),
        amount_tax: z.int(),
        amount_total: z.int(),
        tax_behavior: z.enum(['inclusive', 'exclusive', 'unspecified']),
        recurring: z
          .object({ interval: z.enum(['day', 'week', 'month', 'year']), interval_count: z.int() })
          .nullable(),
        adjustable_quantity: z
          .object({ enabled: z.boolean(), minimum: z.int(), maximum: z.int() })
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
    customer_phone: z.string().nullable(),
    billing_address_collection: z.enum(['auto', 'required']),
    billing_address: addressView.nullable(),
    shipping_address_collection: z.object({ allowed_countries: z.array(z.string()) }).nullable(),
    shipping_details: z.object({ name: z.string(), address: addressView }).nullable(),
    shipping_options: z.array(
      z.object({
        id: z.string(),
        display_name: z.string(),
        amount: z.int(),
        delivery_estimate: z.object({ minimum: estimateBound, maximum: estimateBound }).nullable(),
      }),
    ),
    shipping_rate: z.string().nullable(),
    phone_number_collection: z.object({ enabled: z.boolean(), required: z.boolean() }),
    allow_promotion_codes: z.boolean(),
    discount: z
      .object({
        promotion_code: z.string(),
        code: z.string(),
        percent_off: z.number().nullable(),
        amount_off: z.int().nullable(),
      })
      .nullable(),
    automatic_tax: z.object({
      enabled: z.boolean(),
      status: z.enum(['complete', 'requires_location_inputs']).nullable(),
    }),
    tax: z
      .object({
        display_name: z.string(),
        percentage: z.number(),
        country: z.string(),
        state: z.string().nullable(),
        amount_inclusive: z.int(),
        amount_exclusive: z.int(),
      })
      .nullable(),
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
    payment_method_types: z.array(z.enum(['card', 'crypto'])),
    card_postal_code: z.enum(['required', 'none']),
    crypto: z
      .object({
        allowed_assets: z.array(cryptoAsset),
        status: z.enum(['awaiting_asset', 'awaiting_payment', 'confirming', 'confirmed']),
        quote: z
          .object({
            asset: cryptoAsset,
            amount: z.string().openapi({ example: '0.04000000' }),
            rate: z.string().openapi({ example: '2500.00' }),
            network: z.literal('ethereum'),
            address: z.string(),
            uri: z.string(),
            qr: z
              .object({
                size: z.int().openapi({ example: 41 }),
                modules: z.string(),
              })
              .openapi({
                description:
                  '`uri` as a QR code: `size` modules per side (no quiet zone), and `modules` the base64 of `size * size` bits, row by row, most significant bit first, 1 for dark.',
              }),
            expires_at: z.int(),
          })
          .nullable(),
        transaction: z.string().nullable(),
      })
      .nullable(),
    subscription: z.string().nullable(),
    setup_intent: z.string().nullable(),
    formatted_amounts: z
      .object({
        locale: z.string().openapi({ example: 'en-US' }),
        amounts: z.record(z.string(), z.string()).openapi({ example: { '1800': '$18.00' } }),
      })
      .optional()
      .openapi({
        description:
          "Extension: the session's amounts as money, by amount in the currency's minor unit, formatted in the locale the kit will pick (the session's `locale`, else the first of the request's `Accept-Language` the kit speaks). The kit shows them in its first render instead of starting `Intl`. Sent by the session reads and the client API's updates.",
      }),
  })
  .openapi('ClientSession');

export const cryptoQuoteBody = z.strictObject({ asset: cryptoAsset }).openapi('CryptoQuoteRequest');

/** Address fields as the customer enters them; the rules behind them live in address-rules.ts. */
const addressInput = z.strictObject({
  country: z.string().max(2),
  line1: z.string().max(200).optional(),
  line2: z.string().max(200).optional(),
  city: z.string().max(200).optional(),
  state: z.string().max(100).optional(),
  postal_code: z.string().max(20).optional(),
});

export const sessionUpdateBody = z
  .strictObject({
    line_items: z
      .array(z.strictObject({ id: z.string().min(1).max(100), quantity: z.int() }))
      .max(100)
      .optional(),
    email: z.string().max(512).optional(),
    phone: z.string().max(40).nullable().optional(),
    billing_address: addressInput.nullable().optional(),
    shipping_details: z
      .strictObject({ name: z.string().trim().min(1).max(200), address: addressInput })
      .nullable()
      .optional(),
    shipping_rate: z.string().min(1).max(100).optional(),
  })
  .openapi('SessionUpdate');

export const promotionCodeBody = z
  .strictObject({ code: z.string().trim().min(1).max(200) })
  .openapi('PromotionCodeRequest');

export const confirmBody = z
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
        postal_code: z
          .string()
          .trim()
          .min(1)
          .max(20)
          .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/)
          .optional()
          .openapi({
            description:
              "The billing postal code the card form asks for when the session's card_postal_code is required.",
          }),
        name: z.string().trim().min(1).max(200),
        address: addressInput
          .extend({
            country: z.string().refine(isCountryCode, {
              message:
                'payment_method.billing_details.address.country must be an ISO 3166-1 alpha-2 code such as GB.',
              params: { rule: 'iso_3166_1' },
            }),
          })
          .optional()
          .openapi({
            description:
              'Falls back to the billing address stored by an update. Postal codes are checked for the countries the endpoint knows.',
          }),
      }),
    }),
  })
  .openapi('ConfirmRequest');

export const challengeBody = z
  .strictObject({
    payment: z.string().min(1),
    outcome: z.enum(['approve', 'fail']),
  })
  .openapi('ChallengeRequest');

// The schemas and the wire types must describe the same JSON: the same fields,
// every ClientSession fits the documented schema (whose error `type` is a plain
// string), and the update body parses to exactly a SessionUpdate.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Fits<A, B> = [A] extends [B] ? true : false;
const sessionMatches: [
  Same<keyof z.infer<typeof clientSessionSchema>, keyof ClientSession>,
  Fits<ClientSession, z.infer<typeof clientSessionSchema>>,
] = [true, true];
const updateMatches: Same<z.infer<typeof sessionUpdateBody>, SessionUpdate> = true;
void sessionMatches;
void updateMatches;
