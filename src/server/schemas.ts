import { z } from '@hono/zod-openapi';
import type { Address } from '../api/client-types.js';
import { isCountryCode } from '../core/countries.js';
import { isKnownCurrency } from '../core/money.js';

/** Pieces of request and response schemas that several APIs share. */

export const errorSchema = z
  .object({
    error: z.object({
      type: z.string(),
      code: z.string().openapi({ example: 'parameter_invalid' }),
      message: z.string(),
      param: z.string().optional().openapi({ example: 'line_items[0].quantity' }),
      rule: z.string().optional().openapi({ example: 'minimum' }),
      decline_code: z.string().optional(),
      retryable: z.boolean().optional(),
    }),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: errorSchema } } },
  401: {
    description: 'Not authenticated',
    content: { 'application/json': { schema: errorSchema } },
  },
  404: { description: 'No such object', content: { 'application/json': { schema: errorSchema } } },
  409: {
    description: 'Conflict with the current state',
    content: { 'application/json': { schema: errorSchema } },
  },
} as const;

/** Three-letter ISO 4217 code, any case in, lower case out. */
export const currencySchema = z
  .string()
  .length(3)
  .transform((code) => code.toLowerCase())
  .refine(isKnownCurrency, {
    message: 'must be a known ISO 4217 currency code',
    params: { rule: 'iso_4217' },
  });

/** ISO 3166-1 alpha-2 country code, any case in, upper case out. */
export const countryCodeSchema = z
  .string()
  .length(2)
  .transform((code) => code.toUpperCase())
  .refine(isCountryCode, {
    message: 'must be an ISO 3166-1 alpha-2 country code such as GB',
    params: { rule: 'iso_3166_1' },
  });

/** http(s) URLs only: a checkout must never send a customer to `javascript:`. */
export const webUrlSchema = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname });

/** Key-value pairs as other processors limit them: 50 keys, keys ≤ 40, values ≤ 500 characters. */
export const metadataSchema = z
  .record(z.string().min(1).max(40), z.string().max(500))
  .refine((value) => Object.keys(value).length <= 50, {
    message: 'metadata must have at most 50 keys',
    params: { rule: 'max_keys' },
  })
  .openapi({ example: { order_id: '6735' } });

/**
 * Metadata whose values may be any JSON, for seeds that document an open
 * object: keys as above, at most 50 of them, at most 8 KB in all.
 */
export const jsonMetadataSchema = z
  .record(z.string().min(1).max(40), z.unknown())
  .refine((value) => Object.keys(value).length <= 50, {
    message: 'metadata must have at most 50 keys',
    params: { rule: 'max_keys' },
  })
  .refine((value) => JSON.stringify(value).length <= 8192, {
    message: 'metadata must be at most 8 KB as JSON',
    params: { rule: 'max_size' },
  })
  .openapi({ example: { order_id: '6735', gift: true } });

/** The Idempotency-Key header of the merchant API's POSTs, as the OpenAPI document shows it. */
export const idempotencyKeyHeader = z
  .string()
  .max(255)
  .openapi({ param: { in: 'header', required: true } });

/** An address in the merchant views, every field present and null when unknown. */
export const addressViewSchema = z.object({
  city: z.string().nullable(),
  country: z.string().nullable(),
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  postal_code: z.string().nullable(),
  state: z.string().nullable(),
});

export function addressView(address: Address): z.infer<typeof addressViewSchema> {
  return {
    city: address.city ?? null,
    country: address.country ?? null,
    line1: address.line1 ?? null,
    line2: address.line2 ?? null,
    postal_code: address.postal_code ?? null,
    state: address.state ?? null,
  };
}
