import { css } from 'lit';

/** The rate list's rules: its chunk adds them to the element when it loads (shipping-rates-list.ts). */
export const styles = css`
  .rate {
    display: grid;
    grid-template-columns: auto 1fr auto;
    align-items: center;
    gap: var(--_space);
    min-height: 44px;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--checkout-choice-border-color, var(--_line));
    border-radius: var(--_radius);
    background: var(--checkout-choice-background, var(--_panel));
    font-weight: 400;
  }
  .rate:has(input:checked) {
    border: 2px solid var(--checkout-choice-selected-border-color, var(--_primary));
  }
  @media (forced-colors: active) {
    .rate:has(input:checked) {
      border-color: Highlight;
    }
  }
  .name {
    display: grid;
  }
  .estimate {
    color: var(--_muted);
    font-size: 0.875em;
  }
`;
