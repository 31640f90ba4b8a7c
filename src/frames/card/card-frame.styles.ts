/**
 * The frame's stylesheet, adopted by its document (no `<style>`, nothing
 * inline, so the frame's CSP needs no exception). It reads the same private
 * `--_*` tokens as the kit's base styles; the page sends their resolved
 * values (`CardFrameSetup.style`), so themes, `appearance` and the
 * merchant's custom properties reach the fields. The defaults here are the
 * default theme's. The body's padding leaves room for focus rings at the
 * frame's edges; the page pulls the frame out by as much, so the fields
 * line up with the rest of the form.
 */
export const cardFrameCss = `
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
  --_size: 16px;
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
fieldset {
  display: grid;
  gap: calc(var(--_space) * 1.5);
  min-width: 0;
  margin: 0;
  padding: 0;
  border: 0;
}
legend { padding: 0; margin-bottom: var(--_space); font-weight: 700; }
.field { display: grid; gap: 4px; min-width: 0; align-content: start; }
label { color: var(--checkout-label-color, inherit); font-weight: 600; }
.pair {
  display: grid;
  align-items: end;
  grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr));
  gap: calc(var(--_space) * 1.5);
}
.control { position: relative; }
input {
  width: 100%;
  min-height: var(--checkout-input-height, 44px);
  padding: var(--checkout-input-padding, var(--_space) calc(var(--_space) * 1.5));
  border: solid var(--checkout-input-border-color, var(--_border));
  border-width: var(--checkout-input-border-width, var(--_t-input-border, 1px));
  border-radius: var(--checkout-input-radius, var(--_radius));
  background: var(--checkout-input-background, var(--_field));
  color: var(--checkout-input-color, var(--_text));
  font: inherit;
  transition: border-color 0.15s, background-color 0.15s;
}
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
input[aria-invalid='true'] { border: 2px solid var(--_danger); }
.hint { color: var(--_muted); font-size: 0.875em; }
.error { margin: 0; color: var(--_danger); font-weight: 600; }
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
[hidden] { display: none !important; }
.message { margin: 0; color: var(--_danger); font-weight: 600; }
@media (prefers-reduced-motion: reduce) {
  * { transition: none !important; animation: none !important; }
}
@media (forced-colors: active) {
  input { border-width: 1px; }
  :focus-visible { outline-color: Highlight; }
}
`;
