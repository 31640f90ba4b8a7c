/**
 * Sessions as tests and stories describe them: seed 003's create body with
 * line items and shipping rates written short. DOM- and Node-free, so the
 * browser tests, the stories and the endpoint tests share one copy.
 */

export interface ShortLineItem {
  product: string;
  /** In the currency's minor unit, e.g. cents. */
  unit_amount: number;
  quantity?: number;
  currency?: string;
  tax_behavior?: 'inclusive' | 'exclusive' | 'unspecified';
  recurring?: { interval: 'day' | 'week' | 'month' | 'year'; interval_count?: number };
  adjustable_quantity?: { enabled: boolean; minimum?: number; maximum?: number };
}

export interface ShortShippingRate {
  display_name: string;
  /** In the currency's minor unit. */
  amount: number;
  currency?: string;
  delivery_estimate?: {
    minimum?: { unit: 'business_day' | 'day' | 'week'; value: number };
    maximum?: { unit: 'business_day' | 'day' | 'week'; value: number };
  };
}

/** Other create-body fields pass through unchanged. `lineItems: null` sends none (setup). */
export interface ShortSession {
  lineItems?: ShortLineItem[] | null;
  shippingRates?: ShortShippingRate[];
  [field: string]: unknown;
}

export const standardShipping: ShortShippingRate = {
  display_name: 'Standard',
  amount: 500,
  delivery_estimate: {
    minimum: { unit: 'business_day', value: 3 },
    maximum: { unit: 'business_day', value: 5 },
  },
};

export const expressShipping: ShortShippingRate = { display_name: 'Express', amount: 1500 };

/** A session with everything the complete form covers. */
export const everythingSession: ShortSession = {
  lineItems: [
    {
      product: 'Mug',
      unit_amount: 1200,
      tax_behavior: 'exclusive',
      adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 },
    },
    { product: 'Poster', unit_amount: 2000, tax_behavior: 'exclusive' },
  ],
  allow_promotion_codes: true,
  cancel_url: 'https://shop.example/cart',
  automatic_tax: { enabled: true },
  shipping_address_collection: { allowed_countries: ['US', 'GB', 'CA'] },
  shippingRates: [standardShipping, expressShipping],
  phone_number_collection: { enabled: true },
};

/** The seed-003 `shipping_options` for short rates. */
export function shippingOptions(rates: ShortShippingRate[]) {
  return rates.map(({ display_name, amount, currency = 'usd', delivery_estimate }) => ({
    shipping_rate_data: {
      display_name,
      fixed_amount: { amount, currency },
      ...(delivery_estimate ? { delivery_estimate } : {}),
    },
  }));
}

/** The seed-003 create body for a short session (payment mode, embedded, unless overridden). */
export function createBody(
  { lineItems, shippingRates, ...rest }: ShortSession,
  defaultLineItems: ShortLineItem[],
): Record<string, unknown> {
  const items = lineItems === undefined ? defaultLineItems : lineItems;
  return {
    mode: 'payment',
    ui_mode: 'embedded',
    ...(items
      ? {
          line_items: items.map(
            ({ quantity = 1, currency = 'usd', adjustable_quantity, ...price }) => ({
              quantity,
              price_data: { currency, ...price },
              ...(adjustable_quantity ? { adjustable_quantity } : {}),
            }),
          ),
        }
      : {}),
    ...(shippingRates ? { shipping_options: shippingOptions(shippingRates) } : {}),
    ...rest,
  };
}
