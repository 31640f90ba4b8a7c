/**
 * Phone numbers, free of the DOM: the country picked beside the field plus what
 * the customer typed or autofilled become one E.164 string the endpoint stores.
 *
 *   "020 7183 8750" + GB ──toE164──▶ "+442071838750" ──formatE164ForDisplay──▶ "+44 20 7183 8750"
 *   "+44 (0)20 7183 8750", "0044 20 7183 8750" ──toE164──▶ the same
 *
 * Deliberately small: it normalises and checks the E.164 shape, and leaves
 * whether a number is in service to the carrier. A full numbering-plan library
 * (libphonenumber-js/min, 29 KB gzip) would spend the whole kit's budget.
 */

/** Country calling code of every country in `countries.ts`, as `CC` + digits. */
const table =
  'AD376 AE971 AF93 AG1 AI1 AL355 AM374 AO244 AQ672 AR54 AS1 AT43 AU61 AW297 AX358 AZ994 BA387 BB1 BD880 BE32 BF226 BG359 BH973 BI257 BJ229 BL590 BM1 BN673 BO591 BQ599 BR55 BS1 BT975 BV47 BW267 BY375 BZ501 CA1 CC61 CD243 CF236 CG242 CH41 CI225 CK682 CL56 CM237 CN86 CO57 CR506 CU53 CV238 CW599 CX61 CY357 CZ420 DE49 DJ253 DK45 DM1 DO1 DZ213 EC593 EE372 EG20 EH212 ER291 ES34 ET251 FI358 FJ679 FK500 FM691 FO298 FR33 GA241 GB44 GD1 GE995 GF594 GG44 GH233 GI350 GL299 GM220 GN224 GP590 GQ240 GR30 GS500 GT502 GU1 GW245 GY592 HK852 HM672 HN504 HR385 HT509 HU36 ID62 IE353 IL972 IM44 IN91 IO246 IQ964 IR98 IS354 IT39 JE44 JM1 JO962 JP81 KE254 KG996 KH855 KI686 KM269 KN1 KP850 KR82 KW965 KY1 KZ7 LA856 LB961 LC1 LI423 LK94 LR231 LS266 LT370 LU352 LV371 LY218 MA212 MC377 MD373 ME382 MF590 MG261 MH692 MK389 ML223 MM95 MN976 MO853 MP1 MQ596 MR222 MS1 MT356 MU230 MV960 MW265 MX52 MY60 MZ258 NA264 NC687 NE227 NF672 NG234 NI505 NL31 NO47 NP977 NR674 NU683 NZ64 OM968 PA507 PE51 PF689 PG675 PH63 PK92 PL48 PM508 PN64 PR1 PS970 PT351 PW680 PY595 QA974 RE262 RO40 RS381 RU7 RW250 SA966 SB677 SC248 SD249 SE46 SG65 SH290 SI386 SJ47 SK421 SL232 SM378 SN221 SO252 SR597 SS211 ST239 SV503 SX1 SY963 SZ268 TC1 TD235 TF262 TG228 TH66 TJ992 TK690 TL670 TM993 TN216 TO676 TR90 TT1 TV688 TW886 TZ255 UA380 UG256 UM1 US1 UY598 UZ998 VA39 VC1 VE58 VG1 VI1 VN84 VU678 WF681 WS685 YE967 YT262 ZA27 ZM260 ZW263';

const callingCodes = new Map(
  table.split(' ').map((entry) => [entry.slice(0, 2), entry.slice(2)] as const),
);
/** Calling codes are prefix-free (ITU E.164), so the first match is the only one. */
const knownCodes = new Set(callingCodes.values());

/**
 * The trunk prefix dialled before a national number and dropped after the
 * country code ("020…" in London is "+44 20…"). Countries not listed have
 * none, or keep the leading 0 as part of the number, as Italy does.
 * From libphonenumber's metadata; the North American "1" is handled apart.
 * Argentina's mobile "15" infix is not rewritten: those numbers need "+54 9".
 */
const trunkZero = new Set(
  'AE AF AL AM AR AT AU AX AZ BA BD BE BG BL BO BR CC CD CH CN CO CU CX DE DZ EC EG EH ER ET FI FR GB GE GF GG GH GP HR ID IE IL IM IN IQ IR JE JO JP KE KG KH KI KP KR LA LB LI LK LR LT LY MA MC MD ME MF MG MK MM MN MQ MW MY NA NG NL NP NZ PE PH PK PM PS PY RE RO RS RW SA SD SE SI SK SL SO SS SY TH TR TW TZ UA UG UY VE VN YE YT ZA ZM ZW'.split(
    ' ',
  ),
);
const otherTrunks: Record<string, RegExp> = {
  BY: /^(?:80?|0)/,
  HU: /^06/,
  KZ: /^8/,
  RU: /^8/,
  TM: /^8/,
};

const e164 = /^\+[1-9]\d{6,14}$/;

/** The country calling code without "+" ("44" for GB, "1" for CA), or null for an unknown country. */
export function callingCode(country: string): string | null {
  return callingCodes.get(country.trim().toUpperCase()) ?? null;
}

/** Splits "+442071838750" into its calling code "44" and national number "2071838750". */
export function splitE164(value: string): { callingCode: string; national: string } | null {
  if (!e164.test(value)) return null;
  for (let length = 1; length <= 3; length++) {
    const code = value.slice(1, 1 + length);
    if (knownCodes.has(code)) return { callingCode: code, national: value.slice(1 + length) };
  }
  return null;
}

/**
 * The E.164 form of a number typed for `country`, or null when it cannot be one.
 * Accepts spaces, dots, dashes, slashes and parentheses; a leading "+" or "00"
 * (or "011" in North America) means the number is already international.
 */
export function toE164(country: string, input: string): string | null {
  let text = input.trim().replace(/\u00a0/g, ' ');
  if (!/^\+?[\d\s().\-/]+$/.test(text)) return null;
  // "+44 (0)20…": the bracketed trunk 0 is a hint for callers at home, not part of the number.
  text = text.replace(/^(\+\d{1,3})\s*\(0\)/, '$1');
  const digits = text.replace(/\D/g, '');
  const code = callingCode(country);
  let international: string | null = null;
  if (text.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  else if (code === '1' && digits.startsWith('011')) international = digits.slice(3);
  if (international !== null) {
    const candidate = `+${international}`;
    const parts = splitE164(candidate);
    if (!parts) return null;
    return parts.callingCode === '1' && parts.national.length !== 10 ? null : candidate;
  }
  if (!code) return null;
  let national = digits;
  if (code === '1') {
    // North America dials "1" before the 10-digit number, and every number has an area code.
    if (national.length === 11 && national.startsWith('1')) national = national.slice(1);
    if (national.length !== 10) return null;
  } else {
    const upper = country.trim().toUpperCase();
    const trunk = trunkZero.has(upper) ? /^0/ : otherTrunks[upper];
    if (trunk) national = national.replace(trunk, '');
  }
  const candidate = `+${code}${national}`;
  return national.length >= 4 && e164.test(candidate) ? candidate : null;
}

/**
 * A readable form of an E.164 number: "+1 415 555 2671", "+44 20 7183 8750".
 * Groups are generic (North America 3-3-4, elsewhere fours from the right),
 * not each country's own; invalid input is returned as it was.
 */
export function formatE164ForDisplay(value: string): string {
  const parts = splitE164(value);
  if (!parts) return value;
  const { callingCode: code, national } = parts;
  if (code === '1' && national.length === 10)
    return `+1 ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
  const groups: string[] = [];
  for (let end = national.length; end > 0; end -= 4)
    groups.unshift(national.slice(Math.max(0, end - 4), end));
  return `+${code} ${groups.join(' ')}`;
}
