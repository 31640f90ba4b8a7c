import type { FormattedAmounts } from '../api/client-types.js';
import { formatMoney } from '../core/money.js';
import { whenIdle } from '../internal/idle.js';
import { formatMessage, type MessageParams } from './format.js';
import { textDirection } from './locale.js';
import { type MessageKey, type Messages, messages } from './messages.js';

type Interval = 'day' | 'week' | 'month' | 'year';

/**
 * Languages whose numbers CLDR writes in Latin digits in every region: the
 * bundled ones but Arabic. A numbering system asked for (`-u-nu-…`) is left to `Intl`.
 */
const latinDigitLanguages = /^(de|en|es|fr|it|ja|nl|pl|pt|sv|zh)(-|$)/i;

/** True when `Intl` would write a whole number under 1000 in `locale` as `String(n)`. */
export function writesLatinDigits(locale: string): boolean {
  return latinDigitLanguages.test(locale) && !/-u(-\w+)*-nu-/i.test(locale);
}

export interface TranslatorOptions {
  /** The tag `Intl` formats with, e.g. `fr-CH`. */
  locale: string;
  /** The language of `messages`, e.g. `fr`. */
  language: string;
  messages: Messages;
  /** The merchant's wording, winning over `messages` key by key. */
  overrides?: Partial<Record<MessageKey, string>> | null | undefined;
}

/**
 * Words and formats for one checkout: what `<checkout-provider>` shares with
 * the elements inside it, so checkouts in different locales can share a page.
 */
export class Translator {
  /** The tag `Intl` formats money, numbers and dates with, e.g. `fr-CH`. */
  readonly locale: string;
  /** The language the words are in, e.g. `fr`. */
  readonly language: string;
  /** The value for `lang`: the requested tag when its own words show, else their language. */
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  readonly messages: Messages;
  readonly overrides: Partial<Record<MessageKey, string>> | null;
  /** Made on first use: a page's first Intl formatter starts ICU (tens of ms), off the first paint. */
  #numbers: Intl.NumberFormat | undefined;

  constructor(options: TranslatorOptions) {
    this.locale = options.locale;
    this.language = options.language;
    this.messages = options.messages;
    this.overrides = options.overrides ?? null;
    const requested = options.locale.toLowerCase();
    const own =
      requested === options.language || requested.startsWith(`${options.language.toLowerCase()}-`);
    this.lang = own ? options.locale : options.language;
    this.dir = textDirection(options.language);
  }

  #warming = false;

  /**
   * Starts `Intl` for this locale once the page is idle: the first number
   * format of a page starts ICU (30-70 ms here), which a form drawn from the
   * endpoint's `formatted_amounts` has not needed yet, and a later change
   * (a quantity, a new total) then formats at once. Called once the form is drawn.
   */
  warmWhenIdle(currency: string): void {
    if (this.#warming) return;
    this.#warming = true;
    whenIdle(() => {
      formatMoney(0, currency, this.locale);
      this.#plainNumbers();
    });
  }

  #plainNumbers = (): Intl.NumberFormat => {
    this.#numbers ??= new Intl.NumberFormat(this.locale);
    return this.#numbers;
  };

  /**
   * Plain numbers: a whole number under 1000 in a locale written in Latin
   * digits reads as its digits alone, so the card frame's "3 digits" does
   * not start ICU on the way to a payable form; anything else goes to `Intl`.
   */
  #plain = {
    format: (value: number): string =>
      Number.isInteger(value) && value >= 0 && value < 1000 && writesLatinDigits(this.locale)
        ? String(value)
        : this.#plainNumbers().format(value),
  };

  /** The message for `key` in this locale (or the merchant's override), placeholders filled. */
  t(key: MessageKey, params: MessageParams = {}): string {
    const override = this.overrides?.[key];
    const template =
      typeof override === 'string' ? override : (this.messages[key] ?? messages[key]);
    return formatMessage(template, params, this.locale, () => this.#plain);
  }

  /** A number as this locale writes it. */
  number(value: number, options?: Intl.NumberFormatOptions): string {
    return options
      ? new Intl.NumberFormat(this.locale, options).format(value)
      : this.#plain.format(value);
  }

  /**
   * An amount in the currency's minor unit, e.g. `12,50 €`: as the endpoint
   * formatted it (`known`, the session's `formatted_amounts`) when it did so
   * in this locale, which spares a first render starting `Intl`.
   */
  money(amountMinor: number, currency: string, known?: FormattedAmounts): string {
    const formatted = known?.locale === this.locale ? known.amounts[amountMinor] : undefined;
    return formatted ?? formatMoney(amountMinor, currency, this.locale);
  }

  /**
   * The kit's wording for an endpoint error: its decline code's or code's
   * message when there is one. An unknown code shows the endpoint's own
   * (English) sentence in English, and a general message in other languages.
   */
  describeError(error: {
    code: string;
    message: string;
    declineCode?: string | undefined;
  }): string {
    const key = [error.declineCode, error.code].find(
      (code): code is MessageKey => Boolean(code) && Object.hasOwn(this.messages, code!),
    );
    if (key) {
      const params = errorParams[key]?.(error.message);
      if (params !== null) return this.t(key, params);
    }
    return this.language === 'en' && error.message ? error.message : this.t('error_generic');
  }

  /** "Then $10.00 every month" for a recurring price. */
  recurring(recurring: { interval: Interval; interval_count: number }, amount: string): string {
    const count = recurring.interval_count;
    const key = `every_${recurring.interval}${count === 1 ? '' : 's'}` as MessageKey;
    return this.t('recurring', { amount, period: this.t(key, { count }) });
  }
}

/**
 * Errors the endpoint words with figures in them. The figures are read back
 * from its sentence, so the kit's own sentence can carry them in any language;
 * null when the sentence has none (then the endpoint's sentence is shown).
 */
const errorParams: Partial<Record<MessageKey, (message: string) => MessageParams | null>> = {
  // "This code applies to orders of 1000.00 USD or more." The amount is plain on purpose.
  promotion_code_minimum_not_met: (message) => {
    const minimum = /\d+(?:\.\d+)? [A-Z]{3}\b/.exec(message)?.[0];
    return minimum ? { minimum } : null;
  },
  // "The quantity must be between 1 and 5."
  quantity_out_of_range: (message) => {
    const [minimum, maximum] = (message.match(/\d+/g) ?? []).map(Number);
    return minimum !== undefined && maximum !== undefined ? { minimum, maximum } : null;
  },
};

/** English, formatted as English: what an element outside a provider, or a failed pack, falls back to. */
export const englishTranslator = new Translator({ locale: 'en', language: 'en', messages });
