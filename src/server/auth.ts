import { ApiError } from './errors.js';

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

/** The client API's credential: `Authorization: Bearer <client_secret>`, never a URL. */
export function clientSecretFrom(headers: Headers): string {
  const header = headers.get('Authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    throw new ApiError(
      401,
      'client_secret_missing',
      'Send the session client secret as `Authorization: Bearer <client_secret>`.',
      { type: 'authentication_error' },
    );
  }
  return match[1]!;
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
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
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
