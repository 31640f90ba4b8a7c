import type { MiddlewareHandler } from 'hono';
import { randomId } from './ids.js';

/**
 * What the handler learns while it answers a request and an operator wants
 * to see beside it: its id, the session it was about, a payment's outcome,
 * the error it was answered with. Kept beside the request in a WeakMap, with
 * no dependency, so the handler is the same in every runtime; the Node
 * server's request log and metrics read them once the answer is ready.
 */
export interface RequestNotes {
  /** The `Request-Id` the answer carries. */
  requestId?: string;
  /** The checkout session the request read, changed or created. */
  sessionId?: string;
  /** A card confirm's or authentication challenge's outcome. */
  payment?: PaymentNote;
  /** The code of the error the request was answered with (`parameter_invalid`, `rate_limited` …). */
  errorCode?: string;
  /** The rate limit that refused the request. */
  rateLimit?: 'client_secret' | 'secret_key' | 'failed_auth';
  /** An unexpected error met while answering (a 500, or a store failure), with its cause. */
  error?: unknown;
}

export interface PaymentNote {
  step: 'confirm' | 'challenge';
  /** `error`: the processor could not decide (503, nothing charged). */
  outcome: 'succeeded' | 'requires_action' | 'declined' | 'error';
  /** Why it was declined: the decline code, else the error code (`card_declined`, `incorrect_cvc` …). */
  code?: string;
}

const notes = new WeakMap<Request, RequestNotes>();

/** Adds to what is noted about `request`. */
export function note(request: Request, update: RequestNotes): void {
  const current = notes.get(request);
  if (current) Object.assign(current, update);
  else notes.set(request, { ...update });
}

/** What was noted about `request`, if anything. */
export function notesOf(request: Request): RequestNotes | undefined {
  return notes.get(request);
}

/** Shorthand for the session a request is about. */
export function noteSession(request: Request, sessionId: string): void {
  note(request, { sessionId });
}

export const requestIdHeader = 'Request-Id';

/**
 * A request id a proxy may pass on: 1 to 128 characters that need no quoting
 * in a header, a log line or a URL (a UUID, nginx's `$request_id`, AWS's
 * `Root=1-…`). Anything else is replaced, so a client cannot smuggle text
 * into the logs through it.
 */
const acceptedRequestId = /^[A-Za-z0-9._:+/=-]{1,128}$/;

/** The request's id: the proxy's (`Request-Id` or `X-Request-Id`) when well formed, else a new one. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get(requestIdHeader) ?? headers.get('X-Request-Id');
  if (given !== null && acceptedRequestId.test(given)) return given;
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : randomId('req_');
}

/**
 * Gives every answer a `Request-Id`: the one a server in front of the
 * handler noted already, else the request's own (validated), else a new one.
 */
export function requestIds(): MiddlewareHandler {
  return async (c, next) => {
    const request = c.req.raw;
    let id = notes.get(request)?.requestId;
    if (id === undefined) {
      id = requestIdFrom(request.headers);
      note(request, { requestId: id });
    }
    c.header(requestIdHeader, id);
    await next();
    // A route that built its own Response skipped the prepared header.
    if (!c.res.headers.has(requestIdHeader)) setRequestIdHeader(c, id);
  };
}

/** Sets `Request-Id` on the answer, copying it first when its headers are immutable. */
export function setRequestIdHeader(c: { res: Response }, id: string): void {
  try {
    c.res.headers.set(requestIdHeader, id);
  } catch {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(requestIdHeader, id);
  }
}
