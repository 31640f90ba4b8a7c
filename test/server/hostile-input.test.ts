import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, mock, test } from 'node:test';
import { serve } from '@hono/node-server';
import { createCheckoutApp } from '../../src/server/app.js';
import { readConfig, startServer } from '../../src/server/node.js';
import type { CheckoutStore } from '../../src/server/store/store.js';
import { makeEndpoint, openStore, secretKey } from '../support/endpoint.js';
import { seededDataDir } from '../support/pglite.js';

/** What an attacker or a broken client sent, and the clear 4xx each must get. */

const basic = `Basic ${btoa(`${secretKey}:`)}`;
const cart = (extra: Record<string, unknown> = {}) => ({
  mode: 'payment',
  ui_mode: 'embedded',
  line_items: [
    {
      quantity: 1,
      price_data: { currency: 'usd', product: 'Mug', unit_amount: 1800 },
    },
  ],
  ...extra,
});

describe('characters no database takes (on PGlite, where they used to reach SQL)', () => {
  let store: CheckoutStore;
  let endpoint: ReturnType<typeof makeEndpoint>;
  before(async () => {
    store = await openStore('pglite');
    endpoint = makeEndpoint(store);
  });
  after(() => store.close());

  const characterError = (param: string) => ({
    error: {
      type: 'invalid_request_error',
      code: 'parameter_invalid',
      param,
      rule: 'characters',
      message: `${param} contains a character that is not allowed (a NUL byte or an unpaired surrogate).`,
    },
  });

  test('a NUL in a path id is a 400 naming the id', async () => {
    const reply = await endpoint.merchant('GET', '/v1/checkout_sessions/%00');
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body, characterError('id'));
  });

  test('a NUL in a query value is a 400 naming the parameter', async () => {
    const reply = await endpoint.merchant('GET', '/v1/promotion_codes?code=%00');
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body, characterError('code'));
  });

  test('a NUL in a product name and a lone surrogate in metadata are 400s naming the field', async () => {
    const named = cart();
    named.line_items[0]!.price_data.product = 'a\u0000b';
    const nul = await endpoint.merchant('POST', '/v1/checkout_sessions', named);
    assert.equal(nul.status, 400);
    assert.deepEqual(nul.body, characterError('line_items[0].price_data.product'));

    // JSON.stringify writes a lone surrogate as the escape \ud800, as an attacker would.
    const surrogate = await endpoint.merchant(
      'POST',
      '/v1/checkout_sessions',
      cart({ metadata: { note: '\ud800' } }),
    );
    assert.equal(surrogate.status, 400);
    assert.deepEqual(surrogate.body, characterError('metadata.note'));

    // A pair is a character like any other.
    const emoji = await endpoint.merchant(
      'POST',
      '/v1/checkout_sessions',
      cart({ metadata: { note: 'mug \ud83c\udf75' } }),
    );
    assert.equal(emoji.status, 200, JSON.stringify(emoji.body));
    assert.equal(emoji.body.metadata.note, 'mug 🍵');
  });

  test('a body nested deeper than anything real is a 400, not a stack overflow', async () => {
    const reply = await endpoint.merchant(
      'POST',
      '/v1/checkout_sessions',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    );
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.rule, 'depth');
  });
});

describe('content types, sizes and unknown paths', () => {
  const endpoint = makeEndpoint(null as unknown as CheckoutStore);

  test('a body in another or no content type is a 415 in the JSON error shape, on every API', async () => {
    for (const [path, type] of [
      ['/api/v2/checkout-sessions', 'text/plain'],
      ['/v1/checkout_sessions', ''],
      ['/v1/client/session/update', 'application/x-www-form-urlencoded'],
      ['/api/v3/checkout/sessions', undefined],
    ] as const) {
      const reply = await endpoint.call(path, {
        method: 'POST',
        headers: { Authorization: basic, ...(type === undefined ? {} : { 'Content-Type': type }) },
        body: '{}',
      });
      assert.equal(reply.status, 415, `${path} with ${type}`);
      assert.equal(reply.body.error.code, 'unsupported_content_type');
    }
    // Seed 000 answers its own flat shape.
    const flat = await endpoint.call('/v1/checkout', {
      method: 'POST',
      headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    assert.equal(flat.status, 415);
    assert.equal(flat.body.error, 'unsupported_content_type');
  });

  test('a body over the configured limit is a 413', async () => {
    const small = makeEndpoint(null as unknown as CheckoutStore, { bodyLimitBytes: 100 });
    const reply = await small.call('/v1/checkout_sessions', {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'application/json' },
      body: JSON.stringify({ mode: 'payment', metadata: { note: 'x'.repeat(200) } }),
    });
    assert.equal(reply.status, 413);
    assert.equal(reply.body.error.code, 'body_too_large');
    assert.match(reply.body.error.message, /100 bytes/);
  });

  test('an unknown path is the JSON 404', async () => {
    const reply = await endpoint.call('/no/such/route');
    assert.equal(reply.status, 404);
    assert.match(reply.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(reply.body.error.code, 'route_not_found');
  });
});

describe('the OpenAPI document', () => {
  test('lists every status the guards and limits can answer, on every operation', async () => {
    const { body } = await makeEndpoint(null as unknown as CheckoutStore).call('/openapi.json');
    const missing: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(body.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        const wanted = ['429', '500'];
        if (method === 'post') wanted.push('400', '413', '415');
        if (path.includes('{')) wanted.push('400', '404');
        if (operation.security?.length) wanted.push('401');
        for (const status of wanted) {
          if (!operation.responses[status]) missing.push(`${method} ${path} ${status}`);
        }
      }
    }
    assert.deepEqual(missing, []);
  });

  test('is built once, not on every request', async () => {
    const app = createCheckoutApp({ store: null as unknown as CheckoutStore, secretKey });
    const build = mock.method(app, 'getOpenAPI31Document');
    const bodies = new Set<string>();
    for (let i = 0; i < 3; i++) {
      bodies.add(await (await app.fetch(new Request('http://x/openapi.json'))).text());
    }
    assert.equal(build.mock.callCount(), 1);
    assert.equal(bodies.size, 1);
  });
});

describe('over real HTTP', () => {
  let url: URL;
  let server: ReturnType<typeof serve>;
  before(async () => {
    const app = createCheckoutApp({ store: null as unknown as CheckoutStore, secretKey });
    await new Promise<void>((ready) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        url = new URL(`http://127.0.0.1:${info.port}`);
        ready();
      });
    });
  });
  after(() => new Promise<void>((done) => server.close(() => done())));

  test('a body announced over the limit is answered 413 before it is sent', async () => {
    // Headers for a 50 MB body, and not one byte of it: the answer must come anyway.
    const socket = connect(Number(url.port), '127.0.0.1');
    const answer = new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
        if (text.includes('\r\n\r\n')) resolve(text);
      });
      socket.on('error', reject);
    });
    socket.write(
      [
        'POST /v1/checkout_sessions HTTP/1.1',
        `Host: ${url.host}`,
        `Authorization: ${basic}`,
        'Content-Type: application/json',
        `Content-Length: ${50 * 1024 * 1024}`,
        '',
        '',
      ].join('\r\n'),
    );
    const head = await answer;
    socket.destroy();
    assert.match(head, /^HTTP\/1\.1 413 /);
  });
});

describe('the Node entry', () => {
  test('CHECKOUT_BODY_LIMIT_BYTES sets the limit; a bad value is refused with the range', () => {
    assert.equal(readConfig({ CHECKOUT_BODY_LIMIT_BYTES: '2048' }).bodyLimitBytes, 2048);
    assert.equal(readConfig({}).bodyLimitBytes, undefined);
    for (const bad of ['12', '2048.5', 'lots', String(200 * 1024 * 1024)]) {
      assert.throws(
        () => readConfig({ CHECKOUT_BODY_LIMIT_BYTES: bad }),
        /CHECKOUT_BODY_LIMIT_BYTES must be a whole number of bytes from 1024/,
      );
    }
  });

  test('unknown paths and missing assets answer the JSON 404; every answer is nosniff, HSTS behind https', async () => {
    const dataDir = await seededDataDir('checkout-kit-guards-');
    const server = await startServer(
      readConfig({
        PORT: '0',
        CHECKOUT_LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        CHECKOUT_DATA_DIR: dataDir.path,
        CHECKOUT_PUBLIC_URL: 'https://pay.example',
        CHECKOUT_BODY_LIMIT_BYTES: '2048',
      }),
    );
    try {
      for (const path of ['/nope', '/assets/missing.js', '/assets/..%2Fpackage.json']) {
        const response = await fetch(`${server.url}${path}`);
        assert.equal(response.status, 404, path);
        assert.match(response.headers.get('content-type') ?? '', /^application\/json/, path);
        assert.equal((await response.json()).error.code, 'route_not_found', path);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
        assert.equal(response.headers.get('strict-transport-security'), 'max-age=31536000');
      }
      const big = await fetch(`${server.url}/v1/checkout_sessions`, {
        method: 'POST',
        headers: { Authorization: basic, 'Content-Type': 'application/json' },
        body: JSON.stringify({ mode: 'payment', metadata: { note: 'x'.repeat(3000) } }),
      });
      assert.equal(big.status, 413, 'the configured limit applies');
    } finally {
      await server.close();
      await dataDir.remove();
    }
  });
});
