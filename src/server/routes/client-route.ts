import type { Context } from 'hono';
import type { ClientSession } from '../../api/client-types.js';
import { clientSecretOf } from '../auth.js';
import type { EndpointContext } from '../context.js';
import { ApiError } from '../errors.js';
import { noteSession } from '../request-notes.js';
import { errorResponses } from '../schemas.js';
import { formattedAmounts } from '../sessions/formatted-amounts.js';
import { hintForClientWrite, readSessionBySecret } from '../sessions/service.js';
import { type SessionRecord, toClientSession } from '../sessions/session.js';
import type { Versioned } from '../store/store.js';
import { UnconfirmedHint } from '../store/store.js';
import { clientSessionSchema } from './client-schemas.js';

/** Longest `locale` a page may send: a language, script, region and a variant or two. */
const maxPageLocaleLength = 35;

/**
 * Refuses a `locale` that is not a language tag, with a 400: run once per
 * request, by the client API's middleware, before any route reads it.
 */
export function checkPageLocale(c: { req: { query(name: string): string | undefined } }): void {
  const locale = c.req.query('locale');
  if (locale === undefined) return;
  let wellFormed = locale.length > 0 && locale.length <= maxPageLocaleLength;
  try {
    if (wellFormed) Intl.getCanonicalLocales(locale);
  } catch {
    wellFormed = false;
  }
  if (!wellFormed) {
    throw new ApiError(
      400,
      'parameter_invalid',
      `locale must be a language tag such as fr or fr-CH, at most ${maxPageLocaleLength} characters.`,
      { param: 'locale', rule: 'locale' },
    );
  }
}

/**
 * The locale the page's checkout speaks, when the page says (`?locale=fr-CH`
 * on any client API call: the element's `locale`, which outranks the
 * session's and the browser's): its amounts then come formatted in it, and
 * the page need not start `Intl` to draw them. Checked by `checkPageLocale`.
 */
export function pageLocaleOf(c: { req: { query(name: string): string | undefined } }) {
  return c.req.query('locale') ?? null;
}

/** The `locale` query parameter of the client API, for its OpenAPI description. */
export const pageLocaleParameter = {
  name: 'locale',
  in: 'query',
  required: false,
  description: `The checkout's locale as the page chose it (the element's \`locale\`), e.g. \`fr-CH\`: \`formatted_amounts\` follow it before the session's locale and \`Accept-Language\`. At most ${maxPageLocaleLength} characters; not a language tag is a 400.`,
  schema: { type: 'string', maxLength: maxPageLocaleLength, example: 'fr-CH' },
} as const;

/**
 * What every client API route shares, whichever module registers it (the
 * session routes, or a payment method's): its tag, its credential, its
 * `locale` parameter, and the session its client secret names.
 */

export const clientRoute = {
  tags: ['Client'],
  security: [{ ClientSecret: [] }],
  parameters: [pageLocaleParameter],
};

/** A 200 with the client view of the session, and the usual errors. */
export function clientSessionAnswer(description: string) {
  return {
    200: { description, content: { 'application/json': { schema: clientSessionSchema } } },
    ...errorResponses,
  };
}

/** The session the request's client secret belongs to, settled (expiry) on the way. */
export async function sessionOf(context: EndpointContext, c: { req: { raw: Request } }) {
  const session = await readSessionBySecret(context, clientSecretOf(c.req));
  noteSession(c.req.raw, session.value.id);
  return session;
}

/**
 * Runs a client write on the request's session: from this process's last
 * sight of it when that saves the read (`hintForClientWrite`; on a shared
 * database, a round trip), `unread` then true for `transition` to confirm it;
 * from a read otherwise, and again from a read when the hint is not confirmed.
 */
export async function writeFromRecentOrRead<T>(
  context: EndpointContext,
  c: { req: { raw: Request } },
  work: (current: Versioned<SessionRecord>, unread: boolean) => Promise<T>,
): Promise<T> {
  const hint = hintForClientWrite(context, clientSecretOf(c.req));
  if (hint) {
    noteSession(c.req.raw, hint.value.id);
    try {
      return await work(hint, true);
    } catch (error) {
      if (!(error instanceof UnconfirmedHint)) throw error;
    }
  }
  return work(await sessionOf(context, c), false);
}

/**
 * The session as the page gets it, its amounts formatted for the page
 * (`formatted_amounts`). The answer depends on `Accept-Language`, and says so.
 */
export function clientView(c: Context, record: SessionRecord): ClientSession {
  c.header('Vary', 'Accept-Language', { append: true });
  return localizedClientView(record, c.req.header('Accept-Language'), pageLocaleOf(c));
}

/** The client view with its amounts formatted for a page sending `acceptLanguage`. */
export function localizedClientView(
  record: SessionRecord,
  acceptLanguage: string | undefined,
  pageLocale: string | null = null,
): ClientSession {
  const view = toClientSession(record);
  return { ...view, formatted_amounts: formattedAmounts(view, acceptLanguage, pageLocale) };
}
