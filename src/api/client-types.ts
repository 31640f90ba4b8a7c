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

/** Set when the customer may change a line's quantity, within these bounds. */
export interface AdjustableQuantity {
  enabled: boolean;
  minimum: number;
  maximum: number;
}

export interface ClientLineItem {
  id: string;
  name: string;
  /** The product variant's name (size, colour…), when the line is one variant of a product. */
  variant: string | null;
  description: string | null;
  images: string[];
  quantity: number;
  /** Price of one unit, in the currency's minor unit. */
  unit_amount: number;
  /** unit_amount × quantity, before discount and tax. */
  amount_subtotal: number;
  /** This line's share of the discount. */
  amount_discount: number;
  /** Tax on this line (inclusive or exclusive, as `tax_behavior` says). */
  amount_tax: number;
  /** amount_subtotal − amount_discount + exclusive tax. */
  amount_total: number;
  tax_behavior: TaxBehavior;
  recurring: Recurring | null;
  adjustable_quantity: AdjustableQuantity | null;
}

export interface TotalDetails {
  amount_discount: number;
  amount_shipping: number;
  /** All tax, inclusive and exclusive; only the exclusive part adds to the total. */
  amount_tax: number;
}

/** A postal address as the customer enters it. Only `country` is always present. */
export interface Address {
  country: string;
  line1?: string;
  line2?: string;
  city?: string;
  /** State, province or prefecture code, e.g. `CA` for California. */
  state?: string;
  postal_code?: string;
}

export interface ShippingDetails {
  name: string;
  address: Address;
}

export interface DeliveryEstimate {
  minimum: { unit: 'business_day' | 'day' | 'week'; value: number } | null;
  maximum: { unit: 'business_day' | 'day' | 'week'; value: number } | null;
}

/** A merchant-defined shipping choice. */
export interface ClientShippingRate {
  id: string;
  display_name: string;
  /** In the session's currency and minor unit. */
  amount: number;
  delivery_estimate: DeliveryEstimate | null;
}

/** The promotion code applied to the session. */
export interface AppliedDiscount {
  /** The id of the promotion code, `promo_…`. */
  promotion_code: string;
  /** The code as the customer typed it, in the merchant's spelling. */
  code: string;
  percent_off: number | null;
  /** In the session's currency and minor unit. */
  amount_off: number | null;
}

/** The tax rate that applies to the session's address, when automatic tax is on. */
export interface AppliedTax {
  display_name: string;
  /** Percent, e.g. 20 for 20 %. */
  percentage: number;
  country: string;
  state: string | null;
  /** Tax already inside inclusive prices. */
  amount_inclusive: number;
  /** Tax added on top of exclusive prices. */
  amount_exclusive: number;
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

/** The crypto assets a crypto checkout can be paid in. */
export type CryptoAsset = 'ETH' | 'USDT' | 'USDC';

/** What the customer must send, in one asset, until `expires_at`. */
export interface CryptoQuote {
  asset: CryptoAsset;
  /** Decimal amount of the asset, e.g. `0.04000000`. */
  amount: string;
  /** Session currency per unit of the asset, as a decimal string. */
  rate: string;
  network: 'ethereum';
  /** Where to send it. */
  address: string;
  /** A payment URI (EIP-681) for wallets and the QR code. */
  uri: string;
  /** `uri` as a QR code, drawn by the kit. */
  qr: CryptoQr;
  /** Unix seconds; after this a new quote is needed. */
  expires_at: number;
}

/** A QR code's modules, encoded by the endpoint so the browser needs no encoder. */
export interface CryptoQr {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Base64 of `size * size` bits, row by row, most significant bit first; 1 is dark. */
  modules: string;
}

/**
 * A crypto checkout's progress: choose an asset, send the quoted amount, wait
 * while the network confirms it.
 */
export interface ClientCrypto {
  /** Never empty: a session created with none allows every asset. */
  allowed_assets: CryptoAsset[];
  status: 'awaiting_asset' | 'awaiting_payment' | 'confirming' | 'confirmed';
  quote: CryptoQuote | null;
  /** The detected transfer, once there is one. */
  transaction: string | null;
}

export type PaymentMethodType = 'card' | 'crypto';

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
  /** E.164, e.g. `+442071838750`. */
  customer_phone: string | null;
  billing_address_collection: 'auto' | 'required';
  /** The billing address the customer entered, if any. */
  billing_address: Address | null;
  /** Null when the session does not ask for a shipping address. */
  shipping_address_collection: { allowed_countries: string[] } | null;
  shipping_details: ShippingDetails | null;
  shipping_options: ClientShippingRate[];
  /** The id of the chosen shipping rate (the first one until the customer picks). */
  shipping_rate: string | null;
  phone_number_collection: { enabled: boolean; required: boolean };
  allow_promotion_codes: boolean;
  discount: AppliedDiscount | null;
  /** `requires_location_inputs` until an address says which rate applies. */
  automatic_tax: { enabled: boolean; status: 'complete' | 'requires_location_inputs' | null };
  tax: AppliedTax | null;
  submit_type: 'auto' | 'pay' | 'book' | 'donate';
  locale: string | null;
  /** Unix seconds. */
  expires_at: number;
  success_url: string | null;
  cancel_url: string | null;
  payment: ClientPayment | null;
  /** How this session can be paid. */
  payment_method_types: PaymentMethodType[];
  /** `required`: the card form asks for the billing postal code (address verification). */
  card_postal_code: 'required' | 'none';
  /** Null unless the session is paid in crypto. */
  crypto: ClientCrypto | null;
  /** Set once a subscription-mode session completes, `sub_…`. */
  subscription: string | null;
  /** Set once a setup-mode session saved the card, `seti_…`. */
  setup_intent: string | null;
  /**
   * The session's amounts as money, formatted by the endpoint in the locale
   * the kit is expected to pick: the form's first render then needs no
   * `Intl`. On the session reads and updates of the client API.
   */
  formatted_amounts?: FormattedAmounts;
}

/** Amounts in the session's currency, formatted in `locale`: `{ "1800": "$18.00" }`. */
export interface FormattedAmounts {
  /** The locale they are formatted in, as the kit resolves it (`en-US`, `fr-CH`). */
  locale: string;
  /** By amount in the currency's minor unit. */
  amounts: Record<string, string>;
}

/**
 * A partial update of what the customer entered; the endpoint validates it,
 * stores it and answers with the re-priced session. Absent fields are left
 * alone; `null` clears an address.
 */
export interface SessionUpdate {
  line_items?: Array<{ id: string; quantity: number }>;
  email?: string;
  /** E.164. */
  phone?: string | null;
  billing_address?: Address | null;
  shipping_details?: ShippingDetails | null;
  shipping_rate?: string;
}

export interface PromotionCodeRequest {
  code: string;
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
    /** `address` falls back to the billing address stored by an update. */
    billing_details: {
      name: string;
      address?: Address;
      /** Asked with the card when the session's `card_postal_code` is `required`. */
      postal_code?: string;
    };
  };
}

export interface CryptoQuoteRequest {
  asset: CryptoAsset;
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
