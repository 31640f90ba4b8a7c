/**
 * A webhook event as the merchant receives it. `id` is unique per event, so a
 * receiver that sees one twice (delivery is at least once) can drop the copy.
 */
export interface WebhookEvent {
  id: string;
  object: 'event';
  type: WebhookEventType;
  /** Unix seconds. */
  created: number;
  livemode: boolean;
  data: { object: Record<string, unknown> };
}

export type WebhookEventType =
  | 'checkout.session.completed'
  | 'checkout.session.expired'
  | 'checkout.session.canceled'
  | 'checkout.session.payment_failed';

/** An event in the outbox, with its delivery state. Times in milliseconds. */
export interface OutboxEntry {
  event: WebhookEvent;
  attempts: number;
  nextAttemptAt: number;
  deliveredAt: number | null;
  lastError: string | null;
}
