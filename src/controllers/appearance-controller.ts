import type { ReactiveController, ReactiveElement } from 'lit';
import { type Appearance, resolveAppearance } from '../elements/shared/appearance.js';
import { warnOnce } from '../elements/shared/json-attribute.js';

type Host = ReactiveElement & { appearance: Appearance | null };

/**
 * Applies the host's `appearance` as `--_t-*` custom properties on the host,
 * which every element inside inherits, through shadow roots and slots.
 *
 * The values go into a `:host {}` rule of a stylesheet constructed and
 * adopted by the host's shadow root, written with `setProperty` only: no
 * `style` attribute and no CSS text built from merchant values, so it works
 * under a Content-Security-Policy without `'unsafe-inline'`. Where shadow
 * roots cannot adopt stylesheets it falls back to the host's `style` object.
 *
 * On connect it listens to `prefers-color-scheme`, which only an appearance
 * with `colorScheme: 'auto'` follows; on disconnect it stops listening.
 */
export class AppearanceController implements ReactiveController {
  readonly #media = matchMedia('(prefers-color-scheme: dark)');
  #declaration: CSSStyleDeclaration | null = null;
  #set: string[] = [];
  #applied: Appearance | null | undefined;

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#media.addEventListener('change', this.#onSchemeChange);
  }

  hostDisconnected(): void {
    this.#media.removeEventListener('change', this.#onSchemeChange);
  }

  hostUpdate(): void {
    if (this.host.appearance !== this.#applied) this.#apply();
  }

  #onSchemeChange = (): void => {
    if (this.host.appearance?.colorScheme === 'auto') this.#apply();
  };

  #apply(): void {
    const appearance = this.host.appearance;
    this.#applied = appearance;
    // No sheet for a host without an appearance: most checkouts never need one.
    if (!appearance && this.#set.length === 0) return;
    const style = this.#style();
    for (const name of this.#set) style.removeProperty(name);
    this.#set = [];
    if (!appearance) return;
    if (typeof appearance !== 'object') {
      warnOnce('appearance must be an object; ignored.');
      return;
    }
    const { scheme, tokens, unknown } = resolveAppearance(appearance, this.#media.matches);
    if (unknown.length) warnOnce(`appearance: unknown ${unknown.join(', ')} ignored.`);
    for (const [name, value] of Object.entries({ ...tokens, scheme })) {
      style.setProperty(`--_t-${name}`, value);
      this.#set.push(`--_t-${name}`);
    }
  }

  #style(): CSSStyleDeclaration {
    if (this.#declaration) return this.#declaration;
    const root = this.host.renderRoot;
    if (root instanceof ShadowRoot && 'adoptedStyleSheets' in root) {
      const sheet = new CSSStyleSheet();
      sheet.insertRule(':host{}');
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      this.#declaration = (sheet.cssRules[0] as CSSStyleRule).style;
    } else {
      this.#declaration = this.host.style;
    }
    return this.#declaration;
  }
}
