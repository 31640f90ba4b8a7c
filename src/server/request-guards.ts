import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, formatPath } from './errors.js';

/** Default most bytes in a request body: far above any checkout request. */
export const defaultBodyLimitBytes = 1024 * 1024;

const jsonType = /^application\/([\w.-]+\+)?json\s*(;|$)/i;
/** `text/plain`, with or without parameters: a CORS-safelisted content type. */
export const plainTextType = /^text\/plain\s*(;|$)/i;

/** The one route whose body is plain text: the session read with the client secret as its body. */
const plainTextRoutes = new Set(['POST /v1/client/session']);

/** How deep a JSON body may nest: real requests use five levels at most. */
const maxJsonDepth = 32;

/**
 * What every request passes before a route sees it: a JSON content type for
 * any body (415; plain text for the one route that takes it), a size limit read from Content-Length before the body is
 * (413), JSON that parses (400), and no NUL or unpaired surrogate in any path
 * segment, query value or JSON string (400 naming the field). Those characters
 * are what PostgreSQL refuses in text and jsonb; refused here, they never
 * reach a query.
 */
export function requestGuards(options: { bodyLimitBytes: number }): MiddlewareHandler {
  const tooLarge = () =>
    new ApiError(
      413,
      'body_too_large',
      `The request body is larger than ${options.bodyLimitBytes} bytes.`,
    );
  const limit = bodyLimit({
    maxSize: options.bodyLimitBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  // Not async where it needs not be: each async layer costs every request a few microseconds.
  return (c, next) => {
    checkUrl(c);
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') {
      return next();
    }
    return guardBody(c, next);
  };

  async function guardBody(c: Context, next: Next): Promise<void> {
    const type = c.req.header('Content-Type');
    const plainText =
      type !== undefined &&
      plainTextType.test(type) &&
      plainTextRoutes.has(`${c.req.method} ${c.req.path}`);
    if (type && !plainText && !jsonType.test(type)) throw unsupportedType();
    const checkBody = async () => {
      const text = await c.req.text();
      if (text.length > 0 && !type) throw unsupportedType();
      if (plainText) {
        if (hasForbiddenCharacters(text)) throw forbiddenCharacters('body');
      } else if (text.trim()) {
        checkJson(parseJson(text));
      }
      await next();
    };
    // A declared length is checked before a byte is read, and Node's parser
    // reads no more than it. Only a body without one (chunked) goes through
    // hono's limit, which counts it as it streams in but asks @hono/node-server
    // for a full Request: 12 % of the endpoint's time per confirm.
    const declared = c.req.header('Content-Length');
    if (declared !== undefined && c.req.header('Transfer-Encoding') === undefined) {
      if (Number.parseInt(declared, 10) > options.bodyLimitBytes) throw tooLarge();
      return checkBody();
    }
    await limit(c, checkBody);
  }
}

function unsupportedType(): ApiError {
  return new ApiError(
    415,
    'unsupported_content_type',
    'Send request bodies as JSON, with Content-Type: application/json.',
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

/** An unpaired UTF-16 surrogate: not a character, and not encodable as UTF-8. */
const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A NUL byte or an unpaired surrogate: no honest client sends one. */
function hasForbiddenCharacters(value: string): boolean {
  return value.includes('\u0000') || unpairedSurrogate.test(value);
}

function forbiddenCharacters(param: string): ApiError {
  return new ApiError(
    400,
    'parameter_invalid',
    `${param} contains a character that is not allowed (a NUL byte or an unpaired surrogate).`,
    { param, rule: 'characters' },
  );
}

/** Path segments, named after the route's parameter where there is one, and query values. */
function checkUrl(c: Context): void {
  const url = new URL(c.req.url);
  const segments = url.pathname.split('/');
  if (segments.some((segment) => segment.includes('%'))) {
    const template = c.req.matchedRoutes.findLast((route) => route.method !== 'ALL')?.path;
    const names = template?.split('/') ?? [];
    segments.forEach((segment, index) => {
      const decoded = decodeSegment(segment);
      if (decoded === null || hasForbiddenCharacters(decoded)) {
        const name = names[index]?.startsWith(':') ? names[index].slice(1).split('{')[0] : null;
        throw forbiddenCharacters(name ?? 'path');
      }
    });
  }
  if (url.search) {
    for (const [key, value] of url.searchParams) {
      if (hasForbiddenCharacters(key)) throw forbiddenCharacters('query');
      if (hasForbiddenCharacters(value)) throw forbiddenCharacters(key);
    }
  }
}

/** null when the segment is not valid percent-encoded UTF-8. */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Every key and string in a JSON value, without recursion, so depth cannot exhaust the stack. */
function checkJson(body: unknown): void {
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value: body, path: [] }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { value, path } = item;
    if (path.length > maxJsonDepth) {
      throw new ApiError(
        400,
        'parameter_invalid',
        `The request body nests deeper than ${maxJsonDepth} levels.`,
        { param: formatPath(path.slice(0, maxJsonDepth)), rule: 'depth' },
      );
    }
    if (typeof value === 'string') {
      if (hasForbiddenCharacters(value)) throw forbiddenCharacters(formatPath(path) || 'body');
    } else if (Array.isArray(value)) {
      for (const [index, element] of value.entries()) {
        pending.push({ value: element, path: [...path, index] });
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [key, element] of Object.entries(value)) {
        if (hasForbiddenCharacters(key)) throw forbiddenCharacters(formatPath(path) || 'body');
        pending.push({ value: element, path: [...path, key] });
      }
    }
  }
}
