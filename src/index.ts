/**
 * `checkout-kit`: the element classes and their types. Importing this module
 * registers nothing; import `checkout-kit/define` (or load the script-tag
 * build) to register the tags.
 */
export type * from './api/client-types.js';
export type { CardFieldValues, PayerDetails } from './client/card-payment.js';
export { type CheckoutErrorDetail, EndpointError, SessionClient } from './client/session-client.js';
export { currencyDigits, formatMoney } from './core/money.js';
export { CheckoutEmbedded } from './elements/checkout-embedded/checkout-embedded.js';
export type {
  CheckoutEvent,
  CheckoutEventDetails,
  CheckoutEventName,
} from './events/checkout-events.js';
