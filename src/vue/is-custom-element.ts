/**
 * For Vue's `compilerOptions.isCustomElement`: true for the kit's tags, so
 * Vue leaves them to the browser instead of looking for Vue components. A
 * module of its own, free of side effects, so build tools can load it alone.
 */
export function isCustomElement(tag: string): boolean {
  return tag.startsWith('checkout-');
}
