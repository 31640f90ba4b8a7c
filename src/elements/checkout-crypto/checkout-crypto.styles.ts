import { css } from 'lit';

export const styles = css`
  :host {
    display: grid;
    gap: calc(var(--_space) * 2);
  }

  .assets {
    display: grid;
    gap: var(--_space);
  }

  .asset {
    display: grid;
    grid-template-columns: auto 1fr;
    align-items: center;
    gap: var(--_space);
    min-height: 44px;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--checkout-choice-border-color, var(--_line));
    border-radius: var(--_radius);
    background: var(--checkout-choice-background, var(--_panel));
    font-weight: 400;
  }

  .asset:has(input:checked) {
    border: 2px solid var(--checkout-choice-selected-border-color, var(--_primary));
  }


  .quote,
  .waiting,
  code {
    border: 1px solid var(--checkout-panel-border-color, var(--_line));
    border-radius: var(--_radius);
    background: var(--checkout-panel-background, var(--_panel));
  }

  .quote {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    padding: calc(var(--_space) * 2);
  }

  .quote p {
    margin: 0;
  }

  .label {
    color: var(--_muted);
    font-size: 0.875em;
    font-weight: 600;
  }

  .amount {
    font-size: 1.375em;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }

  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 4px calc(var(--_space) * 2);
    margin: 0;
  }

  dt {
    color: var(--_muted);
  }

  dd {
    margin: 0;
  }

  /* Dark modules on white whatever the theme, so every wallet can scan it. */
  .qr {
    justify-self: center;
    width: 200px;
    height: 200px;
    background: #ffffff;
  }

  .address {
    display: grid;
    gap: 4px;
  }

  code {
    padding: var(--_space);
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 0.9375em;
    overflow-wrap: anywhere;
    user-select: all;
  }

  .copy {
    justify-self: start;
  }

  .hint {
    color: var(--_muted);
    font-size: 0.875em;
  }

  .countdown {
    font-variant-numeric: tabular-nums;
  }

  .simulate {
    display: grid;
    gap: 4px;
  }

  .status {
    display: grid;
    gap: var(--_space);
  }

  .status p {
    margin: 0;
  }

  .notice {
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-inline-start: 4px solid var(--_primary);
    background: var(
      --checkout-notice-background,
      color-mix(in srgb, var(--_primary) 8%, var(--_background))
    );
  }

  .waiting {
    display: grid;
    grid-template-columns: auto 1fr;
    align-items: start;
    gap: 4px calc(var(--_space) * 1.5);
    padding: calc(var(--_space) * 2);
  }

  .waiting > :not(.spinner) {
    grid-column: 2;
  }

  .waiting-title {
    font-weight: 700;
  }

  .spinner {
    grid-row: 1 / span 3;
    width: 24px;
    height: 24px;
    border: 3px solid color-mix(in srgb, var(--_primary) 25%, transparent);
    border-top-color: var(--_primary);
    border-radius: 50%;
    animation: spin 1s linear infinite;
  }

  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  .transaction {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }

  /* Forced colours would invert or flatten the code; keep it scannable. */
  .qr {
    forced-color-adjust: none;
  }

  @media (forced-colors: active) {
    .asset:has(input:checked) {
      border-color: Highlight;
    }
    .spinner {
      forced-color-adjust: none;
      border-color: GrayText;
      border-top-color: Highlight;
    }
  }
`;
