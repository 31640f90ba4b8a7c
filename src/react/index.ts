/**
 * `checkout-kit/react`: a React component for every Checkout Kit element,
 * generated with `@lit/react` from one table. Element properties are typed
 * props (`clientSecret`, `fetchClientSecret`, `appearance`, …) and the
 * checkout events are `onCheckoutReady` … `onCheckoutExpired` props typed to
 * their `CustomEvent`s (`CheckoutSuccessEvent` …). Importing this module
 * registers the elements.
 *
 * `useCheckout()` gives any component inside `<CheckoutProvider>` the
 * checkout's state (`session`, `phase`, `problems`, `formError`, `loadError`,
 * `busy`) and every action of the provider, and renders it again when that
 * state changes:
 *
 * ```tsx
 * function Summary() {
 *   const { session, phase, busy, applyPromotionCode, confirm } = useCheckout();
 *   if (!session) return <p>{phase === 'failed' ? 'Could not load.' : 'Loading…'}</p>;
 *   return (
 *     <>
 *       <p>Total: {session.amount_total}</p>
 *       <button onClick={() => applyPromotionCode('SPRING')}>Apply SPRING</button>
 *       <button disabled={busy} onClick={() => confirm()}>Pay</button>
 *     </>
 *   );
 * }
 *
 * <CheckoutProvider fetchClientSecret={fetchClientSecret}>
 *   <Summary />
 *   <CheckoutCard />
 * </CheckoutProvider>
 * ```
 *
 * Safe to import during server rendering: nothing here touches `window` or
 * `customElements` until the elements are defined in a browser, and
 * `useCheckout()` renders there with `session: null` and `phase: 'loading'`.
 */
import { createComponent, type EventName, type ReactWebComponent } from '@lit/react';
import * as React from 'react';
import '../define.js';
import type { CheckoutEvent, CheckoutEventName } from '../events/checkout-events.js';
import * as elements from '../index.js';
import { withCheckoutState } from './use-checkout.js';

/** `checkout-success` → `CheckoutSuccess`. */
type Pascal<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${Pascal<Tail>}`
  : Capitalize<Name>;

/** The event props of the elements that fire checkout events: `onCheckoutSuccess` → `checkout-success`. */
export type CheckoutEventProps = {
  [Name in CheckoutEventName as `on${Pascal<Name>}`]: EventName<CheckoutEvent<Name>>;
};

// A record, so the compiler notices when an event is added to the kit and not here.
const eventNames = Object.keys({
  'checkout-ready': 0,
  'checkout-change': 0,
  'checkout-success': 0,
  'checkout-cancel': 0,
  'checkout-error': 0,
  'checkout-expired': 0,
} satisfies Record<CheckoutEventName, 0>) as CheckoutEventName[];

const pascal = (name: string) =>
  name.replace(/(?:^|-)(\w)/g, (_, letter: string) => letter.toUpperCase());

const checkoutEvents = Object.fromEntries(
  eventNames.map((name) => [`on${pascal(name)}`, name]),
) as CheckoutEventProps;

/** No event props: the custom-mode elements fire nothing; their provider does. */
const none = {};

/** One wrapper, named after its tag (class names do not survive minifying). */
function wrap<Element extends HTMLElement, Events extends Record<string, EventName | string>>(
  tagName: keyof HTMLElementTagNameMap,
  elementClass: new () => Element,
  events: Events,
): ReactWebComponent<Element, Events> {
  // Explicit type arguments: inferring them from `React` cost the type check 22 s.
  return createComponent<Element, Events>({
    react: React,
    tagName,
    elementClass,
    events,
    displayName: pascal(tagName),
  });
}

const wrappers = {
  CheckoutEmbedded: wrap('checkout-embedded', elements.CheckoutEmbedded, checkoutEvents),
  // The element's wrapper, plus the state `useCheckout()` reads below it.
  CheckoutProvider: withCheckoutState(
    wrap('checkout-provider', elements.CheckoutProvider, checkoutEvents),
  ),
  CheckoutLineItems: wrap('checkout-line-items', elements.CheckoutLineItems, none),
  CheckoutTotals: wrap('checkout-totals', elements.CheckoutTotals, none),
  CheckoutPromotionCode: wrap('checkout-promotion-code', elements.CheckoutPromotionCode, none),
  CheckoutEmail: wrap('checkout-email', elements.CheckoutEmail, none),
  CheckoutCard: wrap('checkout-card', elements.CheckoutCard, none),
  CheckoutAddress: wrap('checkout-address', elements.CheckoutAddress, none),
  CheckoutPhone: wrap('checkout-phone', elements.CheckoutPhone, none),
  CheckoutShippingRates: wrap('checkout-shipping-rates', elements.CheckoutShippingRates, none),
  CheckoutCrypto: wrap('checkout-crypto', elements.CheckoutCrypto, none),
  CheckoutPayButton: wrap('checkout-pay-button', elements.CheckoutPayButton, none),
  CheckoutCancelButton: wrap('checkout-cancel-button', elements.CheckoutCancelButton, none),
  CheckoutMessages: wrap('checkout-messages', elements.CheckoutMessages, none),
};

export const {
  CheckoutEmbedded,
  CheckoutProvider,
  CheckoutLineItems,
  CheckoutTotals,
  CheckoutPromotionCode,
  CheckoutEmail,
  CheckoutCard,
  CheckoutAddress,
  CheckoutPhone,
  CheckoutShippingRates,
  CheckoutCrypto,
  CheckoutPayButton,
  CheckoutCancelButton,
  CheckoutMessages,
} = wrappers;

export type {
  ActionError,
  ActionResult,
  CheckoutCancelEvent,
  CheckoutChangeEvent,
  CheckoutControls,
  CheckoutErrorDetail,
  CheckoutErrorEvent,
  CheckoutEvent,
  CheckoutEventDetails,
  CheckoutEventName,
  CheckoutExpiredEvent,
  CheckoutPhase,
  CheckoutReadyEvent,
  CheckoutStatus,
  CheckoutSuccessEvent,
  ClientSession,
  FieldProblem,
} from '../index.js';
export { type UseCheckoutResult, useCheckout } from './use-checkout.js';
