import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages } from '../../src/i18n/messages.js';
import { Translator } from '../../src/i18n/translator.js';

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
});
