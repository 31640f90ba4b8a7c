import type { OpenAPIHono } from '@hono/zod-openapi';
import { html } from 'hono/html';
import type { EndpointContext } from '../context.js';
import { noteSession } from '../request-notes.js';
import { readSession } from '../sessions/service.js';
import { toClientSession } from '../sessions/session.js';

/**
 * The hosted checkout page behind a hosted-mode session's `url`. It renders
 * the same `<checkout-embedded>` merchants embed, card frame included, with
 * the session in its HTML: the form shows after the kit's script, with no
 * session read before it. The
 * client secret goes into the page, never into its URL, and the page runs
 * under a strict CSP with Trusted Types enforced.
 */
export function registerHostedPage(app: OpenAPIHono, context: EndpointContext): void {
  app.get('/pay/:id', async (c) => {
    const session = await readSession(context, c.req.param('id')).catch(() => null);
    if (session) noteSession(c.req.raw, session.id);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header(
      'Content-Security-Policy',
      [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        // The card frame, served by this endpoint.
        "frame-src 'self'",
        // Product images: the merchant's (on the web), or this endpoint's own.
        "img-src 'self' https: data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "require-trusted-types-for 'script'",
        'trusted-types lit-html',
      ].join('; '),
    );
    if (session?.uiMode !== 'hosted') {
      return c.html(
        page(
          'Checkout not found',
          html`<p role="alert">This checkout link is not valid.</p>`,
          context,
        ),
        404,
      );
    }
    return c.html(
      page(
        'Checkout',
        // The session comes with the page, so the form shows without reading it first.
        html`<checkout-embedded client-secret="${session.clientSecret}" endpoint="${new URL(c.req.url).origin}" initial-session="${JSON.stringify(toClientSession(session))}"></checkout-embedded>`,
        context,
      ),
    );
  });
}

function page(title: string, body: ReturnType<typeof html>, context: EndpointContext) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <link rel="icon" href="data:," />
    <title>${title}</title>
    <link rel="stylesheet" href="/assets/hosted-page.css" />
    <script type="module" src="${context.scriptUrl}"></script>
  </head>
  <body>
    <main>
      <h1>${title}</h1>
      ${body}
    </main>
  </body>
</html>`;
}
