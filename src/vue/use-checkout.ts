import {
  type ComputedRef,
  computed,
  getCurrentInstance,
  type MaybeRefOrGetter,
  onMounted,
  type ShallowRef,
  shallowRef,
  toValue,
  watch,
} from 'vue';
import type { CheckoutState } from '../elements/checkout-provider/checkout-context.js';
import type { CheckoutProvider } from '../elements/checkout-provider/checkout-provider.js';
import {
  bindControls,
  type CheckoutControls,
  type CheckoutStatus,
  initialStatus,
  sameStatus,
  statusOf,
} from '../events/checkout-state.js';

/**
 * What `useCheckout()` returns: each state field as a read-only computed ref
 * (destructure freely; templates unwrap them), and every action of the
 * provider as a plain function.
 */
export type UseCheckoutReturn = {
  readonly [Key in keyof CheckoutStatus]: ComputedRef<CheckoutStatus[Key]>;
} & CheckoutControls;

/**
 * The checkout of a `<checkout-provider>` element, for a component's
 * `setup()`: `session`, `phase`, `problems`, `formError`, `loadError` and
 * `busy` as read-only computed refs that change with the provider's state,
 * and the provider's actions (`confirm`, `applyPromotionCode`, …) bound to it.
 *
 * Without an argument, the provider is the one around the component, found
 * from the component's own element once mounted (inside the provider's light
 * DOM, or in a shadow root inside it). Pass a template ref (or a getter) to
 * follow a provider the component renders itself. The subscription ends when
 * the component unmounts. Until mounted, and on the server, `session` is null
 * and `phase` is `'loading'`; the actions then resolve to a
 * `session_not_loaded` error.
 *
 * Throws when called outside `setup()`; a component with no provider around
 * it (and no argument) fails its `mounted` hook with an Error saying so,
 * which Vue hands to `app.config.errorHandler`.
 */
export function useCheckout(
  provider?: MaybeRefOrGetter<CheckoutProvider | null | undefined>,
): UseCheckoutReturn {
  const instance = getCurrentInstance();
  if (!instance) {
    throw new Error(
      'useCheckout() from checkout-kit/vue must be called inside a component’s setup() ' +
        '(or <script setup>), not later or outside a component.',
    );
  }
  const status: ShallowRef<CheckoutStatus> = shallowRef(initialStatus);
  const update = (state: CheckoutState) => {
    const next = statusOf(state);
    if (!sameStatus(status.value, next)) status.value = next;
  };

  const found = shallowRef<CheckoutProvider | null>(null);
  const target = provider === undefined ? found : computed(() => toValue(provider) ?? null);

  // Stopped, with its cleanup, when the component unmounts.
  watch(
    target,
    (element, _previous, onCleanup) => {
      status.value = initialStatus;
      if (element) onCleanup(element.subscribe(update));
    },
    { immediate: true },
  );

  if (provider === undefined) {
    onMounted(() => {
      const element = providerAround(instance.vnode.el as Node | null);
      if (!element) {
        throw new Error(
          'useCheckout() found no <checkout-provider> around this component. Render the component ' +
            'inside <checkout-provider>, or pass useCheckout() a template ref to the provider element.',
        );
      }
      found.value = element;
    });
  }

  const field = <Key extends keyof CheckoutStatus>(key: Key) => computed(() => status.value[key]);
  return {
    session: field('session'),
    phase: field('phase'),
    problems: field('problems'),
    formError: field('formError'),
    loadError: field('loadError'),
    busy: field('busy'),
    ...bindControls(() => target.value),
  };
}

/** The nearest `<checkout-provider>` around `node`, across shadow roots. */
function providerAround(node: Node | null): CheckoutProvider | null {
  for (let at = node; at; ) {
    const element = at instanceof Element ? at : at.parentElement;
    const provider = element?.closest('checkout-provider');
    if (provider) return provider;
    const root = at.getRootNode();
    at = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}
