import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addressFormat,
  countriesWithoutPostalCode,
  normalizePostalCode,
  resolveState,
  validatePostalCode,
  validateState,
} from '../../src/core/address-formats.js';
import { isCountryCode } from '../../src/core/countries.js';

describe('address formats', () => {
  test('labels follow local usage', () => {
    assert.equal(addressFormat('US').postalCode?.label, 'zip');
    assert.equal(addressFormat('GB').postalCode?.label, 'postcode');
    assert.equal(addressFormat('AU').postalCode?.label, 'postcode');
    for (const country of ['CA', 'DE', 'FR', 'JP', 'NL', 'BR'])
      assert.equal(addressFormat(country).postalCode?.label, 'postalCode', country);
    assert.equal(addressFormat('US').state?.label, 'state');
    assert.equal(addressFormat('CA').state?.label, 'province');
    assert.equal(addressFormat('JP').state?.label, 'prefecture');
    assert.equal(addressFormat('AU').state?.label, 'state');
    assert.equal(addressFormat('AU').cityLabel, 'suburb');
    assert.equal(addressFormat('GB').cityLabel, 'townCity');
    assert.equal(addressFormat('DE').cityLabel, 'city');
  });

  test('accepts any case and surrounding space in the country code', () => {
    assert.equal(addressFormat(' us ').country, 'US');
    assert.equal(addressFormat('us'), addressFormat('US'));
  });

  test('states are required only where addresses carry one', () => {
    for (const country of ['US', 'CA', 'AU', 'JP'])
      assert.equal(addressFormat(country).state?.required, true);
    for (const country of ['GB', 'DE', 'FR', 'NL', 'ZZ'])
      assert.equal(addressFormat(country).state, null);
  });

  test('subdivision lists are complete, with unique codes', () => {
    const codes = (country: string) => addressFormat(country).state!.options.map((o) => o.code);
    const us = codes('US');
    assert.equal(us.length, 50 + 1 + 6 + 3, '50 states, DC, 6 territories, 3 armed forces');
    for (const code of ['CA', 'NY', 'DC', 'PR', 'GU', 'VI', 'AS', 'MP', 'WY'])
      assert.ok(us.includes(code), code);
    assert.ok(us.every((code) => /^[A-Z]{2}$/.test(code)));
    assert.deepEqual(codes('CA').toSorted(), 'AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' '));
    assert.deepEqual(codes('AU').toSorted(), 'ACT NSW NT QLD SA TAS VIC WA'.split(' '));
    const jp = codes('JP');
    assert.equal(jp.length, 47);
    assert.equal(jp[0], 'JP-01');
    assert.equal(jp[46], 'JP-47');
    assert.ok(jp.every((code, index) => code === `JP-${String(index + 1).padStart(2, '0')}`));
    for (const country of ['US', 'CA', 'AU', 'JP'])
      assert.equal(new Set(codes(country)).size, codes(country).length, country);
  });

  test('countries without postal codes have no postal code rule', () => {
    for (const country of ['AE', 'HK', 'QA', 'BS', 'ZW']) {
      assert.equal(addressFormat(country).postalCode, null, country);
      assert.equal(validatePostalCode(country, ''), null, country);
    }
    for (const code of countriesWithoutPostalCode) assert.ok(isCountryCode(code), code);
  });

  test('each example passes its own rule', () => {
    for (const country of [
      'US',
      'CA',
      'GB',
      'DE',
      'FR',
      'JP',
      'AU',
      'NL',
      'IE',
      'PL',
      'PT',
      'SE',
    ]) {
      const rule = addressFormat(country).postalCode!;
      assert.ok(rule.example, country);
      assert.equal(validatePostalCode(country, rule.example), null, `${country} ${rule.example}`);
    }
  });
});

describe('validatePostalCode', () => {
  const cases: Array<[string, string[], string[]]> = [
    ['US', ['94103', '94103-1234', ' 10001 '], ['9410', '941031', '94103-12', 'ABCDE']],
    ['CA', ['K1A 0B1', 'k1a0b1', 'M5V 3L9'], ['K1A 0B', '12345', 'K1A-0B1']],
    [
      'GB',
      ['SW1A 1AA', 'sw1a1aa', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'EC1A 1BB', 'GIR 0AA'],
      ['SW1A', '12345', 'SW1A 1A', 'Q1 1AA1'],
    ],
    ['DE', ['10115', '01067'], ['1011', '101150', 'D-10115']],
    ['FR', ['75001'], ['7500', '750011']],
    ['NL', ['1012 AB', '1012ab'], ['1012', '1012 A', 'AB 1012']],
    ['JP', ['100-0001', '1000001'], ['100-001', '10000011', '100 0001']],
    ['AU', ['2000', '0800'], ['200', '20000']],
  ];
  for (const [country, valid, invalid] of cases) {
    test(country, () => {
      for (const value of valid) assert.equal(validatePostalCode(country, value), null, value);
      for (const value of invalid)
        assert.equal(validatePostalCode(country, value), 'postal_code_invalid', value);
      assert.equal(validatePostalCode(country, '  '), 'postal_code_required');
    });
  }

  test('unlisted countries accept any plausible code but still require one', () => {
    assert.equal(validatePostalCode('BR', '01310-100'), null);
    assert.equal(validatePostalCode('BR', ''), 'postal_code_required');
    assert.equal(validatePostalCode('BR', '!!'), 'postal_code_invalid');
    assert.equal(validatePostalCode('BR', '12345678901234'), 'postal_code_invalid');
  });

  test('Ireland checks an Eircode when given but does not require one', () => {
    assert.equal(validatePostalCode('IE', ''), null);
    assert.equal(validatePostalCode('IE', 'D02 X285'), null);
    assert.equal(validatePostalCode('IE', 'D6W 1234'), null);
    assert.equal(validatePostalCode('IE', 'DUBLIN'), 'postal_code_invalid');
  });
});

describe('normalizePostalCode', () => {
  test('prints codes the way the post office does', () => {
    assert.equal(normalizePostalCode('GB', 'sw1a1aa'), 'SW1A 1AA');
    assert.equal(normalizePostalCode('GB', ' m1  1ae '), 'M1 1AE');
    assert.equal(normalizePostalCode('CA', 'k1a0b1'), 'K1A 0B1');
    assert.equal(normalizePostalCode('NL', '1012ab'), '1012 AB');
    assert.equal(normalizePostalCode('JP', '1000001'), '100-0001');
    assert.equal(normalizePostalCode('IE', 'd02x285'), 'D02 X285');
    assert.equal(normalizePostalCode('US', ' 94103-1234 '), '94103-1234');
  });

  test('leaves invalid input as typed, only trimmed', () => {
    assert.equal(normalizePostalCode('GB', ' hello '), 'hello');
  });
});

describe('states', () => {
  test('resolves codes and names as typed or autofilled', () => {
    assert.equal(resolveState('US', 'CA'), 'CA');
    assert.equal(resolveState('US', 'ca'), 'CA');
    assert.equal(resolveState('US', 'California'), 'CA');
    assert.equal(resolveState('US', 'new  york'), 'NY');
    assert.equal(resolveState('US', 'District of Columbia'), 'DC');
    assert.equal(resolveState('CA', 'Québec'), 'QC');
    assert.equal(resolveState('AU', 'nsw'), 'NSW');
    assert.equal(resolveState('AU', 'Western Australia'), 'WA');
    assert.equal(resolveState('JP', 'JP-13'), 'JP-13');
    assert.equal(resolveState('JP', '13'), 'JP-13');
    assert.equal(resolveState('JP', '1'), 'JP-01');
    assert.equal(resolveState('JP', 'Tokyo'), 'JP-13');
    assert.equal(resolveState('JP', 'Tokyo-to'), 'JP-13');
    assert.equal(resolveState('JP', '東京都'), 'JP-13');
    assert.equal(resolveState('JP', '大阪府'), 'JP-27');
    assert.equal(resolveState('JP', '沖縄県'), 'JP-47');
    assert.equal(resolveState('JP', '北海道'), 'JP-01');
    assert.equal(resolveState('US', 'Ontario'), null);
    assert.equal(resolveState('GB', 'Kent'), null);
  });

  test('validateState', () => {
    assert.equal(validateState('US', 'CA'), null);
    assert.equal(validateState('US', ''), 'state_required');
    assert.equal(validateState('US', 'XX'), 'state_invalid');
    assert.equal(validateState('CA', 'ON'), null);
    assert.equal(validateState('JP', ''), 'state_required');
    assert.equal(validateState('JP', '48'), 'state_invalid');
    assert.equal(validateState('GB', ''), null);
    assert.equal(validateState('GB', 'Kent'), null);
  });
});
