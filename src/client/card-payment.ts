import type { Address, ConfirmRequest } from '../api/client-types.js';
import { normalizeCardNumber, parseExpiry } from '../core/card.js';
import type { PaymentResult, SessionClient } from './session-client.js';

/**
 * The one seam card data leaves the page through. The card fields hand their
 * raw values here; this module sends them to the endpoint and returns an
 * opaque result. No other module, event or log ever sees the number or CVC,
 * which keeps the door open for card fields isolated in an iframe later.
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

/** Identifies an attempt without card secrets, so a retry can reuse its idempotency key. */
export function attemptSignature(card: CardFieldValues, payer: PayerDetails): string {
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
  card: CardFieldValues,
  payer: PayerDetails,
  idempotencyKey: string,
): Promise<PaymentResult> {
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
