/**
 * Money in Checkout Kit is always an integer count of the currency's minor unit
 * (cents for USD, yen for JPY, fils for KWD). This module is the one place that
 * knows how many minor units a currency has and how to show an amount.
 */

const digitsCache = new Map<string, number>();

/** Lower-case ISO 4217 codes this runtime's Intl knows. */
const knownCurrencies = new Set(
  (Intl.supportedValuesOf?.('currency') ?? []).map((code) => code.toLowerCase()),
);

export function isKnownCurrency(currency: string): boolean {
  return /^[a-z]{3}$/.test(currency) && knownCurrencies.has(currency);
}

/** Number of digits after the decimal point: 2 for USD, 0 for JPY, 3 for KWD. */
export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsCache.set(code, digits);
  }
  return digits;
}

/** Formats an amount in minor units for display, e.g. `formatMoney(1999, 'usd', 'en')` → `$19.99`. */
export function formatMoney(amountMinor: number, currency: string, locale?: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amountMinor / 10 ** digits);
}
