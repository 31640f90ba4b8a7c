import type { EndpointContext } from '../context.js';
import { invalidParam } from '../errors.js';
import { type LineItemInit, noSuch } from '../sessions/create.js';
import type { CatalogObject, Price, Product, SubscriptionPlan } from './catalog.js';

/**
 * Finding catalog objects for the merchant APIs. An id that is missing,
 * inactive or of another kind is a 400 naming the id and the field it came in.
 */

async function find<T extends CatalogObject>(
  context: EndpointContext,
  type: T['object'],
  kind: string,
  id: string,
  param: string,
): Promise<T> {
  const found = await context.store.getCatalogObject(id);
  if (!found || found.object !== type) throw noSuch(kind, id, param);
  if (!found.active) {
    throw invalidParam(param, 'active', `The ${kind} '${id}' is archived and cannot be sold.`);
  }
  return found as T;
}

export const findPrice = (context: EndpointContext, id: string, param: string) =>
  find<Price>(context, 'price', 'price', id, param);

export const findProduct = (context: EndpointContext, id: string, param: string) =>
  find<Product>(context, 'product', 'product', id, param);

export const findPlan = (context: EndpointContext, id: string, param: string) =>
  find<SubscriptionPlan>(context, 'subscription_plan', 'subscription plan', id, param);

/** A line item selling `quantity` of a catalog price, named after its product. */
export async function lineFromPrice(
  context: EndpointContext,
  price: Price,
  quantity: number,
): Promise<LineItemInit & { currency: string }> {
  const product = await context.store.getCatalogObject(price.product);
  const named = product?.object === 'product' ? product : null;
  return {
    name: named?.name ?? price.product,
    description: named?.description ?? null,
    images: named?.images ?? [],
    product: price.product,
    price: price.id,
    quantity,
    unitAmount: price.unit_amount,
    taxBehavior: price.tax_behavior,
    recurring: price.recurring,
    currency: price.currency,
  };
}

/**
 * Display names for a product and variant the merchant named by id only (seed
 * 000): the catalog's names when it has them, the ids otherwise.
 */
export async function namesFor(
  context: EndpointContext,
  productId: string,
  variantId: string | null,
): Promise<{ name: string; variant: string | null; description: string | null; images: string[] }> {
  const product = await context.store.getCatalogObject(productId);
  if (product?.object !== 'product') {
    return { name: productId, variant: variantId, description: null, images: [] };
  }
  const variant = variantId ? product.variants.find((known) => known.id === variantId) : undefined;
  return {
    name: product.name,
    variant: variant?.name ?? variantId,
    description: product.description,
    images: product.images,
  };
}
