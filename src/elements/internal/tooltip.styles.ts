import { css } from 'lit';
import { tokens } from '../shared/base.styles.js';

/** Tokens shared with the rest of the kit (`--checkout-*`), then the tooltip's own rules. */
export const styles = [
  tokens,
  css`
  :host {
    display: inline-block;
    vertical-align: middle;
  }

  .trigger {
    display: inline-grid;
    place-items: center;
    /* WCAG 2.2 target size: at least 24 × 24 px. */
    width: 24px;
    height: 24px;
    padding: 0;
    border: 1px solid currentColor;
    border-radius: 50%;
    background: var(--_background);
    color: var(--_text);
    font: 700 0.8125em/1 var(--_font);
    cursor: help;
  }

  .trigger:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  .bubble {
    /* Popover defaults centre the element; the FloatingController places it instead. */
    inset: auto;
    margin: 0;
    /* Its own width, wherever it is placed: a shrink-to-fit bubble near the right edge
       widened as each placement moved it left, and was placed again, frame after frame. */
    width: max-content;
    max-width: min(18rem, calc(100vw - 16px));
    padding: calc(var(--_space) * 0.75) var(--_space);
    border: 0;
    border-radius: var(--_radius);
    background: var(--checkout-tooltip-background, var(--_text));
    color: var(--checkout-tooltip-color, var(--_background));
    font: 0.875em/1.4 var(--_font);
    overflow: visible;
    animation: fade-in 120ms ease-out;
  }

  .bubble:not(.open) {
    display: none;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  @keyframes fade-in {
    from {
      opacity: 0;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .bubble {
      animation: none;
    }
  }

  @media (forced-colors: active) {
    .bubble {
      border: 1px solid CanvasText;
    }
    .trigger:focus-visible {
      outline-color: Highlight;
    }
  }
`,
];
