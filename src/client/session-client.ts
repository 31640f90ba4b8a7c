import type {
  ApiErrorBody,
  ChallengeRequest,
  ClientSession,
  CryptoAsset,
  CryptoQuoteRequest,
  SessionUpdate,
} from '../api/client-types.js';
import { clientApiUrl, readSession, takeStartedRead } from './session-prefetch.js';

/**
 * Talks to the endpoint's client API. DOM-free: it needs only `fetch`. The
 * client secret travels in the Authorization header (or, to read the session,
 * as the body), never in a URL. Card
 * data never passes through here: the card frame sends the confirm itself.
 */

/** An error from the endpoint (or from reaching it), with the endpoint's code. */
export class EndpointError extends Error {
  readonly code: string;
  readonly status: number;
  readonly param: string | undefined;
  readonly retryable: boolean;
  readonly declineCode: string | undefined;

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.name = 'EndpointError';
    this.status = status;
    this.code = body.code;
    this.param = body.param;
    this.declineCode = body.decline_code;
    this.retryable = body.retryable ?? (status === 0 || status >= 500);
  }

  /** The error as events carry it: code and message only. */
  toDetail(): CheckoutErrorDetail {
    return { code: this.code, message: this.message, ...(this.param ? { param: this.param } : {}) };
  }
}

export interface CheckoutErrorDetail {
  code: string;
  message: string;
  param?: string;
}

/** The outcome of a confirm or challenge: the session after it, and the decline if there was one. */
export interface PaymentResult {
  session: ClientSession;
  error: EndpointError | null;
}

export class SessionClient {
  /** The endpoint's base URL, without a trailing slash. */
  readonly base: string;

  private readonly fetcher: typeof fetch;
  /** The locale the page chose, if it did (the element's `locale`), asked for each call. */
  private readonly locale: () => string | null;

  constructor(
    endpoint: string,
    readonly clientSecret: string,
    options: { fetcher?: typeof fetch; locale?: () => string | null } = {},
  ) {
    this.base = endpoint.replace(/\/+$/, '');
    this.fetcher = options.fetcher ?? ((...args) => fetch(...args));
    this.locale = options.locale ?? (() => null);
  }

  /**
   * Reads the session with the secret as a plain-text body: a CORS-safelisted
   * request, so it costs one round trip from any origin, with no preflight.
   */
  async load(): Promise<ClientSession> {
    // The read the script started for this session when it ran, if any (session-prefetch.ts).
    const read =
      takeStartedRead(this.base, this.clientSecret) ??
      readSession(this.base, this.clientSecret, this.locale(), this.fetcher);
    const [status, payload] = await answerOf(read);
    return readAnswer<ClientSession>(status, payload);
  }

  /** Answers the bank's challenge; the confirm itself is the card frame's (`card-frame-channel.ts`). */
  async challenge(request: ChallengeRequest): Promise<PaymentResult> {
    const [status, payload] = await this.send('POST', '/v1/client/session/challenge', request);
    return readPaymentAnswer(status, payload);
  }

  cancel(): Promise<ClientSession> {
    return this.request<ClientSession>('POST', '/v1/client/session/cancel', {});
  }

  /** Saves what the customer entered; the answer is the re-priced session. */
  update(update: SessionUpdate): Promise<ClientSession> {
    return this.request<ClientSession>('POST', '/v1/client/session/update', update);
  }

  applyPromotionCode(code: string): Promise<ClientSession> {
    return this.request<ClientSession>('POST', '/v1/client/session/promotion_code', { code });
  }

  removePromotionCode(): Promise<ClientSession> {
    return this.request<ClientSession>('DELETE', '/v1/client/session/promotion_code');
  }

  /** Quotes the session's amount in `asset`; the answer carries the deposit address. */
  cryptoQuote(asset: CryptoAsset): Promise<ClientSession> {
    const request: CryptoQuoteRequest = { asset };
    return this.request<ClientSession>('POST', '/v1/client/session/crypto/quote', request);
  }

  /** Test mode: sends the quoted amount, so the session moves to `confirming`. */
  simulateCrypto(): Promise<ClientSession> {
    return this.request<ClientSession>('POST', '/v1/client/session/crypto/simulate', {});
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const [status, payload] = await this.send(method, path, body);
    return readAnswer<T>(status, payload);
  }

  /**
   * The endpoint's status and JSON; a request that never got an answer throws
   * `network_error`.
   */
  private async send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<[status: number, payload: unknown]> {
    return answerOf(
      this.fetcher(clientApiUrl(this.base, path, this.locale()), {
        method,
        headers: {
          Authorization: `Bearer ${this.clientSecret}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
      }),
    );
  }
}

/** A response's status and JSON; one that never came throws `network_error`. */
async function answerOf(response: Promise<Response>): Promise<[status: number, payload: unknown]> {
  let answer: Response;
  try {
    answer = await response;
  } catch {
    throw networkError();
  }
  return [answer.status, await answer.json().catch(() => null)];
}

export function networkError(): EndpointError {
  return new EndpointError(0, {
    type: 'api_error',
    code: 'network_error',
    message: 'We could not reach the payment service. Check your connection and try again.',
    retryable: true,
  });
}

/** An answer of the endpoint as the kit takes it: its payload, or the error it stands for. */
function readAnswer<T>(status: number, payload: unknown): T {
  const answer = payload as (T & Partial<ApiErrorBody>) | null;
  if (status >= 200 && status < 300 && answer) return answer;
  throw new EndpointError(
    status,
    answer?.error ?? {
      type: 'api_error',
      code: 'unexpected_response',
      message: 'The payment service sent an unexpected answer. Try again.',
    },
  );
}

/**
 * A confirm's or challenge's answer: a decline (402) comes back with the
 * session, so it resolves with the error beside it instead of throwing.
 */
export function readPaymentAnswer(status: number, payload: unknown): PaymentResult {
  const answer = payload as (Partial<ApiErrorBody> & { session?: ClientSession }) | null;
  if (status === 402 && answer?.session && answer.error) {
    return { session: answer.session, error: new EndpointError(402, answer.error) };
  }
  return { session: readAnswer<{ session: ClientSession }>(status, payload).session, error: null };
}
