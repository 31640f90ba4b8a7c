/**
 * The demo shop as a React app: the kit's custom-mode elements as React
 * components around one `CheckoutProvider`, and the outcome in React state.
 * `onCheckoutSuccess` swaps the form for the shop's own order confirmation;
 * `onCheckoutError` shows a banner above it.
 */
import { formatMoney } from 'checkout-kit';
import {
  CheckoutAddress,
  CheckoutCancelButton,
  CheckoutCard,
  CheckoutEmail,
  type CheckoutEvent,
  type CheckoutEventName,
  CheckoutLineItems,
  CheckoutMessages,
  CheckoutPayButton,
  CheckoutPhone,
  CheckoutPromotionCode,
  CheckoutProvider,
  CheckoutShippingRates,
  CheckoutTotals,
  type ClientSession,
} from 'checkout-kit/react';
import { useState } from 'react';

/** Asks the shop's server for a session; the kit calls this once. */
async function fetchClientSecret(): Promise<string> {
  const response = await fetch('/demo/session?ui=custom', { method: 'POST' });
  if (!response.ok) throw new Error('The shop could not start a checkout.');
  return ((await response.json()) as { client_secret: string }).client_secret;
}

// Module constants: the same objects on every render, as props that never change should be.
const appearance = { theme: 'flat', variables: { colorPrimary: '#0b6e4f' } } as const;

type Outcome =
  | { state: 'open' }
  | { state: 'paid'; session: ClientSession }
  | { state: 'ended'; title: string };

export function App() {
  const [outcome, setOutcome] = useState<Outcome>({ state: 'open' });
  const [problem, setProblem] = useState<string | null>(null);
  const [events, setEvents] = useState<CheckoutEventName[]>([]);

  const log = (event: CheckoutEvent<CheckoutEventName>) =>
    setEvents((list) => [...list, event.type as CheckoutEventName]);

  return (
    <>
      <header>
        <h1>React shop</h1>
        <p>
          A React app paying through <code>checkout-kit/react</code>, under{' '}
          <code>&lt;StrictMode&gt;</code>. Pay with <code>4242 4242 4242 4242</code>; try{' '}
          <code>4000 0000 0000 0002</code> for a decline. <a href="/">Back to the demo shop</a>.
        </p>
      </header>
      <main className="shop">
        {problem && (
          <div className="banner" role="alert" data-testid="error-banner">
            <strong>Payment not taken.</strong> {problem}
          </div>
        )}
        {outcome.state === 'open' ? (
          <CheckoutProvider
            className="checkout"
            fetchClientSecret={fetchClientSecret}
            appearance={appearance}
            locale="en-US"
            onCheckoutReady={log}
            onCheckoutChange={log}
            onCheckoutSuccess={(event) => {
              // The shop shows its own confirmation instead of following success_url.
              event.preventDefault();
              log(event);
              setProblem(null);
              setOutcome({ state: 'paid', session: event.detail.session });
            }}
            onCheckoutError={(event) => {
              log(event);
              setProblem(event.detail.error.message);
            }}
            onCheckoutCancel={(event) => {
              event.preventDefault();
              log(event);
              setOutcome({ state: 'ended', title: 'Checkout canceled' });
            }}
            onCheckoutExpired={(event) => {
              log(event);
              setOutcome({ state: 'ended', title: 'This checkout has expired' });
            }}
          >
            <section id="details" className="panel" aria-labelledby="details-heading">
              <h2 id="details-heading">Your details</h2>
              <CheckoutMessages />
              <CheckoutEmail />
              <CheckoutPhone />
              <CheckoutAddress type="shipping" />
              <CheckoutShippingRates />
              <CheckoutCard />
              <CheckoutPayButton />
              <CheckoutCancelButton />
            </section>
            <section className="panel order" aria-labelledby="order-heading">
              <h2 id="order-heading">Your order</h2>
              <CheckoutLineItems />
              <CheckoutPromotionCode />
              <CheckoutTotals />
            </section>
          </CheckoutProvider>
        ) : outcome.state === 'paid' ? (
          <Confirmation session={outcome.session} />
        ) : (
          <section className="panel" role="status">
            <h2>{outcome.title}</h2>
          </section>
        )}
      </main>
      <aside className="log" aria-labelledby="events-heading">
        <h2 id="events-heading">Events handled by React</h2>
        <ol id="events">
          {events.map((name, index) => (
            // The log only grows, so an item's place is its identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
            <li key={index} data-event={name}>
              {name}
            </li>
          ))}
        </ol>
      </aside>
    </>
  );
}

function Confirmation({ session }: { session: ClientSession }) {
  const payment = session.payment;
  return (
    <section id="confirmation" className="panel" role="status" aria-labelledby="thanks">
      <h2 id="thanks">Thank you for your order</h2>
      <p>
        {formatMoney(session.amount_total, session.currency, 'en-US')} paid
        {payment ? ` with the card ending ${payment.last4}` : ''}.
      </p>
      <p>
        Order reference <code data-testid="session-id">{session.id}</code>
      </p>
    </section>
  );
}
