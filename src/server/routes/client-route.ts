import type { Context } from 'hono';
import type { ClientSession } from '../../api/client-types.js';
import { clientSecretOf } from '../auth.js';
import type { EndpointContext } from '../context.js';
import { noteSession } from '../request-notes.js';
import { errorResponses } from '../schemas.js';
import { formattedAmounts } from '../sessions/formatted-amounts.js';
import { hintForClientWrite, readSessionBySecret } from '../sessions/service.js';
import { type SessionRecord, toClientSession } from '../sessions/session.js';
import type { Versioned } from '../store/store.js';
import { UnconfirmedHint } from '../store/store.js';
import { clientSessionSchema } from './client-schemas.js';

/**
 * What every client API route shares, whichever module registers it (the
 * session routes, or a payment method's): its tag, its credential, and the
 * session its client secret names.
 */

export const clientRoute = { tags: ['Client'], security: [{ ClientSecret: [] }] };

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
  return localizedClientView(record, c.req.header('Accept-Language'));
}

/** The client view with its amounts formatted for a page sending `acceptLanguage`. */
export function localizedClientView(
  record: SessionRecord,
  acceptLanguage: string | undefined,
): ClientSession {
  const view = toClientSession(record);
  return { ...view, formatted_amounts: formattedAmounts(view, acceptLanguage) };
}
