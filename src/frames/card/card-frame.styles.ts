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
.with-brand input { padding-inline-end: 10rem; }
.brand {
  position: absolute;
  inset-inline-end: calc(var(--_space) * 1.5);
  top: 50%;
  transform: translateY(-50%);
  color: var(--checkout-card-brand-color, var(--_muted));
  font-size: 0.875em;
  font-weight: 600;
}
.with-help input { padding-inline-end: 44px; }
.help {
  position: absolute;
  inset-inline-end: 6px;
  top: 50%;
  transform: translateY(-50%);
  width: 32px;
  height: 32px;
  border: 1px solid var(--_border);
  border-radius: 50%;
  background: var(--_background);
  color: var(--_text);
  font: inherit;
  font-weight: 700;
  cursor: pointer;
}
.help-text { margin: 0; color: var(--_muted); font-size: 0.875em; }
.message { margin: 0; color: var(--_danger); font-weight: 600; }
[hidden] { display: none !important; }
@media (prefers-reduced-motion: reduce) {
  * { transition: none !important; animation: none !important; }
}
`;
