import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  allocate,
  discountAmount,
  type PricingInput,
  type PricingLine,
  price,
  taxOn,
} from '../../src/server/sessions/pricing.js';
import { defaultTaxRates, findTaxRate } from '../../src/server/sessions/tax-rates.js';

/** The pure pricing functions: the only authority on amounts. */

const line = (
  unitAmount: number,
  quantity = 1,
  taxBehavior: PricingLine['taxBehavior'] = 'exclusive',
): PricingLine => ({ unitAmount, quantity, taxBehavior });

const input = (overrides: Partial<PricingInput>): PricingInput => ({
  lines: [],
  discount: null,
  shippingAmount: 0,
  automaticTax: false,
  location: null,
  taxRates: defaultTaxRates,
  ...overrides,
});

const percent = (percentOff: number) => ({ percentOff, amountOff: null });
const amount = (amountOff: number) => ({ percentOff: null, amountOff });

describe('discounts', () => {
  test('percent off rounds half up in minor units, exactly', () => {
    assert.equal(discountAmount(2800, percent(15)), 420);
    assert.equal(discountAmount(1005, percent(10)), 101); // 100.5
    assert.equal(discountAmount(1004, percent(12.5)), 126); // 125.5
    assert.equal(discountAmount(1000, percent(33.33)), 333); // 333.3
    // 130.5 exactly; 375 * 34.8 / 100 in binary floating point is 130.49999…
    assert.equal(discountAmount(375, percent(34.8)), 131);
    assert.equal(discountAmount(625, percent(4.56)), 29); // 28.5
    assert.equal(discountAmount(1999, percent(100)), 1999);
  });

  test('amount off is capped at the subtotal', () => {
    assert.equal(discountAmount(2800, amount(500)), 500);
    assert.equal(discountAmount(300, amount(500)), 300);
    assert.equal(discountAmount(0, amount(500)), 0);
    assert.equal(discountAmount(2800, null), 0);
  });

  test('allocation by largest remainder sums exactly to the discount', () => {
    assert.deepEqual(allocate(7, [500, 300, 200]), [4, 2, 1]); // 3.5, 2.1, 1.4
    assert.deepEqual(allocate(2, [100, 100, 100]), [1, 1, 0]); // ties go to the earlier line
    assert.deepEqual(allocate(100, [1000, 1000, 1000]), [34, 33, 33]);
    assert.deepEqual(allocate(420, [2500, 300]), [375, 45]);
    assert.deepEqual(allocate(10, [0, 500]), [0, 10]);
    assert.deepEqual(allocate(0, [1, 2]), [0, 0]);
    assert.deepEqual(allocate(5, [0, 0]), [0, 0]);
  });

  test('allocation never gives a line more than its subtotal, over many cases', () => {
    let seed = 42;
    const random = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % max;
    };
    for (let round = 0; round < 500; round++) {
      const weights = Array.from({ length: 1 + random(6) }, () => random(100_000));
      const sum = weights.reduce((a, b) => a + b, 0);
      const total = random(sum + 1);
      const shares = allocate(total, weights);
      assert.equal(
        shares.reduce((a, b) => a + b, 0),
        sum === 0 ? 0 : total,
      );
      shares.forEach((share, i) => {
        assert.ok(share >= 0 && share <= weights[i]!, `${share} of ${weights[i]}`);
        assert.ok(Math.abs(share - (total * weights[i]!) / sum) < 1, 'within one unit of exact');
      });
    }
  });
});

describe('tax', () => {
  test('exclusive tax is added on top, rounded half up', () => {
    assert.equal(taxOn(2800, 7.25, 'exclusive'), 203);
    assert.equal(taxOn(1999, 7.25, 'exclusive'), 145); // 144.9275
    assert.equal(taxOn(1000, 8.875, 'exclusive'), 89); // 88.75
    assert.equal(taxOn(10_000, 14.975, 'exclusive'), 1498); // 1497.5
    assert.equal(taxOn(1000, 7.25, 'unspecified'), 73); // 72.5
  });

  test('inclusive tax is the part of the price that is tax', () => {
    assert.equal(taxOn(1200, 20, 'inclusive'), 200);
    assert.equal(taxOn(999, 20, 'inclusive'), 166); // 999 − round(832.5)
    assert.equal(taxOn(1100, 10, 'inclusive'), 100);
    assert.equal(taxOn(0, 20, 'inclusive'), 0);
  });

  test('a state rate wins over the country rate; unknown places have none', () => {
    assert.equal(findTaxRate(defaultTaxRates, 'CA', 'QC')?.percentage, 14.975);
    assert.equal(findTaxRate(defaultTaxRates, 'ca', 'ab')?.display_name, 'GST');
    assert.equal(findTaxRate(defaultTaxRates, 'CA', null)?.percentage, 5);
    assert.equal(findTaxRate(defaultTaxRates, 'US', 'NY')?.percentage, 8.875);
    assert.equal(findTaxRate(defaultTaxRates, 'US', 'OR'), null);
    assert.equal(findTaxRate(defaultTaxRates, 'US'), null);
    assert.equal(findTaxRate(defaultTaxRates, 'GB', 'ENG')?.percentage, 20);
    assert.equal(findTaxRate(defaultTaxRates, 'KW'), null);
  });
});

describe('price() in USD', () => {
  test('without discount, shipping or tax the total is the subtotal', () => {
    const result = price(input({ lines: [line(1250, 2), line(300)] }));
    assert.equal(result.amountSubtotal, 2800);
    assert.equal(result.amountTotal, 2800);
    assert.deepEqual(result.totalDetails, {
      amount_discount: 0,
      amount_shipping: 0,
      amount_tax: 0,
    });
    assert.deepEqual(result.automaticTax, { enabled: false, status: null });
    assert.equal(result.tax, null);
    assert.deepEqual(
      result.lines.map((l) => l.amountTotal),
      [2500, 300],
    );
  });

  test('automatic tax off ignores the address', () => {
    const result = price(
      input({ lines: [line(1000)], location: { country: 'GB' }, automaticTax: false }),
    );
    assert.equal(result.amountTotal, 1000);
    assert.equal(result.tax, null);
  });

  test('discount, exclusive tax and shipping: shipping is not taxed', () => {
    const result = price(
      input({
        lines: [line(1250, 2), line(300)],
        discount: percent(15),
        shippingAmount: 500,
        automaticTax: true,
        location: { country: 'US', state: 'CA' },
      }),
    );
    // 2800 − 420 = 2380; tax 7.25 % per line on 2125 and 255 → 154 + 18 = 172
    assert.deepEqual(
      result.lines.map((l) => [l.amountSubtotal, l.amountDiscount, l.amountTax, l.amountTotal]),
      [
        [2500, 375, 154, 2279],
        [300, 45, 18, 273],
      ],
    );
    assert.deepEqual(result.totalDetails, {
      amount_discount: 420,
      amount_shipping: 500,
      amount_tax: 172,
    });
    assert.equal(result.amountTotal, 2800 - 420 + 500 + 172);
    assert.deepEqual(result.tax, {
      display_name: 'Sales tax',
      percentage: 7.25,
      country: 'US',
      state: 'CA',
      amount_inclusive: 0,
      amount_exclusive: 172,
    });
    assert.deepEqual(result.automaticTax, { enabled: true, status: 'complete' });
  });

  test('inclusive and exclusive lines together: only exclusive tax adds to the total', () => {
    const result = price(
      input({
        lines: [line(1000, 1, 'inclusive'), line(1000, 1, 'exclusive')],
        discount: percent(10),
        automaticTax: true,
        location: { country: 'GB' },
      }),
    );
    assert.deepEqual(
      result.lines.map((l) => [l.amountDiscount, l.amountTax, l.amountTotal]),
      [
        [100, 150, 900],
        [100, 180, 1080],
      ],
    );
    assert.equal(result.totalDetails.amount_tax, 330);
    assert.equal(result.amountTotal, 1980);
    assert.equal(result.tax?.amount_inclusive, 150);
    assert.equal(result.tax?.amount_exclusive, 180);
  });

  test('no address yet: requires_location_inputs and no tax', () => {
    const result = price(input({ lines: [line(1000)], automaticTax: true }));
    assert.deepEqual(result.automaticTax, { enabled: true, status: 'requires_location_inputs' });
    assert.equal(result.tax, null);
    assert.equal(result.amountTotal, 1000);
  });

  test('a place without a configured rate is complete with no tax', () => {
    for (const location of [{ country: 'US', state: 'OR' }, { country: 'KW' }]) {
      const result = price(input({ lines: [line(1000)], automaticTax: true, location }));
      assert.deepEqual(result.automaticTax, { enabled: true, status: 'complete' });
      assert.equal(result.tax, null);
      assert.equal(result.totalDetails.amount_tax, 0);
      assert.equal(result.amountTotal, 1000);
    }
  });

  test('amount off larger than the order leaves shipping and nothing else', () => {
    const result = price(
      input({ lines: [line(300), line(200)], discount: amount(1000), shippingAmount: 450 }),
    );
    assert.equal(result.totalDetails.amount_discount, 500);
    assert.deepEqual(
      result.lines.map((l) => l.amountTotal),
      [0, 0],
    );
    assert.equal(result.amountTotal, 450);
  });
});

describe('price() in zero- and three-decimal currencies', () => {
  test('JPY: yen are the minor unit', () => {
    const result = price(
      input({
        lines: [line(1500, 3)],
        discount: percent(15),
        shippingAmount: 800,
        automaticTax: true,
        location: { country: 'JP' },
      }),
    );
    // 4500 − 675 = 3825; 10 % → 382.5 → 383
    assert.equal(result.totalDetails.amount_discount, 675);
    assert.equal(result.totalDetails.amount_tax, 383);
    assert.equal(result.amountTotal, 4500 - 675 + 800 + 383);
    assert.equal(result.tax?.display_name, '消費税');
  });

  test('KWD: fils (three decimals), exclusive and inclusive', () => {
    const taxRates = [{ country: 'KW', percentage: 5, display_name: 'VAT' }];
    const exclusive = price(
      input({
        lines: [line(1234, 2)],
        discount: amount(500),
        shippingAmount: 1500,
        automaticTax: true,
        location: { country: 'KW' },
        taxRates,
      }),
    );
    // 2468 − 500 = 1968; 5 % → 98.4 → 98
    assert.equal(exclusive.totalDetails.amount_tax, 98);
    assert.equal(exclusive.amountTotal, 2468 - 500 + 1500 + 98);
    const inclusive = price(
      input({
        lines: [line(1234, 2, 'inclusive')],
        discount: amount(500),
        automaticTax: true,
        location: { country: 'KW' },
        taxRates,
      }),
    );
    // 1968 − round(1968 / 1.05 = 1874.29) = 94, already inside the price
    assert.equal(inclusive.totalDetails.amount_tax, 94);
    assert.equal(inclusive.amountTotal, 1968);
  });
});
