import {
  CSSResult,
  html,
  nothing,
  type ReactiveController,
  type ReactiveElement,
  type TemplateResult,
} from 'lit';
import type { Translator } from '../i18n/translator.js';

/**
 * Holds a part of an element that loads beside the script only when a
 * session needs it (the address form, the crypto view, the phone rules),
 * so the script-tag entry stays small for checkouts that never show it.
 *
 *   readonly #form = new LazyPartController(this, loadAddressForm, () => this.needed);
 *   render: this.#form.module ? this.#form.module.render(…) : this.#form.renderPending(this.i18n)
 *
 * Before each render of the host, the part starts loading if `needed()` says
 * the session asks for it; a field the provider confirms may `load()` it
 * itself. The host re-renders when the load settles. A failed load says so
 * by the part with a Try again button, and only that button or an explicit
 * `load()` tries again, so a broken network cannot loop. A part with
 * `styles` gets them added to the host's shadow root as it loads.
 */
export class LazyPartController<T> implements ReactiveController {
  /** The loaded module, or null until it is. */
  module: T | null = null;
  /** The last load failed. */
  failed = false;
  #loading: Promise<T | null> | null = null;

  constructor(
    private readonly host: ReactiveElement,
    private readonly loader: () => Promise<T>,
    /** Whether the session, as the host last saw it, asks for the part. */
    private readonly needed: () => boolean,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    if (!this.module && !this.failed && !this.#loading && this.needed()) void this.load();
  }

  /** Starts loading, once; resolves to the module, or null when the load failed. */
  load(): Promise<T | null> {
    if (this.module) return Promise.resolve(this.module);
    this.#loading ??= this.loader().then(
      (module) => {
        const styles = (module as { styles?: unknown }).styles;
        if (styles instanceof CSSResult) adoptPartStyles(this.host.renderRoot, styles);
        this.module = module;
        this.failed = false;
        return module;
      },
      () => {
        this.failed = true;
        return null;
      },
    );
    const loading = this.#loading;
    void loading.then(() => {
      if (this.#loading === loading) this.#loading = null;
      this.host.requestUpdate();
    });
    return loading;
  }

  /** What the part shows until it is loaded: nothing, or the failure with a retry. */
  renderPending(i18n: Translator): TemplateResult | typeof nothing {
    if (!this.failed) return nothing;
    return html`<p part="error" class="error" role="alert">${i18n.t('loadFailedTitle')}
      <button type="button" class="secondary" @click=${() => this.load()}>${i18n.t('retry')}</button></p>`;
  }
}

/**
 * Adds a part's rules after its element's own, as a constructable
 * stylesheet, which needs no CSP exception. A browser without constructable
 * stylesheets gets a `<style>` before Lit's rendered content, carrying Lit's
 * nonce as the element's own styles do there.
 */
function adoptPartStyles(root: HTMLElement | DocumentFragment, styles: CSSResult): void {
  const sheet = styles.styleSheet;
  if (sheet && root instanceof ShadowRoot) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  }
  const style = document.createElement('style');
  const nonce = (globalThis as { litNonce?: string }).litNonce;
  if (nonce !== undefined) style.setAttribute('nonce', nonce);
  style.textContent = styles.cssText;
  root.prepend(style);
}
