import type { Context, MiddlewareHandler, Next } from 'hono';
import { ApiError } from './errors.js';
import { plainTextType } from './request-guards.js';

/** Compares in time independent of where the strings first differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let diff = left.length ^ right.length;
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  }
  return diff === 0;
}

const unauthorized = (message: string) =>
  new ApiError(401, 'unauthorized', message, { type: 'authentication_error' });

export interface BasicAuthOptions {
  /**
   * Also accept the secret key as the password (`<any id>:<secret key>`), as
   * vendors that issue an id and key pair document it (seed 004).
   */
  keyAsPassword?: boolean;
}

/**
 * HTTP Basic with the secret key as the username and an empty password
 * (the password is ignored, as other processors do), or as the password
 * when `keyAsPassword` is set.
 */
export function requireBasicAuth(
  headers: Headers,
  secretKey: string,
  options: BasicAuthOptions = {},
): void {
  const header = headers.get('Authorization');
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) {
    throw unauthorized(
      options.keyAsPassword
        ? 'Authenticate with HTTP Basic auth: your secret key as the password (any id as the username), or as the username.'
        : 'Authenticate with HTTP Basic auth: your secret key as the username and an empty password.',
    );
  }
  let decoded: string;
  try {
    decoded = atob(match[1]!);
  } catch {
    throw unauthorized('The Authorization header is not valid Base64.');
  }
  const separator = decoded.indexOf(':');
  const username = separator === -1 ? decoded : decoded.slice(0, separator);
  const password = separator === -1 ? '' : decoded.slice(separator + 1);
  const usernameMatches = safeEqual(username, secretKey);
  const passwordMatches = options.keyAsPassword === true && safeEqual(password, secretKey);
  if (!usernameMatches && !passwordMatches) throw unauthorized('Invalid secret key.');
}

/** `Authorization: Bearer <token>`, the token captured. */
const bearerPattern = /^Bearer\s+(\S+)\s*$/i;

/** The longest plain-text body read as a client secret (they are about 80 characters). */
const maxSecretBodyBytes = 1024;
/**
 * Keyed by Hono's request wrapper, which stays the same when the body limit
 * swaps the raw request for one that counts its bytes.
 */
const bodySecrets = new WeakMap<HonoRequestLike, string>();

/** What of Hono's request these functions read. */
interface HonoRequestLike {
  raw: Request;
}

/**
 * The session read may carry the client secret as its plain-text body
 * (`POST /v1/client/session`): a CORS-safelisted request, so a page on another
 * origin reads its session without a preflight, and the secret stays out of
 * the URL. Read here, ahead of the rate limits, which then count it as they
 * count a bearer token.
 */
export const clientSecretInBody: MiddlewareHandler = (c, next) => {
  const type = c.req.header('Content-Type');
  if (
    c.req.method !== 'POST' ||
    !type ||
    !plainTextType.test(type) ||
    c.req.header('Authorization')
  ) {
    return next();
  }
  return readSecretFromBody(c, next);
};

async function readSecretFromBody(c: Context, next: Next): Promise<void> {
  // Ahead of the body limit, so bounded here; a copy, so the request's own body stays unread.
  const text = await textUpTo(c.req.raw.clone(), maxSecretBodyBytes);
  if (text === null) {
    throw new ApiError(
      413,
      'body_too_large',
      `The body of a session read is the client secret: at most ${maxSecretBodyBytes} bytes.`,
    );
  }
  const secret = text.trim();
  if (/^\S+$/.test(secret)) bodySecrets.set(c.req, secret);
  await next();
}

/** `request`'s body as text, or null when it has more than `limit` bytes (read no further). */
async function textUpTo(request: Request, limit: number): Promise<string | null> {
  const declared = request.headers.get('Content-Length');
  if (declared !== null && !(Number(declared) <= limit)) return null;
  const reader = request.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    bytes += chunk.value.byteLength;
    if (bytes > limit) {
      // Not awaited: cancelling one copy of a teed body settles only once the other is cancelled too.
      reader.cancel().catch(() => {});
      return null;
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text + decoder.decode();
}

/** The client secret the request presents: its bearer token, else its body's (see above). */
export function presentedClientSecret(request: HonoRequestLike): string | undefined {
  const header = request.raw.headers.get('Authorization');
  if (header) return bearerPattern.exec(header)?.[1];
  return bodySecrets.get(request);
}

/**
 * The client API's credential: `Authorization: Bearer <client_secret>`, or
 * for the session read the secret as the body; never a URL.
 */
export function clientSecretOf(request: HonoRequestLike): string {
  const secret = presentedClientSecret(request);
  if (secret === undefined) {
    throw new ApiError(
      401,
      'client_secret_missing',
      'Send the session client secret as `Authorization: Bearer <client_secret>` (or, to read the session, as the plain-text body of `POST /v1/client/session`).',
      { type: 'authentication_error' },
    );
  }
  return secret;
}

/** Route middleware for the merchant API: Basic auth with the secret key, or 401. */
export function basicAuth(secretKey: string, options: BasicAuthOptions = {}) {
  return async (c: { req: { raw: Request } }, next: () => Promise<void>) => {
    requireBasicAuth(c.req.raw.headers, secretKey, options);
    await next();
  };
}

/**
 * `Authorization: Bearer <secret key>`, as seeds 000, 001 and 002 document
 * for their merchant APIs.
 */
export function requireBearerAuth(headers: Headers, secretKey: string): void {
  const header = headers.get('Authorization');
  const match = header ? bearerPattern.exec(header) : null;
  if (!match) {
    throw unauthorized('Authenticate with `Authorization: Bearer <your secret key>`.');
  }
  if (!safeEqual(match[1]!, secretKey)) throw unauthorized('Invalid secret key.');
}

/** Route middleware for the Bearer-authenticated merchant APIs, or 401. */
export function bearerAuth(secretKey: string) {
  return async (c: { req: { raw: Request } }, next: () => Promise<void>) => {
    requireBearerAuth(c.req.raw.headers, secretKey);
    await next();
  };
}

/**
 * Whether the Authorization header carries `secretKey` (the merchant key, or
 * another token such as the metrics token), as Bearer or Basic (username or password).
 */
export function presentsSecretKey(header: string | undefined, secretKey: string): boolean {
  if (!header) return false;
  const bearer = bearerPattern.exec(header);
  if (bearer) return safeEqual(bearer[1]!, secretKey);
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic) return false;
  let decoded: string;
  try {
    decoded = atob(basic[1]!);
  } catch {
    return false;
  }
  const separator = decoded.indexOf(':');
  if (separator === -1) return safeEqual(decoded, secretKey);
  return (
    safeEqual(decoded.slice(0, separator), secretKey) ||
    safeEqual(decoded.slice(separator + 1), secretKey)
  );
}
