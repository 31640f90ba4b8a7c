import type { Address, ConfirmRequest } from '../api/client-types.js';
import { normalizeCardNumber, parseExpiry } from '../core/card.js';
import type { PaymentResult, SessionClient } from './session-client.js';

/**
 * The one seam card data leaves the page through. The card element attaches
 * a reader of its fields here and receives an opaque `CardHandle`; the
 * provider passes the handle back to pay. Only this module ever calls the
 * reader, so no other module, event or log sees the number or CVC, which
 * keeps the door open for card fields isolated in an iframe later.
 */

/** Raw values of the card fields, exactly as the customer typed or autofilled them. */
export interface CardFieldValues {
  number: string;
  expiry: string;
  cvc: string;
  name: string;
}

export interface PayerDetails {
  email: string;
  address?: Address;
}

/** Stands for one card element's fields without exposing them. */
export class CardHandle {
  private constructor() {}

  /** @internal Only `attachCardFields` makes handles. */
  static create(): CardHandle {
    return new CardHandle();
  }
}

const readers = new WeakMap<CardHandle, () => CardFieldValues>();

/** Called by the card element: the returned handle is all the rest of the kit gets. */
export function attachCardFields(read: () => CardFieldValues): CardHandle {
  const handle = CardHandle.create();
  readers.set(handle, read);
  return handle;
}

function read(handle: CardHandle): CardFieldValues {
  const reader = readers.get(handle);
  if (!reader) throw new Error('This card handle is not attached to card fields.');
  return reader();
}

/** Identifies an attempt without card secrets, so a retry can reuse its idempotency key. */
export function attemptSignature(handle: CardHandle, payer: PayerDetails): string {
  const card = read(handle);
  const digits = normalizeCardNumber(card.number);
  return JSON.stringify([
    digits.slice(-4),
    digits.length,
    card.expiry.replace(/\s/g, ''),
    card.name.trim(),
    payer.email.trim(),
    payer.address ?? null,
  ]);
}

export function confirmCardPayment(
  client: SessionClient,
  handle: CardHandle,
  payer: PayerDetails,
  idempotencyKey: string,
): Promise<PaymentResult> {
  const card = read(handle);
  const expiry = parseExpiry(card.expiry);
  const request: ConfirmRequest = {
    email: payer.email.trim(),
    payment_method: {
      card: {
        number: normalizeCardNumber(card.number),
        exp_month: expiry?.month ?? 0,
        exp_year: expiry?.year ?? 0,
        cvc: card.cvc.replace(/\D/g, ''),
      },
      billing_details: {
        name: card.name.trim(),
        ...(payer.address ? { address: payer.address } : {}),
      },
    },
  };
  return client.confirm(request, idempotencyKey);
}
