import { createCheckoutApp, MemoryStore } from '../../src/server/index.js';

/**
 * The session endpoint for stories: the real handler, running in the page.
 *
 * `<checkout-embedded>` talks to an endpoint URL with `fetch`. In Storybook
 * there is no server, so that endpoint is the real fetch handler over an
 * in-memory store, running in the page itself. `window.fetch` is wrapped once
 * so that every request to `storyEndpoint` (a reserved, unresolvable origin)
 * is answered by `app.fetch(request)`; every other request goes to the
 * network as usual. Stories therefore exercise the same validation, card
 * outcomes and state transitions as the Node server, with no hand-made
 * responses.
 */

/** Base URL to give `<checkout-embedded endpoint=…>` in stories. */
export const storyEndpoint = 'https://endpoint.storybook.invalid';

const secretKey = 'sk_test_storybook_in_browser_key';

type Handler = (request: Request) => Response | Promise<Response>;

interface EndpointGlobal {
  __checkoutKitStoryEndpoint?: Handler;
}

const scope = globalThis as typeof globalThis & EndpointGlobal;

/**
 * One handler per page. Kept on `globalThis` so that re-evaluating this module
 * (hot reload in `storybook dev`) neither wraps `fetch` twice nor forgets the
 * sessions already created.
 */
scope.__checkoutKitStoryEndpoint ??= installEndpoint();
const handle: Handler = scope.__checkoutKitStoryEndpoint;

function installEndpoint(): Handler {
  const app = createCheckoutApp({ store: new MemoryStore(), secretKey });
  const handler: Handler = (request) => app.fetch(request);
  const networkFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== storyEndpoint && !url.startsWith(`${storyEndpoint}/`)) {
      return networkFetch(input, init);
    }
    return handler(new Request(input, init));
  };
  return handler;
}

/** One API call straight to the handler; every POST carries a fresh idempotency key. */
async function call(path: string, authorization: string, body?: unknown): Promise<Response> {
  const headers = new Headers({ Authorization: authorization });
  if (body !== undefined) {
    headers.set('Content-Type', 'application/json');
    headers.set('Idempotency-Key', crypto.randomUUID());
  }
  return handle(
    new Request(`${storyEndpoint}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    }),
  );
}

/** A merchant API call, authenticated with the story endpoint's secret key. */
function merchant(path: string, body?: unknown): Promise<Response> {
  return call(path, `Basic ${btoa(`${secretKey}:`)}`, body);
}

async function expectOk(response: Response, what: string): Promise<unknown> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response.json();
}

export interface StoryLineItem {
  product: string;
  /** In the currency's minor unit, e.g. cents. */
  unit_amount: number;
  quantity?: number;
  currency?: string;
}

export interface StorySessionOptions {
  lineItems?: StoryLineItem[];
  billingAddressCollection?: 'auto' | 'required';
  customerEmail?: string;
}

export interface StorySession {
  id: string;
  client_secret: string;
}

const defaultLineItems: StoryLineItem[] = [
  { product: 'Notebook', unit_amount: 1250, quantity: 2 },
  { product: 'Fountain pen', unit_amount: 3400, quantity: 1 },
];

/** Creates an embedded checkout session through the merchant API, as a merchant's server would. */
export async function createStorySession(options: StorySessionOptions = {}): Promise<StorySession> {
  const response = await merchant('/v1/checkout_sessions', {
    mode: 'payment',
    ui_mode: 'embedded',
    line_items: (options.lineItems ?? defaultLineItems).map(
      ({ quantity = 1, currency = 'usd', ...price }) => ({
        quantity,
        price_data: { currency, ...price },
      }),
    ),
    ...(options.billingAddressCollection
      ? { billing_address_collection: options.billingAddressCollection }
      : {}),
    ...(options.customerEmail ? { customer_email: options.customerEmail } : {}),
  });
  const { id, client_secret } = (await expectOk(response, 'create session')) as StorySession;
  return { id, client_secret };
}

/** Expires a session through the merchant API. */
export async function expireStorySession(id: string): Promise<void> {
  await expectOk(await merchant(`/v1/checkout_sessions/${id}/expire`, {}), 'expire session');
}

/**
 * Pays for a session through the client API, as the element would, with a
 * test card number, a future expiry and a 3-digit CVC. Resolves with the
 * endpoint's answer; a decline (402) resolves too, since its body carries the
 * session.
 */
export async function confirmStoryPayment(
  clientSecret: string,
  cardNumber: string,
): Promise<{ session: { status: string }; error?: { code: string } }> {
  const response = await call(`/v1/client/session/confirm`, `Bearer ${clientSecret}`, {
    email: 'jenny.rosen@example.com',
    payment_method: {
      card: {
        number: cardNumber,
        exp_month: 12,
        exp_year: new Date().getUTCFullYear() + 3,
        cvc: '123',
      },
      billing_details: { name: 'Jenny Rosen' },
    },
  });
  if (!response.ok && response.status !== 402) {
    throw new Error(`confirm payment: ${response.status} ${await response.text()}`);
  }
  return response.json();
}
