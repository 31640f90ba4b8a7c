import type { Processor } from './processor/processor.js';
import type { TaxRate } from './sessions/tax-rates.js';
import type { CheckoutStore } from './store/store.js';

/** What every route and service needs from the handler's configuration. */
export interface EndpointContext {
  store: CheckoutStore;
  secretKey: string;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now: () => number;
  livemode: false;
  /** Where hosted pages load the script-tag build from. */
  scriptUrl: string;
  /** The script-tag build's lazy parts beside `scriptUrl`: file by part name. */
  scriptParts: Readonly<Record<string, string>>;
  /** Where the card frame's document loads its script from, when it is not inlined. */
  frameScriptUrl: string;
  /** The card frame's script, inlined in its document; null loads `frameScriptUrl` instead. */
  frameScript: string | null;
  /** Who may embed the card frame: CSP `frame-ancestors` sources. */
  frameAncestors: readonly string[];
  /** Decides card payments. */
  processor: Processor;
  /** Public origin for links, when it differs from the one requests arrive on (a proxy). */
  publicUrl: string | undefined;
  /** Rates applied to sessions with automatic tax on. */
  taxRates: readonly TaxRate[];
  /** Where events go; null queues none. */
  webhooks: WebhookSettings | null;
  /** How long an unfinished request holds its idempotency key, in seconds (1 to 30). */
  idempotencyLeaseSeconds: number;
  /** How long a crypto quote holds, in seconds. */
  cryptoQuoteSeconds: number;
  /** How long a simulated crypto transfer waits for confirmations, in seconds. */
  cryptoConfirmationSeconds: number;
  /**
   * Told of an unexpected error (one answered 500, or a store failure the
   * answer survives), with the request it happened in when there is one.
   */
  reportError: (error: unknown, request?: Request) => void;
}

export interface WebhookSettings {
  /** The merchant's receiver. */
  url: string;
  /** Signs each delivery (HMAC-SHA256); the receiver checks with `verifyWebhook`. */
  secret: string;
}

export function unixNow(context: EndpointContext): number {
  return Math.floor(context.now() / 1000);
}
