import type { Context, TypedResponse } from 'hono';
import type { ClientSession } from '../../api/client-types.js';
import { clientSecretOf } from '../auth.js';
import { type EndpointContext, unixNow } from '../context.js';
import { noteSession } from '../request-notes.js';
import { formattingLocale } from '../sessions/formatted-amounts.js';
import { readSessionBySecret, settledUntil } from '../sessions/service.js';
import type { SessionRecord } from '../sessions/session.js';
import { localizedClientView, pageLocaleOf } from './client-route.js';

/** A session as the last read of its client secret found it, settled. */
interface Held {
  session: SessionRecord;
  version: number;
  /** From this Unix second on, settling could change it (`settledUntil`). */
  until: number;
  /** Its serialised client view, by the locale its amounts are formatted in. */
  bodies: Map<string, string>;
}

/**
 * The session reads' answers (`GET` and `POST /v1/client/session`), kept by
 * client secret for the sessions read last. A page that reads its session
 * again (polling a crypto transfer, a reload, a second tab) still asks the
 * store, which compares versions: a session still at the version held here
 * comes back without its data, and its answer is the one already
 * serialised. Nothing is answered that the store did not just confirm, so
 * any number of processes may each keep their own; and a held session is
 * read afresh once the clock could settle it (expiry, a dead confirm's
 * lease, a deposit's confirmations), which no version shows.
 */
export class ClientViewCache {
  private readonly held = new Map<string, Held>();

  constructor(private readonly capacity: number) {}

  async answer(
    c: Context,
    context: EndpointContext,
  ): Promise<TypedResponse<ClientSession, 200, 'json'>> {
    const secret = clientSecretOf(c.req);
    const current = this.held.get(secret);
    const known = current && unixNow(context) < current.until ? current : undefined;
    const read = await readSessionBySecret(context, secret, known?.version);
    const held =
      read === 'unchanged'
        ? known!
        : {
            session: read.value,
            version: read.version,
            until: settledUntil(context, read.value),
            bodies: new Map<string, string>(),
          };
    this.keep(secret, held);
    noteSession(c.req.raw, held.session.id);

    // Keyed by the bundled locale the header resolves to: a handful, whatever pages send.
    const acceptLanguage = c.req.header('Accept-Language');
    const pageLocale = pageLocaleOf(c);
    const locale = formattingLocale(held.session.locale, acceptLanguage, pageLocale);
    let body = held.bodies.get(locale);
    if (body === undefined) {
      body = JSON.stringify(localizedClientView(held.session, acceptLanguage, pageLocale));
      held.bodies.set(locale, body);
    }
    c.header('Vary', 'Accept-Language', { append: true });
    // Already serialised: typed as the JSON it is, which the route's schema describes.
    return c.body(body, 200, { 'Content-Type': 'application/json' }) as unknown as TypedResponse<
      ClientSession,
      200,
      'json'
    >;
  }

  /** Most recently read last, so the oldest goes first when full. */
  private keep(secret: string, held: Held): void {
    this.held.delete(secret);
    this.held.set(secret, held);
    if (this.held.size > this.capacity) this.held.delete(this.held.keys().next().value!);
  }
}
