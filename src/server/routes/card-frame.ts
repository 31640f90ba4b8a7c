import type { OpenAPIHono } from '@hono/zod-openapi';
import { html, raw } from 'hono/html';
import type { EndpointContext } from '../context.js';

/**
 * `GET /frames/card`: the card frame's document. `<checkout-card>` shows it
 * in an iframe from the endpoint's origin, so the card number and CVC are
 * typed into a document the merchant's page cannot read, and the frame's own
 * script sends the confirm. The document is static: the session comes later,
 * in a handshake from the embedding window, never in this URL.
 *
 * Its script comes inside it when the handler was given it (the Node entry
 * does), so the frame needs no second request; its CSP then allows that one
 * script by its hash and nothing else. Otherwise the document loads it from
 * `frameScriptUrl`, the one script the CSP allows. Trusted Types are enforced
 * with no policy at all; `frame-ancestors` says which sites may embed it
 * (`frameAncestors`, every site by default, since merchants' pages live
 * anywhere).
 */
export function registerCardFrame(app: OpenAPIHono, context: EndpointContext): void {
  app.get('/frames/card', async (c) => {
    const inline = context.frameScript;
    c.header('Content-Security-Policy', cardFrameCsp(context, inline && (await hashOf(inline))));
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
    ${inline ? html`<script type="module">${raw(inline)}</script>` : html`<script type="module" src="${context.frameScriptUrl}"></script>`}
  </head>
  <body></body>
</html>`);
  });
}

/**
 * The frame's policy: its script (by its hash when inlined), requests to its
 * own origin, and who may embed it.
 */
export function cardFrameCsp(context: EndpointContext, inlineHash: string | null = null): string {
  const script = inlineHash
    ? `'${inlineHash}'`
    : URL.canParse(context.frameScriptUrl)
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

/**
 * The script when it can sit inside a `<script>` element as it is: nothing
 * in it may close the element or open an HTML comment there (the built
 * script has neither). Null otherwise, and when there is none.
 */
export function inlinable(script: string | undefined): string | null {
  if (!script || /<\/script|<!--|<script/i.test(script)) return null;
  return script;
}

const hashes = new Map<string, Promise<string>>();

/** CSP's `sha256-…` source for a script; Web Crypto, so the handler runs on any runtime. */
function hashOf(script: string): Promise<string> {
  let hash = hashes.get(script);
  if (!hash) {
    hash = crypto.subtle
      .digest('SHA-256', new TextEncoder().encode(script))
      .then((digest) => `sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}`);
    hashes.set(script, hash);
  }
  return hash;
}
