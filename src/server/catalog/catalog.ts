import type { Recurring, TaxBehavior } from '../../api/client-types.js';

/**
 * The merchant's catalog: products (with variants), their prices, one-time or
 * recurring, and subscription plans. Seeds 001 and 003 refer to prices and
 * products by id; seed 000 refers to plans, and names its own products and
 * variants, which the kit shows by their catalog names when it knows them.
 */

export interface ProductVariant {
  id: string;
  name: string;
}

export interface Product {
  id: string;
  object: 'product';
  name: string;
  description: string | null;
  images: string[];
  variants: ProductVariant[];
  /** The price a bare product id (seed 001's `productId`) is sold at. */
  default_price: string | null;
  metadata: Record<string, string>;
  active: boolean;
  /** Unix seconds. */
  created: number;
}

export interface Price {
  id: string;
  object: 'price';
  product: string;
  currency: string;
  /** Minor units. */
  unit_amount: number;
  tax_behavior: TaxBehavior;
  /** Null for a one-time price. */
  recurring: Recurring | null;
  active: boolean;
  created: number;
}

export interface SubscriptionPlan {
  id: string;
  object: 'subscription_plan';
  name: string;
  /** The catalog product the plan sells, if any. */
  product: string | null;
  currency: string;
  /** Per interval, in minor units. */
  amount: number;
  interval: Recurring['interval'];
  interval_count: number;
  active: boolean;
  created: number;
}

export type CatalogObject = Product | Price | SubscriptionPlan;
export type CatalogObjectType = CatalogObject['object'];
