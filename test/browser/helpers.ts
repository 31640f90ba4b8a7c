import { expect, fixture, html, oneEvent, waitUntil as openWcWaitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import type { ClientSession } from '../../src/api/client-types.js';
import type { CheckoutEventName, CheckoutProvider } from '../../src/index.js';
import { browserSuiteSecretKey } from '../support/browser-suite.js';
import { createBody, type ShortSession } from '../support/session-fixtures.js';

/**
 * Browser-test helpers. Sessions are created through the real merchant API on
 * the test page's origin, the way a merchant's server would.
 */

// The default buffer (250 entries) fills up with the kit's source modules, after
// which nothing is recorded: no lazy part's request would be seen.
performance.setResourceTimingBufferSize(10_000);

/**
 * open-wc's waitUntil, giving up after 8 s instead of 1 s. These tests check
 * what happens, not how fast: a payment's round trips to the real endpoint can
 * take more than a second on a shared two-core machine. Speed is measured by
 * `npm run bench`.
 */
export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return openWcWaitUntil(predicate, message, { timeout: 8000, ...options });
}

export type { ShortLineItem as LineItemOptions } from '../support/session-fixtures.js';

/** Seed 003's create body, with the line items and shipping rates written short. */
export type SessionOptions = ShortSession;

export interface CreatedSession {
  id: string;
  client_secret: string;
}

export async function merchant(path: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: `Basic ${btoa(`${browserSuiteSecretKey}:`)}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': crypto.randomUUID(),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
}

export async function createSession(options: SessionOptions = {}): Promise<CreatedSession> {
  const response = await merchant(
    '/v1/checkout_sessions',
    createBody(options, [{ product: 'Notebook', unit_amount: 1250, quantity: 2 }]),
  );
  if (!response.ok) throw new Error(`create session: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Creates a promotion code through the merchant API; returns its id. */
export async function createPromotionCode(body: Record<string, unknown>): Promise<string> {
  const response = await merchant('/v1/promotion_codes', body);
  if (!response.ok) throw new Error(`create code: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** A code nobody else in the suite uses. */
export function uniqueCode(prefix: string): string {
  return `${prefix}${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
}

export async function expireSession(id: string): Promise<void> {
  const response = await merchant(`/v1/checkout_sessions/${id}/expire`, {});
  if (!response.ok) throw new Error(`expire: ${response.status}`);
}

export async function retrieveSession(id: string): Promise<Record<string, unknown>> {
  return (await merchant(`/v1/checkout_sessions/${id}`)).json();
}

/**
 * Every shadow root under `root`, depth first, `root` included (an element's
 * shadow root, then its light DOM, where the card frame may be slotted), and
 * the document of every same-origin frame among them (the card frame, whose
 * origin is the test page's here: the endpoint runs on the test server).
 */
function* roots(root: Document | ShadowRoot | Element): Generator<ParentNode> {
  if (root instanceof HTMLIFrameElement) {
    if (root.contentDocument) yield* roots(root.contentDocument);
    return;
  }
  const starts = root instanceof Element && root.shadowRoot ? [root.shadowRoot, root] : [root];
  for (const start of starts) {
    yield start;
    for (const element of start.querySelectorAll('*')) {
      if (element.shadowRoot) yield* roots(element.shadowRoot);
      if (element instanceof HTMLIFrameElement && element.contentDocument?.body) {
        yield* roots(element.contentDocument);
      }
    }
  }
}

/**
 * Finds the first match in `host`'s shadow tree, through nested shadow roots.
 * `a >>> b` matches `b` inside the shadow root of the first `a`.
 */
export function deep<T extends Element = HTMLInputElement>(
  host: Element | ShadowRoot,
  selector: string,
): T | null {
  const [first, ...rest] = selector.split('>>>').map((step) => step.trim());
  for (const root of roots(host)) {
    const found = root.querySelector(first!);
    if (!found) continue;
    if (!rest.length) return found as unknown as T;
    return deep<T>(found, rest.join(' >>> '));
  }
  return null;
}

export function deepAll<T extends Element = HTMLElement>(host: Element, selector: string): T[] {
  return [...roots(host)].flatMap((root) => [...root.querySelectorAll<T>(selector)]);
}

/** The visible text of `host`, shadow roots included, whitespace collapsed. */
export function deepText(host: Element | ShadowRoot): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    if (node instanceof HTMLSlotElement) return;
    for (const child of node.childNodes) walk(child);
  };
  walk(host instanceof Element && host.shadowRoot ? host.shadowRoot : host);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** The focused element, through shadow roots and into same-origin frames. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  for (;;) {
    if (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    else if (active instanceof HTMLIFrameElement && active.contentDocument?.activeElement)
      active = active.contentDocument.activeElement;
    else return active;
  }
}

/**
 * Focuses `input` and resolves once the browser delivers keys to it. Focus
 * moved by script into another frame (the card frame, or back out of it)
 * reaches the browser's key routing a moment later, and under load keys
 * typed at once could still land in the frame focused before; a Shift press,
 * which types nothing, is repeated until one arrives here.
 */
export async function focusForKeys(input: HTMLElement): Promise<void> {
  input.focus();
  (input as Partial<HTMLInputElement>).select?.();
  await waitUntil(() => deepActive() === input, `#${input.id} did not take focus`);
  for (let attempt = 0; ; attempt++) {
    let arrived = false;
    const listener = () => {
      arrived = true;
    };
    input.addEventListener('keydown', listener);
    await sendKeys({ press: 'Shift' });
    await waitUntil(() => arrived, 'no key yet', { timeout: 200 }).catch(() => {});
    input.removeEventListener('keydown', listener);
    if (arrived) return;
    if (attempt === 20) throw new Error(`keys never reached #${input.id}`);
  }
}

/**
 * Resolves once the card frame under `root` shows its fields: its document
 * has loaded (on the test page's origin, so tests can reach into it) and the
 * handshake has given it the session.
 */
export async function cardFrameReady(root: Element): Promise<void> {
  await waitUntil(() => deep(root, 'iframe.checkout-card-frame'), 'no card frame');
  await waitUntil(() => deep(root, '#number'), 'the card frame shows no fields');
}

/**
 * The card frame's window under `root` (same-origin here), e.g. to watch the
 * confirm it sends: only the frame sends it, with its own `fetch`.
 */
export function cardFrameWindow(root: Element): Window & typeof globalThis {
  const frame = deep<HTMLIFrameElement>(root, 'iframe.checkout-card-frame');
  if (!frame?.contentWindow) throw new Error('no card frame');
  return frame.contentWindow as Window & typeof globalThis;
}

/** Test-only endpoint hook: the session now expires `seconds` from now. */
export async function expireIn(id: string, seconds: number): Promise<void> {
  const response = await fetch(`/test/sessions/${id}/expires-in/${seconds}`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`expire-in: ${response.status}`);
}

type Updatable = Element & { updateComplete?: Promise<unknown> };

/** Waits until every element under `root`, shadow roots included, has rendered. */
export async function settle(root: Element): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await Promise.all(deepAll<Updatable>(root, '*').map((element) => element.updateComplete));
    if (root instanceof HTMLElement && 'updateComplete' in root)
      await (root as Updatable).updateComplete;
  }
}

/**
 * Resolves once no transition runs under `root`: colours mid-transition (a
 * button just enabled, fading in) are not what the customer ends up seeing,
 * so contrast checks wait for them.
 */
export async function transitionsDone(root: Element): Promise<void> {
  await settle(root);
  const transitions = deepAll(root, '*')
    .flatMap((element) => element.getAnimations())
    .filter((each) => each instanceof CSSTransition);
  await Promise.all(transitions.map((transition) => transition.finished.catch(() => {})));
}

/**
 * axe's checks on what the customer ends up seeing, once every transition
 * under `element` has finished: a button enabled again fades back from its
 * disabled opacity, and a check in that moment reads its colour as too little
 * contrast (a loaded run failed so, on the cancel button after a payment).
 */
export async function expectAccessible(element: Element): Promise<void> {
  await transitionsDone(element);
  await expect(element).to.be.accessible();
}

/**
 * Runs `act` (a click, a key press) and resolves once the confirm it started
 * has finished, by watching the provider's `confirm` from the outside.
 */
export async function confirmed(
  root: Element,
  act: () => unknown | Promise<unknown>,
): Promise<unknown> {
  const provider =
    deep<HTMLElement & { confirm(): Promise<unknown> }>(root, 'checkout-provider') ??
    (root as HTMLElement & { confirm(): Promise<unknown> });
  const original = provider.confirm;
  let running: Promise<unknown> | null = null;
  provider.confirm = function (this: unknown) {
    running = original.call(provider);
    return running;
  };
  try {
    await act();
    for (let waited = 0; !running && waited < 50; waited++)
      await new Promise((r) => setTimeout(r, 10));
    if (!running) throw new Error('no confirm started');
    return await running;
  } finally {
    provider.confirm = original;
    await settle(root);
  }
}

/**
 * Whether every part the session needs, which load lazily, shows under
 * `root`: the quantity stepper, the promotion code form, the phone field, the
 * addresses, the shipping rates.
 */
export function lazyPartsShown(root: Element, session: ClientSession): boolean {
  const open = session.status === 'open';
  const wanted = [
    open && session.line_items.some((item) => item.adjustable_quantity?.enabled)
      ? 'checkout-line-items >>> input[type="number"]'
      : null,
    open && session.allow_promotion_codes
      ? 'checkout-promotion-code >>> input, checkout-promotion-code >>> [part="applied"]'
      : null,
    session.phone_number_collection?.enabled ? 'checkout-phone >>> #phone' : null,
    session.shipping_address_collection ? 'checkout-address >>> #shipping-country' : null,
    session.shipping_options.length ? 'checkout-shipping-rates >>> input[type="radio"]' : null,
  ];
  return wanted.every(
    (selector) => !selector || selector.split(', ').some((one) => deep(root, one)),
  );
}

/**
 * Whether this page has fetched `path` (a pathname, matched exactly), e.g. a
 * lazily loaded part's module. Resource timing lists a request only once it
 * has finished: before checking that something was *not* requested, await
 * `settledNetwork()`.
 */
export function moduleRequested(path: string): boolean {
  return performance
    .getEntriesByType('resource')
    .some((entry) => new URL(entry.name).pathname === path);
}

/**
 * Resolves once no request of this page has finished for `quietMs` (by the
 * count of resource timing entries), so that a request already on its way is
 * listed before a test checks that it was not made. A request slower than
 * `quietMs` can still be missed. Throws if the page is still fetching after
 * `timeoutMs`.
 */
export async function settledNetwork(quietMs = 200, timeoutMs = 5000): Promise<void> {
  const count = () => performance.getEntriesByType('resource').length;
  const start = performance.now();
  let seen = count();
  let quietSince = start;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = performance.now();
    if (count() !== seen) {
      seen = count();
      quietSince = now;
    } else if (now - quietSince >= quietMs) {
      return;
    }
    if (now - start >= timeoutMs)
      throw new Error(`the page was still fetching after ${timeoutMs} ms`);
  }
}

/**
 * Creates a session with `options` and renders `content` inside a
 * `<checkout-provider>` (in a wrapper `<div>`, the returned `root`), and
 * resolves once the provider has loaded the session (`checkout-ready`).
 */
export async function mountInProvider(
  content: TemplateResult,
  options: SessionOptions,
  locale = 'en-US',
): Promise<{ root: HTMLElement; provider: CheckoutProvider }> {
  const { client_secret } = await createSession(options);
  const root = await fixture<HTMLElement>(
    html`<div><checkout-provider locale=${locale}>${content}</checkout-provider></div>`,
  );
  const provider = root.querySelector<CheckoutProvider>('checkout-provider')!;
  const ready = oneEvent(provider, 'checkout-ready');
  provider.clientSecret = client_secret;
  await ready;
  return { root, provider };
}

/** Every event the kit fires. */
export const checkoutEventNames: CheckoutEventName[] = [
  'checkout-ready',
  'checkout-change',
  'checkout-success',
  'checkout-cancel',
  'checkout-error',
  'checkout-expired',
];

/**
 * Records every checkout event `target` sees, in order; `each` runs on each
 * one first (a test that stays on its page prevents the success redirect).
 */
export function recordEvents(target: EventTarget, each: (event: CustomEvent) => void = () => {}) {
  const events: CustomEvent[] = [];
  for (const name of checkoutEventNames) {
    target.addEventListener(name, (event) => {
      each(event as CustomEvent);
      events.push(event as CustomEvent);
    });
  }
  return {
    events,
    count: (name: CheckoutEventName) => events.filter((event) => event.type === name).length,
  };
}

/**
 * Counts the page's `fetch` calls to the session read (`POST /v1/client/session`,
 * the read the kit makes) until `restore` puts the real `fetch` back.
 */
export function watchSessionReads(): { reads: { count: number }; restore: () => void } {
  const realFetch = window.fetch;
  const reads = { count: 0 };
  window.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (new URL(url, location.href).pathname === '/v1/client/session' && method === 'POST') {
      reads.count++;
    }
    return realFetch(input, init);
  };
  return { reads, restore: () => (window.fetch = realFetch) };
}

/**
 * Counts the page's fetches of a client API path (its pathname exactly: the
 * kit may add `?locale=`) while `run` runs.
 */
export async function countRequests(path: string, run: () => Promise<void>): Promise<number> {
  let calls = 0;
  const realFetch = window.fetch;
  window.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (new URL(url, location.href).pathname === path) calls++;
    return realFetch(input, init);
  };
  try {
    await run();
  } finally {
    window.fetch = realFetch;
  }
  return calls;
}
