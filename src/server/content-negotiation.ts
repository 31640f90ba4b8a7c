/**
 * What a request accepts and already holds, for the answers the endpoint
 * serves as a CDN would (the script-tag files, the card frame's document).
 * No Node APIs: the handler runs on any runtime.
 */

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
export function holdsCurrent(ifNoneMatch: string | undefined, etag: string): boolean {
  return ifNoneMatch?.split(/\s*,\s*/).includes(etag) ?? false;
}
