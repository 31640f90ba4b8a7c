/**
 * `checkout-kit`: the element classes and their types. Importing this module
 * registers nothing; import `checkout-kit/define` (or load the script-tag
 * build) to register the tags.
 */

export type { CardField, CardProblem, PayerDetails } from './api/card-frame.js';
export type * from './api/client-types.js';
export { type CheckoutErrorDetail, EndpointError, SessionClient } from './client/session-client.js';
export { currencyDigits, formatMoney } from './core/money.js';
export { CheckoutAddress } from './elements/checkout-address/checkout-address.js';
export { CheckoutCancelButton } from './elements/checkout-cancel-button/checkout-cancel-button.js';
export { CheckoutCard } from './elements/checkout-card/checkout-card.js';
export { CheckoutCrypto } from './elements/checkout-crypto/checkout-crypto.js';
export { CheckoutEmail } from './elements/checkout-email/checkout-email.js';
export { CheckoutEmbedded } from './elements/checkout-embedded/checkout-embedded.js';
export { CheckoutLineItems } from './elements/checkout-line-items/checkout-line-items.js';
export { CheckoutMessages } from './elements/checkout-messages/checkout-messages.js';
export { CheckoutPayButton } from './elements/checkout-pay-button/checkout-pay-button.js';
export { CheckoutPhone } from './elements/checkout-phone/checkout-phone.js';
export { CheckoutPromotionCode } from './elements/checkout-promotion-code/checkout-promotion-code.js';
export type {
  ActionError,
  ActionResult,
  CheckoutActions,
  CheckoutState,
  FieldProblem,
  PaymentMethod,
} from './elements/checkout-provider/checkout-context.js';
export { CheckoutProvider } from './elements/checkout-provider/checkout-provider.js';
export { CheckoutShippingRates } from './elements/checkout-shipping-rates/checkout-shipping-rates.js';
export { CheckoutTotals } from './elements/checkout-totals/checkout-totals.js';
export type {
  Appearance,
  AppearanceColorScheme,
  AppearanceTheme,
  AppearanceVariables,
} from './elements/shared/appearance.js';
export type {
  CheckoutCancelEvent,
  CheckoutChangeEvent,
  CheckoutErrorEvent,
  CheckoutEvent,
  CheckoutEventDetails,
  CheckoutEventName,
  CheckoutExpiredEvent,
  CheckoutReadyEvent,
  CheckoutSuccessEvent,
} from './events/checkout-events.js';
export type { CheckoutControls, CheckoutPhase, CheckoutStatus } from './events/checkout-state.js';
export type { MessageKey, Messages } from './i18n/messages.js';
export type { MessageOverrides } from './i18n/overrides.js';
