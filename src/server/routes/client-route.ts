import { clientSecretOf } from '../auth.js';
import type { EndpointContext } from '../context.js';
import { noteSession } from '../request-notes.js';
import { errorResponses } from '../schemas.js';
import { readSessionBySecret } from '../sessions/service.js';
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
