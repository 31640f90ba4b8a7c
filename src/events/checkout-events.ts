import type { ClientSession } from '../api/client-types.js';
import type { CheckoutErrorDetail } from '../client/session-client.js';

/**
 * Every event the kit fires, typed once. All bubble and are composed so a
 * listener on the page sees them from inside any shadow root. None carries the
 * client secret or card data.
 */
export interface CheckoutEventDetails {
  /** The session loaded and the form is ready. */
  'checkout-ready': { session: ClientSession };
  /** The session changed (a payment attempt, a recomputed amount). */
  'checkout-change': { session: ClientSession };
  /** Paid. Cancelable: `preventDefault()` stops the redirect to `success_url`. */
  'checkout-success': { session: ClientSession };
  /** The customer canceled. Cancelable: `preventDefault()` stops the redirect to `cancel_url`. */
  'checkout-cancel': { session: ClientSession };
  /** A load failure or a declined payment; the form stays usable when it can. */
  'checkout-error': { error: CheckoutErrorDetail; session: ClientSession | null };
  /** The session expired; it can no longer be paid. */
  'checkout-expired': { session: ClientSession };
}

export type CheckoutEventName = keyof CheckoutEventDetails;

/** The event named `Name`, e.g. `CheckoutEvent<'checkout-success'>`; one name each below. */
export type CheckoutEvent<Name extends CheckoutEventName> = CustomEvent<CheckoutEventDetails[Name]>;

/** `checkout-ready`: the session loaded. */
export type CheckoutReadyEvent = CheckoutEvent<'checkout-ready'>;
/** `checkout-change`: the session changed. */
export type CheckoutChangeEvent = CheckoutEvent<'checkout-change'>;
/** `checkout-success`: paid. Cancelable: `preventDefault()` stops the redirect to `success_url`. */
export type CheckoutSuccessEvent = CheckoutEvent<'checkout-success'>;
/** `checkout-cancel`: the customer canceled. Cancelable: stops the redirect to `cancel_url`. */
export type CheckoutCancelEvent = CheckoutEvent<'checkout-cancel'>;
/** `checkout-error`: a load failure or a declined payment. */
export type CheckoutErrorEvent = CheckoutEvent<'checkout-error'>;
/** `checkout-expired`: the session can no longer be paid. */
export type CheckoutExpiredEvent = CheckoutEvent<'checkout-expired'>;

declare global {
  interface HTMLElementEventMap {
    'checkout-ready': CheckoutReadyEvent;
    'checkout-change': CheckoutChangeEvent;
    'checkout-success': CheckoutSuccessEvent;
    'checkout-cancel': CheckoutCancelEvent;
    'checkout-error': CheckoutErrorEvent;
    'checkout-expired': CheckoutExpiredEvent;
  }
}

const cancelable = new Set<CheckoutEventName>(['checkout-success', 'checkout-cancel']);

/** Dispatches a checkout event; returns false when a listener called `preventDefault()`. */
export function emit<Name extends CheckoutEventName>(
  target: EventTarget,
  name: Name,
  detail: CheckoutEventDetails[Name],
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, {
      detail,
      bubbles: true,
      composed: true,
      cancelable: cancelable.has(name),
    }),
  );
}

/** The events that end a session for an element; exactly one of them fires. */
export type TerminalEventName = 'checkout-success' | 'checkout-cancel' | 'checkout-expired';
