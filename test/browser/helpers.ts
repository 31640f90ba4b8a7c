import { browserSuiteSecretKey } from '../support/browser-endpoint.js';

/**
 * Browser-test helpers. Sessions are created through the real merchant API on
 * the test page's origin, the way a merchant's server would.
 */

export interface SessionOptions {
  lineItems?: Array<{ product: string; unit_amount: number; quantity?: number; currency?: string }>;
  billing_address_collection?: 'auto' | 'required';
  customer_email?: string;
  success_url?: string;
  cancel_url?: string;
}

export interface CreatedSession {
  id: string;
  client_secret: string;
}

export async function merchant(path: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: `Basic ${btoa(`${browserSuiteSecretKey}:`)}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': crypto.randomUUID(),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
}

export async function createSession(options: SessionOptions = {}): Promise<CreatedSession> {
  const { lineItems, ...rest } = options;
  const response = await merchant('/v1/checkout_sessions', {
    mode: 'payment',
    ui_mode: 'embedded',
    line_items: (lineItems ?? [{ product: 'Notebook', unit_amount: 1250, quantity: 2 }]).map(
      ({ quantity = 1, currency = 'usd', ...price }) => ({
        quantity,
        price_data: { currency, ...price },
      }),
    ),
    ...rest,
  });
  if (!response.ok) throw new Error(`create session: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function expireSession(id: string): Promise<void> {
  const response = await merchant(`/v1/checkout_sessions/${id}/expire`, {});
  if (!response.ok) throw new Error(`expire: ${response.status}`);
}

export async function retrieveSession(id: string): Promise<Record<string, unknown>> {
  return (await merchant(`/v1/checkout_sessions/${id}`)).json();
}
