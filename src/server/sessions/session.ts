import type {
  ApiErrorBody,
  Address,
  ClientPaymentStatus,
  ClientSession,
  PaymentStatus,
  Recurring,
  SessionMode,
  SessionStatus,
  TaxBehavior,
  TotalDetails,
} from '../../api/client-types.js';

/**
 * A checkout session as the endpoint stores it. Every merchant API (one per
 * seed) and the client API are views of this one record, so a session created
 * through any of them is paid the same way.
 */
export interface SessionRecord {
  id: string;
  clientSecret: string;
  livemode: boolean;
  status: SessionStatus;
  paymentStatus: PaymentStatus;
  mode: SessionMode;
  uiMode: 'hosted' | 'embedded' | 'custom';
  currency: string;
  lineItems: LineItemRecord[];
  amountSubtotal: number;
  amountTotal: number;
  totalDetails: TotalDetails;
  customer: string | null;
  customerEmail: string | null;
  customerCreation: 'always' | 'if_required';
  billingAddressCollection: 'auto' | 'required';
  submitType: 'auto' | 'pay' | 'book' | 'donate';
  locale: string | null;
  clientReferenceId: string | null;
  paymentIntentData: PaymentIntentData | null;
  successUrl: string | null;
  cancelUrl: string | null;
  metadata: Record<string, string>;
  customerDetails: CustomerDetails | null;
  /** Unix seconds. */
  created: number;
  expiresAt: number;
  /** Unix seconds of the move out of `open`. */
  closedAt: number | null;
  paymentIntent: string | null;
  /** The latest payment attempt; earlier ones stay in the payments table. */
  payment: PaymentSummary | null;
  /** Set while one confirm is running, so a second one cannot start. */
  confirmingSince: number | null;
}

export interface LineItemRecord {
  id: string;
  name: string;
  description: string | null;
  images: string[];
  quantity: number;
  unitAmount: number;
  taxBehavior: TaxBehavior;
  recurring: Recurring | null;
  /** The catalog price this line came from, when it came from one. */
  price: string | null;
}

export interface PaymentIntentData {
  capture_method?: 'automatic' | 'automatic_async' | 'manual';
  description?: string;
  statement_descriptor?: string;
  metadata?: Record<string, string>;
  application_fee_amount?: number;
}

export interface CustomerDetails {
  email: string | null;
  name: string | null;
  phone: string | null;
  address:
    | Address
    | null;
}

export interface PaymentSummary {
  id: string;
  status: ClientPaymentStatus;
  brand: string;
  last4: string;
  error: ApiErrorBody['error'] | null;
}

/** One payment attempt. Card data is never part of it: brand and last 4 only. */
export interface PaymentRecord extends PaymentSummary {
  sessionId: string;
  amount: number;
  currency: string;
  created: number;
}

/** Fills in the amounts from the line items; the server is the only authority on them. */
export function priceSession(session: SessionRecord): SessionRecord {
  const totalDetails: TotalDetails = { amount_discount: 0, amount_shipping: 0, amount_tax: 0 };
  const amountSubtotal = session.lineItems.reduce(
    (sum, item) => sum + item.unitAmount * item.quantity,
    0,
  );
  return {
    ...session,
    amountSubtotal,
    totalDetails,
    amountTotal:
      amountSubtotal -
      totalDetails.amount_discount +
      totalDetails.amount_shipping +
      totalDetails.amount_tax,
  };
}

/** What the components see: no metadata, no client reference, no card data. */
export function toClientSession(session: SessionRecord): ClientSession {
  return {
    id: session.id,
    object: 'checkout.session.client',
    livemode: session.livemode,
    status: session.status,
    payment_status: session.paymentStatus,
    mode: session.mode,
    ui_mode: session.uiMode,
    currency: session.currency,
    line_items: session.lineItems.map((item) => ({
      id: item.id,
      name: item.name,
      description: item.description,
      images: item.images,
      quantity: item.quantity,
      unit_amount: item.unitAmount,
      amount_subtotal: item.unitAmount * item.quantity,
      amount_total: item.unitAmount * item.quantity,
      tax_behavior: item.taxBehavior,
      recurring: item.recurring,
    })),
    amount_subtotal: session.amountSubtotal,
    amount_total: session.amountTotal,
    total_details: session.totalDetails,
    customer_email: session.customerDetails?.email ?? session.customerEmail,
    billing_address_collection: session.billingAddressCollection,
    submit_type: session.submitType,
    locale: session.locale,
    expires_at: session.expiresAt,
    success_url: session.successUrl && fillSessionId(session.successUrl, session.id),
    cancel_url: session.cancelUrl && fillSessionId(session.cancelUrl, session.id),
    payment: session.payment && {
      id: session.payment.id,
      status: session.payment.status,
      brand: session.payment.brand,
      last4: session.payment.last4,
      next_action: session.payment.status === 'requires_action' ? { type: 'authenticate' } : null,
      error: session.payment.error,
    },
  };
}

/** Merchants may put `{CHECKOUT_SESSION_ID}` in their URLs to learn which session came back. */
export function fillSessionId(url: string, id: string): string {
  return url.replaceAll('{CHECKOUT_SESSION_ID}', id);
}
