import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countries } from '../../src/core/countries.js';
import { callingCode, formatE164ForDisplay, splitE164, toE164 } from '../../src/core/phone.js';

describe('callingCode', () => {
  test('knows every country the kit lists', () => {
    for (const { code } of countries('en'))
      assert.match(callingCode(code) ?? '', /^[1-9]\d{0,2}$/, code);
  });

  test('returns the code without "+"', () => {
    assert.equal(callingCode('US'), '1');
    assert.equal(callingCode('CA'), '1');
    assert.equal(callingCode('gb'), '44');
    assert.equal(callingCode('DE'), '49');
    assert.equal(callingCode('JP'), '81');
    assert.equal(callingCode('RU'), '7');
    assert.equal(callingCode('AG'), '1');
    assert.equal(callingCode('FI'), '358');
    assert.equal(callingCode('ZZ'), null);
  });
});

describe('toE164', () => {
  const cases: Array<[string, string, string | null]> = [
    ['US', '(415) 555-2671', '+14155552671'],
    ['US', '415.555.2671', '+14155552671'],
    ['US', '1 415 555 2671', '+14155552671'],
    ['US', '555-2671', null],
    ['CA', '613-555-0199', '+16135550199'],
    ['GB', '020 7183 8750', '+442071838750'],
    ['GB', '07700 900123', '+447700900123'],
    ['GB', '+44 (0)20 7183 8750', '+442071838750'],
    ['GB', '0044 20 7183 8750', '+442071838750'],
    ['DE', '030 123456', '+4930123456'],
    ['DE', '0151/12345678', '+4915112345678'],
    ['FR', '06 12 34 56 78', '+33612345678'],
    ['NL', '020-123 4567', '+31201234567'],
    ['JP', '03-1234-5678', '+81312345678'],
    ['JP', '090-1234-5678', '+819012345678'],
    ['AU', '(02) 9876 5432', '+61298765432'],
    ['AU', '0412 345 678', '+61412345678'],
    // Italy keeps the leading 0 after the country code.
    ['IT', '06 1234 5678', '+390612345678'],
    ['IT', '333 123 4567', '+393331234567'],
    ['RU', '8 912 345-67-89', '+79123456789'],
    ['HU', '06 1 234 5678', '+3612345678'],
    ['BY', '8 029 491-19-11', '+375294911911'],
    ['ES', '912 345 678', '+34912345678'],
    // Already international: the selected country does not matter.
    ['US', '+44 20 7183 8750', '+442071838750'],
    ['DE', '+1 415 555 2671', '+14155552671'],
    ['US', '011 44 20 7183 8750', '+442071838750'],
    ['FR', '\u00a006\u00a012 34 56 78 ', '+33612345678'],
  ];
  for (const [country, input, expected] of cases) {
    test(`${country} ${JSON.stringify(input)} → ${expected}`, () => {
      const result = toE164(country, input);
      assert.equal(result, expected);
      if (result) assert.match(result, /^\+[1-9]\d{6,14}$/);
    });
  }

  test('rejects what cannot be a phone number', () => {
    assert.equal(toE164('GB', ''), null);
    assert.equal(toE164('GB', 'call me'), null);
    assert.equal(toE164('GB', '020 7183 8750 ext. 12'), null);
    assert.equal(toE164('GB', '12'), null);
    assert.equal(toE164('DE', '+49 1234567890123456'), null, 'longer than 15 digits');
    assert.equal(toE164('GB', '+999 1234 5678'), null, 'no such calling code');
    assert.equal(toE164('GB', '+0 1234 5678'), null);
    assert.equal(toE164('US', '+1 555 2671'), null, 'North American numbers have 10 digits');
    assert.equal(toE164('ZZ', '020 7183 8750'), null);
    assert.equal(toE164('GB', '++44 20 7183 8750'), null);
  });
});

describe('splitE164 and formatE164ForDisplay', () => {
  test('splits off the calling code', () => {
    assert.deepEqual(splitE164('+442071838750'), { callingCode: '44', national: '2071838750' });
    assert.deepEqual(splitE164('+14155552671'), { callingCode: '1', national: '4155552671' });
    assert.deepEqual(splitE164('+358401234567'), { callingCode: '358', national: '401234567' });
    assert.equal(splitE164('442071838750'), null);
  });

  test('groups digits for reading', () => {
    assert.equal(formatE164ForDisplay('+14155552671'), '+1 415 555 2671');
    assert.equal(formatE164ForDisplay('+442071838750'), '+44 20 7183 8750');
    assert.equal(formatE164ForDisplay('+33612345678'), '+33 6 1234 5678');
    assert.equal(formatE164ForDisplay('not a number'), 'not a number');
  });
});
