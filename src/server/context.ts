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
  /** Public origin for links, when it differs from the one requests arrive on (a proxy). */
  publicUrl: string | undefined;
  /** Rates applied to sessions with automatic tax on. */
  taxRates: readonly TaxRate[];
}

export function unixNow(context: EndpointContext): number {
  return Math.floor(context.now() / 1000);
}
