import { css } from 'lit';
import { fieldStyles } from './field.styles.js';

/**
 * Design tokens, shared by every element including the internal ones. Three
 * layers, first found wins: the public `--checkout-*` variables a page sets
 * on any ancestor (inherited through shadow roots), then the `--_t-*` values
 * an `appearance` sets on the provider or embedded host
 * (`AppearanceController`), then the defaults here (the `default` theme).
 * Each resolves to a private `--_*` name the rules below use. `--_field`,
 * `--_panel` and `--_line` have no public token: they let a theme fill
 * inputs and panels instead of outlining them; component properties
 * override them per element.
 */
export const tokens = css`
  :host {
    --_primary: var(--checkout-color-primary, var(--_t-primary, #1f4fd1));
    --_on-primary: var(--checkout-color-on-primary, var(--_t-on-primary, #fff));
    --_background: var(--checkout-color-background, var(--_t-background, #fff));
    --_surface: var(--checkout-color-surface, var(--_t-surface, #f3f4f6));
    --_text: var(--checkout-color-text, var(--_t-text, #1a1d24));
    --_muted: var(--checkout-color-muted, var(--_t-muted, #545b69));
    --_border: var(--checkout-color-border, var(--_t-border, #8a909c));
    --_danger: var(--checkout-color-danger, var(--_t-danger, #b3261e));
    --_success: var(--checkout-color-success, var(--_t-success, #176b3a));
    --_focus: var(--checkout-color-focus, var(--_t-focus, var(--_primary)));
    --_shadow: var(--checkout-shadow, var(--_t-shadow, 0 8px 24px rgb(0 0 0 / 0.16)));
    --_radius: var(--checkout-radius, var(--_t-radius, 6px));
    --_space: var(--checkout-spacing, var(--_t-space, 8px));
    --_font: var(
      --checkout-font-family,
      var(--_t-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)
    );
    --_field: var(--_t-field, var(--_background));
    --_panel: var(--_t-panel, var(--_background));
    --_line: var(--_t-line, var(--_border));
    display: block;
    /* Native controls (select lists, checkboxes, scrollbars) match the theme. */
    color-scheme: var(--checkout-color-scheme, var(--_t-scheme, light));
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--checkout-font-size, var(--_t-size, 1rem));
    line-height: 1.5;
    /* Set only by an appearance that chose a background: each element paints it behind itself. */
    background: var(--_t-paint, none);
  }

  :host([hidden]) {
    display: none;
  }

  * {
    box-sizing: border-box;
  }
`;

/** Tokens, then the rules for fields, inputs, errors and buttons in terms of them. */
export const baseStyles = [
  tokens,
  fieldStyles,
  css`
  h2 {
    margin: 0 0 var(--_space);
    font-size: 1.125em;
  }

  button {
    min-height: 44px;
    border-radius: var(--checkout-button-radius, var(--_radius));
    font: inherit;
    cursor: pointer;
    transition:
      background-color 0.15s,
      opacity 0.15s;
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.7;
  }

  .primary {
    border: 0;
    padding: var(--_space) calc(var(--_space) * 2);
    background: var(--_primary);
    color: var(--_on-primary);
    font-weight: 700;
  }

  .secondary {
    border: 1px solid var(--_line);
    padding: var(--_space) calc(var(--_space) * 2);
    background: var(--_panel);
    color: var(--_text);
  }

  .link {
    min-height: 24px;
    border: 0;
    padding: 0;
    background: none;
    color: var(--_primary);
    text-decoration: underline;
  }

  /*
   * A radio drawn from the tokens rather than by the browser: its ring is the
   * input border colour (3:1 against the background in every theme, where a
   * dark scheme's native ring is faint), its dot the primary. Forced colours
   * get the native control back, which the system draws.
   */
  input[type='radio'] {
    appearance: none;
    flex: none;
    width: 20px;
    height: 20px;
    min-height: 0;
    margin: 0;
    padding: 0;
    border: 2px solid var(--checkout-input-border-color, var(--_border));
    border-radius: 50%;
    background: var(--_field);
  }

  input[type='radio']:checked {
    border-color: var(--_primary);
    box-shadow: inset 0 0 0 3px var(--_field);
    background: var(--_primary);
  }

  @media (forced-colors: active) {
    input[type='radio'] {
      appearance: auto;
    }
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }

  /* System colours replace the theme; keep every edge, focus ring and state visible. */
  @media (forced-colors: active) {
    .primary {
      border: 2px solid ButtonText;
    }
    button:disabled {
      opacity: 1;
      color: GrayText;
      border-color: GrayText;
    }
  }
`,
];
