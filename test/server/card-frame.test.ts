/**
 * The card frame's side of the endpoint: the document it serves at
 * `/frames/card` (its headers and policy), and the rule that card data
 * reaches the confirm only from that frame's origin when a browser sends it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { MemoryStore } from '../../src/server/index.js';
import { readConfig, readFrameScript } from '../../src/server/node.js';
import { inlinable } from '../../src/server/routes/card-frame.js';
import { confirmBody, makeEndpoint, origin, validSession } from '../support/endpoint.js';

/** The policy as a map of directive → its sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('GET /frames/card', () => {
  test('serves the frame document with its own strict policy and nothing secret', async () => {
    const endpoint = makeEndpoint(new MemoryStore());
    const reply = await endpoint.call('/frames/card');
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('Content-Type'), 'text/html; charset=UTF-8');
    assert.equal(reply.headers.get('Cache-Control'), 'no-cache');
    assert.equal(reply.headers.get('X-Content-Type-Options'), 'nosniff');
    assert.equal(reply.headers.get('Referrer-Policy'), 'no-referrer');
    // Framing is what the policy's frame-ancestors decides, not an X-Frame-Options deny.
    assert.equal(reply.headers.get('X-Frame-Options'), null);
    const csp = directives(reply.headers.get('Content-Security-Policy') ?? '');
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), ["'self'"]);
    assert.deepEqual(csp.get('connect-src'), ["'self'"]);
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    assert.deepEqual(csp.get('form-action'), ["'none'"]);
    assert.deepEqual(csp.get('frame-ancestors'), ['*']);
    assert.deepEqual(csp.get('require-trusted-types-for'), ["'script'"]);
    assert.deepEqual(csp.get('trusted-types'), ["'none'"]);
    assert.doesNotMatch(reply.headers.get('Content-Security-Policy')!, /unsafe/);
    const html = String(reply.body);
    assert.match(
      html,
      /<script type="module" src="\/assets\/checkout-kit-card-frame\.js"><\/script>/,
    );
    // One script, loaded from a file: nothing inline for the policy to allow.
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.doesNotMatch(html, /<style|\sstyle=|\son\w+=/i);
    assert.doesNotMatch(html, /cs_test_|secret/i);
  });

  test('frameAncestors limits who may embed it; frameScriptUrl on a CDN is the one script allowed', async () => {
    const endpoint = makeEndpoint(new MemoryStore(), {
      frameAncestors: ['https://shop.example', "'self'"],
      frameScriptUrl: 'https://cdn.example/checkout/card-frame.js',
    });
    const reply = await endpoint.call('/frames/card');
    const csp = directives(reply.headers.get('Content-Security-Policy') ?? '');
    assert.deepEqual(csp.get('frame-ancestors'), ['https://shop.example', "'self'"]);
    assert.deepEqual(csp.get('script-src'), ['https://cdn.example']);
    assert.match(String(reply.body), /src="https:\/\/cdn\.example\/checkout\/card-frame\.js"/);
  });

  test('given its script, the document holds it inline, allowed by its hash alone', async () => {
    const script = 'const a = 1 < 2 && "<p>";\ndocument.title = "x" + a;\n';
    const endpoint = makeEndpoint(new MemoryStore(), { frameScript: script });
    const reply = await endpoint.call('/frames/card');
    const html = String(reply.body);
    // The exact text, unescaped: its hash must match what the browser reads.
    assert.ok(html.includes(`<script type="module">${script}</script>`));
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.doesNotMatch(html, /\ssrc=/);
    const hash = createHash('sha256').update(script).digest('base64');
    const csp = directives(reply.headers.get('Content-Security-Policy') ?? '');
    assert.deepEqual(csp.get('script-src'), [`'sha256-${hash}'`]);
    assert.doesNotMatch(reply.headers.get('Content-Security-Policy')!, /unsafe/);
  });

  test('the document goes gzipped to a browser that accepts it, and a revisit holding it gets a 304', async () => {
    const script = `document.title = ${JSON.stringify('card '.repeat(2000))};\n`;
    const endpoint = makeEndpoint(new MemoryStore(), { frameScript: script });
    const plain = await endpoint.app.fetch(new Request(`${origin}/frames/card`));
    assert.equal(plain.headers.get('Content-Encoding'), null);
    assert.equal(plain.headers.get('Vary'), 'Accept-Encoding');
    const html = await plain.text();
    assert.ok(html.includes(script));

    const zipped = await endpoint.app.fetch(
      new Request(`${origin}/frames/card`, { headers: { 'Accept-Encoding': 'br, gzip' } }),
    );
    assert.equal(zipped.status, 200);
    assert.equal(zipped.headers.get('Content-Encoding'), 'gzip');
    const body = Buffer.from(await zipped.arrayBuffer());
    assert.ok(body.length < html.length / 5, `${body.length} bytes gzipped, ${html.length} plain`);
    assert.equal(gunzipSync(body).toString('utf8'), html);
    // The same policy on both: the browser checks the inline script's hash against it.
    assert.equal(
      zipped.headers.get('Content-Security-Policy'),
      plain.headers.get('Content-Security-Policy'),
    );
    const refused = await endpoint.app.fetch(
      new Request(`${origin}/frames/card`, { headers: { 'Accept-Encoding': 'gzip;q=0, br' } }),
    );
    assert.equal(refused.headers.get('Content-Encoding'), null);

    const etag = plain.headers.get('ETag');
    assert.match(etag ?? '', /^"[A-Za-z0-9+/]{27}"$/);
    assert.equal(zipped.headers.get('ETag'), etag);
    const revisit = await endpoint.app.fetch(
      new Request(`${origin}/frames/card`, { headers: { 'If-None-Match': `"old", ${etag}` } }),
    );
    assert.equal(revisit.status, 304);
    assert.equal(await revisit.text(), '');
    assert.equal(
      revisit.headers.get('Content-Security-Policy'),
      plain.headers.get('Content-Security-Policy'),
    );
    const stale = await endpoint.app.fetch(
      new Request(`${origin}/frames/card`, { headers: { 'If-None-Match': '"old"' } }),
    );
    assert.equal(stale.status, 200);

    // Another script, or another policy, is another version of the document.
    const other = makeEndpoint(new MemoryStore(), { frameScript: `${script};` });
    const framed = makeEndpoint(new MemoryStore(), {
      frameScript: script,
      frameAncestors: ['https://shop.example'],
    });
    for (const endpoint of [other, framed]) {
      const reply = await endpoint.call('/frames/card');
      assert.notEqual(reply.headers.get('ETag'), etag);
    }
  });

  test('a script that could close its element early is loaded from frameScriptUrl instead', async () => {
    for (const script of ['x = "</script>";', 'x = "<!--";', 'x = "<SCRIPT>";']) {
      const endpoint = makeEndpoint(new MemoryStore(), { frameScript: script });
      const reply = await endpoint.call('/frames/card');
      assert.match(
        String(reply.body),
        /<script type="module" src="\/assets\/checkout-kit-card-frame\.js">/,
      );
      assert.ok(!String(reply.body).includes(script));
      const csp = directives(reply.headers.get('Content-Security-Policy') ?? '');
      assert.deepEqual(csp.get('script-src'), ["'self'"]);
    }
  });

  test('the Node entry inlines the built frame script', async () => {
    const built = readFrameScript();
    assert.ok(built, 'the script-tag build has the card frame script');
    assert.ok(inlinable(built), 'nothing in the built script stops it being inlined');
  });

  test('CHECKOUT_FRAME_ANCESTORS sets frameAncestors for the Node server, space-separated', async () => {
    const config = readConfig({
      CHECKOUT_FRAME_ANCESTORS: ' https://shop.example  https://*.shop.example ',
    });
    assert.deepEqual(config.frameAncestors, ['https://shop.example', 'https://*.shop.example']);
    assert.equal(readConfig({}).frameAncestors, undefined);
    assert.equal(readConfig({ CHECKOUT_FRAME_ANCESTORS: ' ' }).frameAncestors, undefined);
    const endpoint = makeEndpoint(new MemoryStore(), { frameAncestors: config.frameAncestors! });
    const csp = (await endpoint.call('/frames/card')).headers.get('Content-Security-Policy');
    assert.match(csp ?? '', /frame-ancestors https:\/\/shop\.example https:\/\/\*\.shop\.example;/);
  });

  test('a frameAncestors value that would add a directive is refused at start-up', () => {
    for (const bad of [["https://shop.example; script-src 'unsafe-inline'"], ['a, b'], []]) {
      assert.throws(
        () => makeEndpoint(new MemoryStore(), { frameAncestors: bad }),
        /frameAncestors must list CSP sources/,
        JSON.stringify(bad),
      );
    }
  });

  test('the frame script URL is written as an attribute value, escaped', async () => {
    const endpoint = makeEndpoint(new MemoryStore(), {
      frameScriptUrl: '/assets/card.js"><script>alert(1)</script>',
    });
    const html = String((await endpoint.call('/frames/card')).body);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /&quot;&gt;&lt;script&gt;/);
  });

  test('other paths under /frames/ are the JSON 404', async () => {
    const endpoint = makeEndpoint(new MemoryStore());
    const reply = await endpoint.call('/frames/cvc');
    assert.equal(reply.status, 404);
    assert.equal(reply.body.error.code, 'route_not_found');
  });
});

describe('card data only from the card frame', () => {
  const confirmFrom = async (
    endpoint: ReturnType<typeof makeEndpoint>,
    clientSecret: string,
    headers: Record<string, string>,
  ) =>
    endpoint.client(clientSecret, 'POST', '/confirm', confirmBody(), {
      'Idempotency-Key': 'frame-key',
      ...headers,
    });

  test("the frame's own origin pays", async () => {
    const endpoint = makeEndpoint(new MemoryStore());
    const { body: created } = await endpoint.createSession();
    const reply = await confirmFrom(endpoint, created.client_secret, { Origin: origin });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.session.status, 'complete');
  });

  test("a merchant page's origin is refused before anything is read, and the key stays unused", async () => {
    const endpoint = makeEndpoint(new MemoryStore());
    const { body: created } = await endpoint.createSession();
    const refused = await confirmFrom(endpoint, created.client_secret, {
      Origin: 'https://shop.example',
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'card_frame_required');
    assert.match(refused.body.error.message, /card frame/);
    assert.deepEqual(await endpoint.store.listPayments(created.id), []);
    // The same key still pays from the frame: the refused request claimed nothing.
    const paid = await confirmFrom(endpoint, created.client_secret, { Origin: origin });
    assert.equal(paid.status, 200);
    assert.equal(paid.headers.get('Idempotent-Replayed'), null);
  });

  test('a server (no Origin) may confirm directly; behind a proxy, the public origin counts as the frame', async () => {
    const endpoint = makeEndpoint(new MemoryStore(), { publicUrl: 'https://pay.example/checkout' });
    const { body: direct } = await endpoint.createSession();
    assert.equal((await confirmFrom(endpoint, direct.client_secret, {})).status, 200);
    const { body: proxied } = await endpoint.createSession();
    const reply = await confirmFrom(endpoint, proxied.client_secret, {
      Origin: 'https://pay.example',
    });
    assert.equal(reply.status, 200);
  });

  test('the challenge carries no card data and is open to the page', async () => {
    const endpoint = makeEndpoint(new MemoryStore());
    const { body: created } = await endpoint.createSession();
    const started = await endpoint.client(
      created.client_secret,
      'POST',
      '/confirm',
      confirmBody({ number: '4000002500003155' }),
      { 'Idempotency-Key': crypto.randomUUID(), Origin: origin },
    );
    const approved = await endpoint.client(
      created.client_secret,
      'POST',
      '/challenge',
      { payment: started.body.session.payment.id, outcome: 'approve' },
      { Origin: 'https://shop.example' },
    );
    assert.equal(approved.status, 200);
    assert.equal(approved.body.session.status, 'complete');
  });
});

describe('the billing postal code with the card', () => {
  const withPostalCode = { payment_method_options: { card: { postal_code: 'required' } } };

  /** A confirm whose billing details carry `postalCode`, as the card frame sends it. */
  const withPostalCodeOf = (
    endpoint: ReturnType<typeof makeEndpoint>,
    clientSecret: string,
    postalCode: string,
  ) => {
    const body = confirmBody();
    const billing = { ...body.payment_method.billing_details, postal_code: postalCode };
    const request = {
      ...body,
      payment_method: { ...body.payment_method, billing_details: billing },
    };
    return endpoint.client(clientSecret, 'POST', '/confirm', request, {
      'Idempotency-Key': crypto.randomUUID(),
    });
  };

  test("the session asks for it when created with payment_method_options.card.postal_code 'required'", async () => {
    const endpoint = makeEndpoint(new MemoryStore());
    const { body: plain } = await endpoint.createSession();
    const { body: asking } = await endpoint.createSession(withPostalCode);
    assert.equal(
      (await endpoint.client(plain.client_secret, 'GET', '')).body.card_postal_code,
      'none',
    );
    assert.equal(
      (await endpoint.client(asking.client_secret, 'GET', '')).body.card_postal_code,
      'required',
    );
    const bad = await endpoint.merchant('POST', '/v1/checkout_sessions', {
      ...validSession(),
      payment_method_options: { card: { postal_code: 'sometimes' } },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'payment_method_options.card.postal_code');
  });

  test('a confirm without it is refused by the field; with it, the processor gets it', async () => {
    const seen: Array<string | null> = [];
    const endpoint = makeEndpoint(new MemoryStore(), {
      processor: {
        async authorize(request) {
          seen.push(request.billingDetails.postalCode);
          return { status: 'approved' };
        },
      },
    });
    const { body: created } = await endpoint.createSession(withPostalCode);
    const missing = await endpoint.confirm(created.client_secret);
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 'postal_code_required');
    assert.equal(missing.body.error.param, 'payment_method.billing_details.postal_code');
    const odd = await withPostalCodeOf(endpoint, created.client_secret, '<b>');
    assert.equal(odd.status, 400);
    assert.equal(odd.body.error.param, 'payment_method.billing_details.postal_code');
    assert.deepEqual(seen, []);
    const paid = await withPostalCodeOf(endpoint, created.client_secret, 'SW1A 1AA');
    assert.equal(paid.status, 200);
    assert.deepEqual(seen, ['SW1A 1AA']);
  });
});
