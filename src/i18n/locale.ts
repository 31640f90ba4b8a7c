/**
 * Which locale a checkout speaks, DOM-free. Candidates come in order (the
 * `locale` attribute, the session's locale, the browser's languages); each
 * walks up to its parents (`fr-CH` → `fr`, `zh-Hant-TW` → `zh-Hant` → `zh`)
 * before the next is tried, and English ends the list. The words come from
 * the bundled language found; formatting keeps the tag that found it, so
 * `fr-CH` reads French and formats money the Swiss way.
 */

export interface ResolvedLocale {
  /** The tag `Intl` formats with, e.g. `fr-CH`. */
  locale: string;
  /** The bundled language the words come from, e.g. `fr`. */
  language: string;
}

const rtlLanguages = new Set([
  'ar',
  'arc',
  'ckb',
  'dv',
  'fa',
  'he',
  'ks',
  'ps',
  'sd',
  'ug',
  'ur',
  'yi',
]);

/** `rtl` for languages written right to left (Arabic, Hebrew, Persian…). */
export function textDirection(tag: string): 'ltr' | 'rtl' {
  return rtlLanguages.has(tag.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

/** The tag in canonical case (`EN_gb` → `en-GB`), or null when it is no language tag. */
export function canonicalLocale(tag: string | null | undefined): string | null {
  if (!tag || tag.trim().toLowerCase() === 'auto') return null;
  try {
    return Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'))[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * The tag and its parents, most specific first, without extensions:
 * `zh-Hant-TW-u-nu-hanidec` → `zh-Hant-TW`, `zh-Hant`, `zh`.
 */
export function localeChain(tag: string): string[] {
  const subtags = tag.split('-');
  // Extensions and private use (`-u-…`, `-x-…`) say how to format, not which language.
  const singleton = subtags.findIndex((subtag, index) => index > 0 && subtag.length === 1);
  if (singleton > 0) subtags.length = singleton;
  const chain: string[] = [];
  for (let length = subtags.length; length > 0; length--) {
    chain.push(subtags.slice(0, length).join('-'));
  }
  return chain;
}

/**
 * The first candidate (after its parents) that a bundled language covers.
 * Empty, `auto` and malformed candidates are skipped; English is the last resort.
 */
export function resolveLocale(
  candidates: Iterable<string | null | undefined>,
  available: Iterable<string>,
): ResolvedLocale {
  const languages = new Map([...available].map((tag) => [tag.toLowerCase(), tag]));
  for (const candidate of candidates) {
    const locale = canonicalLocale(candidate);
    if (!locale) continue;
    for (const tag of localeChain(locale)) {
      const language = languages.get(tag.toLowerCase());
      if (language) return { locale, language };
    }
  }
  return { locale: 'en', language: 'en' };
}
