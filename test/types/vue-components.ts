/**
 * Compile-time checks of `checkout-kit/vue` (run by `tsc --noEmit -p .`,
 * never executed): the global components Vue's template checker sees take
 * the elements' property types, and `@checkout-…` handlers (the
 * `onCheckout…` props) get the kit's typed events.
 */
import { isCustomElement } from 'checkout-kit/vue';
import type { GlobalComponents } from 'vue';

type Props<Tag extends keyof GlobalComponents> = ConstructorParameters<GlobalComponents[Tag]>[0];

export const embedded: Props<'checkout-embedded'> = {
  clientSecret: 'cs_test_1_secret_2',
  fetchClientSecret: async () => 'cs_test_1_secret_2',
  endpoint: null,
  locale: 'de-DE',
  onCheckoutSuccess: (event) => {
    event.preventDefault();
    return event.detail.session.id;
  },
  onCheckoutError: (event) => event.detail.error.message,
};
export const address: Props<'checkout-address'> = { type: 'shipping' };
export const tag: boolean = isCustomElement('checkout-embedded');

export const invalid: Props<'checkout-embedded'>[] = [
  // @ts-expect-error clientSecret is a string
  { clientSecret: 42 },
  // @ts-expect-error fetchClientSecret resolves to a string
  { fetchClientSecret: async () => 42 },
  // @ts-expect-error a success event carries a session, not an error
  { onCheckoutSuccess: (event) => event.detail.error },
  // @ts-expect-error the handler is given a CustomEvent, not a string
  { onCheckoutReady: (event: string) => event },
];
// @ts-expect-error an address is billing or shipping
export const badAddress: Props<'checkout-address'> = { type: 'postal' };
// @ts-expect-error the pay button fires no checkout events
export const payButton: Props<'checkout-pay-button'> = { onCheckoutSuccess: () => {} };
// @ts-expect-error methods are not props
export const method: Props<'checkout-provider'> = { confirm: async () => ({}) };
// @ts-expect-error read-only state is not a prop
export const readOnly: Props<'checkout-provider'> = { session: null };
