import { css } from 'lit';

export const providerStyles = css`
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
`;
