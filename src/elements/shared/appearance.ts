import { jsonAttribute } from './json-attribute.js';
/**
 * The `appearance` object of `<checkout-provider>` and `<checkout-embedded>`:
 * a theme, a colour scheme and token values, for merchants who prefer
 * configuration to CSS. It resolves to private `--_t-*` custom properties,
 * the layer under the public `--checkout-*` tokens (see `base.styles.ts`),
 * so CSS a page sets always wins over it.
 */

/** Built-in token sets: `default` and `flat` are light, `night` is dark. */
export type AppearanceTheme = 'default' | 'night' | 'flat';

/**
 * `light` or `dark` picks the theme's light or dark colours whatever the
 * operating system prefers; `auto` follows `prefers-color-scheme`. Unset: the
 * theme's own scheme.
 */
export type AppearanceColorScheme = 'light' | 'dark' | 'auto';

/** CSS values for the design tokens; each sets the `--checkout-*` token named beside it. */
export interface AppearanceVariables {
  /** `--checkout-color-primary` */
  colorPrimary?: string;
  /** `--checkout-color-on-primary` */
  colorOnPrimary?: string;
  /** `--checkout-color-background` */
  colorBackground?: string;
  /** `--checkout-color-surface` */
  colorSurface?: string;
  /** `--checkout-color-text` */
  colorText?: string;
  /** `--checkout-color-muted` */
  colorMuted?: string;
  /** `--checkout-color-border` */
  colorBorder?: string;
  /** `--checkout-color-danger` */
  colorDanger?: string;
  /** `--checkout-color-success` */
  colorSuccess?: string;
  /** `--checkout-color-focus` */
  colorFocus?: string;
  /** `--checkout-font-family` */
  fontFamily?: string;
  /** `--checkout-font-size` */
  fontSizeBase?: string;
  /** `--checkout-radius` */
  borderRadius?: string;
  /** `--checkout-spacing` */
  spacingUnit?: string;
  /** `--checkout-shadow` */
  shadow?: string;
}

export interface Appearance {
  theme?: AppearanceTheme;
  colorScheme?: AppearanceColorScheme;
  variables?: AppearanceVariables;
}

/** Each variable's `--_t-*` name, without the prefix. */
const variableNames: Record<keyof AppearanceVariables, string> = {
  colorPrimary: 'primary',
  colorOnPrimary: 'on-primary',
  colorBackground: 'background',
  colorSurface: 'surface',
  colorText: 'text',
  colorMuted: 'muted',
  colorBorder: 'border',
  colorDanger: 'danger',
  colorSuccess: 'success',
  colorFocus: 'focus',
  fontFamily: 'font',
  fontSizeBase: 'size',
  borderRadius: 'radius',
  spacingUnit: 'space',
  shadow: 'shadow',
};

type Tokens = Record<string, string>;

// The light colours are the defaults in base.styles.ts; every pair below meets
// WCAG 2.2 AA (text 4.5:1, input borders and focus ring 3:1).
const dark: Tokens = {
  primary: '#8fb3ff',
  'on-primary': '#0b1730',
  background: '#15181e',
  surface: '#21252d',
  field: '#1b1f26',
  text: '#e9ebef',
  muted: '#a8afbb',
  border: '#7d8697',
  danger: '#ff9b91',
  success: '#6fd69a',
  shadow: '0 8px 24px rgb(0 0 0 / 0.5)',
};

/** Flat: filled inputs underlined, panels filled instead of outlined, no shadows. */
const flat: Tokens = {
  field: 'var(--_surface)',
  panel: 'var(--_surface)',
  line: 'transparent',
  'input-border': '0 0 2px',
  shadow: 'none',
};
const flatLight: Tokens = { surface: '#eef0f3', border: '#6e7583' };
const flatDark: Tokens = { surface: '#262a33' };

const themes = new Set<string>(['default', 'night', 'flat']);
const schemes = new Set<string>(['light', 'dark', 'auto']);

export interface ResolvedAppearance {
  scheme: 'light' | 'dark';
  /** `--_t-*` values by name, without the prefix. */
  tokens: Tokens;
  /** Names the kit does not know, ignored. */
  unknown: string[];
}

/** The scheme and token values an appearance stands for; `prefersDark` answers `auto`. */
export function resolveAppearance(
  appearance: Appearance,
  prefersDark: boolean,
): ResolvedAppearance {
  const unknown: string[] = [];
  const { theme = 'default', colorScheme, variables = {} } = appearance;
  if (!themes.has(theme)) unknown.push(`theme "${theme}"`);
  if (colorScheme !== undefined && !schemes.has(colorScheme))
    unknown.push(`colorScheme "${colorScheme}"`);
  const scheme =
    colorScheme === 'light' || colorScheme === 'dark'
      ? colorScheme
      : colorScheme === 'auto'
        ? prefersDark
          ? 'dark'
          : 'light'
        : theme === 'night'
          ? 'dark'
          : 'light';
  const tokens: Tokens = {
    ...(scheme === 'dark' ? dark : {}),
    ...(theme === 'flat' ? { ...flat, ...(scheme === 'dark' ? flatDark : flatLight) } : {}),
  };
  for (const [name, value] of Object.entries(
    typeof variables === 'object' ? (variables ?? {}) : {},
  )) {
    const token = variableNames[name as keyof AppearanceVariables];
    if (token && typeof value === 'string') tokens[token] = value;
    else unknown.push(`variables.${name}`);
  }
  // The elements paint their boxes only when an appearance chose a background (resolved where set, so page CSS still wins).
  if (tokens.background) tokens.paint = 'var(--_background)';
  return { scheme, tokens, unknown };
}

/** Lit converter for the `appearance` attribute. */
export const appearanceConverter = jsonAttribute<Appearance>('appearance');
