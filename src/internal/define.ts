/**
 * Registers a custom element unless that tag already is, as happens when two
 * copies of the kit share a page; the second copy warns instead of throwing.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(tag);
  if (existing === element) return;
  if (existing) {
    console.warn(
      `checkout-kit: <${tag}> is already defined by another copy of the kit; keeping that one.`,
    );
    return;
  }
  customElements.define(tag, element);
}
