import { fieldRules } from '../../elements/shared/field-rules.styles.js';

/**
 * The frame's stylesheet, adopted by its document (no `<style>`, nothing
 * inline, so the frame's CSP needs no exception): the same field rules as
 * the kit's elements, in terms of the same private `--_*` tokens, which the
 * page sends resolved (`CardFrameSetup.style`), so themes, `appearance` and
 * the merchant's custom properties reach the fields. The defaults here are
 * the default theme's. The body's padding leaves room for focus rings at the
 * frame's edges; the page pulls the frame out by as much, so the fields line
 * up with the rest of the form.
 */
/** Identity tag, named `css` so the build minifies the rules like Lit's templates. */
const css = String.raw;

export const cardFrameCss = css`
:root {
  --_primary: #1f4fd1;
  --_background: #fff;
  --_text: #1a1d24;
  --_muted: #545b69;
  --_border: #8a909c;
  --_danger: #b3261e;
  --_focus: var(--_primary);
  --_radius: 6px;
  --_space: 8px;
  --_font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  --_field: var(--_background);
  --_size: 1rem;
  --_scheme: light;
  color-scheme: var(--_scheme);
  overflow: hidden;
}
* { box-sizing: border-box; }
body {
  margin: 0;
  padding: 6px;
  background: transparent;
  color: var(--_text);
  font-family: var(--_font);
  font-size: var(--_size);
  line-height: 1.5;
}
${fieldRules}
.control { position: relative; }
.card {
  display: grid;
  border: solid var(--checkout-input-border-color, var(--_border));
  border-width: var(--checkout-input-border-width, var(--_t-input-border, 1px));
  border-radius: var(--checkout-input-radius, var(--_radius));
  background: var(--checkout-input-background, var(--_field));
}
.card .pair {
  grid-template-columns: 1fr 1fr;
  align-items: stretch;
  gap: 0;
  border-top: 1px solid var(--checkout-input-border-color, var(--_border));
}
.card .pair > * + * { border-inline-start: 1px solid var(--checkout-input-border-color, var(--_border)); }
.card .field {
  align-content: start;
  gap: 0;
  padding: 6px calc(var(--_space) * 1.5) 4px;
}
.card label { font-size: 0.875em; }
.card input::placeholder { color: var(--_muted); opacity: 1; }
.card .hint, .brand .name {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}
.card input, .card .invalid input, .card input[aria-invalid='true'] {
  min-height: 36px;
  padding: 0;
  border: 0;
  border-radius: 0;
  background: transparent;
}
.card input:focus-visible { outline: none; }
.card .field:first-child { border-radius: var(--_radius) var(--_radius) 0 0; }
.card .invalid { outline: 2px solid var(--_danger); outline-offset: -2px; }
.card .field:focus-within { outline: 3px solid var(--_focus); outline-offset: -2px; }
.with-brand input { padding-inline-end: 48px; }
.brand {
  position: absolute;
  inset-inline-end: 0;
  top: 50%;
  transform: translateY(-50%);
  display: flex;
}
.with-help input { padding-inline-end: 36px; }
.help {
  position: absolute;
  inset-inline-end: 0;
  top: 50%;
  transform: translateY(-50%);
  width: 28px;
  height: 28px;
  border: 1px solid var(--_border);
  border-radius: 50%;
  background: var(--_background);
  color: var(--_text);
  font: inherit;
  font-weight: 700;
  cursor: pointer;
}
@media (forced-colors: active) {
  .card { border-width: 1px; }
  .card .field:focus-within { outline-color: Highlight; }
}
.help-text { margin: 0; color: var(--_muted); font-size: 0.875em; }
.message { margin: 0; color: var(--_danger); font-weight: 600; }
[hidden] { display: none !important; }
@media (prefers-reduced-motion: reduce) {
  * { transition: none !important; animation: none !important; }
}
`;
