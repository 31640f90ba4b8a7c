/**
 * Compile-time checks of `useCheckout()` in `checkout-kit/react` (run by
 * `tsc --noEmit -p .`, never executed): the exact type of every state field
 * and of every action, which are the provider element's own; and the
 * `CheckoutProvider` component keeps its props, ref and typed events.
 */
import type {
  ActionResult,
  Address,
  CheckoutProvider as CheckoutProviderElement,
  CryptoAsset,
  EndpointError,
  FieldProblem,
  ShippingDetails,
} from 'checkout-kit';
import {
  CheckoutProvider,
  type CheckoutSuccessEvent,
  type ClientSession,
  type UseCheckoutResult,
  useCheckout,
} from 'checkout-kit/react';
import { useRef } from 'react';
import type { Equal, Expect } from './equal.js';

type Result = ReturnType<typeof useCheckout>;

export type Fields = [
  Expect<Equal<Result, UseCheckoutResult>>,
  Expect<Equal<Result['session'], ClientSession | null>>,
  Expect<
    Equal<
      Result['phase'],
      'idle' | 'loading' | 'failed' | 'open' | 'complete' | 'expired' | 'canceled'
    >
  >,
  Expect<Equal<Result['problems'], readonly FieldProblem[]>>,
  Expect<Equal<FieldProblem, { field: string; message: string }>>,
  Expect<Equal<Result['formError'], string | null>>,
  Expect<Equal<Result['loadError'], EndpointError | null>>,
  Expect<Equal<Result['busy'], boolean>>,
];

/** Every action of the element, with the element's own signature. */
type Own<Name extends keyof CheckoutProviderElement> = CheckoutProviderElement[Name];

export type Actions = [
  Expect<
    Equal<
      keyof Result,
      | 'session'
      | 'phase'
      | 'problems'
      | 'formError'
      | 'loadError'
      | 'busy'
      | 'confirm'
      | 'cancel'
      | 'reload'
      | 'authenticate'
      | 'updateLineItemQuantity'
      | 'applyPromotionCode'
      | 'removePromotionCode'
      | 'updateEmail'
      | 'updateBillingAddress'
      | 'updateShippingAddress'
      | 'updateShippingRate'
      | 'updatePhone'
      | 'selectCryptoAsset'
      | 'simulateCryptoPayment'
    >
  >,
  Expect<Equal<Result['confirm'], () => Promise<ActionResult>>>,
  Expect<Equal<Result['cancel'], () => Promise<ActionResult>>>,
  Expect<Equal<Result['reload'], () => Promise<void>>>,
  Expect<Equal<Result['authenticate'], (outcome: 'approve' | 'fail') => Promise<ActionResult>>>,
  Expect<
    Equal<
      Result['updateLineItemQuantity'],
      (lineItemId: string, quantity: number) => Promise<ActionResult>
    >
  >,
  Expect<Equal<Result['applyPromotionCode'], (code: string) => Promise<ActionResult>>>,
  Expect<Equal<Result['removePromotionCode'], () => Promise<ActionResult>>>,
  Expect<Equal<Result['updateEmail'], (email: string) => Promise<ActionResult>>>,
  Expect<Equal<Result['updateBillingAddress'], (address: Address | null) => Promise<ActionResult>>>,
  Expect<
    Equal<
      Result['updateShippingAddress'],
      (details: ShippingDetails | null) => Promise<ActionResult>
    >
  >,
  Expect<Equal<Result['updateShippingRate'], (shippingRateId: string) => Promise<ActionResult>>>,
  Expect<Equal<Result['updatePhone'], (phone: string | null) => Promise<ActionResult>>>,
  Expect<Equal<Result['selectCryptoAsset'], (asset: CryptoAsset) => Promise<ActionResult>>>,
  Expect<Equal<CryptoAsset, 'ETH' | 'USDT' | 'USDC'>>,
  Expect<Equal<Result['simulateCryptoPayment'], () => Promise<ActionResult>>>,
  Expect<Equal<Result['confirm'], Own<'confirm'>>>,
  Expect<Equal<Result['reload'], Own<'reload'>>>,
  Expect<Equal<Result['authenticate'], Own<'authenticate'>>>,
  Expect<Equal<Result['updateShippingAddress'], Own<'updateShippingAddress'>>>,
];

export function Panel() {
  const checkout = useCheckout();
  const { session, problems, confirm, applyPromotionCode, updateLineItemQuantity } = checkout;
  const first = session?.line_items[0];
  return (
    <>
      <p>{session ? session.amount_total : checkout.phase}</p>
      <ul>
        {problems.map((problem) => (
          <li key={problem.field}>{problem.message}</li>
        ))}
      </ul>
      <button type="button" onClick={() => applyPromotionCode('SPRING')}>
        Apply
      </button>
      {first && (
        <button type="button" onClick={() => updateLineItemQuantity(first.id, 2)}>
          Two
        </button>
      )}
      <button
        type="button"
        disabled={checkout.busy}
        onClick={async () => {
          const result = await confirm();
          if (result.type === 'error') return result.error.code;
          return result.session.status;
        }}
      >
        Pay
      </button>
    </>
  );
}

export function Misuse() {
  const checkout = useCheckout();
  // @ts-expect-error a promotion code is a string
  void checkout.applyPromotionCode(10);
  // @ts-expect-error the quantity is a number
  void checkout.updateLineItemQuantity('li_1', '2');
  // @ts-expect-error the line item comes first
  void checkout.updateLineItemQuantity(2);
  // @ts-expect-error only the test assets
  void checkout.selectCryptoAsset('BTC');
  // @ts-expect-error the challenge is approved or failed
  void checkout.authenticate('skip');
  // @ts-expect-error confirm takes nothing
  void checkout.confirm({ card: '4242' });
  // @ts-expect-error the state is read-only
  checkout.session = null;
  // @ts-expect-error the session may not have loaded
  void checkout.session.amount_total;
  // @ts-expect-error useCheckout takes no argument
  useCheckout('checkout-provider');
  // @ts-expect-error no such phase
  if (checkout.phase === 'paid') return null;
  return null;
}

/** The component as it was: props, a ref to the element, typed event props. */
export function Provider() {
  const provider = useRef<CheckoutProviderElement>(null);
  return (
    <CheckoutProvider
      ref={provider}
      clientSecret="cs_test_1_secret_2"
      locale="en-US"
      onCheckoutSuccess={(event) => {
        const exact: Expect<Equal<typeof event, CheckoutSuccessEvent>> = true;
        return exact && provider.current?.session?.id;
      }}
    >
      <Panel />
    </CheckoutProvider>
  );
}

export function ProviderMisuse() {
  return (
    <>
      {/* @ts-expect-error clientSecret is a string */}
      <CheckoutProvider clientSecret={42} />
      <CheckoutProvider
        // @ts-expect-error a success event carries a session, not an error
        onCheckoutSuccess={(event) => event.detail.error}
      />
    </>
  );
}
