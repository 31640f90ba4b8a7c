import type { OpenAPIHono } from '@hono/zod-openapi';

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
type Operation = {
  parameters?: { in?: string }[];
  security?: unknown[];
  responses?: Record<string, { description: string; content?: unknown; headers?: unknown }>;
};

/** What every 429 carries: when to try again, and the limit that refused it. */
const rateLimitHeaders = {
  RetryAfter: {
    description: 'Seconds until the limit lets this client in again.',
    schema: { type: 'integer' as const, minimum: 1 },
  },
  RateLimit: {
    description:
      'The limit that applies, draft-7 form: `limit=<requests>, remaining=<left>, reset=<seconds>`.',
    schema: { type: 'string' as const, examples: ['limit=300, remaining=0, reset=42'] },
  },
  RateLimitPolicy: {
    description: 'The limit as `<requests>;w=<window seconds>`.',
    schema: { type: 'string' as const, examples: ['300;w=60'] },
  },
};

const rateLimitHeaderRefs = {
  'Retry-After': { $ref: '#/components/headers/RetryAfter' },
  RateLimit: { $ref: '#/components/headers/RateLimit' },
  'RateLimit-Policy': { $ref: '#/components/headers/RateLimitPolicy' },
};

const bodyMethods = new Set(['post', 'put', 'patch', 'delete']);

/**
 * The answers any route can give besides its own, added to every operation
 * that lacks them, each with the operation's own error shape (seed 000's
 * routes answer flat errors): the request guards' 400, 413 and 415, the
 * credential's 401, a missing object's 404, the rate limits' 429 and the 500
 * nobody plans for.
 */
export function withCommonResponses(document: Document): Document {
  document.components ??= {};
  document.components.headers = { ...document.components.headers, ...rateLimitHeaders };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, value] of Object.entries(item ?? {})) {
      const operation = value as Operation;
      if (!operation?.responses) continue;
      const responses = operation.responses;
      const errorBody = (Object.entries(responses).find(([status]) => Number(status) >= 400)?.[1]
        ?.content ?? {
        'application/json': { schema: { $ref: '#/components/schemas/Error' } },
      }) as unknown;
      const add = (status: number, description: string) => {
        responses[status] ??= { description, content: errorBody };
      };
      const hasInput =
        bodyMethods.has(method) || path.includes('{') || (operation.parameters?.length ?? 0) > 0;
      if (hasInput) add(400, 'Invalid request');
      if ((operation.security?.length ?? 0) > 0) add(401, 'Not authenticated');
      if (path.includes('{')) add(404, 'No such object');
      if (bodyMethods.has(method)) {
        add(413, 'The request body is larger than the limit (default 1 MiB)');
        add(415, 'The request body is not sent as application/json');
      }
      add(429, 'Too many requests: wait for the seconds in Retry-After');
      responses[429]!.headers ??= rateLimitHeaderRefs;
      add(500, 'Something went wrong on the endpoint; try again');
    }
  }
  return document;
}
