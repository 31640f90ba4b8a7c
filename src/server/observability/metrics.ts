/**
 * The Node server's Prometheus metrics (prom-client), one registry per
 * server. Request metrics are counted from what the handler noted beside
 * each request (request-notes.ts); the worker's through its hooks; the
 * outbox backlog and the pool are read from the store when scraped. Node
 * only: the fetch handler never imports this.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestNotes } from '../request-notes.js';
import type { MetricsSource } from '../routes/health.js';
import type { CheckoutStore, WebhookBacklog } from '../store/store.js';

/** Seconds: from a cached read (under a millisecond) to the card processor's slowest. */
const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class EndpointMetrics implements MetricsSource {
  readonly registry = new Registry();
  readonly contentType: string = this.registry.contentType;

  private readonly requests = new Counter({
    name: 'checkout_http_requests_total',
    help: 'Requests answered, by route family and HTTP status.',
    labelNames: ['family', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'checkout_http_request_duration_seconds',
    help: 'Time from receiving a request to its answer being ready, by route family.',
    labelNames: ['family'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });
  private readonly confirms = new Counter({
    name: 'checkout_confirms_total',
    help: 'Card confirms by outcome (succeeded, requires_action, declined, error); code: why it was declined (the decline code, else the error code).',
    labelNames: ['outcome', 'code'] as const,
    registers: [this.registry],
  });
  private readonly challenges = new Counter({
    name: 'checkout_challenges_total',
    help: "Authentication challenges (3-D Secure) finished, by outcome: succeeded, or declined with the bank's code.",
    labelNames: ['outcome', 'code'] as const,
    registers: [this.registry],
  });
  private readonly replays = new Counter({
    name: 'checkout_idempotent_replays_total',
    help: 'Requests answered with the saved answer of an earlier one with the same Idempotency-Key, by route family.',
    labelNames: ['family'] as const,
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'checkout_rate_limited_total',
    help: 'Requests refused 429 by a rate limit: client_secret, secret_key or failed_auth.',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: 'checkout_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered (2xx) or failed (to be retried).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly expired = new Counter({
    name: 'checkout_sessions_expired_total',
    help: 'Open sessions the webhook worker expired when their time ran out.',
    registers: [this.registry],
  });

  constructor(store: CheckoutStore) {
    // Zero from the start, so rate() sees the first increase.
    for (const outcome of ['succeeded', 'requires_action']) {
      this.confirms.labels(outcome, '').inc(0);
    }
    for (const outcome of ['delivered', 'failed']) this.deliveries.labels(outcome).inc(0);
    this.expired.inc(0);

    const backlog = store.webhookBacklog?.bind(store);
    if (backlog) {
      // A scrape collects every metric at once: both gauges share one query.
      let reading: Promise<WebhookBacklog | null> | null = null;
      const read = () => {
        reading ??= backlog()
          .catch(() => null)
          .finally(() => {
            reading = null;
          });
        return reading;
      };
      new Gauge({
        name: 'checkout_webhook_outbox_pending',
        help: 'Webhook events waiting in the outbox (not yet acknowledged by the receiver); NaN when the store did not answer.',
        registers: [this.registry],
        async collect() {
          this.set((await read())?.pending ?? Number.NaN);
        },
      });
      new Gauge({
        name: 'checkout_webhook_outbox_oldest_age_seconds',
        help: 'Age of the oldest event still waiting in the outbox; 0 when none waits.',
        registers: [this.registry],
        async collect() {
          const found = await read();
          if (!found) this.set(Number.NaN);
          else if (found.oldestCreated === null) this.set(0);
          else this.set(Math.max(0, Date.now() / 1000 - found.oldestCreated));
        },
      });
    }

    if (store.poolStats?.()) {
      const pool = () => store.poolStats?.() ?? null;
      new Gauge({
        name: 'checkout_store_pool_connections',
        help: 'Connections the store pool holds open, by state: active (running a query) or idle.',
        labelNames: ['state'] as const,
        registers: [this.registry],
        collect() {
          const stats = pool();
          if (!stats) return;
          this.set({ state: 'active' }, stats.total - stats.idle);
          this.set({ state: 'idle' }, stats.idle);
        },
      });
      new Gauge({
        name: 'checkout_store_pool_waiting',
        help: 'Queries waiting for a free connection from the store pool.',
        registers: [this.registry],
        collect() {
          this.set(pool()?.waiting ?? 0);
        },
      });
      new Gauge({
        name: 'checkout_store_pool_max_connections',
        help: 'Most connections the store pool opens (CHECKOUT_DATABASE_POOL_SIZE).',
        registers: [this.registry],
        collect() {
          this.set(pool()?.max ?? 0);
        },
      });
    }

    // Process and Node.js metrics (CPU, memory, event loop delay, GC), under their usual names.
    collectDefaultMetrics({ register: this.registry });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** One answered request, with what the handler noted about it. */
  request(
    family: string,
    status: number,
    seconds: number,
    notes: RequestNotes | undefined,
    replayed: boolean,
  ): void {
    this.requests.labels(family, String(status)).inc();
    this.latency.labels(family).observe(seconds);
    if (replayed) this.replays.labels(family).inc();
    const payment = notes?.payment;
    if (payment) {
      (payment.step === 'confirm' ? this.confirms : this.challenges)
        .labels(payment.outcome, payment.code ?? '')
        .inc();
    }
    if (notes?.rateLimit) this.rateLimited.labels(notes.rateLimit).inc();
  }

  webhookAttempt(delivered: boolean): void {
    this.deliveries.labels(delivered ? 'delivered' : 'failed').inc();
  }

  sessionSettled(status: string): void {
    if (status === 'expired') this.expired.inc();
  }
}
