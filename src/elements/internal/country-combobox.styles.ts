import { css } from 'lit';
import { tokens } from '../shared/base.styles.js';

/** Tokens shared with the rest of the kit (`--checkout-*`), then the combobox's own rules. */
export const styles = [
  tokens,
  css`
  .field {
    display: grid;
    gap: 4px;
  }

  label {
    color: var(--checkout-label-color, inherit);
    font-weight: 600;
  }

  .hint {
    color: var(--_muted);
    font-size: 0.875em;
  }

  .control {
    position: relative;
  }

  /* The same properties as the kit's other inputs (base.styles.ts), room for the chevron. */
  input {
    width: 100%;
    min-height: var(--checkout-input-height, 44px);
    padding: var(--checkout-input-padding, var(--_space) calc(var(--_space) * 1.5));
    padding-inline-end: calc(var(--_space) * 4);
    border: solid var(--checkout-input-border-color, var(--_border));
    border-width: var(--checkout-input-border-width, var(--_t-input-border, 1px));
    border-radius: var(--checkout-input-radius, var(--_radius));
    background: var(--checkout-input-background, var(--_field));
    color: var(--checkout-input-color, var(--_text));
    font: inherit;
    transition: border-color 0.15s;
  }

  input:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  input[aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }

  input:disabled {
    opacity: 0.7;
  }

  /* A chevron drawn with borders: no image, nothing for a CSP to block. */
  .chevron {
    position: absolute;
    inset-inline-end: calc(var(--_space) * 1.75);
    top: 50%;
    width: 8px;
    height: 8px;
    /* Physical on purpose: a down arrow does not mirror in right-to-left text. */
    border-right: 2px solid var(--_muted);
    border-bottom: 2px solid var(--_muted);
    transform: translateY(-75%) rotate(45deg);
    pointer-events: none;
  }

  .listbox {
    /* Popover defaults centre the element; the FloatingController places it instead. */
    inset: auto;
    margin: 0;
    padding: 4px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_background);
    color: var(--_text);
    font: inherit;
    list-style: none;
    overflow-y: auto;
    overscroll-behavior: contain;
    box-shadow: var(--_shadow);
  }

  .listbox:not(.open) {
    display: none;
  }

  /*
   * Where the browser has CSS anchor positioning, it places the list (the
   * FloatingController sets data-anchored only there, and hides the list
   * while the field is scrolled out of view): as wide as the field, 4px from
   * it and 8px from the viewport's edge, at most 320px high; below, or above
   * when it fits there and not below; else shortened, below when 160px fit
   * there, above if not.
   */
  input {
    anchor-name: --country-field;
  }

  .listbox[data-anchored] {
    position-anchor: --country-field;
    position-area: block-end span-inline-end;
    position-try-fallbacks: flip-block, --list-shortened-below, --list-shortened-above;
    margin-block: 4px 8px;
    width: anchor-size(width);
    max-height: 320px;
  }

  @position-try --list-shortened-below {
    min-height: 160px;
    max-height: calc(100% - 12px);
  }

  @position-try --list-shortened-above {
    position-area: block-start span-inline-end;
    margin-block: 8px 4px;
    max-height: calc(100% - 12px);
  }

  [role='option'] {
    display: flex;
    align-items: center;
    min-height: 40px;
    padding: 4px calc(var(--_space) * 1.5);
    border-radius: calc(var(--_radius) - 2px);
    cursor: pointer;
    overflow-wrap: anywhere;
  }

  [role='option']:hover {
    background: color-mix(in srgb, var(--_primary) 10%, var(--_background));
  }

  [role='option'][aria-selected='true'] {
    background: var(--_primary);
    color: var(--_on-primary);
  }

  [role='option'].current {
    font-weight: 600;
  }

  [role='option'].current::after {
    content: '✓' / '';
    margin-inline-start: auto;
    padding-inline-start: var(--_space);
  }

  .error {
    margin: 0;
    color: var(--_danger);
    font-weight: 600;
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
    input {
      transition: none;
    }
  }

  @media (forced-colors: active) {
    input {
      border-width: 1px;
    }
    input:focus-visible {
      outline-color: Highlight;
    }
    [role='option'][aria-selected='true'] {
      outline: 2px solid Highlight;
      outline-offset: -2px;
    }
  }
`,
];
