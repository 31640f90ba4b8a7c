import * as React from 'react';
import type { CheckoutProvider as ProviderElement } from '../elements/checkout-provider/checkout-provider.js';
import {
  bindControls,
  type CheckoutControls,
  type CheckoutStatus,
  initialStatus,
  sameStatus,
  statusOf,
} from '../events/checkout-state.js';

/** What `useCheckout()` returns: the checkout's state and every action of its provider. */
export type UseCheckoutResult = CheckoutStatus & CheckoutControls;

const CheckoutContext = React.createContext<UseCheckoutResult | null>(null);
CheckoutContext.displayName = 'CheckoutContext';

/**
 * The checkout of the nearest `<CheckoutProvider>` above the calling
 * component: `session`, `phase`, `problems`, `formError`, `loadError`,
 * `busy`, and the provider's actions (`confirm`, `applyPromotionCode`, …),
 * bound and stable for the provider's life. The component renders again
 * whenever one of the state fields changes.
 *
 * On the server, and in the first render in the browser, `session` is null
 * and `phase` is `'loading'`.
 *
 * @throws Error when no `<CheckoutProvider>` from `checkout-kit/react` is above the component.
 */
export function useCheckout(): UseCheckoutResult {
  const checkout = React.useContext(CheckoutContext);
  if (!checkout) {
    throw new Error(
      'useCheckout() was called outside a <CheckoutProvider>. Render the component that calls it ' +
        'inside <CheckoutProvider> from checkout-kit/react (not a plain <checkout-provider> tag).',
    );
  }
  return checkout;
}

/**
 * `Inner` (the `@lit/react` wrapper of `<checkout-provider>`) with the same
 * props, ref and type, that also shares its element's state with
 * `useCheckout()` below it. Subscribes in an effect, so StrictMode's second
 * run and server rendering are safe: the server renders the initial status.
 */
// A narrow constraint on `Component`: relating the wrapper's whole props type
// to a ref-forwarding component's cost the type check 3 s.
export function withCheckoutState<Component extends { displayName?: string | undefined }>(
  Inner: Component,
): Component {
  const Provider = React.forwardRef<ProviderElement, object>(function Provider(props, ref) {
    const element = React.useRef<ProviderElement | null>(null);
    const [status, setStatus] = React.useState<CheckoutStatus>(initialStatus);
    const controls = React.useMemo(() => bindControls(() => element.current), []);

    // The caller's ref still gets the element itself.
    React.useImperativeHandle(ref, () => element.current as ProviderElement, []);

    React.useEffect(() => {
      const provider = element.current;
      if (!provider) return;
      return provider.subscribe((state) => {
        const next = statusOf(state);
        setStatus((current) => (sameStatus(current, next) ? current : next));
      });
    }, []);

    const value = React.useMemo(() => ({ ...status, ...controls }), [status, controls]);
    return React.createElement(
      CheckoutContext.Provider,
      { value },
      React.createElement(
        Inner as unknown as React.ComponentType<React.RefAttributes<ProviderElement>>,
        {
          ...props,
          ref: element,
        },
      ),
    );
  });
  Provider.displayName = Inner.displayName ?? 'CheckoutProvider';
  return Provider as unknown as Component;
}
