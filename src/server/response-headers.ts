import type { MiddlewareHandler } from 'hono';

/**
 * Headers every answer carries, set before the route runs so they travel as
 * prepared headers: `nosniff` everywhere; `no-store` on the APIs, whose
 * answers carry client secrets and customer details; HSTS when the public URL
 * is https (over plain http a browser ignores it anyway). Routes that set
 * their own (the hosted page, the card frame) keep theirs.
 */
export function responseHeaders(context: { publicUrl?: string }): MiddlewareHandler {
  const hsts = context.publicUrl?.startsWith('https://');
  return (c, next) => {
    c.header('X-Content-Type-Options', 'nosniff');
    if (hsts) c.header('Strict-Transport-Security', 'max-age=31536000');
    if (isApiPath(c.req.path)) c.header('Cache-Control', 'no-store');
    return next();
  };
}

function isApiPath(path: string): boolean {
  return path.startsWith('/v1/') || path.startsWith('/api/');
}
