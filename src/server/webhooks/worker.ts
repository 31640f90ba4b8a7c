import { type CheckoutHandlerOptions, endpointContext } from '../app.js';
import { type EndpointContext, unixNow, type WebhookSettings } from '../context.js';
import { findById, settleSession } from '../sessions/service.js';
import type { OutboxEntry, WebhookEvent } from './event.js';
import { eventIdHeader, signatureHeader, signWebhook } from './signature.js';

/**
 * Delivers the outbox. Each pass first settles sessions that time has moved
 * on (an expiry, a crypto deposit's confirmation), so their events are queued
 * even when no one reads the session; then it leases as many due events as
 * there are free slots and POSTs each, signed, to the merchant's URL. At most
 * `concurrency` attempts are in flight, each with its own timeout, and the
 * running worker claims more as slots free up: a receiver that hangs holds
 * one slot, never the other deliveries.
 *
 * A 2xx acknowledges an event. Anything else (another status, a network
 * error, no answer within the timeout) is an attempt that failed: the entry
 * records it and is tried again after `retryDelay(attempts)`, for as long as
 * it takes. An event can arrive more than once (a lease can run out while its
 * answer is on the way), never not at all; receivers dedupe by event id.
 */

export interface WebhookWorkerOptions {
  /** Used for deliveries. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Pause between passes while running. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Delay after the first failure; doubles with each further one. Default 5000 ms. */
  backoffBaseMs?: number;
  /** Longest delay between attempts. Default 3_600_000 ms (an hour). */
  backoffCapMs?: number;
  /** How long a receiver has to answer one attempt. Default 10_000 ms. */
  requestTimeoutMs?: number;
  /** Most attempts in flight at once. Default 8. */
  concurrency?: number;
  /** Most events claimed (and due sessions settled) per pass. Default 20. */
  batchSize?: number;
  /**
   * How long a claimed event is reserved for this worker; must outlast the
   * request timeout so no other worker sends it meanwhile. Default 60_000 ms.
   */
  leaseMs?: number;
  /** Told about failures that are not a receiver's (a store error). Default `console.error`. */
  onError?: (error: unknown) => void;
  /** Told of each attempt's outcome once it is recorded (for metrics and logs). */
  onAttempt?: (attempt: WebhookAttempt) => void;
  /** Told of each session a pass settled, with its new status (`expired`, or `complete` for a crypto payment). */
  onSettled?: (session: { id: string; status: string }) => void;
}

/** One delivery attempt, as `onAttempt` hears of it. */
export interface WebhookAttempt {
  event: WebhookEvent;
  delivered: boolean;
  /** Attempts so far, this one included. */
  attempts: number;
  /** Why it failed (`HTTP 500`, a timeout …); absent when delivered. */
  error?: string;
  /** When the next attempt is due (ms); absent when delivered. */
  nextAttemptAt?: number;
}

/** What one pass's claim started. */
interface Claim {
  settled: number;
  /** Events asked of the store: the free slots, at most a batch. */
  limit: number;
  attempts: Promise<boolean>[];
}

export interface WebhookPass {
  /** Sessions whose expiry or confirmation this pass wrote. */
  settled: number;
  delivered: number;
  failed: number;
}

/**
 * The wait before the next attempt after `attempts` failed ones: base × 2^(attempts − 1),
 * capped. With the defaults: 5 s, 10 s, 20 s, 40 s, 80 s, 160 s, 320 s, 640 s,
 * 1280 s, 2560 s, then every hour.
 */
export function retryDelay(attempts: number, baseMs = 5_000, capMs = 3_600_000): number {
  // The exponent is bounded so the arithmetic stays finite after many days of failures.
  return Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
}

/** Longest `last_error` kept; a receiver's failure reason, not its whole page. */
const maxErrorLength = 500;

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `No response within ${timeoutMs} ms.`;
  }
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return `${error.message}${detail}`;
  }
  return String(error);
}

export class WebhookWorker {
  readonly settings: WebhookSettings;
  private readonly context: EndpointContext;
  private readonly send: typeof fetch;
  private readonly pollIntervalMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;
  private readonly requestTimeoutMs: number;
  private readonly concurrency: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly onAttempt: ((attempt: WebhookAttempt) => void) | undefined;
  private readonly onSettled: ((session: { id: string; status: string }) => void) | undefined;
  private running: Promise<WebhookPass> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private active = false;
  /** Slots taken by attempts in flight and by claims under way. */
  private busy = 0;
  /** Claims and attempts under way; `stop` waits for them. */
  private readonly pending = new Set<Promise<unknown>>();
  /** Set while the running loop waits for a free slot; called when one frees. */
  private parked: (() => void) | undefined;
  /** Bumped by each start, so a loop from before a stop never reschedules itself. */
  private generation = 0;

  /**
   * Takes the same options as `createCheckoutApp` (store, clock, webhook
   * settings …), so sessions are settled exactly as the handler would.
   */
  constructor(endpoint: CheckoutHandlerOptions, options: WebhookWorkerOptions = {}) {
    if (!endpoint.webhooks) {
      throw new Error('The webhook worker needs `webhooks: { url, secret }`.');
    }
    const url = endpoint.webhooks.url;
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new Error(`The webhook URL must be an absolute http(s) URL; got '${url}'.`);
    }
    this.settings = endpoint.webhooks;
    this.context = endpointContext(endpoint);
    this.send = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 5_000;
    this.backoffCapMs = options.backoffCapMs ?? 3_600_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.concurrency = options.concurrency ?? 8;
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.onError =
      options.onError ??
      ((error) =>
        console.error(
          'checkout-kit: webhook worker:',
          error instanceof Error ? error.message : error,
        ));
    this.onAttempt = options.onAttempt;
    this.onSettled = options.onSettled;
    if (this.leaseMs <= this.requestTimeoutMs) {
      throw new Error('The webhook lease must be longer than the request timeout.');
    }
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new Error(
        `The webhook concurrency must be a positive integer; got ${this.concurrency}.`,
      );
    }
  }

  /**
   * One pass, resolved once its own attempts have ended. Calls while a pass
   * runs share it rather than start another.
   */
  runOnce(): Promise<WebhookPass> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Runs passes until `stop`, without waiting for their attempts: the next
   * starts a poll interval after the last one's claim, at once when it filled
   * its claim, and when a slot frees if none is left.
   */
  start(): void {
    if (this.active) return;
    this.active = true;
    const generation = ++this.generation;
    const loop = async () => {
      let delay = this.pollIntervalMs;
      try {
        const { limit, attempts } = await this.claim();
        // A full claim suggests more is waiting.
        if (limit > 0 && attempts.length === limit) delay = 0;
      } catch (error) {
        this.onError(error);
      }
      if (!this.active || generation !== this.generation) return;
      // With every slot busy, the next claim waits for one to free rather than poll.
      if (this.busy >= this.concurrency) this.parked = () => this.schedule(loop, 0);
      else this.schedule(loop, delay);
    };
    this.schedule(loop, 0);
  }

  /** Stops the passes; resolves once the claims and attempts under way have ended. */
  async stop(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.parked = undefined;
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private schedule(run: () => Promise<void>, delay: number): void {
    this.timer = setTimeout(() => void run(), delay);
    // A forgotten worker must not keep a Node process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async pass(): Promise<WebhookPass> {
    const { settled, attempts } = await this.claim();
    const pass: WebhookPass = { settled, delivered: 0, failed: 0 };
    for (const delivered of await Promise.all(attempts)) {
      pass[delivered ? 'delivered' : 'failed']++;
    }
    return pass;
  }

  /** Settles due sessions, then starts an attempt for each due event a free slot can take. */
  private claim(): Promise<Claim> {
    return this.track(this.settleAndClaim());
  }

  private async settleAndClaim(): Promise<Claim> {
    const settled = await this.settleDue();
    // Only what can start at once is leased, so no lease runs down while its event waits.
    const limit = Math.min(this.batchSize, this.concurrency - this.busy);
    if (limit <= 0) return { settled, limit: 0, attempts: [] };
    // Reserved before the store is asked, so a concurrent pass cannot take the same slots.
    this.busy += limit;
    let entries: OutboxEntry[] = [];
    try {
      entries = await this.context.store.claimDueWebhooks(this.context.now(), limit, this.leaseMs);
    } finally {
      this.release(limit - entries.length);
    }
    return { settled, limit, attempts: entries.map((entry) => this.attempt(entry)) };
  }

  /** One delivery holding one slot; a store error is reported and counts as a failure. */
  private attempt(entry: OutboxEntry): Promise<boolean> {
    return this.track(
      this.deliver(entry)
        .catch((error: unknown) => {
          this.onError(error);
          return false;
        })
        .finally(() => this.release(1)),
    );
  }

  /** Frees slots, and wakes the loop if it waits for one. */
  private release(slots: number): void {
    if (slots === 0) return;
    this.busy -= slots;
    const wake = this.parked;
    this.parked = undefined;
    wake?.();
  }

  /** Kept until it settles, so `stop` can wait for it. */
  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = () => this.pending.delete(work);
    work.then(done, done);
    return work;
  }

  /** Writes what time has decided for open sessions; their events join the outbox with them. */
  private async settleDue(): Promise<number> {
    const ids = await this.context.store.listDueSessions(unixNow(this.context), this.batchSize);
    let settled = 0;
    for (const id of ids) {
      try {
        const current = await findById(this.context, id);
        const next = await settleSession(this.context, current);
        if (next.version !== current.version) {
          settled++;
          this.onSettled?.({ id: next.value.id, status: next.value.status });
        }
      } catch (error) {
        this.onError(error);
      }
    }
    return settled;
  }

  /** Sends one event; true when the receiver acknowledged it. */
  private async deliver(entry: OutboxEntry): Promise<boolean> {
    const { event } = entry;
    const body = JSON.stringify(event);
    let failure: string;
    try {
      const signature = await signWebhook(body, this.settings.secret, unixNow(this.context));
      const response = await this.send(this.settings.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'checkout-kit-webhooks/1',
          [signatureHeader]: signature,
          [eventIdHeader]: event.id,
        },
        body,
        // A redirect is not an acknowledgement; following one would turn the POST into a GET.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      await response.body?.cancel().catch(() => {});
      if (response.status >= 200 && response.status < 300) {
        await this.context.store.markWebhookDelivered(event.id, this.context.now());
        this.onAttempt?.({ event, delivered: true, attempts: entry.attempts + 1 });
        return true;
      }
      failure = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    } catch (error) {
      failure = describeFailure(error, this.requestTimeoutMs);
    }
    const attempts = entry.attempts + 1;
    const nextAttemptAt =
      this.context.now() + retryDelay(attempts, this.backoffBaseMs, this.backoffCapMs);
    const error = failure.slice(0, maxErrorLength);
    await this.context.store.markWebhookFailed(event.id, attempts, nextAttemptAt, error);
    this.onAttempt?.({ event, delivered: false, attempts, error, nextAttemptAt });
    return false;
  }
}

/** `new WebhookWorker(endpoint, options)`. */
export function createWebhookWorker(
  endpoint: CheckoutHandlerOptions,
  options?: WebhookWorkerOptions,
): WebhookWorker {
  return new WebhookWorker(endpoint, options);
}
