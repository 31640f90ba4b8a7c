import type { OpenAPIHono } from '@hono/zod-openapi';
import { html, raw } from 'hono/html';
import { type Representation, represent } from '../content-negotiation.js';
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
  // The same for every request to this handler: built, hashed and gzipped once.
  let document: Promise<FrameDocument> | undefined;
  app.get('/frames/card', async (c) => {
    document ??= buildFrameDocument(context);
    const frame = await document;
    return represent(c, frame, {
      'Content-Type': 'text/html; charset=UTF-8',
      'Content-Security-Policy': frame.csp,
      // Checked on every load, so a new build reaches the next payment; an
      // unchanged document costs a revisit a 304 and no body.
      'Cache-Control': 'no-cache',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}

/** The document, and its policy: the browser checks the inline script's hash against it. */
interface FrameDocument extends Representation {
  csp: string;
}

async function buildFrameDocument(context: EndpointContext): Promise<FrameDocument> {
  const inline = context.frameScript;
  const csp = cardFrameCsp(context, inline && `sha256-${await sha256(inline)}`);
  const page = String(html`<!doctype html>
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
  return {
    csp,
    // The policy is part of what the document does, so a new one is a new version.
    etag: `"${(await sha256(`${csp}\n${page}`)).slice(0, 27)}"`,
    identity: new TextEncoder().encode(page),
    // The inlined script makes the document about 20 kB, a third of that gzipped.
    gzip: await gzipped(page),
  };
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

/** Base64 SHA-256 of a text; Web Crypto, so the handler runs on any runtime. */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/** gzip through the web's `CompressionStream`, which every runtime the handler targets has. */
async function gzipped(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
