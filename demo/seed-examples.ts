/**
 * The seed APIs' documented example requests, with the sender's URLs and
 * names filled in: the demo's seed pages send them from its server, and the
 * Storybook stories from the browser, to the same endpoint handler. Free of
 * Node and the DOM, so both can import it.
 */
import { demoCatalog } from '../src/server/catalog/demo-catalog.js';

/** The merchant APIs the kit was built from, by seed file prefix. */
export type SeedApi = '000' | '001' | '002' | '003' | '004';

export interface SeedExample {
  /** The seed document's file-name prefix. */
  seed: SeedApi;
  title: string;
  method: 'POST';
  path: string;
  auth: 'bearer' | 'basic';
  /** Sent with the request, as the seed documents. */
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

/** Where the examples are sent from, which names their customer, references and URLs. */
export interface SeedPlace {
  /** Names the customer ids, references and descriptions: `demo`, `story`. */
  name: string;
  /** Where a paid customer lands; seeds 001 and 003 add their `{CHECKOUT_SESSION_ID}` placeholder. */
  successUrl: string;
  /** Where a customer who cancels lands. */
  cancelUrl: (seed: SeedApi) => string;
  /** Seed 004's product image. */
  imageUrl: string;
}

/** The promotion code seed 000's example applies at creation. */
export const seedPromotionCode = 'WELCOME10';

/** The documented example requests, with `place`'s URLs and names and the demo catalog's ids. */
export function seedExamples(place: SeedPlace): SeedExample[] {
  const { name, successUrl } = place;
  const withSessionId = `${successUrl}?session_id={CHECKOUT_SESSION_ID}`;
  return [
    {
      seed: '000',
      title: 'Payments service: POST /v1/checkout',
      method: 'POST',
      path: '/v1/checkout',
      auth: 'bearer',
      body: {
        customer_id: `cust_${name}_ada`,
        currency: 'usd',
        order_id: 'order-1001',
        stripe_customer_id: null,
        metadata: { channel: name, seed: '000' },
        promo_code: seedPromotionCode,
        line_items: [
          {
            product_id: demoCatalog.products.tshirt,
            variant_id: demoCatalog.variants.tshirtMedium,
            qty: 2,
            unit_amount_cents: 2500,
          },
          {
            product_id: 'prod_sticker_pack',
            variant_id: 'holo',
            qty: 1,
            unit_amount_cents: 400,
          },
        ],
      },
    },
    {
      seed: '001',
      title: 'Checkout sessions v3: POST /api/v3/checkout/sessions',
      method: 'POST',
      path: '/api/v3/checkout/sessions',
      auth: 'bearer',
      body: {
        line_items: [
          {
            price: demoCatalog.prices.notebook,
            quantity: 2,
            adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 },
          },
        ],
        mode: 'payment',
        success_url: withSessionId,
        cancel_url: place.cancelUrl('001'),
        payment_method_types: ['card'],
        customer: `cus_${name}_ada`,
        customer_email: 'jsmith@example.com',
        client_reference_id: `${name}-001`,
        metadata: { seed: '001' },
        externalCustomerId: 'crm-4711',
      },
    },
    {
      seed: '002',
      title: 'Crypto checkout: POST /api/v1/checkout',
      method: 'POST',
      path: '/api/v1/checkout',
      auth: 'bearer',
      body: {
        amount: 100,
        currency: 'USD',
        successUrl,
        cancelUrl: place.cancelUrl('002'),
        email: 'john@example.com',
        name: 'John Doe',
        metadata: { orderId: '1234567890', customerId: '1234567890' },
        productId: '1234567890',
        productName: 'Product Name',
        productDescription: 'Product Description',
        allowedAssets: ['ETH', 'USDT', 'USDC'],
      },
    },
    {
      seed: '003',
      title: 'Checkout Sessions: POST /v1/checkout_sessions',
      method: 'POST',
      path: '/v1/checkout_sessions',
      auth: 'basic',
      headers: { 'Idempotency-Key': crypto.randomUUID(), 'X-API-Version': '2026-11-01' },
      body: {
        mode: 'payment',
        line_items: [
          {
            quantity: 2,
            price_data: {
              currency: 'usd',
              product: 'Ceramic pour-over',
              unit_amount: 2400,
              tax_behavior: 'inclusive',
            },
          },
        ],
        success_url: withSessionId,
        cancel_url: place.cancelUrl('003'),
        customer: `cus_${name}_ada`,
        customer_email: 'jsmith@example.com',
        customer_creation: 'if_required',
        ui_mode: 'embedded',
        billing_address_collection: 'auto',
        client_reference_id: `${name}-003`,
        payment_intent_data: {
          capture_method: 'automatic',
          description: `Order 003 (${name})`,
          statement_descriptor: `CHECKOUT KIT ${name.toUpperCase()}`,
          metadata: { seed: '003' },
          application_fee_amount: 100,
        },
        currency: 'usd',
        metadata: { seed: '003' },
      },
    },
    {
      seed: '004',
      title: 'Checkout sessions v2: POST /api/v2/checkout-sessions',
      method: 'POST',
      path: '/api/v2/checkout-sessions',
      auth: 'basic',
      body: {
        line_items: [
          {
            price_data: {
              currency: 'usd',
              amount: 4500,
              product_data: {
                name: 'Ceramic pour-over',
                description: 'Hand-thrown, with a bamboo stand.',
                images: [place.imageUrl],
                metadata: { sku: 'POUR-01' },
              },
            },
            quantity: 1,
          },
        ],
        customer_email: 'jsmith@example.com',
        client_reference_id: `${name}-004`,
        success_url: successUrl,
        cancel_url: place.cancelUrl('004'),
        mode: 'payment',
        user_id: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
        customer_id: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
        expires_in: 5400,
        metadata: { seed: '004' },
      },
    },
  ];
}
