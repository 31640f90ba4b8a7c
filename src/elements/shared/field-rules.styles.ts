/**
 * The rules of labelled fields (groups, labels, inputs, hints, messages),
 * shared by the elements' base styles and the card frame, which renders its
 * fields without Lit in a document of its own. Plain CSS text in terms of the
 * private `--_*` tokens; the identity tag is named `css` so the build
 * minifies it like Lit's templates.
 */
const css = String.raw;

export const fieldRules = css`
fieldset {
  display: grid;
  gap: calc(var(--_space) * 1.5);
  min-width: 0;
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
  min-width: 0;
}

label {
  color: var(--checkout-label-color, inherit);
  font-weight: 600;
}

.pair {
  display: grid;
  align-items: end;
  grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr));
  gap: calc(var(--_space) * 1.5);
}

input,
select {
  width: 100%;
  min-height: var(--checkout-input-height, 44px);
  padding: var(--checkout-input-padding, var(--_space) calc(var(--_space) * 1.5));
  border: solid var(--checkout-input-border-color, var(--_border));
  border-width: var(--checkout-input-border-width, var(--_t-input-border, 1px));
  border-radius: var(--checkout-input-radius, var(--_radius));
  background: var(--checkout-input-background, var(--_field));
  color: var(--checkout-input-color, var(--_text));
  font: inherit;
  transition:
    border-color 0.15s,
    background-color 0.15s;
}

:focus-visible {
  outline: 3px solid var(--_focus);
  outline-offset: 2px;
}

.invalid > input,
.invalid > select,
.invalid .with-addon input,
input[aria-invalid='true'] {
  border: 2px solid var(--_danger);
}

.hint {
  color: var(--_muted);
  font-size: 0.875em;
}

.error,
.form-error {
  margin: 0;
  color: var(--_danger);
  font-weight: 600;
}

@media (forced-colors: active) {
  input,
  select {
    border-width: 1px;
  }
  :focus-visible {
    outline-color: Highlight;
  }
}
`;
