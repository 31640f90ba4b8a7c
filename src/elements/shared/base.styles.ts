import { css } from 'lit';

/**
 * Design tokens, shared by every element including the internal ones: the
 * public `--checkout-*` variables (inherited through shadow roots, with
 * defaults) mapped to private `--_*` names. A merchant themes every element
 * at once by setting the public variables on any ancestor.
 */
export const tokens = css`
  :host {
    --_primary: var(--checkout-color-primary, #1f4fd1);
    --_on-primary: var(--checkout-color-on-primary, #ffffff);
    --_text: var(--checkout-color-text, #1a1d24);
    --_muted: var(--checkout-color-muted, #545b69);
    --_background: var(--checkout-color-background, #ffffff);
    --_border: var(--checkout-color-border, #8a909c);
    --_danger: var(--checkout-color-danger, #b3261e);
    --_success: var(--checkout-color-success, #176b3a);
    --_radius: var(--checkout-radius, 6px);
    --_space: var(--checkout-spacing, 8px);
    --_font: var(
      --checkout-font-family,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif
    );
    display: block;
    color: var(--_text);
    font-family: var(--_font);
    font-size: 16px;
    line-height: 1.5;
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
  css`
  h2 {
    margin: 0 0 var(--_space);
    font-size: 1.125rem;
  }

  fieldset {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }

  legend {
    padding: 0;
    margin-bottom: var(--_space);
    font-weight: 700;
  }

  .field {
    display: grid;
    gap: 4px;
    min-width: 0;
  }

  label {
    font-weight: 600;
  }

  .pair {
    display: grid;
    align-items: end;
    grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr));
    gap: calc(var(--_space) * 1.5);
  }

  input,
  select {
    width: 100%;
    min-height: 44px;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_background);
    color: var(--_text);
    font: inherit;
  }

  input:focus-visible,
  select:focus-visible,
  button:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--_primary);
    outline-offset: 2px;
  }

  .invalid > input,
  .invalid > select,
  .invalid .with-addon input,
  input[aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }

  .hint {
    color: var(--_muted);
    font-size: 0.875rem;
  }

  .error,
  .form-error {
    margin: 0;
    color: var(--_danger);
    font-weight: 600;
  }

  button {
    min-height: 44px;
    border-radius: var(--_radius);
    font: inherit;
    cursor: pointer;
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
    border: 1px solid var(--_border);
    padding: var(--_space) calc(var(--_space) * 2);
    background: var(--_background);
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

  @media (forced-colors: active) {
    .primary {
      border: 2px solid ButtonText;
    }
  }
`,
];
