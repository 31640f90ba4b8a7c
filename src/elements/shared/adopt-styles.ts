import type { CSSResult } from 'lit';

/**
 * Adds a lazily loaded part's rules after its element's own, as a
 * constructable stylesheet, which needs no CSP exception. A browser without
 * constructable stylesheets gets a `<style>` before Lit's rendered content,
 * carrying Lit's nonce as the element's own styles do there.
 */
export function adoptPartStyles(root: HTMLElement | DocumentFragment, styles: CSSResult): void {
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
