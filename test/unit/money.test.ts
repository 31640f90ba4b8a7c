import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currencyDigits, formatMoney, isKnownCurrency } from '../../src/core/money.js';

describe('money', () => {
  test('knows the minor units of zero-, two- and three-decimal currencies', () => {
    assert.equal(currencyDigits('usd'), 2);
    assert.equal(currencyDigits('eur'), 2);
    assert.equal(currencyDigits('jpy'), 0);
    assert.equal(currencyDigits('krw'), 0);
    assert.equal(currencyDigits('kwd'), 3);
    assert.equal(currencyDigits('BHD'), 3);
  });

  test('formats minor units in the currency and locale', () => {
    assert.equal(formatMoney(1999, 'usd', 'en-US'), '$19.99');
    assert.equal(formatMoney(500, 'jpy', 'en-US'), '¥500');
    assert.equal(formatMoney(1234, 'kwd', 'en-US'), 'KWD\u00a01.234');
    assert.equal(formatMoney(123456, 'eur', 'de-DE'), '1.234,56\u00a0€');
    assert.equal(formatMoney(0, 'usd', 'en-US'), '$0.00');
    assert.equal(formatMoney(-250, 'usd', 'en-US'), '-$2.50');
  });

  test('keeps a Latin currency symbol whole in a right-to-left pattern', () => {
    // Without the left-to-right mark after it, `US$` shows as `$US` in Arabic text.
    assert.equal(formatMoney(500, 'usd', 'ar'), '\u200f5.00\u00a0US$\u200e');
    assert.equal(formatMoney(500, 'eur', 'ar'), '\u200f5.00\u00a0€');
    assert.equal(formatMoney(500, 'usd', 'en'), '$5.00');
  });

  test('accepts only known ISO 4217 codes in lower case', () => {
    assert.equal(isKnownCurrency('usd'), true);
    assert.equal(isKnownCurrency('xyz'), false);
    assert.equal(isKnownCurrency('USD'), false);
    assert.equal(isKnownCurrency('us'), false);
  });
});
