import type { OpenAPIHono } from '@hono/zod-openapi';
import type { PaymentMethodType } from '../../api/client-types.js';
import type { EndpointContext } from '../context.js';
import { registerCardRoutes } from './card.js';
import { registerCryptoRoutes } from './crypto.js';

/**
 * The ways a session can be paid, each a module of its own that adds its
 * client routes (its pay call and whatever else it needs). A new method (a
 * bank transfer, say) is one more module here and one more element in the
 * kit that registers itself with the provider as a `PaymentMethod`.
 */
export interface ServerPaymentMethod {
  type: PaymentMethodType;
  registerClientRoutes(app: OpenAPIHono, context: EndpointContext): void;
}

export const paymentMethods: readonly ServerPaymentMethod[] = [
  { type: 'card', registerClientRoutes: registerCardRoutes },
  { type: 'crypto', registerClientRoutes: registerCryptoRoutes },
];
