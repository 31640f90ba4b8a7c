/**
 * One demo page per seed API: the demo's server sends that API's documented
 * example request (placeholders filled in) to our endpoint with the API's own
 * authentication, and the page pays the session it created through the kit.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { type SeedExample, seedExamples } from './seed-examples.js';

/** The examples as the demo sends them: its own URLs, customer and references. */
function demoSeedExamples(origin: string): SeedExample[] {
  return seedExamples({
    name: 'demo',
    successUrl: `${origin}/demo/success.html`,
    cancelUrl: (seed) => `${origin}/demo/seeds/${seed}`,
    imageUrl: `${origin}/demo/images/pour-over.svg`,
  });
}

/** Hides the client secret's random part in what the page shows: it is a credential. */
function redactSecrets(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, field) =>
      key === 'client_secret' && typeof field === 'string'
        ? field.replace(/_secret_.*/, '_secret_…')
        : field,
    ),
  );
}

export function mountSeedDemos(
  app: Hono,
  options: {
    secretKey: string;
    publicDir: string;
    /** The demo's page headers (its strict CSP). */
    headers: Record<string, string>;
    /** Readies what the examples refer to (the demo promotion code). */
    beforeCreate: (origin: string) => Promise<void>;
  },
): void {
  const { secretKey, publicDir, headers, beforeCreate } = options;
  const authorization = (auth: SeedExample['auth']) =>
    auth === 'bearer' ? `Bearer ${secretKey}` : `Basic ${btoa(`${secretKey}:`)}`;

  app.post('/demo/seeds/:seed/session', async (c) => {
    const origin = new URL(c.req.url).origin;
    const example = demoSeedExamples(origin).find(
      (candidate) => candidate.seed === c.req.param('seed'),
    );
    if (!example) return c.json({ error: 'No such seed.' }, 404);
    await beforeCreate(origin);
    const response = await fetch(`${origin}${example.path}`, {
      method: example.method,
      headers: {
        Authorization: authorization(example.auth),
        'Content-Type': 'application/json',
        ...example.headers,
      },
      body: JSON.stringify(example.body),
    });
    const body = (await response.json()) as { client_secret?: string };
    return c.json({
      title: example.title,
      request: { method: example.method, path: example.path, body: example.body },
      status: response.status,
      response: redactSecrets(body),
      client_secret: response.ok ? body.client_secret : null,
    });
  });

  app.get('/demo/seeds/:seed{[0-9]{3}}', async (c) => {
    const html = await readFile(join(publicDir, 'seed.html'), 'utf8');
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    return c.html(html);
  });
}
