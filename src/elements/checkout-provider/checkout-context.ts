import type { PayerDetails } from '../../api/card-frame.js';
import type {
  Address,
  ClientSession,
  CryptoAsset,
  CryptoQuote,
  PaymentMethodType,
  ShippingDetails,
} from '../../api/client-types.js';
import type { EndpointError, PaymentResult, SessionClient } from '../../client/session-client.js';
import type { Phase } from '../../controllers/session-controller.js';
import type { Translator } from '../../i18n/translator.js';

/**
 * What `<checkout-provider>` shares with the elements inside it: one
 * immutable snapshot of the checkout per change, plus the provider's actions.
 * Elements read the snapshot and call the actions; they never talk to the
 * endpoint themselves, so two providers on a page never cross.
 */

/** What an action resolves to. Actions never throw for the customer's mistakes. */
export type ActionResult =
  | { type: 'success'; session: ClientSession }
  | { type: 'error'; error: ActionError };

export interface ActionError {
  /** The endpoint's (or the kit's) machine-readable code, e.g. `promotion_code_expired`. */
  code: string;
  /** A message for the customer, in the kit's locale. */
  message: string;
  /** The field at fault, as the endpoint names it, e.g. `line_items[0].quantity`. */
  field?: string;
}

/** A problem found when checking a field, shown by it and listed in the error summary. */
export interface FieldProblem {
  /** The input's id inside its element, e.g. `email` or `shipping-postal`. */
  field: string;
  message: string;
}

/**
 * An element with inputs registers one of these, so confirming can check and
 * save every field first, and the error summary can send focus back to it.
 */
export interface CheckoutField {
  readonly element: HTMLElement;
  /** Validates, saves pending input to the session, and reports what is wrong. */
  commit(): Promise<FieldProblem[]>;
  /** Runs after every field committed, for fields that copy another (billing "same as shipping"). */
  settle?(): Promise<FieldProblem[]>;
  focus(field: string): void;
  /** Shows an endpoint error by the right input; true when this element owns it. */
  showError?(error: ActionError): boolean;
}

/**
 * A way to pay, registered by the element that collects it: `<checkout-card>`
 * (its frame pays), `<checkout-crypto>` (a transfer). `confirm()` checks
 * every field, then hands the payer's details to the method the session
 * accepts; a new method is one more element that registers one of these.
 */
export interface PaymentMethod {
  readonly type: PaymentMethodType;
  readonly element: HTMLElement;
  /**
   * Pays the session: resolves to the session after the attempt (with the
   * decline, if any), or throws the EndpointError that stopped it. `client`
   * is the provider's connection, for methods whose data may pass the page.
   */
  pay(payer: PayerDetails, client: SessionClient): Promise<PaymentResult>;
}

/** Where the session lives: what a payment method's own frame needs to reach it. */
export interface SessionConnection {
  endpoint: string;
  clientSecret: string;
}

export interface SummaryProblem extends FieldProblem {
  owner: CheckoutField;
}

export interface CheckoutActions {
  confirm(): Promise<ActionResult>;
  cancel(): Promise<ActionResult>;
  updateLineItemQuantity(lineItemId: string, quantity: number): Promise<ActionResult>;
  applyPromotionCode(code: string): Promise<ActionResult>;
  removePromotionCode(): Promise<ActionResult>;
  updateEmail(email: string): Promise<ActionResult>;
  updateBillingAddress(address: Address | null): Promise<ActionResult>;
  updateShippingAddress(details: ShippingDetails | null): Promise<ActionResult>;
  updateShippingRate(shippingRateId: string): Promise<ActionResult>;
  updatePhone(phone: string | null): Promise<ActionResult>;
  /** Crypto sessions: quotes the amount in `asset` (one of `crypto.allowed_assets`). */
  selectCryptoAsset(asset: CryptoAsset): Promise<ActionResult>;
  /**
   * Test mode: sends the quoted amount. Resolves once the transfer is seen
   * (`crypto.status` `confirming`); `checkout-success` follows when it confirms.
   */
  simulateCryptoPayment(): Promise<ActionResult>;
}

/** How elements plug into their provider. */
export interface CheckoutRegistry {
  /** Returns the function that unregisters. */
  registerField(field: CheckoutField): () => void;
  /** An element that can pay (card, crypto); returns the function that unregisters. */
  registerPaymentMethod(method: PaymentMethod): () => void;
  /** The endpoint and client secret of the loaded session; null until it has loaded. */
  connection(): SessionConnection | null;
  focusProblem(problem: SummaryProblem): void;
  /** Answers the bank's test challenge. */
  authenticate(outcome: 'approve' | 'fail'): Promise<ActionResult>;
}

export interface CheckoutState {
  phase: Phase;
  session: ClientSession | null;
  loadError: EndpointError | null;
  /** The tag the elements format money, numbers and dates with, e.g. `fr-CH`. */
  locale: string | undefined;
  /** Words and formats in the checkout's locale: `t(key, params)`, `locale`, `lang`, `dir`. */
  i18n: Translator;
  /** A confirm, challenge or cancel is in flight. */
  busy: boolean;
  /** What the last confirm found wrong, in page order. */
  problems: readonly SummaryProblem[];
  /** An error that belongs to no field (a decline, a lost connection). */
  formError: string | null;
  /** The crypto quote the kit renewed by itself when it expired; null after the customer's own choice. */
  replacedQuote: CryptoQuote | null;
  /** Why renewing an expired crypto quote failed (it is retried while the connection is down). */
  quoteRefreshError: string | null;
  checkout: CheckoutActions & CheckoutRegistry;
}

/**
 * How an element finds its provider: it dispatches this event, composed and
 * bubbling, from itself, and the nearest `<checkout-provider>` on the
 * event's path (through slots and shadow roots) answers in the detail with
 * its subscribe: the state now and after every change, until the returned
 * function is called.
 */
export const providerRequest = 'checkout-provider-request';

export interface ProviderRequestDetail {
  subscribe?: (listener: (state: CheckoutState) => void) => () => void;
}
