import { css } from 'lit';

/** Layout of the complete form; fields and buttons are styled by the elements themselves. */
export const styles = css`
  .checkout {
    display: grid;
    gap: calc(var(--_space) * 3);
    max-width: var(--checkout-embedded-max-width, 480px);
    margin: 0 auto;
    padding: var(--checkout-embedded-padding, calc(var(--_space) * 2));
    background: var(--_background);
  }

  .badge {
    justify-self: start;
    margin: 0;
    padding: 2px var(--_space);
    border-radius: 999px;
    background: var(--checkout-badge-background, #fff4d6);
    color: var(--checkout-badge-color, #6b4a00);
    font-size: 0.8125em;
    font-weight: 600;
  }

  .layout,
  .summary,
  .form,
  .group {
    display: grid;
    gap: calc(var(--_space) * 2);
  }

  .layout {
    gap: calc(var(--_space) * 3);
  }

  .summary h2,
  .group h2 {
    margin: 0;
  }

  .status h2 {
    font-size: 1.375em;
  }

  .status-complete h2 {
    color: var(--_success);
  }

  .loading {
    color: var(--_muted);
  }
`;
