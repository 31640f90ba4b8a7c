import type {
  ApiErrorBody,
  ChallengeRequest,
  ClientSession,
  ConfirmRequest,
  CryptoAsset,
  CryptoQuoteRequest,
  SessionUpdate,
} from '../api/client-types.js';

/**
 * Talks to the endpoint's client API. DOM-free: it needs only `fetch`. The
 * client secret travels in the Authorization header, never in a URL.
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
  private readonly base: string;

  constructor(
    endpoint: string,
    private readonly clientSecret: string,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {
    this.base = endpoint.replace(/\/+$/, '');
  }

  load(): Promise<ClientSession> {
    return this.send<ClientSession>('GET', '/v1/client/session');
  }

  confirm(request: ConfirmRequest, idempotencyKey: string): Promise<PaymentResult> {
    return this.payment('/v1/client/session/confirm', request, {
      'Idempotency-Key': idempotencyKey,
    });
  }

  challenge(request: ChallengeRequest): Promise<PaymentResult> {
    return this.payment('/v1/client/session/challenge', request);
  }

  cancel(): Promise<ClientSession> {
    return this.send<ClientSession>('POST', '/v1/client/session/cancel', {});
  }

  /** Saves what the customer entered; the answer is the re-priced session. */
  update(update: SessionUpdate): Promise<ClientSession> {
    return this.send<ClientSession>('POST', '/v1/client/session/update', update);
  }

  applyPromotionCode(code: string): Promise<ClientSession> {
    return this.send<ClientSession>('POST', '/v1/client/session/promotion_code', { code });
  }

  removePromotionCode(): Promise<ClientSession> {
    return this.send<ClientSession>('DELETE', '/v1/client/session/promotion_code');
  }

  /** Quotes the session's amount in `asset`; the answer carries the deposit address. */
  cryptoQuote(asset: CryptoAsset): Promise<ClientSession> {
    const request: CryptoQuoteRequest = { asset };
    return this.send<ClientSession>('POST', '/v1/client/session/crypto/quote', request);
  }

  /** Test mode: sends the quoted amount, so the session moves to `confirming`. */
  simulateCrypto(): Promise<ClientSession> {
    return this.send<ClientSession>('POST', '/v1/client/session/crypto/simulate', {});
  }

  /** Declines (402) come back with the session, so they resolve instead of throwing. */
  private async payment(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<PaymentResult> {
    try {
      const { session } = await this.send<{ session: ClientSession }>('POST', path, body, headers);
      return { session, error: null };
    } catch (error) {
      if (error instanceof DeclinedError) return { session: error.session, error };
      throw error;
    }
  }

  private async send<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    let response: Response;
    try {
      response = await this.fetcher(`${this.base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.clientSecret}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? null : JSON.stringify(body),
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
      });
    } catch {
      throw new EndpointError(0, {
        type: 'api_error',
        code: 'network_error',
        message: 'We could not reach the payment service. Check your connection and try again.',
        retryable: true,
      });
    }
    const payload = (await response.json().catch(() => null)) as
      | (T & Partial<ApiErrorBody> & { session?: ClientSession })
      | null;
    if (response.ok && payload) return payload;
    const error = payload?.error ?? {
      type: 'api_error' as const,
      code: 'unexpected_response',
      message: 'The payment service sent an unexpected answer. Try again.',
    };
    if (response.status === 402 && payload?.session) {
      throw new DeclinedError(error, payload.session);
    }
    throw new EndpointError(response.status, error);
  }
}

class DeclinedError extends EndpointError {
  constructor(
    body: ApiErrorBody['error'],
    readonly session: ClientSession,
  ) {
    super(402, body);
  }
}
