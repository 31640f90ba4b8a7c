import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryStore } from '../../src/server/store/memory-store.js';
import { makeEndpoint, type StoreKind } from '../support/endpoint.js';
import { answerChecker, fuzz } from '../support/fuzz.js';

/**
 * The OpenAPI-driven fuzzer (test/support/fuzz.ts) at the size `npm test`
 * affords, on both stores: PGlite is where NUL bytes and lone surrogates
 * would reach SQL. `npm run fuzz` runs it longer, with a new seed each time.
 */

const seed = 20_261_121;
/** Per store, 2,000 in all; whole rounds of one request per operation, so a little more. */
const runs = 1_000;

for (const store of ['memory', 'pglite'] as StoreKind[]) {
  test(`fuzzing every documented operation answers in time, below 500 and as documented (${store} store)`, {
    timeout: 120_000,
  }, async () => {
    const report = await fuzz({ runs, seed, store });
    const repeat = `seed ${seed}; repeat with: npx tsx scripts/fuzz.ts --runs ${runs} --seed ${seed} --store ${store}`;
    assert.ok(report.requests >= runs, `${report.requests} requests`);
    for (const [operation, counts] of Object.entries(report.byOperation)) {
      assert.ok(counts.requests > 0, `${operation} was never requested (${repeat})`);
    }
    assert.deepEqual(
      report.unexercised,
      [],
      `no request got past authentication on these operations (${repeat})`,
    );
    assert.equal(report.failures, 0, `${report.text}\n${repeat}`);
  });
}

describe("the fuzzer's check of an answer", () => {
  const error = { error: { type: 'invalid_request_error', code: 'fuzz', message: 'Refused.' } };
  const answer = (status: number, body: unknown, type = 'application/json') =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': type },
    });

  // A harness that passes everything would pass a broken endpoint too.
  test('refuses what the document does not say, and passes what it does', async () => {
    const document = (await makeEndpoint(new MemoryStore()).call('/openapi.json')).body;
    const check = answerChecker(document);
    const create = 'POST /v1/checkout_sessions';
    assert.equal(await check(create, answer(400, error)), null);
    assert.match((await check(create, answer(500, error)))!, /^answered 500/);
    assert.match((await check(create, answer(418, error)))!, /does not document/);
    assert.match((await check(create, answer(400, { error: 'flat' })))!, /does not match/);
    assert.match((await check(create, answer(400, '{')))!, /not JSON/);
    assert.match((await check(create, answer(400, '<p>', 'text/html')))!, /came as 'text\/html'/);
    assert.match((await check('GET /v1/products/{id}', answer(200, { id: 1 })))!, /does not match/);
  });
});
