import type { OpenAPIHono } from '@hono/zod-openapi';
import { html } from 'hono/html';
import type { ClientSession } from '../../api/client-types.js';
import type { EndpointContext } from '../context.js';
import { noteSession } from '../request-notes.js';
import { localePacks } from '../sessions/formatted-amounts.js';
import { readSession } from '../sessions/service.js';
import { clientView } from './client-route.js';

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
    const view = clientView(c, session);
    return c.html(
      page(
        'Checkout',
        // The session comes with the page, so the form shows without reading it first.
        html`<checkout-embedded client-secret="${session.clientSecret}" endpoint="${new URL(c.req.url).origin}" initial-session="${JSON.stringify(view)}"></checkout-embedded>`,
        context,
        partsFor(view),
      ),
    );
  });
}

/** Each lazy part, with the parts it imports (by name, as `context.scriptParts` lists them). */
const partImports = {
  'address-form': ['address-form', 'countries', 'floating-controller'],
  'phone-field': ['phone-field', 'countries'],
  'promotion-code-form': ['promotion-code-form'],
  'shipping-rates-list': ['shipping-rates-list'],
  'quantity-stepper': ['quantity-stepper'],
} as const;

/**
 * The lazy parts the form loads for this session before it shows, as the
 * elements decide (an address for shipping, a required billing address or
 * automatic tax; a phone number; promotion codes; shipping rates; a quantity
 * to adjust; the session's language). The page names them for
 * `modulepreload`, so they download beside the kit's script rather than after
 * it has run; `test/e2e/demo.test.ts` checks the list against what the page
 * then loads.
 */
export function partsFor(session: ClientSession): string[] {
  const parts = new Set<string>();
  const add = (part: keyof typeof partImports) => {
    for (const name of partImports[part]) parts.add(name);
  };
  if (
    session.shipping_address_collection ||
    session.billing_address_collection === 'required' ||
    session.automatic_tax.enabled
  ) {
    add('address-form');
  }
  if (session.phone_number_collection.enabled) add('phone-field');
  if (session.allow_promotion_codes || session.discount) add('promotion-code-form');
  if (session.shipping_options.length) add('shipping-rates-list');
  if (
    session.status === 'open' &&
    session.line_items.some((item) => item.adjustable_quantity?.enabled)
  ) {
    add('quantity-stepper');
  }
  const language = session.locale?.toLowerCase().split('-')[0];
  if (language && localePacks.includes(language)) parts.add(`locale-${language}`);
  return [...parts];
}

function page(
  title: string,
  body: ReturnType<typeof html>,
  context: EndpointContext,
  parts: readonly string[] = [],
) {
  // Beside the kit's script: its parts are loaded from where it was.
  const partUrls = parts.flatMap((name) => {
    const file = context.scriptParts[name];
    return file ? [context.scriptUrl.replace(/[^/]*$/, file)] : [];
  });
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
    ${partUrls.map(
      (url) => html`<link rel="modulepreload" href="${url}" />
    `,
    )}
  </head>
  <body>
    <main>
      <h1>${title}</h1>
      ${body}
    </main>
  </body>
</html>`;
}
