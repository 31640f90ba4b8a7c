import type { PayerDetails } from '../../api/card-frame.js';
import type { ConfirmRequest } from '../../api/client-types.js';
import { normalizeCardNumber, parseExpiry } from '../../core/card.js';
import type { CardValues } from './card-form.js';

/**
 * The one request that carries the card: built here, inside the frame, and
 * sent to the endpoint on the frame's own origin (no preflight, no other
 * origin involved). The page gets back only the endpoint's answer.
 *
 * One Idempotency-Key per attempt: a retry of the same card for the same
 * payer (after a lost connection) reuses it, so it cannot pay twice; a
 * definite answer ends the attempt.
 */
export class CardConfirm {
  #attempt: { key: string; signature: string } | null = null;

  constructor(
    /** `…/v1/client/session/confirm` on the frame's origin. */
    private readonly url: string,
    private readonly clientSecret: string,
  ) {}

  async send(card: CardValues, payer: PayerDetails): Promise<{ status: number; body: unknown }> {
    const digits = normalizeCardNumber(card.number);
    // Identifies the attempt without card secrets: last 4, length, expiry, name, postal code, payer.
    const signature = JSON.stringify([
      digits.slice(-4),
      digits.length,
      card.expiry.replace(/\s/g, ''),
      card.name.trim(),
      card.postal?.trim() ?? null,
      payer.email.trim(),
      payer.address ?? null,
    ]);
    if (this.#attempt?.signature !== signature) {
      this.#attempt = { key: crypto.randomUUID(), signature };
    }
    const expiry = parseExpiry(card.expiry);
    const request: ConfirmRequest = {
      email: payer.email.trim(),
      payment_method: {
        card: {
          number: digits,
          exp_month: expiry?.month ?? 0,
          exp_year: expiry?.year ?? 0,
          cvc: card.cvc.replace(/\D/g, ''),
        },
        billing_details: {
          name: card.name.trim(),
          ...(payer.address ? { address: payer.address } : {}),
          ...(card.postal ? { postal_code: card.postal.trim() } : {}),
        },
      },
    };
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${this.clientSecret}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': this.#attempt.key,
        },
        body: JSON.stringify(request),
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
      });
    } catch {
      // A lost connection keeps the attempt's key for the retry.
      return { status: 0, body: null };
    }
    const body: unknown = await response.json().catch(() => null);
    const retryable =
      (body as { error?: { retryable?: boolean } } | null)?.error?.retryable ??
      response.status >= 500;
    // A payment's outcome (paid, declined, needs authentication) ends the attempt; so does a refusal.
    if (response.status === 200 || response.status === 402 || !retryable) this.#attempt = null;
    return { status: response.status, body };
  }
}
