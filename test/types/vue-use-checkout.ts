/**
 * Compile-time checks of `useCheckout()` in `checkout-kit/vue` (run by
 * `tsc --noEmit -p .`, never executed): the state fields are read-only
 * computed refs of the same types React's hook gives, the actions are the
 * provider element's own, and the optional argument takes a template ref.
 */
import type { ActionResult, CheckoutProvider as CheckoutProviderElement } from 'checkout-kit';
import type { UseCheckoutResult } from 'checkout-kit/react';
import { type UseCheckoutReturn, useCheckout } from 'checkout-kit/vue';
import { type ComputedRef, defineComponent, h, ref, useTemplateRef } from 'vue';
import type { Equal, Expect } from './equal.js';

type Composable = ReturnType<typeof useCheckout>;
type Field = 'session' | 'phase' | 'problems' | 'formError' | 'loadError' | 'busy';

export type Fields = [
  Expect<Equal<Composable, UseCheckoutReturn>>,
  Expect<Equal<Composable['session'], ComputedRef<UseCheckoutResult['session']>>>,
  Expect<Equal<Composable['phase'], ComputedRef<UseCheckoutResult['phase']>>>,
  Expect<Equal<Composable['problems'], ComputedRef<UseCheckoutResult['problems']>>>,
  Expect<Equal<Composable['formError'], ComputedRef<string | null>>>,
  Expect<Equal<Composable['loadError'], ComputedRef<UseCheckoutResult['loadError']>>>,
  Expect<Equal<Composable['busy'], ComputedRef<boolean>>>,
];

/** The same actions, and the same names, as React's hook. */
export type Actions = [
  Expect<Equal<keyof Composable, keyof UseCheckoutResult>>,
  Expect<Equal<Omit<Composable, Field>, Omit<UseCheckoutResult, Field>>>,
  Expect<Equal<Composable['applyPromotionCode'], (code: string) => Promise<ActionResult>>>,
  Expect<Equal<Composable['reload'], () => Promise<void>>>,
];

export const Panel = defineComponent(function Panel() {
  const { session, phase, busy, applyPromotionCode, confirm } = useCheckout();
  return () =>
    h('div', [
      h('p', session.value ? String(session.value.amount_total) : phase.value),
      h('button', { onClick: () => applyPromotionCode('SPRING') }, 'Apply'),
      h('button', { disabled: busy.value, onClick: () => confirm() }, 'Pay'),
    ]);
});

export const WithItsOwnProvider = defineComponent(function WithItsOwnProvider() {
  // A template ref, a plain ref or a getter to the element the component renders.
  const fromTemplate = useCheckout(useTemplateRef<CheckoutProviderElement>('provider'));
  const element = ref<CheckoutProviderElement | null>(null);
  useCheckout(element);
  useCheckout(() => element.value);
  // @ts-expect-error only a <checkout-provider> element
  useCheckout(ref<HTMLDivElement | null>(null));
  // @ts-expect-error a tag name is no element
  useCheckout('checkout-provider');
  return () => h('checkout-provider', { ref: 'provider' }, fromTemplate.phase.value);
});

export function misuse(checkout: Composable): void {
  // @ts-expect-error the refs are read-only
  checkout.session.value = null;
  // @ts-expect-error the state is a ref: read `.value`
  void checkout.session.amount_total;
  // @ts-expect-error a promotion code is a string
  void checkout.applyPromotionCode(10);
  // @ts-expect-error the quantity is a number
  void checkout.updateLineItemQuantity('li_1', '2');
}
