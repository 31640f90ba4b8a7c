import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  cvcLengthFor,
  detectBrand,
  formatCardNumber,
  formatExpiryInput,
  luhnValid,
  normalizeCardNumber,
  parseExpiry,
  validateCardNumber,
  validateCvc,
  validateExpiry,
} from '../../src/core/card.js';

const now = new Date(Date.UTC(2026, 10, 21));

describe('card brand', () => {
  test('detects each brand from its leading digits', () => {
    assert.equal(detectBrand('4242 4242 4242 4242'), 'visa');
    assert.equal(detectBrand('5555555555554444'), 'mastercard');
    assert.equal(detectBrand('2223003122003222'), 'mastercard');
    assert.equal(detectBrand('378282246310005'), 'amex');
    assert.equal(detectBrand('34'), 'amex');
    assert.equal(detectBrand('6011111111111117'), 'discover');
    assert.equal(detectBrand('3056930009020004'), 'diners');
    assert.equal(detectBrand('3566002020360505'), 'jcb');
    assert.equal(detectBrand('6200000000000005'), 'unionpay');
    assert.equal(detectBrand('9999'), null);
    assert.equal(detectBrand(''), null);
  });

  test('groups digits the way the brand prints them', () => {
    assert.equal(formatCardNumber('4242424242424242'), '4242 4242 4242 4242');
    assert.equal(formatCardNumber('378282246310005'), '3782 822463 10005');
    assert.equal(formatCardNumber('37828'), '3782 8');
    assert.equal(formatCardNumber('4242-4242 42'), '4242 4242 42');
    assert.equal(formatCardNumber('4242424242424242424'), '4242 4242 4242 4242 424');
  });

  test('keeps digits only and at most 19', () => {
    assert.equal(normalizeCardNumber(' 4242-4242 4242 4242 '), '4242424242424242');
    assert.equal(normalizeCardNumber('1'.repeat(25)).length, 19);
  });
});

describe('card number rules', () => {
  test('Luhn check', () => {
    assert.equal(luhnValid('4242424242424242'), true);
    assert.equal(luhnValid('4242424242424241'), false);
    assert.equal(luhnValid('378282246310005'), true);
    assert.equal(luhnValid(''), false);
  });

  test('reports missing, incomplete and invalid numbers', () => {
    assert.equal(validateCardNumber(''), 'number_required');
    assert.equal(validateCardNumber('4242 4242'), 'number_incomplete');
    assert.equal(validateCardNumber('4242 4242 4242 4241'), 'number_invalid');
    assert.equal(validateCardNumber('37828224631000'), 'number_incomplete');
    assert.equal(validateCardNumber('4242 4242 4242 4242'), null);
    assert.equal(validateCardNumber('378282246310005'), null);
  });
});

describe('expiry', () => {
  test('reads what people type and what autofill delivers', () => {
    assert.deepEqual(parseExpiry('04 / 27'), { month: 4, year: 2027 });
    assert.deepEqual(parseExpiry('04/27'), { month: 4, year: 2027 });
    assert.deepEqual(parseExpiry('0427'), { month: 4, year: 2027 });
    assert.deepEqual(parseExpiry('04/2027'), { month: 4, year: 2027 });
    assert.deepEqual(parseExpiry('4/2027'), { month: 4, year: 2027 });
    assert.equal(parseExpiry('13/27'), null);
    assert.equal(parseExpiry('00/27'), null);
    assert.equal(parseExpiry('427'), null);
    assert.equal(parseExpiry('ab/cd'), null);
  });

  test('formats as MM / YY while typing', () => {
    assert.equal(formatExpiryInput('1'), '1');
    assert.equal(formatExpiryInput('4'), '04 / ');
    assert.equal(formatExpiryInput('12'), '12 / ');
    assert.equal(formatExpiryInput('12', true), '12');
    assert.equal(formatExpiryInput('123'), '12 / 3');
    assert.equal(formatExpiryInput('1230'), '12 / 30');
    assert.equal(formatExpiryInput('12/2030'), '12 / 30');
    assert.equal(formatExpiryInput('12 / 304'), '12 / 30');
  });

  test('rejects past months and accepts the current one', () => {
    assert.equal(validateExpiry('', now), 'expiry_required');
    assert.equal(validateExpiry('1', now), 'expiry_invalid');
    assert.equal(validateExpiry('10 / 26', now), 'expiry_past');
    assert.equal(validateExpiry('11 / 26', now), null);
    assert.equal(validateExpiry('01 / 27', now), null);
  });
});

describe('CVC', () => {
  test('needs 4 digits for American Express and 3 otherwise', () => {
    assert.equal(cvcLengthFor('amex'), 4);
    assert.equal(cvcLengthFor('visa'), 3);
    assert.equal(cvcLengthFor(null), 3);
    assert.equal(validateCvc('', 'visa'), 'cvc_required');
    assert.equal(validateCvc('12', 'visa'), 'cvc_incomplete');
    assert.equal(validateCvc('123', 'visa'), null);
    assert.equal(validateCvc('123', 'amex'), 'cvc_incomplete');
    assert.equal(validateCvc('1234', 'amex'), null);
  });
});
