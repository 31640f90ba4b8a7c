import type { OpenAPIHono } from '@hono/zod-openapi';
import type { EndpointContext } from '../context.js';

// Placeholder: filled in by its own change.
export function registerCryptoCheckout(_app: OpenAPIHono, _context: EndpointContext): void {}
