import type { AppliedTax, TaxBehavior, TotalDetails } from '../../api/client-types.js';
import { findTaxRate, type TaxRate } from './tax-rates.js';

/**
 * Pure pricing: the only place amounts are computed. Everything is an integer
 * count of the currency's minor unit (cents, yen, fils), so zero- and
 * three-decimal currencies need nothing special; intermediate products use
 * BigInt so no amount is ever rounded through a binary fraction.
 */

export interface PricingLine {
  unitAmount: number;
  quantity: number;
  taxBehavior: TaxBehavior;
}

/** Exactly one of the two is set. `percentOff` has at most two decimals. */
export interface PricingDiscount {
  percentOff: number | null;
  amountOff: number | null;
}

export interface TaxLocation {
  country: string;
  state?: string | null | undefined;
}

export interface PricingInput {
  lines: readonly PricingLine[];
  discount: PricingDiscount | null;
  /** The chosen shipping rate's amount (never taxed). */
  shippingAmount: number;
  automaticTax: boolean;
  /** Where the goods go (or the billing address); null when not yet known. */
  location: TaxLocation | null;
  taxRates: readonly TaxRate[];
}

export interface PricedLine {
  amountSubtotal: number;
  amountDiscount: number;
  /** Inclusive or exclusive, as the line's tax behavior says. */
  amountTax: number;
  /** amountSubtotal − amountDiscount + exclusive tax. */
  amountTotal: number;
}

export type AutomaticTaxStatus = 'complete' | 'requires_location_inputs' | null;

export interface Pricing {
  lines: PricedLine[];
  amountSubtotal: number;
  totalDetails: TotalDetails;
  amountTotal: number;
  automaticTax: { enabled: boolean; status: AutomaticTaxStatus };
  tax: AppliedTax | null;
}

/** round(n / d), halves up, for n ≥ 0 and d > 0. */
function divRoundHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** A percentage as an integer number of 1/10 000 percent (four decimals). */
function percentUnits(percentage: number): bigint {
  return BigInt(Math.round(percentage * 10_000));
}
const percentScale = 1_000_000n; // 100 % in percentUnits

/** The discount on `subtotal`: percent rounded half up, or a fixed amount capped at the subtotal. */
export function discountAmount(subtotal: number, discount: PricingDiscount | null): number {
  if (!discount || subtotal <= 0) return 0;
  if (discount.percentOff !== null) {
    const off = divRoundHalfUp(BigInt(subtotal) * percentUnits(discount.percentOff), percentScale);
    return Math.min(Number(off), subtotal);
  }
  return Math.min(Math.max(discount.amountOff ?? 0, 0), subtotal);
}

/**
 * Splits `total` across `weights` in proportion, by the largest-remainder
 * method: the shares are whole numbers that add up to exactly `total`. Ties go
 * to the earlier weight.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const t = BigInt(total);
  const s = BigInt(sum);
  const parts = weights.map((weight, index) => {
    const product = t * BigInt(weight);
    return { index, share: product / s, remainder: product % s };
  });
  let left = t - parts.reduce((acc, part) => acc + part.share, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of byRemainder) {
    if (left <= 0n) break;
    part.share += 1n;
    left -= 1n;
  }
  return parts.map((part) => Number(part.share));
}

/** Tax on `base` at `percentage`: added on top (exclusive) or already inside (inclusive). */
export function taxOn(base: number, percentage: number, behavior: TaxBehavior): number {
  if (base <= 0 || percentage <= 0) return 0;
  const b = BigInt(base);
  const rate = percentUnits(percentage);
  if (behavior === 'inclusive') {
    return Number(b - divRoundHalfUp(b * percentScale, percentScale + rate));
  }
  return Number(divRoundHalfUp(b * rate, percentScale));
}

export function price(input: PricingInput): Pricing {
  const subtotals = input.lines.map((line) => line.unitAmount * line.quantity);
  const amountSubtotal = subtotals.reduce((acc, amount) => acc + amount, 0);
  const amountDiscount = discountAmount(amountSubtotal, input.discount);
  const discounts = allocate(amountDiscount, subtotals);

  let status: AutomaticTaxStatus = null;
  let rate: TaxRate | null = null;
  if (input.automaticTax) {
    status = input.location?.country ? 'complete' : 'requires_location_inputs';
    if (input.location?.country) {
      rate = findTaxRate(input.taxRates, input.location.country, input.location.state);
    }
  }

  let inclusive = 0;
  let exclusive = 0;
  const lines = input.lines.map((line, index) => {
    const base = subtotals[index]! - discounts[index]!;
    const tax = rate ? taxOn(base, rate.percentage, line.taxBehavior) : 0;
    const isInclusive = line.taxBehavior === 'inclusive';
    if (isInclusive) inclusive += tax;
    else exclusive += tax;
    return {
      amountSubtotal: subtotals[index]!,
      amountDiscount: discounts[index]!,
      amountTax: tax,
      amountTotal: base + (isInclusive ? 0 : tax),
    };
  });

  const shipping = Math.max(0, Math.round(input.shippingAmount));
  return {
    lines,
    amountSubtotal,
    totalDetails: {
      amount_discount: amountDiscount,
      amount_shipping: shipping,
      amount_tax: inclusive + exclusive,
    },
    amountTotal: amountSubtotal - amountDiscount + shipping + exclusive,
    automaticTax: { enabled: input.automaticTax, status },
    tax: rate
      ? {
          display_name: rate.display_name,
          percentage: rate.percentage,
          country: rate.country.toUpperCase(),
          state: rate.state?.toUpperCase() ?? null,
          amount_inclusive: inclusive,
          amount_exclusive: exclusive,
        }
      : null,
  };
}
