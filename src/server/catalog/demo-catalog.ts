import type { CheckoutStore } from '../store/store.js';
import type { CatalogObject, Price, Product, SubscriptionPlan } from './catalog.js';

/**
 * A small test-mode catalog with fixed ids, so the demo, the stories and the
 * tests can name real products, prices and plans in the seed APIs' requests.
 */
export const demoCatalog = {
  products: {
    tshirt: 'prod_demo_tshirt',
    notebook: 'prod_demo_notebook',
    coffee: 'prod_demo_coffee',
  },
  variants: {
    tshirtSmall: 'tshirt_s',
    tshirtMedium: 'tshirt_m',
    tshirtLarge: 'tshirt_l',
  },
  prices: {
    /** 25.00 USD, one-time; the T-shirt's default price. */
    tshirt: 'price_demo_tshirt',
    /** 12.50 USD, one-time; the notebook's default price. */
    notebook: 'price_demo_notebook',
    /** 18.00 USD a month; the coffee subscription's default price. */
    coffeeMonthly: 'price_demo_coffee_monthly',
  },
  plans: {
    /** 15.00 USD a month. */
    monthly: 'plan_demo_coffee_monthly',
    /** 150.00 USD a year. */
    yearly: 'plan_demo_coffee_yearly',
  },
} as const;

/** The demo catalog's objects, products before the prices that refer to them. */
export function demoCatalogObjects(nowSeconds: number): CatalogObject[] {
  const { products, variants, prices, plans } = demoCatalog;
  const product = (
    fields: Pick<Product, 'id' | 'name' | 'description' | 'default_price'> &
      Partial<Pick<Product, 'variants'>>,
  ): Product => ({
    object: 'product',
    images: [],
    variants: [],
    metadata: {},
    active: true,
    created: nowSeconds,
    ...fields,
  });
  const price = (fields: Pick<Price, 'id' | 'product' | 'unit_amount' | 'recurring'>): Price => ({
    object: 'price',
    currency: 'usd',
    tax_behavior: 'unspecified',
    active: true,
    created: nowSeconds,
    ...fields,
  });
  const plan = (
    fields: Pick<SubscriptionPlan, 'id' | 'name' | 'amount' | 'interval'>,
  ): SubscriptionPlan => ({
    object: 'subscription_plan',
    product: products.coffee,
    currency: 'usd',
    interval_count: 1,
    active: true,
    created: nowSeconds,
    ...fields,
  });
  return [
    product({
      id: products.tshirt,
      name: 'Checkout Kit T-shirt',
      description: 'Organic cotton, printed with the Checkout Kit logo.',
      default_price: prices.tshirt,
      variants: [
        { id: variants.tshirtSmall, name: 'Small' },
        { id: variants.tshirtMedium, name: 'Medium' },
        { id: variants.tshirtLarge, name: 'Large' },
      ],
    }),
    product({
      id: products.notebook,
      name: 'Dot-grid notebook',
      description: 'A5, 160 pages.',
      default_price: prices.notebook,
    }),
    product({
      id: products.coffee,
      name: 'Coffee subscription',
      description: 'A bag of freshly roasted beans every month.',
      default_price: prices.coffeeMonthly,
    }),
    price({ id: prices.tshirt, product: products.tshirt, unit_amount: 2500, recurring: null }),
    price({ id: prices.notebook, product: products.notebook, unit_amount: 1250, recurring: null }),
    price({
      id: prices.coffeeMonthly,
      product: products.coffee,
      unit_amount: 1800,
      recurring: { interval: 'month', interval_count: 1 },
    }),
    plan({ id: plans.monthly, name: 'Coffee Club monthly', amount: 1500, interval: 'month' }),
    plan({ id: plans.yearly, name: 'Coffee Club yearly', amount: 15000, interval: 'year' }),
  ];
}

/**
 * Inserts the demo catalog. Objects that already exist are left as they are,
 * so running it at every start is harmless. Returns how many were new.
 */
export async function seedDemoCatalog(
  store: Pick<CheckoutStore, 'insertCatalogObject'>,
  nowSeconds: number,
): Promise<number> {
  let inserted = 0;
  // One at a time, in order: a price is never stored before its product.
  for (const object of demoCatalogObjects(nowSeconds)) {
    if (await store.insertCatalogObject(object)) inserted++;
  }
  return inserted;
}
