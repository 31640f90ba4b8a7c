import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { deliveryEstimate } from '../../src/i18n/delivery-estimate.js';
import { formatMessage, templateShape } from '../../src/i18n/format.js';
import { bundledLocales, loadPack } from '../../src/i18n/loader.js';
import { localeChain, resolveLocale, textDirection } from '../../src/i18n/locale.js';
import {
  addEnglish,
  messages as english,
  type MessageKey,
  type Messages,
} from '../../src/i18n/messages.js';
import { Translator } from '../../src/i18n/translator.js';
import { localePacks } from '../../src/server/sessions/formatted-amounts.js';
import { partWords } from '../support/english-parts.js';

/**
 * The locale packs and the pieces that pick and fill them: every pack says
 * everything English says, with the same placeholders and valid plurals, and
 * stays a leaf chunk; resolution walks parents before the next choice; the
 * plural formatter follows each language's rules.
 */

const localesDir = new URL('../../src/i18n/locales/', import.meta.url);
const packFiles = (await readdir(localesDir)).filter((name) => name.endsWith('.ts')).sort();
const packs = new Map<string, Messages>();
for (const file of packFiles) {
  const tag = file.replace(/\.ts$/, '');
  packs.set(tag, (await import(new URL(file, localesDir).href)).default);
}
/** English as the entry ships it, before any lazily loaded part added its words. */
const entryKeys = Object.keys(english);
// The whole catalogue, as a page has it once every part has loaded.
for (const words of partWords) addEnglish(words);
const englishKeys = Object.keys(english).sort();

/** Placeholder names and plural selectors of a template, for comparing translations. */
function shapeOf(template: string) {
  const shape = templateShape(template);
  return { names: [...shape.names].sort(), plurals: shape.plurals };
}

describe('bundled locales', () => {
  it("keep each lazily loaded part's English out of the entry, and every key in one place", () => {
    const partKeys = partWords.flatMap((words) => Object.keys(words));
    assert.deepEqual(
      partKeys.filter((key) => entryKeys.includes(key)),
      [],
      'a part repeats a key the entry has',
    );
    assert.equal(new Set(partKeys).size, partKeys.length, 'two parts share a key');
  });

  it('are the languages the endpoint formats amounts and preloads packs for', () => {
    assert.deepEqual([...localePacks].sort(), bundledLocales.filter((tag) => tag !== 'en').sort());
  });

  it('include at least twelve languages, one of them written right to left', () => {
    assert.ok(bundledLocales.length >= 12, `only ${bundledLocales.length}`);
    for (const tag of ['en', 'fr', 'de', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'ja', 'zh', 'ar']) {
      assert.ok(bundledLocales.includes(tag), `${tag} is not bundled`);
    }
    assert.ok(bundledLocales.some((tag) => textDirection(tag) === 'rtl'));
  });

  it('have one pack file per language beyond English, each loaded by the loader', async () => {
    assert.deepEqual(
      packFiles.map((file) => file.replace(/\.ts$/, '')),
      bundledLocales.filter((tag) => tag !== 'en').sort(),
    );
    for (const tag of packs.keys()) {
      assert.equal(await loadPack(tag), packs.get(tag), `${tag} through the loader`);
    }
  });

  it('load once and never fail: an unknown language resolves to null', async () => {
    assert.equal(await loadPack('fr'), await loadPack('fr'));
    assert.equal(await loadPack('en'), english);
    assert.equal(await loadPack('xx'), null);
  });

  it('give English templates that parse', () => {
    for (const key of englishKeys) {
      assert.doesNotThrow(() => shapeOf(english[key as MessageKey]), key);
    }
  });

  for (const file of packFiles) {
    const tag = file.replace(/\.ts$/, '');
    describe(tag, () => {
      const pack = () => packs.get(tag)!;

      it('has exactly the English keys', () => {
        const keys = Object.keys(pack()).sort();
        assert.deepEqual(
          englishKeys.filter((key) => !keys.includes(key)),
          [],
          'missing keys',
        );
        assert.deepEqual(
          keys.filter((key) => !englishKeys.includes(key)),
          [],
          'keys English does not have',
        );
      });

      it('has no empty messages', () => {
        for (const [key, value] of Object.entries(pack())) {
          assert.equal(typeof value, 'string', key);
          assert.ok(value.trim().length > 0, `${key} is empty`);
        }
      });

      it('keeps the English placeholders, with plural branches this language has', () => {
        const categories = new Set(
          new Intl.PluralRules(tag).resolvedOptions().pluralCategories as string[],
        );
        for (const key of englishKeys) {
          const template = pack()[key as MessageKey];
          let shape: ReturnType<typeof shapeOf>;
          try {
            shape = shapeOf(template);
          } catch (error) {
            assert.fail(`${key}: ${(error as Error).message}`);
          }
          assert.deepEqual(shape.names, shapeOf(english[key as MessageKey]).names, key);
          for (const plural of shape.plurals) {
            for (const selector of plural.selectors) {
              assert.ok(
                /^=\d+$/.test(selector) || categories.has(selector),
                `${key}: "${selector}" is not a plural category of ${tag} (${[...categories]})`,
              );
            }
          }
        }
      });

      it('imports nothing at run time, so it builds into a leaf chunk', async () => {
        const source = await readFile(new URL(file, localesDir), 'utf8');
        const imports = source.match(/^\s*import\b.*$/gm) ?? [];
        for (const line of imports) {
          assert.match(line, /^\s*import type\b/, `runtime import: ${line.trim()}`);
        }
        assert.doesNotMatch(source, /\bimport\s*\(/, 'dynamic import');
        assert.doesNotMatch(source, /^\s*export\b(?!\s+default\b).*\bfrom\b/m, 're-export');
        assert.doesNotMatch(source, /\brequire\s*\(/, 'require');
      });
    });
  }
});

describe('locale resolution', () => {
  const available = bundledLocales;
  const resolve = (...candidates: (string | null | undefined)[]) =>
    resolveLocale(candidates, available);

  it('walks a tag up to its parents', () => {
    assert.deepEqual(localeChain('fr-CH'), ['fr-CH', 'fr']);
    assert.deepEqual(localeChain('zh-Hant-TW'), ['zh-Hant-TW', 'zh-Hant', 'zh']);
    assert.deepEqual(localeChain('pt-BR-u-nu-latn'), ['pt-BR', 'pt']);
  });

  it('words a regional tag in its language and keeps the tag for formatting', () => {
    assert.deepEqual(resolve('fr-CH'), { locale: 'fr-CH', language: 'fr' });
    assert.deepEqual(resolve('zh-Hant-TW'), { locale: 'zh-Hant-TW', language: 'zh' });
    assert.deepEqual(resolve('pt-BR'), { locale: 'pt-BR', language: 'pt' });
    assert.deepEqual(resolve('de'), { locale: 'de', language: 'de' });
  });

  it('tries the attribute, then the session, then the browser, then English', () => {
    assert.deepEqual(resolve('de', 'fr', 'es'), { locale: 'de', language: 'de' });
    assert.deepEqual(resolve(null, 'fr-BE', 'es'), { locale: 'fr-BE', language: 'fr' });
    assert.deepEqual(resolve(null, 'auto', 'es-MX'), { locale: 'es-MX', language: 'es' });
    assert.deepEqual(resolve(undefined, null), { locale: 'en', language: 'en' });
  });

  it('walks each candidate’s parents before the next candidate', () => {
    assert.deepEqual(resolve('fr-CH', 'de'), { locale: 'fr-CH', language: 'fr' });
  });

  it('skips unknown, empty and malformed tags', () => {
    assert.deepEqual(resolve('xx', 'de-AT'), { locale: 'de-AT', language: 'de' });
    assert.deepEqual(resolve('', 'not a tag!', 'ko', 'en-GB'), { locale: 'en-GB', language: 'en' });
    assert.deepEqual(resolve('xx'), { locale: 'en', language: 'en' });
  });

  it('reads tags in any case and with underscores', () => {
    assert.deepEqual(resolve('FR_ch'), { locale: 'fr-CH', language: 'fr' });
  });

  it('knows which languages run right to left', () => {
    assert.equal(textDirection('ar'), 'rtl');
    assert.equal(textDirection('ar-EG'), 'rtl');
    assert.equal(textDirection('he'), 'rtl');
    assert.equal(textDirection('fr'), 'ltr');
  });
});

describe('message formatting', () => {
  const days = '{count, plural, one {# dzień} few {# dni} many {# dni} other {# dnia}}';

  it('fills placeholders, formatting numbers for the locale', () => {
    assert.equal(formatMessage('Qty {quantity}', { quantity: 1200 }, 'en'), 'Qty 1,200');
    // French groups thousands with a narrow no-break space.
    assert.equal(formatMessage('Qté {quantity}', { quantity: 1200 }, 'fr'), 'Qté 1\u202f200');
    assert.equal(formatMessage('{a} and {b}', { a: 'x' }, 'en'), 'x and ');
  });

  it('picks the plural branch by the language’s rules', () => {
    const polish = [1, 2, 5, 22, 25, 1.5].map((count) => formatMessage(days, { count }, 'pl'));
    assert.deepEqual(polish, ['1 dzień', '2 dni', '5 dni', '22 dni', '25 dni', '1,5 dnia']);
    const arabic =
      '{n, plural, zero {لا شيء} one {واحد} two {اثنان} few {# قليلة} many {# كثيرة} other {# أخرى}}';
    assert.deepEqual(
      [0, 1, 2, 3, 11, 100].map((n) => formatMessage(arabic, { n }, 'ar')),
      ['لا شيء', 'واحد', 'اثنان', '3 قليلة', '11 كثيرة', '100 أخرى'],
    );
  });

  it('prefers an exact =n branch, and nests placeholders inside branches', () => {
    const results = '{count, plural, =0 {No {thing}} one {# {thing}} other {# {thing}s}}';
    assert.equal(formatMessage(results, { count: 0, thing: 'result' }, 'en'), 'No result');
    assert.equal(formatMessage(results, { count: 1, thing: 'result' }, 'en'), '1 result');
    assert.equal(formatMessage(results, { count: 3, thing: 'result' }, 'en'), '3 results');
  });

  it('keeps # and apostrophes as text outside a plural', () => {
    assert.equal(formatMessage("Order #{id} l'article", { id: 7 }, 'fr'), "Order #7 l'article");
    // Runs of text read at once stop at each `#`, which counts only inside a branch.
    assert.equal(
      formatMessage(
        '## Box #{id}# {n, plural, one {item #, no. #} other {#x}}#',
        { id: 2, n: 1 },
        'en',
      ),
      '## Box #2# item 1, no. 1#',
    );
  });

  it('rejects malformed templates when parsing, but never throws when formatting', () => {
    assert.throws(() => templateShape('{count, plural, one {#}}'), /other/);
    assert.throws(() => templateShape('{count, plural, single {#} other {#}}'), SyntaxError);
    assert.throws(() => templateShape('Pay {amount'), SyntaxError);
    assert.equal(formatMessage('Pay {amount} {', { amount: '$1' }, 'en'), 'Pay $1 {');
  });
});

describe('Translator', () => {
  const make = (tag: string, language: string, overrides?: Partial<Messages>) =>
    new Translator({
      locale: tag,
      language,
      messages: language === 'en' ? english : packs.get(language)!,
      overrides,
    });

  it('words English as before', () => {
    const en = make('en-US', 'en');
    assert.equal(
      en.recurring({ interval: 'month', interval_count: 3 }, '$15.00'),
      'Then $15.00 every 3 months',
    );
    assert.equal(
      en.recurring({ interval: 'month', interval_count: 1 }, '$5.00'),
      'Then $5.00 every month',
    );
    const estimate = (min: number, max: number) =>
      deliveryEstimate(en, {
        minimum: { unit: 'business_day', value: min },
        maximum: { unit: 'business_day', value: max },
      });
    assert.equal(estimate(3, 5), '3–5 business days');
    assert.equal(
      deliveryEstimate(en, { minimum: { unit: 'day', value: 1 }, maximum: null }),
      'At least 1 day',
    );
    assert.equal(en.t('countryResults', { count: 0 }), 'No results');
    assert.equal(en.t('countryResults', { count: 1 }), '1 result available');
    assert.equal(en.t('countryResults', { count: 12 }), '12 results available');
  });

  it('formats with the requested tag and words with its language', () => {
    const swiss = make('fr-CH', 'fr');
    assert.equal(swiss.lang, 'fr-CH');
    assert.equal(
      swiss.money(123450, 'chf'),
      new Intl.NumberFormat('fr-CH', { style: 'currency', currency: 'CHF' }).format(1234.5),
    );
    // Swiss French writes amounts with a point; French with a comma.
    assert.match(swiss.t('pay', { amount: swiss.money(1250, 'eur') }), /^Payer 12\.50\s€$/);
    const french = make('fr', 'fr');
    assert.match(french.t('pay', { amount: french.money(1250, 'eur') }), /^Payer 12,50\s€$/);
    assert.equal(swiss.dir, 'ltr');
    assert.equal(make('ar', 'ar').dir, 'rtl');
    // English words for a French request (a pack that did not load) say so in `lang`.
    assert.equal(make('fr-CH', 'en').lang, 'en');
  });

  it('words Arabic counts with their plural forms', () => {
    const ar = make('ar', 'ar');
    const every = (count: number) => ar.recurring({ interval: 'day', interval_count: count }, 'X');
    assert.equal(every(2), 'ثم X كل يومين');
    assert.equal(every(3), 'ثم X كل 3 أيام');
    assert.equal(every(11), 'ثم X كل 11 يومًا');
    assert.equal(
      deliveryEstimate(ar, {
        minimum: { unit: 'business_day', value: 3 },
        maximum: { unit: 'business_day', value: 5 },
      }),
      '3–5 أيام عمل',
    );
  });

  it('lets the merchant override any message in any language', () => {
    const de = make('de', 'de', { pay: 'Jetzt kaufen · {amount}' });
    assert.equal(de.t('pay', { amount: '5 €' }), 'Jetzt kaufen · 5 €');
    assert.equal(de.t('total'), 'Gesamt');
    const broken = make('en', 'en', { pay: 'Buy {amount' });
    assert.equal(broken.t('pay', { amount: '$5' }), 'Buy {amount');
  });

  it('translates endpoint errors by their codes', () => {
    const de = make('de', 'de');
    const declined = {
      code: 'card_declined',
      declineCode: 'generic_decline',
      message: 'Your card was declined.',
    };
    assert.equal(de.describeError(declined), packs.get('de')!.card_declined);
    assert.equal(
      de.describeError({ code: 'card_declined', declineCode: 'insufficient_funds', message: '…' }),
      packs.get('de')!.insufficient_funds,
    );
    assert.equal(
      de.describeError({
        code: 'promotion_code_minimum_not_met',
        message: 'This code applies to orders of 1000.00 USD or more.',
      }),
      'Dieser Gutscheincode gilt für Bestellungen ab 1000.00 USD',
    );
    assert.equal(
      de.describeError({
        code: 'quantity_out_of_range',
        message: 'The quantity must be between 2 and 10.',
      }),
      'Wählen Sie eine Menge von 2 bis 10',
    );
    // A code the kit has no words for: the endpoint's sentence in English, a general one otherwise.
    const unknown = { code: 'something_new', message: 'Something new happened.' };
    assert.equal(make('en', 'en').describeError(unknown), 'Something new happened.');
    assert.equal(de.describeError(unknown), packs.get('de')!.error_generic);
  });
});

describe('endpoint error codes', () => {
  /** Codes no customer meets: merchant-only lookups, and field errors the elements catch first. */
  const notForCustomers = new Set([
    'resource_missing',
    'unauthorized',
    'parameter_missing',
    'parameter_invalid',
    // A decline code worded by its code, card_declined.
    'generic_decline',
    // Only a page that bypasses the card frame meets it: a developer's mistake.
    'card_frame_required',
    // The plain-text session read's body over 1 kB: the kit sends a short secret; only a
    // hand-made request meets it.
    'body_too_large',
  ]);

  it('every code the client API can answer with has a message', async () => {
    const root = new URL('../../src/', import.meta.url);
    const sessions = (await readdir(new URL('server/sessions/', root))).map(
      (f) => `server/sessions/${f}`,
    );
    const routes = (await readdir(new URL('server/routes/', root)))
      .filter((f) => f.startsWith('client-'))
      .map((f) => `server/routes/${f}`);
    const methods = (await readdir(new URL('server/payment-methods/', root))).map(
      (f) => `server/payment-methods/${f}`,
    );
    const files = [
      ...sessions,
      ...routes,
      ...methods,
      'server/processor/test-processor.ts',
      'server/auth.ts',
      'client/session-client.ts',
      'controllers/session-controller.ts',
    ];
    const codes = new Set<string>();
    const patterns = [
      /new ApiError\(\s*\d+,\s*'([a-z_]+)'/g,
      /\b(?:refuse|invalid|fail)\(\s*'([a-z_]+)'/g,
      /\b(?:code|decline_code|declineCode):\s*'([a-z_]+)'/g,
    ];
    for (const file of files) {
      const source = await readFile(new URL(file, root), 'utf8');
      for (const pattern of patterns) {
        for (const match of source.matchAll(pattern)) codes.add(match[1]!);
      }
    }
    assert.ok(codes.has('card_declined') && codes.has('quote_expired'), 'the scan finds codes');
    // `session_${status}` for an ended session.
    for (const status of ['expired', 'complete', 'canceled']) codes.add(`session_${status}`);
    const missing = [...codes].filter((code) => !notForCustomers.has(code) && !(code in english));
    assert.deepEqual(missing, []);
  });
});
