/**
 * Card number, expiry and CVC rules, free of the DOM so the card element and the
 * endpoint's processor apply exactly the same checks.
 *
 *   typed text ──normalize──▶ digits ──format──▶ grouped text shown in the field
 *                                  └──validate──▶ CardFieldError | null
 */

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay';

interface BrandRule {
  brand: CardBrand;
  label: string;
  /** Leading-digit ranges, as [from, to] over prefixes of the same length. */
  prefixes: Array<[number, number]>;
  lengths: number[];
  /** Sizes of the digit groups shown in the field. */
  gaps: number[];
  cvcLength: number;
}

const brands: BrandRule[] = [
  {
    brand: 'amex',
    label: 'American Express',
    prefixes: [
      [34, 34],
      [37, 37],
    ],
    lengths: [15],
    gaps: [4, 6, 5],
    cvcLength: 4,
  },
  {
    brand: 'diners',
    label: 'Diners Club',
    prefixes: [
      [300, 305],
      [36, 36],
      [38, 39],
    ],
    lengths: [14, 16],
    gaps: [4, 6, 4],
    cvcLength: 3,
  },
  {
    brand: 'discover',
    label: 'Discover',
    prefixes: [
      [6011, 6011],
      [644, 649],
      [65, 65],
    ],
    lengths: [16, 19],
    gaps: [4, 4, 4, 4, 3],
    cvcLength: 3,
  },
  {
    brand: 'jcb',
    label: 'JCB',
    prefixes: [[3528, 3589]],
    lengths: [16, 19],
    gaps: [4, 4, 4, 4, 3],
    cvcLength: 3,
  },
  {
    brand: 'unionpay',
    label: 'UnionPay',
    prefixes: [[62, 62]],
    lengths: [16, 17, 18, 19],
    gaps: [4, 4, 4, 4, 3],
    cvcLength: 3,
  },
  {
    brand: 'mastercard',
    label: 'Mastercard',
    prefixes: [
      [51, 55],
      [2221, 2720],
    ],
    lengths: [16],
    gaps: [4, 4, 4, 4],
    cvcLength: 3,
  },
  {
    brand: 'visa',
    label: 'Visa',
    prefixes: [[4, 4]],
    lengths: [13, 16, 19],
    gaps: [4, 4, 4, 4, 3],
    cvcLength: 3,
  },
];

const unknownBrand = {
  lengths: [12, 13, 14, 15, 16, 17, 18, 19],
  gaps: [4, 4, 4, 4, 3],
  cvcLength: 3,
};

/** Keeps only the digits of what was typed or autofilled ("4242 4242-4242" → "42424242"). */
export function normalizeCardNumber(input: string): string {
  return input.replace(/\D/g, '').slice(0, 19);
}

function ruleFor(digits: string): BrandRule | undefined {
  return brands.find((rule) =>
    rule.prefixes.some(([from, to]) => {
      const width = String(from).length;
      if (digits.length < width) return false;
      const prefix = Number(digits.slice(0, width));
      return prefix >= from && prefix <= to;
    }),
  );
}

export function detectBrand(input: string): CardBrand | null {
  return ruleFor(normalizeCardNumber(input))?.brand ?? null;
}

export function brandLabel(brand: CardBrand | null): string {
  return brands.find((rule) => rule.brand === brand)?.label ?? 'Card';
}

export function cvcLengthFor(brand: CardBrand | null): number {
  return brands.find((rule) => rule.brand === brand)?.cvcLength ?? unknownBrand.cvcLength;
}

/** Groups digits the way the brand prints them: Amex 4-6-5, most others 4-4-4-4. */
export function formatCardNumber(input: string): string {
  const digits = normalizeCardNumber(input);
  const gaps = (ruleFor(digits) ?? unknownBrand).gaps;
  const groups: string[] = [];
  let start = 0;
  for (const size of gaps) {
    if (start >= digits.length) break;
    groups.push(digits.slice(start, start + size));
    start += size;
  }
  if (start < digits.length) groups.push(digits.slice(start));
  return groups.join(' ');
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Message keys, so the UI and the endpoint word each problem once. */
export type CardFieldError =
  | 'number_required'
  | 'number_incomplete'
  | 'number_invalid'
  | 'expiry_required'
  | 'expiry_invalid'
  | 'expiry_past'
  | 'cvc_required'
  | 'cvc_incomplete'
  | 'name_required';

export function validateCardNumber(input: string): CardFieldError | null {
  const digits = normalizeCardNumber(input);
  if (digits.length === 0) return 'number_required';
  const lengths = (ruleFor(digits) ?? unknownBrand).lengths;
  if (digits.length < Math.min(...lengths)) return 'number_incomplete';
  if (!lengths.includes(digits.length) || !luhnValid(digits)) return 'number_invalid';
  return null;
}

export interface Expiry {
  month: number;
  /** Four-digit year. */
  year: number;
}

/**
 * Reads an expiry as people type it and as autofill delivers it:
 * "04/27", "04 / 27", "0427", "4/2027", "04/2027".
 */
export function parseExpiry(input: string): Expiry | null {
  const text = input.trim();
  const match = /^(\d{1,2})\s*[/\-.]?\s*(\d{2}|\d{4})$/.exec(text);
  if (!match) return null;
  // "0427" without a separator is MM YY; "427" is ambiguous and rejected.
  if (!/[/\-.\s]/.test(text) && match[1]!.length !== 2) return null;
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) return null;
  return { month, year };
}

/** Shows an expiry as "MM / YY" while typing: "4" → "4", "04" → "04 / ", "0427" → "04 / 27". */
export function formatExpiryInput(input: string, deleting = false): string {
  const full = parseExpiry(input);
  if (full && /\d{4}$/.test(input.trim()) && /[/\-.\s]/.test(input)) {
    return `${String(full.month).padStart(2, '0')} / ${String(full.year).slice(-2)}`;
  }
  let digits = input.replace(/\D/g, '');
  // A leading 2-9 can only be a one-digit month.
  if (/^[2-9]/.test(digits)) digits = `0${digits}`;
  digits = digits.slice(0, 4);
  if (digits.length < 2) return digits;
  if (digits.length === 2) return deleting ? digits : `${digits} / `;
  return `${digits.slice(0, 2)} / ${digits.slice(2)}`;
}

export function validateExpiry(input: string, now: Date = new Date()): CardFieldError | null {
  if (input.trim() === '') return 'expiry_required';
  const expiry = parseExpiry(input);
  if (!expiry) return 'expiry_invalid';
  return isExpired(expiry, now) ? 'expiry_past' : null;
}

/** A card is good through the last day of its expiry month. */
export function isExpired(expiry: Expiry, now: Date = new Date()): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return expiry.year < year || (expiry.year === year && expiry.month < month);
}

export function validateCvc(input: string, brand: CardBrand | null): CardFieldError | null {
  const digits = input.replace(/\D/g, '');
  if (digits.length === 0) return 'cvc_required';
  return digits.length === cvcLengthFor(brand) ? null : 'cvc_incomplete';
}
