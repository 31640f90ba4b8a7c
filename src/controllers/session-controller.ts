import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PayerDetails } from '../api/card-frame.js';
import type {
  ClientSession,
  CryptoAsset,
  CryptoQuote,
  SessionUpdate,
} from '../api/client-types.js';
import { EndpointError, type PaymentResult, SessionClient } from '../client/session-client.js';
import { loadedFrom } from '../client/session-prefetch.js';
import { emit, type TerminalEventName } from '../events/checkout-events.js';

export interface SessionInputs {
  clientSecret: string | null;
  fetchClientSecret: (() => Promise<string>) | null;
  endpoint: string | null;
  /** The session as the client API answers it, when the page came with it: no first read. */
  initialSession?: ClientSession | null;
  /** The locale the element was given, if any: the endpoint formats amounts in it. */
  locale?: string | null;
}

export type Phase = 'idle' | 'loading' | 'failed' | 'open' | 'complete' | 'expired' | 'canceled';

/** How often a crypto session is re-read while the network confirms its transfer. */
const confirmationPollMs = 1000;
/** How long to wait before renewing an expired quote again after a lost connection. */
const quoteRetryMs = 5000;

/**
 * Holds one checkout session for an element: loads it from the client secret,
 * runs the payment actions, and fires the checkout events.
 *
 * On connect it loads the session (once per client secret) and starts its
 * timers: the session's expiry, and for crypto sessions the quote's expiry
 * (an expired quote is renewed in the same asset) and a poll each second while
 * the transfer is confirming. On disconnect it stops every timer. It fires
 * exactly one terminal event per session.
 */
export class SessionController implements ReactiveController {
  phase: Phase = 'idle';
  session: ClientSession | null = null;
  loadError: EndpointError | null = null;
  /** The crypto quote an automatic renewal replaced; null after the customer's own choice. */
  replacedQuote: CryptoQuote | null = null;
  /** Why renewing an expired quote failed, until a renewal or a choice succeeds. */
  quoteRefreshError: EndpointError | null = null;

  #client: SessionClient | null = null;
  #loadedFor: string | null = null;
  #secretPromise: Promise<string> | null = null;
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;
  #quoteTimer: ReturnType<typeof setTimeout> | undefined;
  #pollTimer: ReturnType<typeof setTimeout> | undefined;
  /** A quote renewal is on its way; the timer and a refused payment may both ask for one. */
  #renewing = false;
  readonly #ended = new Set<string>();
  /** Updates run one after another, so answers apply in the order they were asked. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly inputs: () => SessionInputs,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
    this.#scheduleExpiry();
    this.#scheduleCrypto();
  }

  hostDisconnected(): void {
    clearTimeout(this.#expiryTimer);
    clearTimeout(this.#quoteTimer);
    clearTimeout(this.#pollTimer);
  }

  /** Loads the session named by the inputs, unless it is already loaded. */
  async load(force = false): Promise<void> {
    const { clientSecret, fetchClientSecret, endpoint, initialSession } = this.inputs();
    if (!clientSecret && !fetchClientSecret) return;
    let secret: string;
    try {
      if (clientSecret) {
        secret = clientSecret;
      } else {
        // Asked once per element, so a re-render or re-connect never creates a second session.
        this.#secretPromise ??= fetchClientSecret!();
        if (this.phase === 'idle') this.#setPhase('loading');
        secret = await this.#secretPromise;
      }
    } catch (error) {
      this.#secretPromise = null;
      this.#fail(
        new EndpointError(0, {
          type: 'api_error',
          code: 'client_secret_unavailable',
          message: error instanceof Error ? error.message : 'fetchClientSecret failed.',
        }),
      );
      return;
    }
    const key = `${endpoint ?? ''}\u0000${secret}`;
    if (!force && this.#loadedFor === key) return;
    this.#loadedFor = key;
    this.#client = new SessionClient(endpoint || loadedFrom, secret, {
      locale: () => this.inputs().locale ?? null,
    });
    if (!this.session) this.#setPhase('loading');
    // A session the page came with (the hosted page sends it with its HTML) is
    // the first read, when it is this secret's. Applied in a task of its own,
    // so listeners added right after the element upgrades still hear ready.
    if (
      !force &&
      !this.session &&
      initialSession &&
      secret.startsWith(`${initialSession.id}_secret_`)
    ) {
      await new Promise((resolve) => setTimeout(resolve));
      if (this.#loadedFor !== key) return;
      this.loadError = null;
      this.#apply(initialSession, 'checkout-ready');
      return;
    }
    try {
      const session = await this.#client.load();
      if (this.#loadedFor !== key) return;
      this.loadError = null;
      this.#apply(session, this.session?.id === session.id ? 'checkout-change' : 'checkout-ready');
    } catch (error) {
      if (this.#loadedFor !== key) return;
      this.#fail(error instanceof EndpointError ? error : unexpected(error));
    }
  }

  /** Saves customer input; resolves to the re-priced session or the endpoint's refusal. */
  update(update: SessionUpdate): Promise<ClientSession | EndpointError> {
    return this.#serially((client) => client.update(update));
  }

  applyPromotionCode(code: string): Promise<ClientSession | EndpointError> {
    return this.#serially((client) => client.applyPromotionCode(code));
  }

  removePromotionCode(): Promise<ClientSession | EndpointError> {
    return this.#serially((client) => client.removePromotionCode());
  }

  /** Quotes the amount in `asset`: the amount to send and where, until the quote expires. */
  quoteCrypto(asset: CryptoAsset): Promise<ClientSession | EndpointError> {
    return this.#serially(async (client) => {
      const session = await client.cryptoQuote(asset);
      this.replacedQuote = null;
      this.quoteRefreshError = null;
      return session;
    });
  }

  #serially(
    send: (client: SessionClient) => Promise<ClientSession>,
  ): Promise<ClientSession | EndpointError> {
    const run = async (): Promise<ClientSession | EndpointError> => {
      if (!this.#client) return unexpected(new Error('No session is loaded.'));
      try {
        const session = await send(this.#client);
        this.#apply(session, 'checkout-change');
        return session;
      } catch (error) {
        const failure = error instanceof EndpointError ? error : unexpected(error);
        // The session moved on (paid elsewhere, expired): show its real state.
        if (failure.code.startsWith('session_')) void this.load(true);
        return failure;
      }
    };
    const result = this.#queue.then(run, run);
    this.#queue = result;
    return result;
  }

  /** The endpoint and client secret of the loaded session, for a payment method's frame. */
  get connection(): { endpoint: string; clientSecret: string } | null {
    return this.#client
      ? { endpoint: this.#client.base, clientSecret: this.#client.clientSecret }
      : null;
  }

  /**
   * Pays through a payment method, after the updates already asked for. The
   * method sends the payment (the card frame keeps its attempt's
   * idempotency key for retries); this applies the answer and fires its events.
   */
  async pay(
    method: { pay(payer: PayerDetails, client: SessionClient): Promise<PaymentResult> },
    payer: PayerDetails,
  ): Promise<PaymentResult | EndpointError> {
    const client = this.#client;
    if (!client) return unexpected(new Error('No session is loaded.'));
    await this.#queue.catch(() => {});
    try {
      const result = await method.pay(payer, client);
      this.#afterPayment(result);
      return result;
    } catch (error) {
      const failure = this.#actionFailed(error);
      // The endpoint's clock decides; when it saw the crypto quote expire first, renew it now.
      const quote = this.session?.crypto?.quote;
      if (failure.code === 'quote_expired' && quote) void this.#renewQuote(quote);
      return failure;
    }
  }

  /** Answers the bank's authentication challenge for the pending payment. */
  async authenticate(outcome: 'approve' | 'fail'): Promise<PaymentResult | EndpointError> {
    const payment = this.session?.payment;
    if (!this.#client || !payment)
      return unexpected(new Error('No payment awaits authentication.'));
    try {
      const result = await this.#client.challenge({ payment: payment.id, outcome });
      this.#afterPayment(result);
      return result;
    } catch (error) {
      return this.#actionFailed(error);
    }
  }

  async cancel(): Promise<EndpointError | null> {
    if (!this.#client) return null;
    try {
      this.#apply(await this.#client.cancel(), 'checkout-change');
      return null;
    } catch (error) {
      return this.#actionFailed(error);
    }
  }

  #afterPayment(result: PaymentResult): void {
    this.#apply(result.session, 'checkout-change');
    if (result.error) {
      emit(this.host, 'checkout-error', {
        error: result.error.toDetail(),
        session: result.session,
      });
    }
  }

  #actionFailed(error: unknown): EndpointError {
    const failure = error instanceof EndpointError ? error : unexpected(error);
    emit(this.host, 'checkout-error', { error: failure.toDetail(), session: this.session });
    if (failure.code.startsWith('session_')) void this.load(true);
    return failure;
  }

  /** Takes a session from the endpoint and fires what its change calls for. */
  #apply(session: ClientSession, event: 'checkout-ready' | 'checkout-change'): void {
    this.session = session;
    this.#setPhase(session.status);
    emit(this.host, event, { session });
    const terminal: Record<ClientSession['status'], TerminalEventName | null> = {
      open: null,
      complete: 'checkout-success',
      canceled: 'checkout-cancel',
      expired: 'checkout-expired',
    };
    const name = terminal[session.status];
    if (name) this.#end(name, session);
    else this.#scheduleExpiry();
    this.#scheduleCrypto();
  }

  #end(name: TerminalEventName, session: ClientSession): void {
    clearTimeout(this.#expiryTimer);
    clearTimeout(this.#quoteTimer);
    clearTimeout(this.#pollTimer);
    if (this.#ended.has(session.id)) return;
    this.#ended.add(session.id);
    const proceed = emit(this.host, name, { session });
    const target =
      name === 'checkout-success'
        ? session.success_url
        : name === 'checkout-cancel'
          ? session.cancel_url
          : null;
    if (proceed && target) window.location.assign(target);
  }

  /** Re-reads the session when it is due to expire, so `checkout-expired` fires on time. */
  #scheduleExpiry(): void {
    clearTimeout(this.#expiryTimer);
    const session = this.session;
    if (session?.status !== 'open' || !this.host.isConnected) return;
    // Timers cap at about 24.8 days; re-arm in steps, and poll each second once due.
    const delay = Math.min(Math.max(session.expires_at * 1000 - Date.now(), 1000), 2 ** 31 - 1);
    this.#expiryTimer = setTimeout(() => {
      if (this.session?.expires_at && this.session.expires_at * 1000 <= Date.now()) {
        void this.load(true);
      } else {
        this.#scheduleExpiry();
      }
    }, delay);
  }

  /**
   * A crypto session's timers: while a quote awaits payment, renew it when it
   * expires; while the transfer confirms, re-read the session each second
   * until it completes.
   */
  #scheduleCrypto(): void {
    clearTimeout(this.#quoteTimer);
    clearTimeout(this.#pollTimer);
    const session = this.session;
    const crypto = session?.crypto;
    if (session?.status !== 'open' || !crypto || !this.host.isConnected) return;
    if (crypto.status === 'confirming') {
      this.#pollTimer = setTimeout(() => void this.#poll(), confirmationPollMs);
    } else if (crypto.status === 'awaiting_payment' && crypto.quote) {
      const quote = crypto.quote;
      const delay = Math.min(Math.max(quote.expires_at * 1000 - Date.now(), 0), 2 ** 31 - 1);
      this.#quoteTimer = setTimeout(() => void this.#renewQuote(quote), delay);
    }
  }

  /** Re-quotes the same asset once `expired` ran out, unless another quote replaced it first. */
  async #renewQuote(expired: CryptoQuote): Promise<void> {
    const current = this.session?.crypto?.quote;
    if (current?.asset !== expired.asset || current.expires_at !== expired.expires_at) return;
    if (this.#renewing) return;
    this.#renewing = true;
    const result = await this.#serially(async (client) => {
      const session = await client.cryptoQuote(expired.asset);
      this.replacedQuote = expired;
      this.quoteRefreshError = null;
      return session;
    });
    this.#renewing = false;
    if (!(result instanceof EndpointError)) return;
    this.quoteRefreshError = result;
    this.host.requestUpdate();
    if (result.retryable && this.host.isConnected) {
      clearTimeout(this.#quoteTimer);
      this.#quoteTimer = setTimeout(() => void this.#renewQuote(expired), quoteRetryMs);
    }
  }

  /** Re-reads a confirming session; a change (its completion) is applied like any other. */
  async #poll(): Promise<void> {
    const client = this.#client;
    if (!client || !this.host.isConnected) return;
    try {
      const session = await client.load();
      if (this.#client !== client) return;
      if (JSON.stringify(session) === JSON.stringify(this.session)) this.#scheduleCrypto();
      else this.#apply(session, 'checkout-change');
    } catch (error) {
      // A lost connection is tried again on the next tick; a refusal ends the polling.
      if (this.#client === client && error instanceof EndpointError && error.retryable) {
        this.#scheduleCrypto();
      }
    }
  }

  #fail(error: EndpointError): void {
    this.loadError = error;
    this.#setPhase('failed');
    emit(this.host, 'checkout-error', { error: error.toDetail(), session: this.session });
  }

  #setPhase(phase: Phase): void {
    this.phase = phase;
    this.host.requestUpdate();
  }
}

function unexpected(error: unknown): EndpointError {
  return new EndpointError(0, {
    type: 'api_error',
    code: 'unexpected_error',
    message: error instanceof Error ? error.message : 'Something went wrong.',
  });
}
