import type { OpenAPIHono } from '@hono/zod-openapi';
import { html } from 'hono/html';
import type { EndpointContext } from '../context.js';

/**
 * `GET /frames/card`: the card frame's document. `<checkout-card>` shows it
 * in an iframe from the endpoint's origin, so the card number and CVC are
 * typed into a document the merchant's page cannot read, and the frame's own
 * script sends the confirm. The document is static: the session comes later,
 * in a handshake from the embedding window, never in this URL.
 *
 * Its CSP allows its one script and nothing else (no inline code, Trusted
 * Types enforced with no policy at all); `frame-ancestors` says which sites
 * may embed it (`frameAncestors`, every site by default, since merchants'
 * pages live anywhere).
 */
export function registerCardFrame(app: OpenAPIHono, context: EndpointContext): void {
  app.get('/frames/card', (c) => {
    c.header('Content-Security-Policy', cardFrameCsp(context));
    c.header('Cache-Control', 'no-cache');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <link rel="icon" href="data:," />
    <title>Card details</title>
    <script type="module" src="${context.frameScriptUrl}"></script>
  </head>
  <body></body>
</html>`);
  });
}

/** The frame's policy: its script, requests to its own origin, and who may embed it. */
export function cardFrameCsp(context: EndpointContext): string {
  const script = URL.canParse(context.frameScriptUrl)
    ? new URL(context.frameScriptUrl).origin
    : "'self'";
  return [
    "default-src 'none'",
    `script-src ${script}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${context.frameAncestors.join(' ')}`,
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}
