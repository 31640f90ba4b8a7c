import type { ClientSession, FormattedAmounts } from '../../api/client-types.js';
import { formatMoney } from '../../core/money.js';
import { resolveLocale } from '../../i18n/locale.js';

/** The languages the kit has words for (`src/i18n/loader.ts`; English is in its entry). */
export const localePacks = ['ar', 'de', 'es', 'fr', 'it', 'ja', 'nl', 'pl', 'pt', 'sv', 'zh'];
const bundledLocales = ['en', ...localePacks];

/** At most this many of a request's `Accept-Language` entries are tried, from its first characters. */
const maxAcceptedLanguages = 12;
const maxAcceptLanguageLength = 256;

/**
 * Every amount of the client session that the kit shows as money, formatted
 * in the locale the kit will pick for it: the session's own, else the
 * browser's (`Accept-Language`), as `resolveLocale` picks on the page. The
 * form's first render then needs no `Intl.NumberFormat`, whose first use
 * starts ICU in the page (30-70 ms on a fast machine, and four times that on
 * a slow phone); the kit uses these strings only when it picked the same
 * locale, and formats anything else itself.
 */
export function formattedAmounts(
  view: ClientSession,
  acceptLanguage: string | undefined,
  pageLocale: string | null = null,
): FormattedAmounts {
  const locale = formattingLocale(view.locale, acceptLanguage, pageLocale);
  const amounts: Record<string, string> = {};
  for (const amount of shownAmounts(view)) {
    amounts[amount] = formatted(amount, view.currency, locale);
  }
  return { locale, amounts };
}

/** The amounts the form's elements format: line items, totals, tax, shipping rates, the discount. */
function shownAmounts(view: ClientSession): Set<number> {
  const details = view.total_details;
  const amounts = new Set([
    view.amount_subtotal,
    view.amount_total,
    details.amount_shipping,
    details.amount_tax,
    -details.amount_discount,
  ]);
  for (const item of view.line_items) {
    amounts.add(item.unit_amount);
    amounts.add(item.unit_amount * item.quantity);
    amounts.add(item.amount_subtotal);
  }
  if (view.tax) {
    amounts.add(view.tax.amount_exclusive);
    amounts.add(view.tax.amount_inclusive);
  }
  for (const rate of view.shipping_options) amounts.add(rate.amount);
  return amounts;
}

/** Parsed `Accept-Language` headers and their locale, by page locale, session locale and header. */
const locales = new Map<string, string>();
/** Formatted amounts by locale, currency and amount: a get-session formats a few each. */
const strings = new Map<string, string>();
const cacheLimit = 10_000;

/**
 * The bundled locale a session's amounts are formatted in for a page sending
 * `header`: the page's own choice first (`pageLocale`, the element's `locale`),
 * then the session's, then the browser's, as the kit picks.
 */
export function formattingLocale(
  sessionLocale: string | null,
  header = '',
  pageLocale: string | null = null,
): string {
  const acceptLanguage = header.slice(0, maxAcceptLanguageLength);
  const key = `${pageLocale ?? ''}\u0000${sessionLocale ?? ''}\u0000${acceptLanguage}`;
  let locale = locales.get(key);
  if (locale === undefined) {
    locale = resolveLocale(
      [pageLocale, sessionLocale, ...acceptedLanguages(acceptLanguage)],
      bundledLocales,
    ).locale;
    remember(locales, key, locale);
  }
  return locale;
}

/** `fr-CH, fr;q=0.9, en;q=0.8` → `['fr-CH', 'fr', 'en']`: by weight, then by order. */
export function acceptedLanguages(header: string): string[] {
  return header
    .split(',')
    .slice(0, maxAcceptedLanguages)
    .map((entry, index) => {
      const [tag = '', ...params] = entry.split(';').map((part) => part.trim());
      const weight = params.find((param) => /^q=/i.test(param));
      const q = weight ? Number(weight.slice(2)) : 1;
      return { tag, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter(({ tag, q }) => q > 0 && tag !== '*' && tag !== '')
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map(({ tag }) => tag);
}

function formatted(amount: number, currency: string, locale: string): string {
  const key = `${locale} ${currency} ${amount}`;
  let text = strings.get(key);
  if (text === undefined) {
    text = formatMoney(amount, currency, locale);
    remember(strings, key, text);
  }
  return text;
}

/** Bounded: a full cache starts again, so hostile headers cannot grow it. */
function remember(cache: Map<string, string>, key: string, value: string): void {
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(key, value);
}
