import type { MessageKey } from './messages.js';
import type { Translator } from './translator.js';

type DeliveryUnit = 'business_day' | 'day' | 'week';
type DeliveryBound = { unit: DeliveryUnit; value: number };

/**
 * "3–5 business days" for a shipping rate's delivery estimate, or null
 * without one. Only the shipping rates part uses it, so it loads with that
 * part, whose words (./parts/shipping-rates.ts) it needs.
 */
export function deliveryEstimate(
  i18n: Translator,
  estimate: { minimum: DeliveryBound | null; maximum: DeliveryBound | null },
): string | null {
  const span = (bound: DeliveryBound) =>
    i18n.t(`${bound.unit}${bound.value === 1 ? '' : 's'}` as MessageKey, { count: bound.value });
  const { minimum, maximum } = estimate;
  if (minimum && maximum) {
    // Same unit: one phrase, worded for the upper bound, with the range as its number.
    const upper = span(maximum);
    const number = i18n.number(maximum.value);
    return minimum.unit === maximum.unit && upper.includes(number)
      ? upper.replace(
          number,
          new Intl.NumberFormat(i18n.locale).formatRange(minimum.value, maximum.value),
        )
      : i18n.t('deliveryBetween', { minimum: span(minimum), maximum: upper });
  }
  if (minimum) return i18n.t('deliveryAtLeast', { minimum: span(minimum) });
  if (maximum) return i18n.t('deliveryUpTo', { maximum: span(maximum) });
  return null;
}
