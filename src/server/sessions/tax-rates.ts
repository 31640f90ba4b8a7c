/**
 * Tax rates the endpoint applies when a session has automatic tax on. The
 * defaults are test-mode demo rates, not tax advice: merchants pass their own
 * through `createCheckoutApp({ taxRates })`.
 */
export interface TaxRate {
  /** ISO 3166-1 alpha-2, e.g. `US`. */
  country: string;
  /** State or province code, e.g. `CA`; a state-specific rate wins over the country's. */
  state?: string;
  /** Percent, e.g. 7.25 for 7.25 %. */
  percentage: number;
  display_name: string;
}

export const defaultTaxRates: readonly TaxRate[] = Object.freeze([
  { country: 'US', state: 'CA', percentage: 7.25, display_name: 'Sales tax' },
  { country: 'US', state: 'NY', percentage: 8.875, display_name: 'Sales tax' },
  { country: 'US', state: 'TX', percentage: 6.25, display_name: 'Sales tax' },
  { country: 'US', state: 'WA', percentage: 6.5, display_name: 'Sales tax' },
  { country: 'CA', state: 'ON', percentage: 13, display_name: 'HST' },
  { country: 'CA', state: 'QC', percentage: 14.975, display_name: 'GST + QST' },
  { country: 'CA', state: 'BC', percentage: 12, display_name: 'GST + PST' },
  { country: 'CA', percentage: 5, display_name: 'GST' },
  { country: 'GB', percentage: 20, display_name: 'VAT' },
  { country: 'DE', percentage: 19, display_name: 'MwSt.' },
  { country: 'FR', percentage: 20, display_name: 'TVA' },
  { country: 'NL', percentage: 21, display_name: 'btw' },
  { country: 'JP', percentage: 10, display_name: '消費税' },
  { country: 'AU', percentage: 10, display_name: 'GST' },
  { country: 'IE', percentage: 23, display_name: 'VAT' },
  { country: 'ES', percentage: 21, display_name: 'IVA' },
  { country: 'IT', percentage: 22, display_name: 'IVA' },
]);

/** The rate for a place: the state's when there is one, else the country's, else none. */
export function findTaxRate(
  rates: readonly TaxRate[],
  country: string,
  state?: string | null,
): TaxRate | null {
  const c = country.toUpperCase();
  const s = state?.trim().toUpperCase() || null;
  return (
    (s &&
      rates.find((rate) => rate.country.toUpperCase() === c && rate.state?.toUpperCase() === s)) ||
    rates.find((rate) => rate.country.toUpperCase() === c && !rate.state) ||
    null
  );
}
