/**
 * Session reads started as soon as the kit's script runs, before any element
 * has upgraded or rendered: the read then waits on the network while the
 * elements are defined and draw their skeleton, not after. Each started read
 * is handed to the first `SessionClient` that loads that session, once.
 */

/** Where the kit was loaded from: the endpoint when none is given. */
export const loadedFrom = new URL(import.meta.url).origin;

const started = new Map<string, Promise<Response>>();
const key = (base: string, secret: string) => `${base}\u0000${secret}`;

/** The endpoint's base URL as `SessionClient` keeps it: no trailing slash. */
export const endpointBase = (endpoint: string | null): string =>
  (endpoint || loadedFrom).replace(/\/+$/, '');

/**
 * A client API URL, with the locale the page chose (the element's `locale`)
 * when it did: the endpoint then formats the session's amounts in it.
 */
export const clientApiUrl = (base: string, path: string, locale: string | null): string =>
  `${base}${path}${locale ? `?locale=${encodeURIComponent(locale)}` : ''}`;

/**
 * The session read itself: a CORS-safelisted POST (the secret as its
 * plain-text body, no Authorization header), so no preflight comes first.
 */
export function readSession(
  base: string,
  secret: string,
  locale: string | null,
  fetcher: typeof fetch = (...args) => fetch(...args),
): Promise<Response> {
  return fetcher(clientApiUrl(base, '/v1/client/session', locale), {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    body: secret,
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    cache: 'no-store',
  });
}

/** The read started for this session, if any; taken once. */
export function takeStartedRead(base: string, secret: string): Promise<Response> | undefined {
  const read = started.get(key(base, secret));
  started.delete(key(base, secret));
  return read;
}

/**
 * Starts the read of every session the page's markup already names: a
 * `<checkout-embedded>` or `<checkout-provider>` with a `client-secret` and
 * no `initial-session` (which would make the read unnecessary). Returns how
 * many it started.
 */
export function startSessionReads(): number {
  if (typeof document === 'undefined') return 0;
  let count = 0;
  const elements = document.querySelectorAll(
    ':is(checkout-embedded, checkout-provider)[client-secret]:not([initial-session])',
  );
  for (const element of elements) {
    const secret = element.getAttribute('client-secret');
    if (!secret) continue;
    const base = endpointBase(element.getAttribute('endpoint'));
    if (started.has(key(base, secret))) continue;
    const read = readSession(base, secret, element.getAttribute('locale'));
    // A read nobody takes (the element went away) must not report an unhandled rejection.
    read.catch(() => {});
    started.set(key(base, secret), read);
    count++;
  }
  return count;
}
