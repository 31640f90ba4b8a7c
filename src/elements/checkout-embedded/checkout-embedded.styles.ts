import { css } from 'lit';

/**
 * Layout of the complete form; fields and buttons are styled by the elements
 * themselves. The form's own width decides between one column and two
 * (summary beside the payment form), so it fits wherever a merchant puts it.
 */
export const styles = css`
  .checkout {
    position: relative;
    container-type: inline-size;
    display: grid;
    gap: calc(var(--_space) * 3);
    max-width: var(--checkout-embedded-max-width, 960px);
    margin: 0 auto;
    padding: var(--checkout-embedded-padding, calc(var(--_space) * 2));
    border-radius: inherit;
    background: var(--_background);
  }

  /* In the corner, out of the flow: it arrives with the session and must not push the form down. */
  .badge {
    position: absolute;
    top: var(--checkout-embedded-padding, calc(var(--_space) * 2));
    inset-inline-end: var(--checkout-embedded-padding, calc(var(--_space) * 2));
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
    align-content: start;
  }

  .layout {
    gap: calc(var(--_space) * 3);
  }

  /* The live regions stay for announcements; with nothing to say they take no room. */
  checkout-messages[data-empty] {
    margin-bottom: calc(var(--_space) * -2);
  }

  @container (min-width: 720px) {
    .layout {
      grid-template-columns: minmax(0, 5fr) minmax(0, 6fr);
      gap: calc(var(--_space) * 6);
      align-items: start;
    }

    /* A form with no lines to summarise keeps the reading width of one column. */
    .layout > :only-child {
      grid-column: 1 / -1;
      width: 100%;
      max-width: 560px;
      justify-self: center;
    }
  }

  .summary h2,
  .group h2 {
    margin: 0;
  }

  .status-failed h2 {
    font-size: 1.375em;
  }

  /* Grey blocks where the summary and fields will be; they pulse unless motion is reduced. */
  .bone {
    border-radius: var(--_radius);
    background: var(--_surface);
    animation: pulse 1.4s ease-in-out infinite alternate;
  }

  .bone.heading {
    width: 40%;
    height: 1.5em;
  }

  .bone.line {
    height: 64px;
  }

  .bone.total {
    height: 5em;
  }

  .bone.label {
    width: 30%;
    height: 1.25em;
    margin-bottom: calc(var(--_space) * -1.5);
  }

  .bone.input,
  .bone.button {
    height: 44px;
  }

  @keyframes pulse {
    to {
      opacity: 0.5;
    }
  }
`;
