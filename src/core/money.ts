/**
 * Money in Checkout Kit is always an integer count of the currency's minor unit
 * (cents for USD, yen for JPY, fils for KWD). This module is the one place that
 * knows how many minor units a currency has and how to show an amount.
 */

const digitsCache = new Map<string, number>();
/** Formatters by locale and currency: building one is the costly part of formatting. */
const formats = new Map<string, Intl.NumberFormat>();

/**
 * Lower-case ISO 4217 codes this runtime's Intl knows. Listed on first use,
 * not at import: the first call into Intl starts ICU, which a page should not
 * pay for before it has drawn anything.
 */
let knownCurrencies: Set<string> | undefined;

export function isKnownCurrency(currency: string): boolean {
  knownCurrencies ??= new Set(
    (Intl.supportedValuesOf?.('currency') ?? []).map((code) => code.toLowerCase()),
  );
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

/** Marks a right-to-left pattern: CLDR starts Arabic amounts with one (U+200F, U+061C). */
const rtlMark = /^[\u200f\u061c]/;
/** A symbol with Latin letters (`US$`, `CHF`). */
const latinLetters = /[A-Za-z]/;

/**
 * Formats an amount in minor units for display, e.g. `formatMoney(1999, 'usd', 'en')` → `$19.99`.
 * In a right-to-left pattern a symbol like `US$` ends in a neutral `$` that
 * the bidi algorithm would move to the far side (`$US 5.00`); a
 * left-to-right mark after the symbol keeps it whole.
 */
export function formatMoney(amountMinor: number, currency: string, locale?: string): string {
  const digits = currencyDigits(currency);
  const key = `${locale ?? ''} ${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formats.set(key, format);
  }
  const amount = amountMinor / 10 ** digits;
  const text = format.format(amount);
  if (!rtlMark.test(text)) return text;
  return format
    .formatToParts(amount)
    .map(({ type, value }) =>
      type === 'currency' && latinLetters.test(value) ? `${value}\u200e` : value,
    )
    .join('');
}
