import { css } from 'lit';

/**
 * Design tokens first (`--checkout-*` with defaults), then the component's
 * rules in terms of them, so a merchant can theme with a handful of variables.
 */
export const styles = css`
  :host {
    --_primary: var(--checkout-color-primary, #1f4fd1);
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
    color-scheme: light;
  }

  * {
    box-sizing: border-box;
  }

  .checkout {
    display: grid;
    gap: calc(var(--_space) * 3);
    max-width: 480px;
    margin: 0 auto;
    padding: calc(var(--_space) * 2);
    background: var(--_background);
  }

  .badge {
    justify-self: start;
    margin: 0;
    padding: 2px var(--_space);
    border-radius: 999px;
    background: #fff4d6;
    color: #6b4a00;
    font-size: 0.8125rem;
    font-weight: 600;
  }

  h2 {
    margin: 0 0 var(--_space);
    font-size: 1.125rem;
  }

  .items {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .item {
    display: flex;
    align-items: center;
    gap: calc(var(--_space) * 1.5);
    padding: var(--_space) 0;
  }

  .item img {
    border-radius: var(--_radius);
    object-fit: cover;
  }

  .item-text {
    display: grid;
    flex: 1;
    min-width: 0;
    overflow-wrap: anywhere;
  }

  .item-meta,
  .hint {
    color: var(--_muted);
    font-size: 0.875rem;
  }

  .totals {
    margin: var(--_space) 0 0;
    border-top: 1px solid var(--_border);
    padding-top: var(--_space);
  }

  .row {
    display: flex;
    justify-content: space-between;
  }

  .row dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }

  .row.total {
    font-weight: 700;
    font-size: 1.125rem;
    margin-top: var(--_space);
  }

  .form {
    display: grid;
    gap: calc(var(--_space) * 2);
  }

  fieldset {
    display: grid;
    gap: calc(var(--_space) * 1.5);
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
  }

  label {
    font-weight: 600;
  }

  .pair {
    display: grid;
    align-items: end;
    grid-template-columns: 1fr 1fr;
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

  .invalid input,
  .invalid select {
    border: 2px solid var(--_danger);
  }

  .with-brand {
    position: relative;
  }

  .with-brand input {
    padding-inline-end: 10rem;
  }

  .brand {
    position: absolute;
    inset-inline-end: calc(var(--_space) * 1.5);
    top: 50%;
    transform: translateY(-50%);
    color: var(--_muted);
    font-size: 0.875rem;
    font-weight: 600;
  }

  .error,
  .form-error {
    margin: 0;
    color: var(--_danger);
    font-weight: 600;
  }

  .error-summary {
    padding: calc(var(--_space) * 2);
    border: 3px solid var(--_danger);
    border-radius: var(--_radius);
  }

  .error-summary ul {
    margin: 0;
    padding-inline-start: calc(var(--_space) * 2.5);
  }

  .error-summary a {
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
    cursor: progress;
    opacity: 0.7;
  }

  .pay {
    border: 0;
    padding: var(--_space) calc(var(--_space) * 2);
    background: var(--_primary);
    color: #ffffff;
    font-weight: 700;
  }

  .secondary {
    border: 1px solid var(--_border);
    padding: var(--_space) calc(var(--_space) * 2);
    background: var(--_background);
    color: var(--_text);
  }

  .cancel {
    justify-self: center;
    border: 0;
    background: none;
    color: var(--_primary);
    text-decoration: underline;
  }

  .status h2 {
    font-size: 1.375rem;
  }

  .status-complete h2 {
    color: var(--_success);
  }

  .loading {
    color: var(--_muted);
  }

  .challenge {
    max-width: 420px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 3);
    color: var(--_text);
    background: var(--_background);
  }

  .challenge::backdrop {
    background: rgb(0 0 0 / 0.5);
  }

  .challenge-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
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
    .pay {
      border: 2px solid ButtonText;
    }
  }
`;
