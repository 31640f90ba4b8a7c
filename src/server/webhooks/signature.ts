import type { WebhookEvent } from './event.js';

/**
 * Webhook signatures. Each delivery carries one header,
 *
 *   Checkout-Signature: t=1763726400,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd
 *
 * where `v1` is the hex HMAC-SHA256, keyed with the webhook secret, of
 * `"<t>.<raw request body>"`. Signing the timestamp with the body lets a
 * receiver refuse replays of old deliveries. A header may hold several `v1`
 * values (one per secret while a secret is being rotated); one match is
 * enough. Web Crypto only, so this runs wherever the handler does.
 */

export const signatureHeader = 'Checkout-Signature';
/** Sent with every delivery so a receiver can deduplicate before parsing the body. */
export const eventIdHeader = 'Checkout-Event-Id';

/** How far a signature's timestamp may be from the receiver's clock, by default. */
export const defaultToleranceSeconds = 300;

export type WebhookVerificationReason =
  | 'missing_header'
  | 'malformed_header'
  | 'bad_signature'
  | 'timestamp_out_of_tolerance'
  | 'invalid_payload';

/** Why a delivery was not accepted; answer it with a 400 and do not act on the body. */
export class WebhookVerificationError extends Error {
  constructor(
    readonly reason: WebhookVerificationReason,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

export interface VerifyWebhookOptions {
  /** Largest accepted distance between the signed timestamp and now. Default 300 s. */
  toleranceSeconds?: number;
  /** The receiver's clock in milliseconds; for tests. */
  now?: () => number;
}

const encoder = new TextEncoder();

/** Web Crypto's key type, named without the DOM library (the server is built without it). */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

function hmacKey(secret: string, usage: 'sign' | 'verify'): Promise<HmacKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  );
}

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** The `Checkout-Signature` value for `payload` sent at `timestamp` (Unix seconds). */
export async function signWebhook(
  payload: string,
  secret: string,
  timestamp: number,
): Promise<string> {
  if (!Number.isInteger(timestamp) || timestamp < 0) {
    throw new TypeError('timestamp must be whole Unix seconds.');
  }
  const key = await hmacKey(secret, 'sign');
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${payload}`));
  return `t=${timestamp},v1=${toHex(mac)}`;
}

interface ParsedHeader {
  timestamp: number;
  signatures: string[];
}

function parseHeader(header: string): ParsedHeader {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const equals = part.indexOf('=');
    if (equals < 1) {
      throw new WebhookVerificationError(
        'malformed_header',
        `The ${signatureHeader} header is not a list of key=value pairs.`,
      );
    }
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) {
        throw new WebhookVerificationError(
          'malformed_header',
          `The ${signatureHeader} header needs exactly one timestamp t=<Unix seconds>.`,
        );
      }
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) {
        throw new WebhookVerificationError(
          'malformed_header',
          `A v1 signature in the ${signatureHeader} header is not 64 hex digits.`,
        );
      }
      signatures.push(value.toLowerCase());
    }
    // Other schemes are skipped, so a newer sender stays readable here.
  }
  if (timestamp === null) {
    throw new WebhookVerificationError(
      'malformed_header',
      `The ${signatureHeader} header has no timestamp (t=).`,
    );
  }
  if (signatures.length === 0) {
    throw new WebhookVerificationError(
      'malformed_header',
      `The ${signatureHeader} header has no v1 signature.`,
    );
  }
  return { timestamp, signatures };
}

/**
 * Checks a delivery and returns its event. Pass the raw request body exactly
 * as received (not re-serialised JSON), the `Checkout-Signature` header, and
 * your webhook secret (or several, while rotating). Throws
 * `WebhookVerificationError` when the header is missing or malformed, no
 * signature matches, or the timestamp is further than the tolerance from now
 * in either direction.
 */
export async function verifyWebhook(
  payload: string,
  header: string | null | undefined,
  secret: string | readonly string[],
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  if (!header?.trim()) {
    throw new WebhookVerificationError(
      'missing_header',
      `The request has no ${signatureHeader} header.`,
    );
  }
  const { timestamp, signatures } = parseHeader(header);
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0 || secrets.some((one) => !one)) {
    throw new TypeError('verifyWebhook needs the webhook secret.');
  }

  // crypto.subtle.verify compares in constant time.
  const signed = encoder.encode(`${timestamp}.${payload}`);
  let matched = false;
  for (const one of secrets) {
    const key = await hmacKey(one, 'verify');
    for (const signature of signatures) {
      if (await crypto.subtle.verify('HMAC', key, fromHex(signature), signed)) matched = true;
    }
  }
  if (!matched) {
    throw new WebhookVerificationError(
      'bad_signature',
      'No signature matches the body: the body was changed, or the secret is not the one that signed it.',
    );
  }

  const tolerance = options.toleranceSeconds ?? defaultToleranceSeconds;
  const age = Math.floor((options.now ?? Date.now)() / 1000) - timestamp;
  if (age > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_out_of_tolerance',
      `The signature is ${age} s old, more than the ${tolerance} s tolerance; it may be a replay.`,
    );
  }
  if (-age > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_out_of_tolerance',
      `The signature is dated ${-age} s in the future, more than the ${tolerance} s tolerance.`,
    );
  }

  let event: unknown;
  try {
    event = JSON.parse(payload);
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'The body is not valid JSON.');
  }
  const candidate = event as Partial<WebhookEvent> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.id !== 'string' ||
    typeof candidate.type !== 'string'
  ) {
    throw new WebhookVerificationError('invalid_payload', 'The body is not a webhook event.');
  }
  return event as WebhookEvent;
}
