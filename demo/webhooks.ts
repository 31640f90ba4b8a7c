/**
 * The demo merchant's webhook receiver: checks each delivery's signature with
 * `verifyWebhook`, as a merchant's server must, keeps the latest events in
 * memory, and shows them on /demo/webhooks.html.
 */
import type { Hono } from 'hono';
import type { ServerConfig } from '../src/server/node.js';
import {
  signatureHeader,
  verifyWebhook,
  WebhookVerificationError,
} from '../src/server/webhooks/signature.js';

/** Where the demo server delivers to itself. */
export const demoWebhookPath = '/demo/webhooks';

/** How many events the page shows. */
const kept = 50;
/** How many ids are remembered for deduplication: more than are shown. */
const remembered = 1000;

/** An event as the demo page lists it. */
export interface ReceivedEvent {
  id: string;
  type: string;
  /** Unix seconds, from the event. */
  created: number;
  /** Milliseconds, when this receiver accepted it. */
  received_at: number;
  session_id: string | null;
  session_status: string | null;
  metadata: Record<string, unknown>;
}

/**
 * The demo delivers its events to itself unless the environment names another
 * receiver. Its secret is made fresh for each run: it never leaves the process.
 */
export function withDemoWebhooks(config: ServerConfig): ServerConfig {
  if (config.webhooks) return config;
  const secret = `whsec_demo_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('hex')}`;
  return { ...config, webhooks: { url: demoWebhookPath, secret } };
}

export function mountWebhookReceiver(app: Hono, secret: string): void {
  /** Newest first. */
  const events: ReceivedEvent[] = [];
  /** Insertion-ordered, so the oldest id is the first to forget. */
  const seen = new Set<string>();

  app.post(demoWebhookPath, async (c) => {
    // The signature covers the bytes as sent: verify the raw body, never re-serialised JSON.
    const payload = await c.req.text();
    let event: Awaited<ReturnType<typeof verifyWebhook>>;
    try {
      event = await verifyWebhook(payload, c.req.header(signatureHeader) ?? null, secret);
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      return c.json({ error: { code: error.reason, message: error.message } }, 400);
    }
    // Delivery is at least once: a repeat is acknowledged and otherwise ignored.
    if (seen.has(event.id)) return c.json({ received: true, duplicate: true });
    seen.add(event.id);
    if (seen.size > remembered) seen.delete(seen.values().next().value!);

    const session = event.data.object as {
      id?: string;
      status?: string;
      metadata?: Record<string, unknown>;
    };
    events.unshift({
      id: event.id,
      type: event.type,
      created: event.created,
      received_at: Date.now(),
      session_id: session.id ?? null,
      session_status: session.status ?? null,
      metadata: session.metadata ?? {},
    });
    events.length = Math.min(events.length, kept);
    return c.json({ received: true });
  });

  app.get(demoWebhookPath, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ data: events });
  });
}
