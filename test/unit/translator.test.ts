import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages } from '../../src/i18n/messages.js';
import { Translator, writesLatinDigits } from '../../src/i18n/translator.js';

/** Counts the `Intl.NumberFormat`s made while `run` runs. */
function countFormatters(run: () => void): number {
  const Original = Intl.NumberFormat;
  let made = 0;
  Intl.NumberFormat = new Proxy(Original, {
    construct(target, args) {
      made++;
      return Reflect.construct(target, args);
    },
  });
  try {
    run();
  } finally {
    Intl.NumberFormat = Original;
  }
  return made;
}

describe('Translator', () => {
  it('makes no Intl formatter until a number is shown', () => {
    let i18n: Translator | undefined;
    assert.equal(
      countFormatters(() => {
        i18n = new Translator({ locale: 'de-DE', language: 'en', messages });
        i18n.t('cardNumber');
        i18n.t('pay', { amount: '12,00 €' });
      }),
      0,
    );
    assert.equal(
      countFormatters(() => {
        assert.equal(i18n!.t('every_days', { count: 1234 }), 'every 1.234 days');
        assert.equal(i18n!.number(5678), '5.678');
      }),
      1,
    );
  });

  it('makes one money formatter per locale and currency', () => {
    const i18n = new Translator({ locale: 'fr-FR', language: 'en', messages });
    const made = countFormatters(() => {
      i18n.money(1250, 'eur');
      i18n.money(99, 'eur');
    });
    assert.ok(made <= 2, `${made} formatters`);
    assert.equal(
      countFormatters(() => i18n.money(100, 'eur')),
      0,
    );
  });

  it('shows the amounts the endpoint formatted in its locale, and formats the rest', () => {
    const i18n = new Translator({ locale: 'de-CH', language: 'de', messages });
    const known = { locale: 'de-CH', amounts: { '1800': 'formatted 18' } };
    assert.equal(
      countFormatters(() => assert.equal(i18n.money(1800, 'chf', known), 'formatted 18')),
      0,
    );
    const swiss = (amount: number) =>
      new Intl.NumberFormat('de-CH', { style: 'currency', currency: 'CHF' }).format(amount);
    assert.equal(i18n.money(1900, 'chf', known), swiss(19), 'an amount it did not send');
    const french = { locale: 'fr', amounts: { '1800': 'formatted 18' } };
    assert.equal(i18n.money(1800, 'chf', french), swiss(18), 'formatted for another locale');
  });

  it('writes whole numbers under 1000 without Intl where Intl would write the same digits', () => {
    const locales = ['en', 'en-US', 'en-IN', 'de-CH', 'es-419', 'fr-CA', 'it', 'ja-JP', 'nl', 'pl'];
    locales.push('pt-BR', 'sv-SE', 'zh', 'zh-Hant-TW');
    for (const locale of locales) {
      assert.ok(writesLatinDigits(locale), locale);
      const plain = new Intl.NumberFormat(locale);
      for (let n = 0; n < 1000; n++) assert.equal(String(n), plain.format(n), `${locale} ${n}`);
      const i18n = new Translator({ locale, language: 'en', messages });
      assert.equal(
        countFormatters(() => assert.equal(i18n.t('cvcHint', { length: 3 }).includes('3'), true)),
        0,
        locale,
      );
    }
    for (const locale of [
      'ar',
      'ar-EG',
      'fa',
      'bn',
      'de-u-nu-arab',
      'en-US-u-ca-buddhist-nu-thai',
    ]) {
      assert.equal(writesLatinDigits(locale), false, locale);
    }
    const arabic = new Translator({ locale: 'ar-EG', language: 'ar', messages });
    assert.equal(arabic.number(3), new Intl.NumberFormat('ar-EG').format(3));
  });
});
