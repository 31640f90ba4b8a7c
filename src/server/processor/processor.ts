import type { Address, CardDetails } from '../../api/client-types.js';

/**
 * The seam between the endpoint and whoever moves the money. The endpoint
 * has already checked the card's format (Luhn, expiry, CVC length),
 * recomputed the amount and claimed the session; the processor only decides.
 * It gets the card for this one call and must not keep it.
 *
 * Only the test-mode processor ships (`testProcessor`); a real one wraps an
 * acquirer's or gateway's authorization call behind this interface.
 */
export interface Processor {
  authorize(request: CardAuthorizationRequest): Promise<CardAuthorization>;
  /**
   * Releases an authorization the endpoint will not record as paid, so the
   * hold on the customer's card goes now rather than when the issuer lets it
   * lapse: the session closed (expired, canceled) while the processor was
   * deciding, another session took the promotion code's last redemption, or
   * the bank approved a 3-D Secure challenge the session no longer waited on.
   * Called with the authorization's own idempotency key, after the session's
   * outcome is written; a failure is reported (`reportError`) and changes no
   * answer. Without it, such an authorization is only reported. One
   * authorization may be asked twice (a late approval sent again, or answered
   * by two processes), so void by the key, idempotently.
   */
  voidAuthorization?(request: CardVoidRequest): Promise<void>;
}

export interface CardVoidRequest {
  /** The checkout session, `cs_…`. */
  sessionId: string;
  /** The `idempotencyKey` the authorization was asked with: it names the authorization. */
  idempotencyKey: string;
  amount: number;
  currency: string;
  /**
   * `session_closed`: it expired or was canceled (or another payment completed
   * it) before this one was recorded; `promotion_code_exhausted`: another
   * session took the code's last redemption; `payment_superseded`: the bank
   * approved the 3-D Secure challenge after the order changed or another
   * payment attempt took this one's place.
   */
  reason: 'session_closed' | 'promotion_code_exhausted' | 'payment_superseded';
}

export interface CardAuthorizationRequest {
  /** In the currency's minor unit, as the endpoint priced it; 0 in setup mode (verify only). */
  amount: number;
  /** ISO 4217, lower case. */
  currency: string;
  card: CardDetails;
  /** `postalCode`: asked with the card when the session requires it; else the address's, if any. */
  billingDetails: { name: string; address: Address | null; postalCode: string | null };
  /** The checkout session paying, `cs_…`. */
  sessionId: string;
  /**
   * Unique per payment attempt and stable across the customer's retries of
   * it (the session id and the confirm's Idempotency-Key): pass it on as the
   * processor's own idempotency key, so a retried call cannot charge twice.
   */
  idempotencyKey: string;
  /** `setup` asks to verify and save the card without charging it. */
  mode: 'payment' | 'subscription' | 'setup';
}

/** What the processor decided. Never carries card data. */
export type CardAuthorization =
  | { status: 'approved' }
  | { status: 'requires_authentication' }
  | {
      status: 'declined';
      /** The endpoint's error code, e.g. `card_declined`, `expired_card`, `processing_error`. */
      code: string;
      /** The issuer's reason, e.g. `insufficient_funds`. */
      declineCode?: string;
      /** For the customer, in English; the kit shows its own words by `code` when it has them. */
      message: string;
      /** Trying again with the same card may succeed (`processing_error`). */
      retryable?: boolean;
    };
