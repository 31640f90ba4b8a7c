import { css } from 'lit';

export const providerStyles = css`
  /*
   * The merchant's markup inside keeps the page's colours and font: the
   * tokens reach the kit's elements through inheritance of custom properties,
   * and each element sets its own text, font and background.
   */
  :host {
    color: inherit;
    font: inherit;
    line-height: inherit;
    background: none;
  }

  .challenge {
    max-width: 420px;
    font-family: var(--_font);
    font-size: var(--checkout-font-size, var(--_t-size, 1rem));
    line-height: 1.5;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 3);
    color: var(--_text);
    background: var(--checkout-dialog-background, var(--_background));
    box-shadow: var(--_shadow);
  }

  .challenge[open] {
    animation: challenge-in 0.2s ease-out;
  }

  /* Movement only: a fade would leave the text below contrast while it runs. */
  @keyframes challenge-in {
    from {
      transform: translateY(12px);
    }
  }

  .challenge::backdrop {
    background: var(--checkout-dialog-backdrop, rgb(0 0 0 / 0.5));
  }

  .challenge-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
`;
