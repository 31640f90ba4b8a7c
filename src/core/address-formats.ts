/**
 * Address rules per country, free of the DOM so the address element and the
 * endpoint agree on what a complete address is: which labels to show, whether a
 * state or postal code is needed, and what a valid postal code looks like.
 *
 *   typed or autofilled text ──normalizePostalCode──▶ stored postal code
 *                            └──validatePostalCode──▶ AddressFieldError | null
 *   "California", "ca", "CA" ──resolveState──▶ "CA" ──validateState──▶ AddressFieldError | null
 *
 * Labels are message keys, never English text, so the i18n layer words them.
 */

/** Message key of the postal code's label: "ZIP code", "Postcode", "Postal code"… */
export type PostalCodeLabel = 'zip' | 'postcode' | 'postalCode' | 'eircode' | 'pinCode';
/** Message key of the state's label. */
export type StateLabel = 'state' | 'province' | 'prefecture' | 'county';
/** Message key of the city's label. */
export type CityLabel = 'city' | 'suburb' | 'townCity';

/** Message keys of the problems these rules find. */
export type AddressFieldError =
  | 'postal_code_required'
  | 'postal_code_invalid'
  | 'state_required'
  | 'state_invalid';

export interface Subdivision {
  /** What is stored and sent: the ISO 3166-2 code (`CA`, `QC`, `NSW`; `JP-13` for Tokyo). */
  code: string;
  /** English name, for the list. */
  name: string;
}

export interface PostalCodeRule {
  label: PostalCodeLabel;
  /** Anchored, case-insensitive. */
  pattern: RegExp;
  /** A valid code, for hints such as "For example, SW1A 1AA". */
  example: string;
  /** False where codes exist but many addresses go without one (Ireland). */
  required: boolean;
}

export interface StateRule {
  label: StateLabel;
  required: boolean;
  /** In the order a local form lists them. */
  options: readonly Subdivision[];
}

export interface AddressFormat {
  country: string;
  /** Null in countries without postal codes: the field is not shown. */
  postalCode: PostalCodeRule | null;
  /** Null where addresses carry no state, province or prefecture. */
  state: StateRule | null;
  cityLabel: CityLabel;
}

/** Countries and territories without a postal code system. */
export const countriesWithoutPostalCode: ReadonlySet<string> = new Set(
  'AE AG AO AW BF BI BJ BO BS BW BZ CD CF CG CI CK CM DJ DM ER FJ GD GH GM GQ GY HK KI KM KN KP LY ML MO MR MW NR NU QA RW SB SC SL SR ST SY TD TF TG TK TL TO TT TV UG VU YE ZW'.split(
    ' ',
  ),
);

/** `"AL:Alabama|AK:Alaska"` → subdivisions; keeps the tables compact in the bundle. */
function list(table: string, prefix = ''): Subdivision[] {
  return table.split('|').map((entry) => {
    const [code, name] = entry.split(':') as [string, string];
    return { code: prefix + code, name };
  });
}

const usStates = list(
  'AL:Alabama|AK:Alaska|AZ:Arizona|AR:Arkansas|CA:California|CO:Colorado|CT:Connecticut|DE:Delaware|DC:District of Columbia|FL:Florida|GA:Georgia|HI:Hawaii|ID:Idaho|IL:Illinois|IN:Indiana|IA:Iowa|KS:Kansas|KY:Kentucky|LA:Louisiana|ME:Maine|MD:Maryland|MA:Massachusetts|MI:Michigan|MN:Minnesota|MS:Mississippi|MO:Missouri|MT:Montana|NE:Nebraska|NV:Nevada|NH:New Hampshire|NJ:New Jersey|NM:New Mexico|NY:New York|NC:North Carolina|ND:North Dakota|OH:Ohio|OK:Oklahoma|OR:Oregon|PA:Pennsylvania|RI:Rhode Island|SC:South Carolina|SD:South Dakota|TN:Tennessee|TX:Texas|UT:Utah|VT:Vermont|VA:Virginia|WA:Washington|WV:West Virginia|WI:Wisconsin|WY:Wyoming|AS:American Samoa|GU:Guam|MP:Northern Mariana Islands|PR:Puerto Rico|UM:U.S. Outlying Islands|VI:U.S. Virgin Islands|AA:Armed Forces (Americas)|AE:Armed Forces (Europe)|AP:Armed Forces (Pacific)',
);

const caProvinces = list(
  'AB:Alberta|BC:British Columbia|MB:Manitoba|NB:New Brunswick|NL:Newfoundland and Labrador|NT:Northwest Territories|NS:Nova Scotia|NU:Nunavut|ON:Ontario|PE:Prince Edward Island|QC:Quebec|SK:Saskatchewan|YT:Yukon',
);

const auStates = list(
  'ACT:Australian Capital Territory|NSW:New South Wales|NT:Northern Territory|QLD:Queensland|SA:South Australia|TAS:Tasmania|VIC:Victoria|WA:Western Australia',
);

/**
 * Japan's prefectures keep the full ISO 3166-2 code (`JP-13`): the bare
 * number would be meaningless to a server, and romanised names vary.
 */
const jpPrefectures = list(
  '01:Hokkaido|02:Aomori|03:Iwate|04:Miyagi|05:Akita|06:Yamagata|07:Fukushima|08:Ibaraki|09:Tochigi|10:Gunma|11:Saitama|12:Chiba|13:Tokyo|14:Kanagawa|15:Niigata|16:Toyama|17:Ishikawa|18:Fukui|19:Yamanashi|20:Nagano|21:Gifu|22:Shizuoka|23:Aichi|24:Mie|25:Shiga|26:Kyoto|27:Osaka|28:Hyogo|29:Nara|30:Wakayama|31:Tottori|32:Shimane|33:Okayama|34:Hiroshima|35:Yamaguchi|36:Tokushima|37:Kagawa|38:Ehime|39:Kochi|40:Fukuoka|41:Saga|42:Nagasaki|43:Kumamoto|44:Oita|45:Miyazaki|46:Kagoshima|47:Okinawa',
  'JP-',
);

/** Japanese names in code order, so autofilled "東京都" resolves to `JP-13`. */
const jpLocalNames =
  '北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県'.split(
    ' ',
  );

function postal(
  pattern: string,
  example: string,
  label: PostalCodeLabel = 'postalCode',
  required = true,
): PostalCodeRule {
  return { label, pattern: new RegExp(`^(?:${pattern})$`, 'i'), example, required };
}

/** Unlisted countries with postal codes: letters, digits, spaces and dashes, not checked further. */
const defaultPostalCode = postal('[A-Z0-9][A-Z0-9 -]{1,9}', '', 'postalCode', true);

type Rule = Partial<Omit<AddressFormat, 'country'>>;

const rules: Record<string, Rule> = {
  US: {
    postalCode: postal('\\d{5}(?:-\\d{4})?', '94103', 'zip'),
    state: { label: 'state', required: true, options: usStates },
  },
  CA: {
    postalCode: postal('[A-Z]\\d[A-Z] ?\\d[A-Z]\\d', 'K1A 0B1'),
    state: { label: 'province', required: true, options: caProvinces },
  },
  GB: {
    // Royal Mail's format: outward code (area, district) and inward code (sector, unit).
    postalCode: postal('[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}|GIR ?0AA', 'SW1A 1AA', 'postcode'),
    cityLabel: 'townCity',
  },
  DE: { postalCode: postal('\\d{5}', '10115') },
  FR: { postalCode: postal('\\d{5}', '75001') },
  NL: { postalCode: postal('\\d{4} ?[A-Z]{2}', '1012 AB') },
  JP: {
    postalCode: postal('\\d{3}-?\\d{4}', '100-0001'),
    state: { label: 'prefecture', required: true, options: jpPrefectures },
  },
  AU: {
    postalCode: postal('\\d{4}', '2000', 'postcode'),
    state: { label: 'state', required: true, options: auStates },
    cityLabel: 'suburb',
  },
  AT: { postalCode: postal('\\d{4}', '1010') },
  BE: { postalCode: postal('\\d{4}', '1000') },
  CH: { postalCode: postal('\\d{4}', '8001') },
  DK: { postalCode: postal('\\d{4}', '1050') },
  ES: { postalCode: postal('\\d{5}', '28001') },
  IE: {
    postalCode: postal('[A-Z]\\d[\\dW] ?[\\dA-Z]{4}', 'D02 X285', 'eircode', false),
    state: null,
  },
  IN: { postalCode: postal('\\d{3} ?\\d{3}', '110001', 'pinCode') },
  IT: { postalCode: postal('\\d{5}', '00144') },
  NO: { postalCode: postal('\\d{4}', '0150') },
  NZ: { postalCode: postal('\\d{4}', '6011') },
  PL: { postalCode: postal('\\d{2}-\\d{3}', '00-950') },
  PT: { postalCode: postal('\\d{4}-\\d{3}', '1000-001') },
  SE: { postalCode: postal('\\d{3} ?\\d{2}', '114 55') },
};

const formats = new Map<string, AddressFormat>();

/** The rules for `country` (ISO 3166-1 alpha-2, any case); unknown codes get the default. */
export function addressFormat(country: string): AddressFormat {
  const code = country.trim().toUpperCase();
  let format = formats.get(code);
  if (!format) {
    const rule = rules[code] ?? {};
    format = {
      country: code,
      postalCode: countriesWithoutPostalCode.has(code)
        ? null
        : (rule.postalCode ?? defaultPostalCode),
      state: rule.state ?? null,
      cityLabel: rule.cityLabel ?? 'city',
    };
    formats.set(code, format);
  }
  return format;
}

/**
 * Tidies a postal code the way the post office prints it: trimmed, upper
 * case, single spaces, and the space or dash where the country puts one
 * ("sw1a1aa" → "SW1A 1AA", "1000001" → "100-0001"). Invalid input is only trimmed.
 */
export function normalizePostalCode(country: string, value: string): string {
  const text = value.trim().replace(/\s+/g, ' ').toUpperCase();
  const format = addressFormat(country);
  if (!format.postalCode?.pattern.test(text)) return value.trim();
  const compact = text.replace(/[ -]/g, '');
  switch (format.country) {
    case 'CA':
    case 'GB':
      return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
    case 'IE':
      return `${compact.slice(0, 3)} ${compact.slice(3)}`;
    case 'NL':
      return `${compact.slice(0, 4)} ${compact.slice(4)}`;
    case 'JP':
      return `${compact.slice(0, 3)}-${compact.slice(3)}`;
    default:
      return text;
  }
}

export function validatePostalCode(
  country: string,
  value: string,
): 'postal_code_required' | 'postal_code_invalid' | null {
  const rule = addressFormat(country).postalCode;
  if (!rule) return null;
  const text = value.trim().replace(/\s+/g, ' ');
  if (!text) return rule.required ? 'postal_code_required' : null;
  return rule.pattern.test(text) ? null : 'postal_code_invalid';
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[.\s-]+/g, ' ')
    .trim()
    .toLowerCase();

/**
 * The stored code for a state as typed or autofilled: its code ("ca", "JP-13",
 * "13" in Japan), its English name ("Québec"), or in Japan its local name ("東京都").
 */
export function resolveState(country: string, value: string): string | null {
  const format = addressFormat(country);
  const options = format.state?.options;
  const text = fold(value);
  if (!options || !text) return null;
  const upper = value.trim().toUpperCase();
  const byCode = options.find(
    (option) =>
      option.code === upper ||
      option.code === `${format.country}-${upper}` ||
      option.code === `${format.country}-${upper.padStart(2, '0')}`,
  );
  if (byCode) return byCode.code;
  const byName = options.find((option) => fold(option.name) === text);
  if (byName) return byName.code;
  if (format.country === 'JP') {
    // "東京都" and "東京" both name Tokyo; "Tokyo-to" is its romanised full name.
    const index = jpLocalNames.findIndex(
      (name) => name === value.trim() || name.slice(0, -1) === value.trim(),
    );
    if (index >= 0) return options[index]!.code;
    const romanised = options.find((option) =>
      ['to', 'fu', 'ken'].some((suffix) => `${fold(option.name)} ${suffix}` === text),
    );
    if (romanised) return romanised.code;
  }
  return null;
}

export function validateState(
  country: string,
  value: string,
): 'state_required' | 'state_invalid' | null {
  const rule = addressFormat(country).state;
  if (!rule) return null;
  if (!value.trim()) return rule.required ? 'state_required' : null;
  return resolveState(country, value) ? null : 'state_invalid';
}
