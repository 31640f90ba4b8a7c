import {
  type SeedApi,
  type SeedExample,
  seedExamples,
  seedPromotionCode,
} from '../../demo/seed-examples.js';
// The card frame's script, bundled on its own, as the endpoint serves it beside the kit.
import cardFrameScript from '../../src/frames/card/card-frame.ts?worker&url';
import { createCheckoutApp, MemoryStore, seedDemoCatalog } from '../../src/server/index.js';
import {
  createBody,
  type ShortLineItem,
  type ShortShippingRate,
} from '../../test/support/session-fixtures.js';

/**
 * The session endpoint for stories: the real handler, running in the page.
 *
 * The checkout elements talk to an endpoint URL with `fetch`. In Storybook
 * there is no server, so that endpoint is the real fetch handler over an
 * in-memory store, running in the page itself. `window.fetch` is wrapped once
 * so that every request to `storyEndpoint` (a path of Storybook's own origin
 * that names this page) is answered by `app.fetch(request)`; every other
 * request goes to the network as usual. The card frame is a document of its
 * own, loaded from that path: a service worker
 * (`.storybook/public/checkout-endpoint-relay.js`) relays its navigation and
 * its requests to this page, which answers them with the same handler.
 * Stories therefore exercise the same validation, pricing, promotion codes,
 * card outcomes (paid from inside the frame) and state transitions as the
 * Node server, with no hand-made responses.
 *
 * Also here: sessions created through each of the five merchant APIs, as
 * their documented example requests; helpers stories need around the
 * endpoint (promotion codes, an expiry minutes away, a failing network); and
 * helpers for driving the elements in play functions through their nested
 * shadow roots (`deep`, `fill`, `chooseCountry`).
 */

interface EndpointGlobal {
  __checkoutKitStoryEndpointState?: StoryEndpoint;
}

const scope = globalThis as typeof globalThis & EndpointGlobal;

/** Names this page in the endpoint's path, so the relay finds it among Storybook's tabs. */
const pageId = (scope.__checkoutKitStoryEndpointState?.pageId ?? crypto.randomUUID()) as string;

/** Base URL to give `<checkout-embedded endpoint=…>` or `<checkout-provider endpoint=…>` in stories. */
export const storyEndpoint = new URL(`__checkout-endpoint/${pageId}`, document.baseURI).href;

const secretKey = 'sk_test_storybook_in_browser_key';

type Handler = (request: Request) => Response | Promise<Response>;

interface StoryEndpoint {
  pageId: string;
  handle: Handler;
  /** Resolves once the relay for the card frame is active. */
  relayReady: Promise<void>;
  /** The handler's store, for what the merchant API rightly refuses (an expiry minutes away). */
  store: MemoryStore;
  /** Promotion codes created so far, by code: a code exists once per store. */
  promotionCodes: Map<string, Promise<StoryPromotionCode>>;
  /** Requests that fail on purpose, by the client secret that sends them. */
  faults: Map<string, EndpointFaults>;
}

/**
 * One endpoint per page. Kept on `globalThis` so that re-evaluating this
 * module (hot reload in `storybook dev`) neither wraps `fetch` twice nor
 * forgets the sessions and codes already created.
 */
scope.__checkoutKitStoryEndpointState ??= installEndpoint();
const endpoint: StoryEndpoint = scope.__checkoutKitStoryEndpointState;

function installEndpoint(): StoryEndpoint {
  const store = new MemoryStore();
  // The catalog seeds 000 and 001 sell from (products, variants, prices, plans).
  const catalogReady = seedDemoCatalog(store, Math.floor(Date.now() / 1000));
  const app = createCheckoutApp({
    store,
    secretKey,
    frameScriptUrl: new URL(cardFrameScript, document.baseURI).href,
    // A simulated crypto transfer confirms after a minute, so its waiting state can be looked at.
    cryptoConfirmationSeconds: 60,
    // One visitor, one page: every story's sessions share the key, and their reads its secrets.
    rateLimits: false,
  });
  const handle: Handler = async (request) => {
    await catalogReady;
    return app.fetch(request);
  };
  const faults = new Map<string, EndpointFaults>();

  /**
   * Answers one request to the endpoint, failing it first if the story asks.
   * The handler sees the path below `storyEndpoint`, as if it served a host.
   */
  const answer = async (request: Request): Promise<Response | 'offline'> => {
    // The session read sends the secret as its plain-text body; every other call, as a bearer token.
    const secret =
      request.headers.get('Authorization')?.replace(/^Bearer /, '') ??
      (/^text\/plain/.test(request.headers.get('Content-Type') ?? '')
        ? (await request.clone().text()).trim()
        : '');
    const url = new URL(request.url);
    const path = url.pathname.slice(new URL(storyEndpoint).pathname.length);
    const fault = faults.get(secret)?.[`${request.method} ${path}` as EndpointRoute];
    if (fault === 'offline') return 'offline';
    if (fault === 'hang') return new Promise<Response>(() => {});
    if (fault === 503) {
      // What a proxy in front of a down endpoint says: no JSON, no error code.
      return new Response('Service Unavailable', {
        status: 503,
        headers: { 'Content-Type': 'text/plain' },
      });
    }
    return handle(new Request(`${url.origin}${path}${url.search}`, request));
  };

  const networkFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== storyEndpoint && !url.startsWith(`${storyEndpoint}/`)) {
      return networkFetch(input, init);
    }
    const response = await answer(new Request(input, init));
    if (response === 'offline') throw new TypeError('Failed to fetch');
    return response;
  };

  // The card frame's requests, relayed by the service worker.
  navigator.serviceWorker.addEventListener('message', async (event: MessageEvent) => {
    const data = event.data as RelayedRequest | null;
    if (data?.type !== 'checkout-endpoint-request' || data.owner !== pageId) return;
    const response = await answer(
      new Request(data.url, { method: data.method, headers: data.headers, body: data.body }),
    );
    event.ports[0]!.postMessage(
      response === 'offline'
        ? { offline: true }
        : {
            status: response.status,
            headers: [...response.headers],
            body: await response.arrayBuffer(),
          },
    );
  });
  navigator.serviceWorker.startMessages();
  return {
    pageId,
    handle,
    relayReady: registerRelay(),
    store,
    promotionCodes: new Map(),
    faults,
  };
}

/** A request the relay passes on: everything a `Request` needs, made transferable. */
interface RelayedRequest {
  type: 'checkout-endpoint-request';
  owner: string;
  url: string;
  method: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
}

/**
 * Registers the relay for the endpoint's path and waits until it is active.
 * Its scope is the endpoint's path only: Storybook's own pages stay
 * uncontrolled, and only the card frame's document goes through it.
 */
async function registerRelay(): Promise<void> {
  const registration = await navigator.serviceWorker.register(
    new URL('checkout-endpoint-relay.js', document.baseURI),
    { scope: new URL('__checkout-endpoint/', document.baseURI).pathname },
  );
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!worker || worker.state === 'activated') return;
  await new Promise<void>((resolve) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve();
    });
  });
}

/** Resolves once stories can show the card frame: call before rendering one. */
export function endpointReady(): Promise<void> {
  return endpoint.relayReady;
}

/** `POST /v1/client/session`, `POST /v1/client/session/confirm`, … */
export type EndpointRoute = `${'GET' | 'POST' | 'DELETE'} /v1/client/${string}`;

/**
 * How a client API request fails in a story about a failing network:
 * `offline` makes `fetch` reject (the connection dropped), `503` answers
 * as a proxy in front of a down endpoint would, and `hang` never answers,
 * so the element stays in the state it shows while waiting.
 */
export type EndpointFault = 'offline' | 503 | 'hang';

/** Which of the element's requests fail, and how; the story parameter `endpointFaults`. */
export type EndpointFaults = Partial<Record<EndpointRoute, EndpointFault>>;

/**
 * Makes the element's requests for this session fail as `faults` say. Keyed
 * by client secret, so stories side by side on a docs page do not share
 * a failing network.
 */
export function failRequests(clientSecret: string, faults: EndpointFaults): void {
  endpoint.faults.set(clientSecret, faults);
}

/**
 * One API call straight to the handler (which sees paths below
 * `storyEndpoint`); every POST carries a fresh idempotency key.
 */
async function call(path: string, authorization: string, body?: unknown): Promise<Response> {
  const headers = new Headers({ Authorization: authorization });
  if (body !== undefined) {
    headers.set('Content-Type', 'application/json');
    headers.set('Idempotency-Key', crypto.randomUUID());
  }
  return endpoint.handle(
    new Request(`${new URL(storyEndpoint).origin}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    }),
  );
}

/** A merchant API call, authenticated with the story endpoint's secret key (Basic). */
function merchant(path: string, body?: unknown): Promise<Response> {
  return call(path, `Basic ${btoa(`${secretKey}:`)}`, body);
}

/** A merchant API call of the APIs that take the secret key as a Bearer token. */
function bearerMerchant(path: string, body?: unknown): Promise<Response> {
  return call(path, `Bearer ${secretKey}`, body);
}

async function expectOk(response: Response, what: string): Promise<unknown> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response.json();
}

export type StoryLineItem = ShortLineItem;
export type StoryShippingRate = ShortShippingRate;

/**
 * Seed 003's create body with the line items and shipping rates written
 * short. `lineItems: null` sends no line items (a setup session).
 */
// A type alias, not an interface, so it fits the fixtures' open-ended session shape.
export type StorySessionOptions = {
  lineItems?: StoryLineItem[] | null;
  shippingRates?: StoryShippingRate[];
  mode?: 'payment' | 'subscription' | 'setup';
  ui_mode?: 'embedded' | 'custom';
  currency?: string;
  billing_address_collection?: 'auto' | 'required';
  customer_email?: string;
  allow_promotion_codes?: boolean;
  automatic_tax?: { enabled: boolean };
  shipping_address_collection?: { allowed_countries: string[] };
  phone_number_collection?: { enabled: boolean; required?: boolean };
  submit_type?: 'auto' | 'pay' | 'book' | 'donate';
  locale?: string;
  success_url?: string;
  cancel_url?: string;
  /** A customer id (`cus_…`), for codes restricted to one customer. */
  customer?: string;
  /** A promotion code applied at creation (its `promo_…` id). */
  discounts?: Array<{ promotion_code: string }>;
};

export interface StorySession {
  id: string;
  client_secret: string;
}

const defaultLineItems: ShortLineItem[] = [
  { product: 'Notebook', unit_amount: 1250, quantity: 2 },
  { product: 'Fountain pen', unit_amount: 3400, quantity: 1 },
];

/** Creates a checkout session through the merchant API, as a merchant's server would. */
export async function createStorySession(options: StorySessionOptions = {}): Promise<StorySession> {
  const response = await merchant('/v1/checkout_sessions', createBody(options, defaultLineItems));
  const { id, client_secret } = (await expectOk(response, 'create session')) as StorySession;
  return { id, client_secret };
}

/** The crypto checkout API's create body (seed 002); every field is required there. */
export interface StoryCryptoSessionOptions {
  amount?: number;
  currency?: string;
  productName?: string;
  productDescription?: string;
  allowedAssets?: Array<'ETH' | 'USDT' | 'USDC'>;
}

/** Creates a crypto checkout through the seed-002 merchant API (Bearer), as a merchant's server would. */
export async function createStoryCryptoSession(
  options: StoryCryptoSessionOptions = {},
): Promise<StorySession> {
  const response = await bearerMerchant('/api/v1/checkout', {
    amount: 100,
    currency: 'USD',
    successUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cart',
    email: 'jenny.rosen@example.com',
    name: 'Jenny Rosen',
    metadata: {},
    productId: 'prod_story_hoodie',
    productName: 'Hoodie',
    productDescription: 'Heavyweight cotton',
    allowedAssets: ['ETH', 'USDT', 'USDC'],
    ...options,
  });
  const { id, client_secret } = (await expectOk(response, 'create crypto session')) as StorySession;
  return { id, client_secret };
}

// ---- one session per merchant API, as each documents its example request ----

/** Where a customer lands after paying or canceling; stories stay on their page (see `checkout-story.ts`). */
const shop = 'https://shop.example';

/** Each merchant API's documented example, as the stories send it: to this endpoint, staying on the story. */
function seedExample(seed: SeedApi): SeedExample {
  const example = seedExamples({
    name: 'story',
    successUrl: `${shop}/thanks`,
    cancelUrl: () => `${shop}/cart`,
    // Served by Storybook itself (`staticDirs`), so the story needs no network.
    imageUrl: new URL('images/pour-over.svg', document.baseURI).href,
  }).find((each) => each.seed === seed);
  if (!example) throw new Error(`no example request for seed ${seed}`);
  return example;
}

/**
 * Creates a session through one merchant API with that API's documented
 * example request, on its own path with its own authentication, and returns
 * the `client_secret` our endpoint adds to each response. `changes` replace
 * fields of the example body; `undefined` leaves a field out.
 */
export async function createSeedSession(
  seed: SeedApi,
  changes: Record<string, unknown> = {},
): Promise<StorySession> {
  if (seed === '002') {
    return createStoryCryptoSession({
      productName: 'Product Name',
      productDescription: 'Product Description',
      ...changes,
    });
  }
  if (seed === '000') await createStoryPromotionCode({ code: seedPromotionCode, percent_off: 10 });
  const { path, auth, body } = seedExample(seed);
  const request = Object.fromEntries(
    Object.entries({ ...body, ...changes }).filter(([, value]) => value !== undefined),
  );
  const response = await (auth === 'bearer' ? bearerMerchant : merchant)(path, request);
  const { id, client_secret } = (await expectOk(
    response,
    `create session (seed ${seed})`,
  )) as StorySession;
  return { id, client_secret };
}

/** Expires a session through the merchant API. */
export async function expireStorySession(id: string): Promise<void> {
  await expectOk(await merchant(`/v1/checkout_sessions/${id}/expire`, {}), 'expire session');
}

/**
 * Moves an open session's expiry to `minutes` from now, which the merchant API
 * rightly refuses (30 minutes at least), so that stories can show the notice
 * the kit gives when under ten minutes remain. Writes the store directly, with
 * its compare-and-set, retrying if a request changed the session meanwhile.
 */
export async function expireStorySessionIn(id: string, minutes: number): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await endpoint.store.getSession(id);
    if (!found) throw new Error(`expire in ${minutes} minutes: no session ${id}`);
    const expiresAt = Math.floor(Date.now() / 1000) + Math.round(minutes * 60);
    const result = await endpoint.store.updateSession({ ...found.value, expiresAt }, found.version);
    if (result === 'ok') return;
  }
  throw new Error(`expire in ${minutes} minutes: session ${id} kept changing`);
}

/** The merchant API's promotion code create body (seed 003 extension). */
export interface StoryPromotionCodeOptions {
  code: string;
  percent_off?: number;
  amount_off?: number;
  currency?: string;
  starts_at?: number;
  expires_at?: number;
  max_redemptions?: number;
  customer?: string;
  restrictions?: {
    minimum_amount?: number;
    minimum_amount_currency?: string;
    first_time_transaction?: boolean;
  };
}

export interface StoryPromotionCode {
  id: string;
  code: string;
}

/**
 * Creates a promotion code through the merchant API. A code exists once per
 * store, and the store lives as long as the page: asking again for a code
 * already created (another story, a re-render) returns the first one.
 */
export function createStoryPromotionCode(
  options: StoryPromotionCodeOptions,
): Promise<StoryPromotionCode> {
  const key = options.code.toUpperCase();
  let created = endpoint.promotionCodes.get(key);
  if (!created) {
    created = merchant('/v1/promotion_codes', options)
      .then((response) => expectOk(response, 'create promotion code'))
      .then((body) => {
        const { id, code } = body as StoryPromotionCode;
        return { id, code };
      });
    // A failed create may be tried again.
    created.catch(() => endpoint.promotionCodes.delete(key));
    endpoint.promotionCodes.set(key, created);
  }
  return created;
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

/** Cancels a session through the client API, as the cancel button would. */
export async function cancelStorySession(clientSecret: string): Promise<void> {
  await expectOk(
    await call('/v1/client/session/cancel', `Bearer ${clientSecret}`, {}),
    'cancel session',
  );
}

// ---- driving the elements in play functions ---------------------------------

/**
 * Every root under `start`, `start` included: its shadow roots, theirs, and
 * so on, and the document of the card frame (same-origin here: the stories'
 * endpoint is on Storybook's own origin).
 */
function rootsUnder(start: ParentNode): ParentNode[] {
  const roots: ParentNode[] = [start];
  for (let index = 0; index < roots.length; index++) {
    for (const element of roots[index]!.querySelectorAll('*')) {
      if (element.shadowRoot) roots.push(element.shadowRoot);
      if (element instanceof HTMLIFrameElement && element.contentDocument?.body) {
        roots.push(element.contentDocument);
      }
    }
  }
  return roots;
}

/**
 * The first match under `host` (its shadow root, then its light DOM, where
 * the card frame is slotted), through nested shadow roots and into the card
 * frame. `a >>> b` matches `b` inside the first `a`, e.g.
 * `checkout-card >>> #number`.
 */
export function deep<T extends Element = HTMLInputElement>(
  host: Element | ShadowRoot,
  selector: string,
): T | null {
  const [first, ...rest] = selector.split('>>>').map((step) => step.trim());
  const starts: ParentNode[] =
    host instanceof HTMLIFrameElement
      ? host.contentDocument
        ? [host.contentDocument]
        : []
      : host instanceof Element && host.shadowRoot
        ? [host.shadowRoot, host]
        : [host];
  for (const root of starts.flatMap(rootsUnder)) {
    const found = root.querySelector(first!);
    if (!found) continue;
    if (!rest.length) return found as unknown as T;
    return deep<T>(found, rest.join(' >>> '));
  }
  return null;
}

/** Like `deep`, but throws when nothing matches, naming the selector. */
export function deepOrThrow<T extends Element = HTMLInputElement>(
  host: Element | ShadowRoot,
  selector: string,
): T {
  const found = deep<T>(host, selector);
  if (!found) throw new Error(`Nothing matches ${selector}.`);
  return found;
}

/** Types `value` into a field as one edit: sets it and fires the `input` event typing fires. */
export function fill(input: HTMLInputElement, value: string): void {
  input.focus();
  input.value = value;
  input.dispatchEvent(
    new InputEvent('input', {
      bubbles: true,
      composed: true,
      inputType: 'insertText',
      data: value,
    }),
  );
}

/**
 * Picks a country in a `<checkout-country-combobox>` the way a keyboard user
 * does: types the name, which filters the list and makes the first match
 * active, then presses Enter.
 */
export function chooseCountry(combobox: Element, name: string): void {
  const input = deepOrThrow(combobox, 'input');
  fill(input, name);
  input.dispatchEvent(
    new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }),
  );
}
