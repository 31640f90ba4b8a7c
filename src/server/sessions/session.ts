import type {
  Address,
  AdjustableQuantity,
  ApiErrorBody,
  AppliedDiscount,
  AppliedTax,
  ClientCrypto,
  ClientPaymentStatus,
  ClientSession,
  ClientShippingRate,
  CryptoAsset,
  CryptoQuote,
  PaymentMethodType,
  PaymentStatus,
  Recurring,
  SessionMode,
  SessionStatus,
  ShippingDetails,
  TaxBehavior,
  TotalDetails,
} from '../../api/client-types.js';
import { qrModules } from '../payment-methods/qr-modules.js';
import { price } from './pricing.js';
import type { TaxRate } from './tax-rates.js';

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
  /** Before discount, shipping and tax. */
  amountSubtotal: number;
  amountTotal: number;
  totalDetails: TotalDetails;
  customer: string | null;
  /** Prefilled by the merchant. */
  customerEmail: string | null;
  customerCreation: 'always' | 'if_required';
  billingAddressCollection: 'auto' | 'required';
  submitType: 'auto' | 'pay' | 'book' | 'donate';
  locale: string | null;
  clientReferenceId: string | null;
  paymentIntentData: PaymentIntentData | null;
  successUrl: string | null;
  cancelUrl: string | null;
  /** Seed 003 allows strings only; seeds 000, 001 and 004 allow any JSON values. */
  metadata: Record<string, unknown>;
  /** Which merchant API created the session, with what only that API's view echoes. */
  source: SessionSource;
  paymentMethodTypes: PaymentMethodType[];
  /** The card form asks for the billing postal code (address verification). Absent in older records. */
  cardPostalCode?: 'required' | 'none';
  /** Set for sessions paid in crypto (seed 002). */
  crypto: CryptoState | null;
  /** Who paid, set when a payment is confirmed. */
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

  // What the merchant asked to collect or offer.
  shippingAddressCollection: { allowed_countries: string[] } | null;
  shippingOptions: ClientShippingRate[];
  phoneNumberCollection: { enabled: boolean; required: boolean };
  allowPromotionCodes: boolean;
  /** Status and rate are recomputed with every price. */
  automaticTax: { enabled: boolean; status: 'complete' | 'requires_location_inputs' | null };

  // What the customer entered through the client API.
  enteredEmail: string | null;
  /** E.164. */
  customerPhone: string | null;
  billingAddress: Address | null;
  shippingDetails: ShippingDetails | null;
  /** The chosen shipping option's id; the first option until the customer picks. */
  shippingRate: string | null;
  discount: SessionDiscount | null;

  // Computed.
  tax: AppliedTax | null;
  /** Set when a subscription-mode session completes. */
  subscription: string | null;
  /** Set when a setup-mode session completes. */
  setupIntent: string | null;
}

/** The applied promotion code, with what pricing must keep checking. */
export interface SessionDiscount extends AppliedDiscount {
  /** The code's minimum order (before discount) in the session's currency, if any. */
  minimum_amount: number | null;
}

export interface LineItemRecord {
  id: string;
  name: string;
  /** The merchant's or catalog's product id, when the line names one. */
  product: string | null;
  /** The variant's display name, when the line is one variant of a product. */
  variant: string | null;
  description: string | null;
  images: string[];
  quantity: number;
  unitAmount: number;
  taxBehavior: TaxBehavior;
  recurring: Recurring | null;
  /** The catalog price this line came from, when it came from one. */
  price: string | null;
  /** Null when the customer cannot change the quantity. */
  adjustableQuantity: AdjustableQuantity | null;
  // Computed by `priceSession`.
  amountSubtotal: number;
  amountDiscount: number;
  amountTax: number;
  amountTotal: number;
}

/**
 * The merchant API a session came from. Every API reads and writes the same
 * record; this keeps what only its own view gives back.
 */
export type SessionSource =
  | { api: 'checkout_sessions' }
  | {
      /** Seed 000, `POST /v1/checkout`. */
      api: 'payments';
      customerId: string;
      orderId: string | null;
      stripeCustomerId: string | null;
      subscriptionPlanId: string | null;
      /** Created from `amount_cents` alone: one amount, no products. */
      amountOnly: boolean;
    }
  | {
      /** Seed 001, `POST /api/v3/checkout/sessions`. */
      api: 'sessions_v3';
      productName: string | null;
      externalCustomerId: string | null;
    }
  | {
      /** Seed 002, `POST /api/v1/checkout`. */
      api: 'crypto';
      /** As given, in the currency's major unit. */
      amount: number;
      email: string;
      name: string;
      productId: string;
      productName: string;
      productDescription: string;
    }
  | {
      /** Seed 004, `POST /api/v2/checkout-sessions`. */
      api: 'sessions_v2';
      userId: string | null;
      customerId: string | null;
    };

/** A crypto session's state; amounts the customer owes come only from `quote`. */
export interface CryptoState {
  allowedAssets: CryptoAsset[];
  quote: CryptoQuote | null;
  /** The simulated (test mode) transfer, waiting for confirmations until `confirmsAt`. */
  deposit: { asset: CryptoAsset; amount: string; transaction: string; confirmsAt: number } | null;
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
  address: Address | null;
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
  /**
   * A card payment's processor idempotency key: it names the authorization
   * for `Processor.voidAuthorization` when a 3-D Secure approval is not
   * recorded as paid. Kept here only; pages and merchants never see it.
   */
  authorizationKey?: string;
}

/** Largest amount a session may total, in minor units, as card networks cap it. */
export const maxAmount = 99_999_999;

/**
 * Whether time alone may have settled an open session: its expiry or its
 * crypto transfer's confirmations are due (`settleSession` decides which).
 */
export function settlementDue(session: SessionRecord, now: number): boolean {
  const confirmsAt = session.crypto?.deposit?.confirmsAt ?? Number.POSITIVE_INFINITY;
  return session.status === 'open' && (session.expiresAt <= now || confirmsAt <= now);
}

/** Where tax is due: the shipping address when the session ships, else the billing address. */
export function taxLocation(session: SessionRecord): Address | null {
  return session.shippingAddressCollection
    ? (session.shippingDetails?.address ?? null)
    : session.billingAddress;
}

export function chosenShippingRate(session: SessionRecord): ClientShippingRate | null {
  return (
    session.shippingOptions.find((option) => option.id === session.shippingRate) ??
    session.shippingOptions[0] ??
    null
  );
}

/** Recomputes every amount from the line items, discount, shipping and tax location. */
export function priceSession(session: SessionRecord, taxRates: readonly TaxRate[]): SessionRecord {
  const pricing = price({
    lines: session.lineItems,
    discount: session.discount && {
      percentOff: session.discount.percent_off,
      amountOff: session.discount.amount_off,
    },
    shippingAmount: chosenShippingRate(session)?.amount ?? 0,
    automaticTax: session.automaticTax.enabled,
    location: taxLocation(session),
    taxRates,
  });
  return {
    ...session,
    lineItems: session.lineItems.map((item, index) => ({ ...item, ...pricing.lines[index]! })),
    amountSubtotal: pricing.amountSubtotal,
    totalDetails: pricing.totalDetails,
    amountTotal: pricing.amountTotal,
    automaticTax: pricing.automaticTax,
    tax: pricing.tax,
  };
}

/** Fills fields that sessions stored by earlier versions lack. */
export function withSessionDefaults(stored: SessionRecord): SessionRecord {
  const session = stored as Partial<SessionRecord> & SessionRecord;
  return {
    ...session,
    shippingAddressCollection: session.shippingAddressCollection ?? null,
    shippingOptions: session.shippingOptions ?? [],
    phoneNumberCollection: session.phoneNumberCollection ?? { enabled: false, required: false },
    allowPromotionCodes: session.allowPromotionCodes ?? false,
    automaticTax: session.automaticTax ?? { enabled: false, status: null },
    enteredEmail: session.enteredEmail ?? null,
    customerPhone: session.customerPhone ?? null,
    billingAddress: session.billingAddress ?? null,
    shippingDetails: session.shippingDetails ?? null,
    shippingRate: session.shippingRate ?? null,
    discount: session.discount ?? null,
    tax: session.tax ?? null,
    subscription: session.subscription ?? null,
    setupIntent: session.setupIntent ?? null,
    source: session.source ?? { api: 'checkout_sessions' },
    paymentMethodTypes: session.paymentMethodTypes ?? ['card'],
    crypto: session.crypto ?? null,
    lineItems: session.lineItems.map((item) => {
      const subtotal = item.unitAmount * item.quantity;
      return {
        ...item,
        product: item.product ?? null,
        variant: item.variant ?? null,
        adjustableQuantity: item.adjustableQuantity ?? null,
        amountSubtotal: item.amountSubtotal ?? subtotal,
        amountDiscount: item.amountDiscount ?? 0,
        amountTax: item.amountTax ?? 0,
        amountTotal: item.amountTotal ?? subtotal,
      };
    }),
  };
}

/** The email the customer gave last: at confirm, through an update, or prefilled. */
export function customerEmailOf(session: SessionRecord): string | null {
  return session.customerDetails?.email ?? session.enteredEmail ?? session.customerEmail;
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
      variant: item.variant,
      description: item.description,
      images: item.images,
      quantity: item.quantity,
      unit_amount: item.unitAmount,
      amount_subtotal: item.amountSubtotal,
      amount_discount: item.amountDiscount,
      amount_tax: item.amountTax,
      amount_total: item.amountTotal,
      tax_behavior: item.taxBehavior,
      recurring: item.recurring,
      adjustable_quantity: item.adjustableQuantity,
    })),
    amount_subtotal: session.amountSubtotal,
    amount_total: session.amountTotal,
    total_details: session.totalDetails,
    customer_email: customerEmailOf(session),
    customer_phone: session.customerPhone,
    billing_address_collection: session.billingAddressCollection,
    billing_address: session.billingAddress,
    shipping_address_collection: session.shippingAddressCollection,
    shipping_details: session.shippingDetails,
    shipping_options: session.shippingOptions,
    shipping_rate: chosenShippingRate(session)?.id ?? null,
    phone_number_collection: session.phoneNumberCollection,
    allow_promotion_codes: session.allowPromotionCodes,
    discount: session.discount && {
      promotion_code: session.discount.promotion_code,
      code: session.discount.code,
      percent_off: session.discount.percent_off,
      amount_off: session.discount.amount_off,
    },
    automatic_tax: session.automaticTax,
    tax: session.tax,
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
    payment_method_types: session.paymentMethodTypes,
    card_postal_code: session.cardPostalCode ?? 'none',
    crypto: session.crypto && toClientCrypto(session.crypto, session.status === 'complete'),
    subscription: session.subscription,
    setup_intent: session.setupIntent,
  };
}

function toClientCrypto(crypto: CryptoState, complete: boolean): ClientCrypto {
  return {
    allowed_assets: crypto.allowedAssets,
    status: crypto.deposit
      ? complete
        ? 'confirmed'
        : 'confirming'
      : crypto.quote
        ? 'awaiting_payment'
        : 'awaiting_asset',
    // Quotes stored before they carried their QR code get it here, until renewed.
    quote:
      crypto.quote && !crypto.quote.qr
        ? { ...crypto.quote, qr: qrModules(crypto.quote.uri) }
        : crypto.quote,
    transaction: crypto.deposit?.transaction ?? null,
  };
}

/** Merchants may put `{CHECKOUT_SESSION_ID}` in their URLs to learn which session came back. */
export function fillSessionId(url: string, id: string): string {
  return url.replaceAll('{CHECKOUT_SESSION_ID}', id);
}
