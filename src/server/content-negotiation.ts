/**
 * What a request accepts and already holds, for the answers the endpoint
 * serves as a CDN would (the script-tag files, the card frame's document).
 * No Node APIs: the handler runs on any runtime.
 */
import type { Context } from 'hono';

/** One file or document, identified by its ETag, in each encoding it was compressed to. */
export interface Representation {
  etag: string;
  identity: Uint8Array<ArrayBuffer>;
  br?: Uint8Array<ArrayBuffer>;
  gzip?: Uint8Array<ArrayBuffer>;
}

/**
 * The answer to a GET of `representation` with `headers`: 304 when the
 * request holds it already, else the smallest encoding the request accepts
 * (brotli, gzip, then none), with its ETag and `Vary: Accept-Encoding`.
 * Through `c.body`, so the headers middlewares prepared go with it.
 */
export function represent(
  c: Context,
  representation: Representation,
  headers: Record<string, string>,
): Response {
  const all = { ...headers, ETag: representation.etag, Vary: 'Accept-Encoding' };
  if (holdsCurrent(c.req.header('If-None-Match'), representation.etag)) {
    return c.body(null, 304, all);
  }
  const encoding = preferredEncoding(c.req.header('Accept-Encoding'), representation);
  if (!encoding) return c.body(representation.identity, 200, all);
  return c.body(representation[encoding]!, 200, { ...all, 'Content-Encoding': encoding });
}

/** The smallest encoding `copies` has that `Accept-Encoding` takes: brotli, then gzip, else none. */
export function preferredEncoding(
  header: string | undefined,
  copies: { br?: unknown; gzip?: unknown },
): 'br' | 'gzip' | undefined {
  const accepted = acceptedEncodings(header);
  return (['br', 'gzip'] as const).find((name) => accepted.has(name) && copies[name]);
}

/** The encodings a request accepts, by `Accept-Encoding` (a `q=0` refuses one). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const item of (header ?? '').split(',')) {
    const [name, ...params] = item.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    if (name?.trim() && (q === undefined || Number(q) > 0)) accepted.add(name.trim());
  }
  return accepted;
}

/** Whether `If-None-Match` names `etag`: the client's copy is current, a 304 will do. */
function holdsCurrent(ifNoneMatch: string | undefined, etag: string): boolean {
  return ifNoneMatch?.split(/\s*,\s*/).includes(etag) ?? false;
}
