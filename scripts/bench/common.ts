// What the benchmarks share: medians, how a time prints, the cart they buy and how.
import type { ChildProcess } from 'node:child_process';
import { developmentSecretKey } from '../../src/server/config.js';

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export const ms = (value: number): string => `${value.toFixed(1)} ms`;

export const cart = {
  mode: 'payment',
  ui_mode: 'embedded',
  line_items: [{ quantity: 1, price_data: { currency: 'usd', product: 'Mug', unit_amount: 1800 } }],
};

/** A create of `cart` through the merchant API, with a fresh idempotency key. */
export function createInit(secretKey = developmentSecretKey): RequestInit {
  return {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': crypto.randomUUID(),
    },
    body: JSON.stringify(cart),
  };
}

/** Creates an embedded checkout session on the endpoint at `url`; its client secret. */
export async function createSession(
  url: string,
  secretKey = developmentSecretKey,
): Promise<string> {
  const response = await fetch(`${url}/v1/checkout_sessions`, createInit(secretKey));
  if (response.status !== 200) {
    throw new Error(`create answered ${response.status}: ${await response.text()}`);
  }
  return ((await response.json()) as { client_secret: string }).client_secret;
}

/** SIGTERM by pid, as an operator stops it; SIGKILL if it has not exited 15 s later. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
