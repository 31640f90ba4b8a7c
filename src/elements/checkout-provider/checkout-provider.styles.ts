import { css } from 'lit';

export const providerStyles = css`
  /* Set only by an appearance that chose a background: the provider paints it behind the elements. */
  :host {
    background: var(--_t-paint, none);
  }

  .challenge {
    max-width: 420px;
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
