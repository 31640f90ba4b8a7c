import type { OpenAPIHono } from '@hono/zod-openapi';

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
type Operation = {
  parameters?: { in?: string }[];
  security?: unknown[];
  responses?: Record<string, { description: string; content?: unknown }>;
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
      add(500, 'Something went wrong on the endpoint; try again');
    }
  }
  return document;
}
