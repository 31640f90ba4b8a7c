/**
 * The client API's wire format: what the endpoint sends to the components and
 * what the components send back. Shared by both sides so they cannot drift.
 * Nothing here is merchant-only (no metadata, no client reference) and nothing
 * here carries a card number or CVC.
 */

export type SessionStatus = 'open' | 'complete' | 'expired' | 'canceled';
export type PaymentStatus = 'unpaid' | 'paid' | 'no_payment_required';
export type SessionMode = 'payment' | 'setup' | 'subscription';
export type TaxBehavior = 'inclusive' | 'exclusive' | 'unspecified';

export interface Recurring {
  interval: 'day' | 'week' | 'month' | 'year';
  interval_count: number;
}

export interface ClientLineItem {
  id: string;
  name: string;
  description: string | null;
  images: string[];
  quantity: number;
  /** Price of one unit, in the currency's minor unit. */
  unit_amount: number;
  amount_subtotal: number;
  amount_total: number;
  tax_behavior: TaxBehavior;
  recurring: Recurring | null;
}

export interface TotalDetails {
  amount_discount: number;
  amount_shipping: number;
  amount_tax: number;
}

export interface BillingAddress {
  country: string;
  postal_code?: string;
}

export type ClientPaymentStatus = 'succeeded' | 'requires_action' | 'requires_capture' | 'failed';

/** The most recent payment attempt, as the customer may see it. */
export interface ClientPayment {
  id: string;
  status: ClientPaymentStatus;
  brand: string;
  last4: string;
  /** Present while the bank asks the customer to authenticate (3-D Secure). */
  next_action: { type: 'authenticate' } | null;
  error: ApiErrorBody['error'] | null;
}

export interface ClientSession {
  id: string;
  object: 'checkout.session.client';
  livemode: boolean;
  status: SessionStatus;
  payment_status: PaymentStatus;
  mode: SessionMode;
  ui_mode: 'hosted' | 'embedded' | 'custom';
  currency: string;
  line_items: ClientLineItem[];
  amount_subtotal: number;
  amount_total: number;
  total_details: TotalDetails;
  customer_email: string | null;
  billing_address_collection: 'auto' | 'required';
  submit_type: 'auto' | 'pay' | 'book' | 'donate';
  locale: string | null;
  /** Unix seconds. */
  expires_at: number;
  success_url: string | null;
  cancel_url: string | null;
  payment: ClientPayment | null;
}

/** Card details as the card element hands them to the confirm seam. */
export interface CardDetails {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

export interface ConfirmRequest {
  email: string;
  payment_method: {
    card: CardDetails;
    billing_details: { name: string; address?: BillingAddress };
  };
}

export interface ChallengeRequest {
  payment: string;
  outcome: 'approve' | 'fail';
}

/** Every 4xx/5xx from the endpoint has this shape. */
export interface ApiErrorBody {
  error: {
    type:
      | 'invalid_request_error'
      | 'card_error'
      | 'authentication_error'
      | 'idempotency_error'
      | 'api_error';
    code: string;
    message: string;
    /** The request field at fault, e.g. `line_items[0].quantity`. */
    param?: string;
    /** The rule it broke, e.g. `max_length`. */
    rule?: string;
    decline_code?: string;
    /** True when trying again with the same details may succeed. */
    retryable?: boolean;
  };
}

/** Confirm and challenge answer with the session after the attempt. */
export interface PaymentResponse {
  session: ClientSession;
}
