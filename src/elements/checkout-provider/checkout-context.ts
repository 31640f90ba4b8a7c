import { createContext } from '@lit/context';
import type {
  Address,
  ClientSession,
  CryptoAsset,
  CryptoQuote,
  ShippingDetails,
} from '../../api/client-types.js';
import type { CardHandle } from '../../client/card-payment.js';
import type { EndpointError } from '../../client/session-client.js';
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
  /** The card element's opaque handle; only the payment seam can read it. */
  registerCard(handle: CardHandle): () => void;
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

export const checkoutContext = createContext<CheckoutState>(Symbol('checkout-kit/checkout'));
