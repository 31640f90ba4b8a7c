import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { MemoryStore } from '../../src/server/store/memory-store.js';
import { makeEndpoint } from '../support/endpoint.js';

test('/openapi.json documents every route and matches the committed copy', async () => {
  const endpoint = makeEndpoint(new MemoryStore());
  const reply = await endpoint.call('/openapi.json');
  assert.equal(reply.status, 200);
  const committed = JSON.parse(
    await readFile(new URL('../../openapi.json', import.meta.url), 'utf8'),
  );
  assert.deepEqual(reply.body, committed, 'openapi.json is stale: run `npm run openapi`');
  assert.deepEqual(Object.keys(reply.body.paths).sort(), [
    '/api/v1/checkout',
    '/api/v1/checkout/sessions/{id}',
    '/api/v1/checkout/{id}/cancel',
    '/api/v1/checkout/{id}/expire',
    '/api/v1/checkout/{id}/simulate-payment',
    '/api/v2/checkout-sessions',
    '/api/v2/checkout-sessions/{id}',
    '/api/v3/checkout/sessions',
    '/api/v3/checkout/sessions/{id}',
    '/healthz',
    '/metrics',
    '/readyz',
    '/v1/checkout',
    '/v1/checkout/{id}',
    '/v1/checkout_sessions',
    '/v1/checkout_sessions/{id}',
    '/v1/checkout_sessions/{id}/expire',
    '/v1/client/session',
    '/v1/client/session/cancel',
    '/v1/client/session/challenge',
    '/v1/client/session/confirm',
    '/v1/client/session/crypto/quote',
    '/v1/client/session/crypto/simulate',
    '/v1/client/session/promotion_code',
    '/v1/client/session/update',
    '/v1/prices',
    '/v1/prices/{id}',
    '/v1/products',
    '/v1/products/{id}',
    '/v1/promotion_codes',
    '/v1/promotion_codes/{id}',
    '/v1/subscription_plans',
    '/v1/subscription_plans/{id}',
    '/v1/webhook_events',
  ]);
  const create = reply.body.paths['/v1/checkout_sessions'].post;
  assert.deepEqual(create.security, [{ SecretKeyBasic: [] }]);
  assert.ok(
    create.parameters.some(
      (p: { name: string; required: boolean }) => p.name === 'idempotency-key' && p.required,
    ),
  );
  const schema = reply.body.components.schemas.CreateCheckoutSessionRequest;
  // line_items is optional only for the setup-mode extension; the handler requires it otherwise.
  assert.deepEqual(schema.required.sort(), ['mode']);
  assert.deepEqual(schema.properties.mode.enum, ['payment', 'subscription', 'setup']);
  assert.equal(schema.properties.client_reference_id.maxLength, 200);
  const promotionCode = reply.body.paths['/v1/client/session/promotion_code'];
  assert.ok(promotionCode.post && promotionCode.delete);
  assert.deepEqual(reply.body.paths['/v1/promotion_codes'].post.security, [{ SecretKeyBasic: [] }]);
  const client = reply.body.components.schemas.ClientSession;
  for (const field of ['discount', 'tax', 'shipping_options', 'customer_phone', 'setup_intent']) {
    assert.ok(client.properties[field], `ClientSession documents ${field}`);
  }
});
