/**
 * Compile-time checks of the named event types (run by `tsc --noEmit -p .`,
 * never executed): each is exactly the `CustomEvent` of its detail, the same
 * type from every entry point, and what `addEventListener` hands a listener.
 */
import type {
  CheckoutCancelEvent,
  CheckoutChangeEvent,
  CheckoutErrorEvent,
  CheckoutEvent,
  CheckoutEventDetails,
  CheckoutExpiredEvent,
  CheckoutReadyEvent,
  CheckoutSuccessEvent,
  ClientSession,
} from 'checkout-kit';
import type * as react from 'checkout-kit/react';
import type * as vue from 'checkout-kit/vue';
import type { Equal, Expect } from './equal.js';

export type EachIsItsCustomEvent = [
  Expect<Equal<CheckoutReadyEvent, CustomEvent<CheckoutEventDetails['checkout-ready']>>>,
  Expect<Equal<CheckoutChangeEvent, CustomEvent<CheckoutEventDetails['checkout-change']>>>,
  Expect<Equal<CheckoutSuccessEvent, CustomEvent<CheckoutEventDetails['checkout-success']>>>,
  Expect<Equal<CheckoutCancelEvent, CustomEvent<CheckoutEventDetails['checkout-cancel']>>>,
  Expect<Equal<CheckoutErrorEvent, CustomEvent<CheckoutEventDetails['checkout-error']>>>,
  Expect<Equal<CheckoutExpiredEvent, CustomEvent<CheckoutEventDetails['checkout-expired']>>>,
];

export type TheGenericFormStillWorks = [
  Expect<Equal<CheckoutEvent<'checkout-success'>, CheckoutSuccessEvent>>,
  Expect<Equal<CheckoutEvent<'checkout-error'>, CheckoutErrorEvent>>,
  Expect<Equal<CheckoutErrorEvent['detail']['session'], ClientSession | null>>,
];

export type TheSameFromEveryEntry = [
  Expect<Equal<react.CheckoutReadyEvent, CheckoutReadyEvent>>,
  Expect<Equal<react.CheckoutChangeEvent, CheckoutChangeEvent>>,
  Expect<Equal<react.CheckoutSuccessEvent, CheckoutSuccessEvent>>,
  Expect<Equal<react.CheckoutCancelEvent, CheckoutCancelEvent>>,
  Expect<Equal<react.CheckoutErrorEvent, CheckoutErrorEvent>>,
  Expect<Equal<react.CheckoutExpiredEvent, CheckoutExpiredEvent>>,
  Expect<Equal<vue.CheckoutReadyEvent, CheckoutReadyEvent>>,
  Expect<Equal<vue.CheckoutChangeEvent, CheckoutChangeEvent>>,
  Expect<Equal<vue.CheckoutSuccessEvent, CheckoutSuccessEvent>>,
  Expect<Equal<vue.CheckoutCancelEvent, CheckoutCancelEvent>>,
  Expect<Equal<vue.CheckoutErrorEvent, CheckoutErrorEvent>>,
  Expect<Equal<vue.CheckoutExpiredEvent, CheckoutExpiredEvent>>,
];

export type TheEventMapUsesThem = [
  Expect<Equal<HTMLElementEventMap['checkout-ready'], CheckoutReadyEvent>>,
  Expect<Equal<HTMLElementEventMap['checkout-change'], CheckoutChangeEvent>>,
  Expect<Equal<HTMLElementEventMap['checkout-success'], CheckoutSuccessEvent>>,
  Expect<Equal<HTMLElementEventMap['checkout-cancel'], CheckoutCancelEvent>>,
  Expect<Equal<HTMLElementEventMap['checkout-error'], CheckoutErrorEvent>>,
  Expect<Equal<HTMLElementEventMap['checkout-expired'], CheckoutExpiredEvent>>,
];

export function listeners(element: HTMLElementTagNameMap['checkout-provider']): void {
  element.addEventListener('checkout-success', (event) => {
    const exact: Expect<Equal<typeof event, CheckoutSuccessEvent>> = true;
    event.preventDefault();
    return [exact, event.detail.session.id];
  });
  element.addEventListener('checkout-error', (event) => {
    const exact: Expect<Equal<typeof event, CheckoutErrorEvent>> = true;
    return [exact, event.detail.error.code];
  });
  document.createElement('checkout-embedded').addEventListener('checkout-expired', (event) => {
    const exact: Expect<Equal<typeof event, CheckoutExpiredEvent>> = true;
    return exact;
  });
  // A listener typed with the named type is accepted where the map's event is given.
  const onReady = (event: CheckoutReadyEvent) => event.detail.session.status;
  element.addEventListener('checkout-ready', onReady);
  // @ts-expect-error a success listener is not an error listener: its detail has no `error`
  element.addEventListener('checkout-error', (event: CheckoutSuccessEvent) => event);
  element.addEventListener('checkout-success', (event) => {
    // @ts-expect-error a success event's detail has no error
    return event.detail.error;
  });
}
