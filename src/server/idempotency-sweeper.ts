import { idempotencyKeyLifetimeSeconds } from './idempotency.js';
import type { CheckoutStore } from './store/store.js';

/** Rows deleted per statement: small enough not to hold locks for long. */
const batchSize = 1000;

/**
 * Deletes idempotency keys older than their lifetime (a day), a batch at a
 * time; returns how many went. Safe to run in every process at once: each
 * batch deletes what it finds, and a key deleted twice is deleted once.
 */
export async function sweepIdempotencyKeys(
  store: CheckoutStore,
  now: number = Date.now(),
): Promise<number> {
  const before = Math.floor(now / 1000) - idempotencyKeyLifetimeSeconds;
  let total = 0;
  for (;;) {
    const swept = await store.sweepIdempotencyKeys(before, batchSize);
    total += swept;
    if (swept < batchSize) return total;
  }
}

/**
 * Sweeps every `intervalMs` (default 10 minutes) until stopped; the timer
 * never keeps the process alive. Returns the stop function.
 */
export function startIdempotencySweeper(
  store: CheckoutStore,
  { intervalMs = 600_000, onError = console.error as (error: unknown) => void } = {},
): () => void {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = sweepIdempotencyKeys(store).catch(onError);
  }, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    return running;
  };
}
