/**
 * Compile-time checks of `checkout-kit/react` (run by `tsc --noEmit -p .`,
 * never executed): props take the elements' types and event props get the
 * kit's typed events. Each `@ts-expect-error` fails the build if the line
 * below it ever compiles.
 */
import type { CheckoutEvent } from 'checkout-kit';
import {
  CheckoutCard,
  CheckoutEmbedded,
  CheckoutPayButton,
  CheckoutProvider,
  type ClientSession,
} from 'checkout-kit/react';
import { useRef } from 'react';

export function Valid() {
  const provider = useRef<HTMLElementTagNameMap['checkout-provider']>(null);
  return (
    <>
      <CheckoutEmbedded
        clientSecret="cs_test_1_secret_2"
        endpoint="https://example.com"
        locale="fr-FR"
        onCheckoutSuccess={(event) => {
          event.preventDefault();
          const session: ClientSession = event.detail.session;
          return session.id;
        }}
        onCheckoutError={(event) => event.detail.error.code.toUpperCase()}
        onCheckoutReady={(event: CheckoutEvent<'checkout-ready'>) => event.detail.session}
      />
      <CheckoutProvider
        ref={provider}
        fetchClientSecret={async () => 'cs_test_1_secret_2'}
        onCheckoutExpired={(event) => event.detail.session.status}
        onCheckoutCancel={(event) => event.detail.session.cancel_url}
        onCheckoutChange={(event) => event.detail.session.amount_total}
      >
        <CheckoutCard className="card" />
        <CheckoutPayButton />
      </CheckoutProvider>
    </>
  );
}

export function Invalid() {
  return (
    <>
      {/* @ts-expect-error clientSecret is a string */}
      <CheckoutEmbedded clientSecret={42} />
      {/* @ts-expect-error fetchClientSecret resolves to a string */}
      <CheckoutEmbedded fetchClientSecret={async () => 42} />
      <CheckoutEmbedded
        // @ts-expect-error a success event carries a session, not an error
        onCheckoutSuccess={(event) => event.detail.error}
      />
      <CheckoutProvider
        // @ts-expect-error an error event's detail has no `code` of its own
        onCheckoutError={(event) => event.detail.code}
      />
      <CheckoutEmbedded
        // @ts-expect-error the handler is given a CustomEvent, not a number
        onCheckoutReady={(event: number) => event}
      />
      {/* @ts-expect-error the pay button fires no checkout events */}
      <CheckoutPayButton onCheckoutSuccess={() => {}} />
      {/* @ts-expect-error no such element property */}
      <CheckoutEmbedded clientSecrets="cs_test_1_secret_2" />
    </>
  );
}
