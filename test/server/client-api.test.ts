import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CheckoutStore } from '../../src/server/store/store.js';
import {
  confirmBody,
  type Endpoint,
  makeEndpoint,
  openStore,
  recordingVoids,
  type StoreKind,
} from '../support/endpoint.js';

/**
 * The client API and the session lifecycle, against the real handler over
 * each store implementation.
 */

for (const kind of ['memory', 'pglite'] as StoreKind[]) {
  describe(`client API (${kind} store)`, () => {
    let store: CheckoutStore;
    let endpoint: Endpoint;
    before(async () => {
      store = await openStore(kind);
      endpoint = makeEndpoint(store);
    });
    after(() => store.close());

    const open = async (overrides: Record<string, unknown> = {}) => {
      const { body } = await endpoint.createSession(overrides);
      return body as { id: string; client_secret: string };
    };

    describe('reading the session', () => {
      test('needs the client secret in the Authorization header', async () => {
        const none = await endpoint.call('/v1/client/session');
        assert.equal(none.status, 401);
        assert.equal(none.body.error.code, 'client_secret_missing');
        const wrong = await endpoint.client('cs_test_x_secret_y', 'GET', '');
        assert.equal(wrong.status, 401);
        assert.equal(wrong.body.error.code, 'client_secret_invalid');
      });

      test('reads the session with the client secret as a plain-text body, needing no preflight', async () => {
        const session = await open();
        const read = (body: string, type = 'text/plain;charset=UTF-8') =>
          endpoint.call('/v1/client/session', {
            method: 'POST',
            // As a browser sends it over the network.
            headers: {
              'Content-Type': type,
              'Content-Length': String(Buffer.byteLength(body)),
              Origin: 'https://shop.example',
            },
            body,
          });
        const reply = await read(`${session.client_secret}\n`);
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.equal(reply.body.id, session.id);
        assert.equal(reply.headers.get('Access-Control-Allow-Origin'), '*');
        const byHeader = await endpoint.client(session.client_secret, 'GET', '');
        assert.deepEqual(reply.body, byHeader.body);

        const empty = await read('');
        assert.equal(empty.status, 401);
        assert.equal(empty.body.error.code, 'client_secret_missing');
        assert.match(empty.body.error.message, /plain-text body/);
        const wrong = await read('cs_test_x_secret_y');
        assert.equal(wrong.status, 401);
        assert.equal(wrong.body.error.code, 'client_secret_invalid');
        const huge = await read('x'.repeat(5000));
        assert.equal(huge.status, 413);
        assert.equal(huge.body.error.code, 'body_too_large');
        // Without a Content-Length (a chunked body, a Request made in a service worker) too.
        const unmeasured = await endpoint.call('/v1/client/session', {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
          body: session.client_secret,
        });
        assert.equal(unmeasured.status, 200);
        const unmeasuredHuge = await endpoint.call('/v1/client/session', {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
          body: 'x'.repeat(5000),
        });
        assert.equal(unmeasuredHuge.status, 413);
        // Plain text is taken on this route only; the others still want JSON.
        const update = await endpoint.call('/v1/client/session/update', {
          method: 'POST',
          headers: {
            'Content-Type': 'text/plain',
            Authorization: `Bearer ${session.client_secret}`,
          },
          body: '{}',
        });
        assert.equal(update.status, 415);
      });

      test('preflights for the calls after the read are cached for a day', async () => {
        const reply = await endpoint.call('/v1/client/session/update', {
          method: 'OPTIONS',
          headers: {
            Origin: 'https://shop.example',
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'authorization, content-type',
          },
        });
        assert.equal(reply.headers.get('Access-Control-Max-Age'), '86400');
      });

      test('the client view has the amounts and no merchant-only data', async () => {
        const session = await open({
          customer_email: 'ada@example.com',
          success_url: 'https://shop.example/ok?s={CHECKOUT_SESSION_ID}',
        });
        const reply = await endpoint.client(session.client_secret, 'GET', '');
        assert.equal(reply.status, 200);
        const view = reply.body;
        assert.equal(view.id, session.id);
        assert.equal(view.amount_total, 2800);
        assert.equal(view.line_items.length, 2);
        assert.deepEqual(
          view.line_items.map((line: any) => [
            line.name,
            line.quantity,
            line.unit_amount,
            line.amount_total,
          ]),
          [
            ['Notebook', 2, 1250, 2500],
            ['Pen', 1, 300, 300],
          ],
        );
        assert.equal(view.customer_email, 'ada@example.com');
        assert.equal(view.success_url, `https://shop.example/ok?s=${session.id}`);
        const text = JSON.stringify(view);
        for (const secret of [
          'metadata',
          '6735',
          'order-6735',
          'client_reference_id',
          session.client_secret,
          'payment_intent_data',
        ]) {
          assert.ok(!text.includes(secret), `client view leaks ${secret}`);
        }
      });

      test('answers CORS preflights from any origin, without credentials', async () => {
        const reply = await endpoint.call('/v1/client/session/confirm', {
          method: 'OPTIONS',
          headers: {
            Origin: 'https://shop.example',
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
          },
        });
        assert.equal(reply.status, 204);
        assert.equal(reply.headers.get('Access-Control-Allow-Origin'), '*');
        assert.match(reply.headers.get('Access-Control-Allow-Headers') ?? '', /Idempotency-Key/);
        assert.equal(reply.headers.get('Access-Control-Allow-Credentials'), null);
      });
    });

    describe('reading the session again', () => {
      /** The store under `endpoint`, telling which reads by client secret found their session unchanged. */
      function watchedStore() {
        const answers: string[] = [];
        const watched = new Proxy(store, {
          get(target, property) {
            const value = Reflect.get(target, property);
            if (typeof value !== 'function') return value;
            if (property !== 'findChangedSessionByClientSecret') return value.bind(target);
            return async (secret: string, known: number) => {
              const found = await value.call(target, secret, known);
              answers.push(found === 'unchanged' ? 'unchanged' : 'read');
              return found;
            };
          },
        });
        return { watched, answers };
      }

      test('answers the held view while the store still has its version, without its data', async () => {
        const { watched, answers } = watchedStore();
        const reader = makeEndpoint(watched);
        reader.clock.ms = endpoint.clock.ms;
        const session = await open();
        const first = await reader.client(session.client_secret, 'GET', '');
        const again = await reader.client(session.client_secret, 'GET', '');
        assert.equal(again.status, 200);
        assert.deepEqual(again.body, first.body);
        assert.match(again.headers.get('Vary') ?? '', /Accept-Language/);
        assert.match(again.headers.get('Content-Type') ?? '', /^application\/json/);
        assert.deepEqual(answers, ['unchanged']);
      });

      test('answers what another process on the same store wrote since', async () => {
        const reader = makeEndpoint(store);
        reader.clock.ms = endpoint.clock.ms;
        const session = await open();
        assert.equal(
          (await reader.client(session.client_secret, 'GET', '')).body.customer_email,
          null,
        );
        const updated = await endpoint.client(session.client_secret, 'POST', '/update', {
          email: 'buyer@example.com',
        });
        assert.equal(updated.status, 200, JSON.stringify(updated.body));
        const read = await reader.client(session.client_secret, 'GET', '');
        assert.equal(read.body.customer_email, 'buyer@example.com');
        await endpoint.merchant('POST', `/v1/checkout_sessions/${session.id}/expire`);
        assert.equal(
          (await reader.client(session.client_secret, 'GET', '')).body.status,
          'expired',
        );
      });

      test("each page's language gets its own amounts, read again or not", async () => {
        const session = await open({
          line_items: [
            { quantity: 2, price_data: { currency: 'eur', product: 'Tea', unit_amount: 1250 } },
          ],
        });
        const read = (language: string) =>
          endpoint.client(session.client_secret, 'GET', '', undefined, {
            'Accept-Language': language,
          });
        const first = { de: await read('de'), en: await read('en') };
        for (const language of ['en', 'de', 'de, en;q=0.5', 'tlh'] as const) {
          const again = await read(language);
          const expected = language.startsWith('de') ? first.de : first.en; // tlh: not spoken, so English
          assert.deepEqual(again.body, expected.body, language);
        }
        assert.notEqual(
          first.de.body.formatted_amounts.amounts['2500'],
          first.en.body.formatted_amounts.amounts['2500'],
        );
      });
    });

    describe('amounts formatted for the first render', () => {
      test("every amount shown, in the session's locale or else the browser's", async () => {
        const session = await open({
          line_items: [
            { quantity: 3, price_data: { currency: 'eur', product: 'Tea', unit_amount: 1250 } },
          ],
        });
        const read = (language?: string) =>
          endpoint.client(
            session.client_secret,
            'GET',
            '',
            undefined,
            language === undefined ? {} : { 'Accept-Language': language },
          );
        const german = await read('de-CH, fr;q=0.8');
        assert.equal(german.status, 200);
        assert.match(german.headers.get('Vary') ?? '', /Accept-Language/);
        const { locale, amounts } = german.body.formatted_amounts;
        assert.equal(locale, 'de-CH');
        const money = (amount: number) =>
          new Intl.NumberFormat('de-CH', { style: 'currency', currency: 'EUR' }).format(
            amount / 100,
          );
        assert.equal(amounts['1250'], money(1250), 'the unit amount');
        assert.equal(amounts['3750'], money(3750), 'the line and the total');
        assert.equal(amounts[String(german.body.amount_total)], money(german.body.amount_total));
        // By weight, then order; languages the kit does not speak are passed over.
        assert.equal(
          (await read('xx, sv;q=0.2, fr-CA;q=0.9')).body.formatted_amounts.locale,
          'fr-CA',
        );
        assert.equal((await read()).body.formatted_amounts.locale, 'en');
        assert.equal((await read('*, tlh')).body.formatted_amounts.locale, 'en');
        assert.equal((await read('x'.repeat(4000))).body.formatted_amounts.locale, 'en');

        const fixed = await open({ locale: 'ja' });
        const japanese = await endpoint.client(fixed.client_secret, 'GET', '', undefined, {
          'Accept-Language': 'de',
        });
        assert.equal(japanese.body.formatted_amounts.locale, 'ja', "the session's locale first");
      });

      test("the page's own locale (?locale=) comes before the session's and the browser's", async () => {
        const fixed = await open({ locale: 'ja' });
        const headers = { 'Accept-Language': 'de' };
        const swiss = await endpoint.client(
          fixed.client_secret,
          'GET',
          '?locale=fr-CH',
          undefined,
          headers,
        );
        assert.equal(swiss.status, 200, JSON.stringify(swiss.body));
        assert.equal(swiss.body.formatted_amounts.locale, 'fr-CH');
        const total = swiss.body.amount_total;
        assert.equal(
          swiss.body.formatted_amounts.amounts[String(total)],
          new Intl.NumberFormat('fr-CH', { style: 'currency', currency: 'USD' }).format(
            total / 100,
          ),
        );
        // The preflight-free read, as the kit's script sends it.
        const posted = await endpoint.call('/v1/client/session?locale=sv', {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers },
          body: fixed.client_secret,
        });
        assert.equal(posted.body.formatted_amounts.locale, 'sv');
        // A language the kit does not speak falls through to the next choice.
        const unspoken = await endpoint.client(
          fixed.client_secret,
          'GET',
          '?locale=tlh',
          undefined,
          headers,
        );
        assert.equal(unspoken.body.formatted_amounts.locale, 'ja');
        // And the writes' answers follow it too.
        const updated = await endpoint.client(
          fixed.client_secret,
          'POST',
          '/update?locale=pl',
          { email: 'buyer@example.com' },
          headers,
        );
        assert.equal(updated.status, 200, JSON.stringify(updated.body));
        assert.equal(updated.body.formatted_amounts.locale, 'pl');
      });

      test('a locale that is not a language tag is a 400 naming it', async () => {
        const session = await open();
        for (const bad of ['', 'not a tag', 'fr_FR_', 'x'.repeat(36)]) {
          const reply = await endpoint.client(
            session.client_secret,
            'GET',
            `?locale=${encodeURIComponent(bad)}`,
          );
          assert.equal(reply.status, 400, bad);
          assert.equal(reply.body.error.code, 'parameter_invalid');
          assert.equal(reply.body.error.param, 'locale');
        }
      });

      test('the updates answer with them too', async () => {
        const session = await open();
        const updated = await endpoint.client(
          session.client_secret,
          'POST',
          '/update',
          { email: 'buyer@example.com' },
          { 'Accept-Language': 'fr' },
        );
        assert.equal(updated.status, 200, JSON.stringify(updated.body));
        assert.equal(updated.body.formatted_amounts.locale, 'fr');
        assert.ok(updated.body.formatted_amounts.amounts[String(updated.body.amount_total)]);
      });
    });

    describe('test cards', () => {
      for (const [number, cvc] of [
        ['4242424242424242', '123'],
        ['5555555555554444', '123'],
        ['378282246310005', '1234'],
      ]) {
        test(`${number} succeeds and completes the session`, async () => {
          const session = await open();
          const reply = await endpoint.confirm(session.client_secret, { number, cvc });
          assert.equal(reply.status, 200, JSON.stringify(reply.body));
          assert.equal(reply.body.session.status, 'complete');
          assert.equal(reply.body.session.payment_status, 'paid');
          assert.equal(reply.body.session.payment.status, 'succeeded');
          assert.equal(reply.body.session.payment.last4, number.slice(-4));
          const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
          assert.equal(merchant.body.status, 'complete');
          assert.equal(merchant.body.payment_status, 'paid');
          assert.match(merchant.body.payment_intent, /^pi_test_/);
          assert.equal(merchant.body.customer_details.email, 'ada@example.com');
          assert.equal(merchant.body.customer_details.name, 'Ada Lovelace');
        });
      }

      for (const [number, code, declineCode] of [
        ['4000000000000002', 'card_declined', 'generic_decline'],
        ['4000000000009995', 'card_declined', 'insufficient_funds'],
        ['4000000000000069', 'expired_card', 'expired_card'],
        ['4000000000000127', 'incorrect_cvc', 'incorrect_cvc'],
      ]) {
        test(`${number} is declined with ${declineCode} and the session stays open`, async () => {
          const session = await open();
          const reply = await endpoint.confirm(session.client_secret, { number });
          assert.equal(reply.status, 402);
          assert.equal(reply.body.error.type, 'card_error');
          assert.equal(reply.body.error.code, code);
          assert.equal(reply.body.error.decline_code, declineCode);
          assert.equal(reply.body.session.status, 'open');
          assert.equal(reply.body.session.payment.status, 'failed');
          const retry = await endpoint.confirm(session.client_secret);
          assert.equal(retry.status, 200);
          assert.equal(retry.body.session.status, 'complete');
        });
      }

      test('4000000000000119 is a retryable processing error', async () => {
        const session = await open();
        const reply = await endpoint.confirm(session.client_secret, { number: '4000000000000119' });
        assert.equal(reply.status, 402);
        assert.equal(reply.body.error.code, 'processing_error');
        assert.equal(reply.body.error.retryable, true);
        assert.equal(reply.body.session.status, 'open');
      });

      test('a well-formed card outside the test table is declined in test mode', async () => {
        const session = await open();
        const reply = await endpoint.confirm(session.client_secret, { number: '4111111111111111' });
        assert.equal(reply.status, 402);
        assert.equal(reply.body.error.decline_code, 'test_mode_live_card');
      });

      test('malformed card details are refused before any charge', async () => {
        const session = await open();
        for (const [card, code] of [
          [{ number: '4242424242424241' }, 'incorrect_number'],
          [{ exp_year: 2020 }, 'invalid_expiry_year'],
          [{ cvc: '12' }, 'invalid_cvc'],
          [{ number: '378282246310005', cvc: '123' }, 'invalid_cvc'],
        ] as const) {
          const reply = await endpoint.confirm(session.client_secret, card);
          assert.equal(reply.status, 402, code);
          assert.equal(reply.body.error.code, code);
        }
        const payments = await store.listPayments(session.id);
        assert.equal(payments.length, 0);
        assert.equal((await endpoint.confirm(session.client_secret)).status, 200);
      });

      test('a confirm body is validated field by field, and a total cannot be sent', async () => {
        const session = await open();
        const noEmail = await endpoint.client(
          session.client_secret,
          'POST',
          '/confirm',
          { ...confirmBody(), email: 'nope' },
          { 'Idempotency-Key': 'a' },
        );
        assert.equal(noEmail.status, 400);
        assert.equal(noEmail.body.error.param, 'email');
        const withTotal = await endpoint.confirm(session.client_secret, {}, crypto.randomUUID(), {
          amount_total: 1,
        });
        assert.equal(withTotal.status, 400);
        assert.equal(withTotal.body.error.code, 'parameter_unknown');
        const noKey = await endpoint.client(
          session.client_secret,
          'POST',
          '/confirm',
          confirmBody(),
        );
        assert.equal(noKey.status, 400);
        assert.equal(noKey.body.error.code, 'idempotency_key_missing');
      });

      test('a session that requires a billing address refuses a confirm without one', async () => {
        const session = await open({ billing_address_collection: 'required' });
        const reply = await endpoint.confirm(session.client_secret);
        assert.equal(reply.status, 400);
        assert.equal(reply.body.error.param, 'payment_method.billing_details.address.country');
        const unknown = confirmBody();
        (unknown.payment_method.billing_details as any).address = { country: 'XX' };
        const refused = await endpoint.client(session.client_secret, 'POST', '/confirm', unknown, {
          'Idempotency-Key': 'bad-country',
        });
        assert.equal(refused.status, 400);
        assert.equal(refused.body.error.rule, 'iso_3166_1');
        const body = confirmBody();
        (body.payment_method.billing_details as any).address = {
          country: 'GB',
          postal_code: 'SW1A 1AA',
        };
        const ok = await endpoint.client(session.client_secret, 'POST', '/confirm', body, {
          'Idempotency-Key': 'addr',
        });
        assert.equal(ok.status, 200);
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.equal(merchant.body.customer_details.address.country, 'GB');
        assert.equal(merchant.body.customer_details.address.postal_code, 'SW1A 1AA');
      });

      test('manual capture completes the session with the payment uncaptured', async () => {
        const session = await open({ payment_intent_data: { capture_method: 'manual' } });
        const reply = await endpoint.confirm(session.client_secret);
        assert.equal(reply.body.session.status, 'complete');
        assert.equal(reply.body.session.payment.status, 'requires_capture');
        assert.equal(reply.body.session.payment_status, 'unpaid');
      });
    });

    describe('authentication (3-D Secure)', () => {
      test('4000002500003155 asks for authentication; approving completes the session', async () => {
        const session = await open();
        const reply = await endpoint.confirm(session.client_secret, { number: '4000002500003155' });
        assert.equal(reply.status, 200);
        assert.equal(reply.body.session.status, 'open');
        assert.equal(reply.body.session.payment.status, 'requires_action');
        assert.deepEqual(reply.body.session.payment.next_action, { type: 'authenticate' });
        const payment = reply.body.session.payment.id;
        const approved = await endpoint.client(session.client_secret, 'POST', '/challenge', {
          payment,
          outcome: 'approve',
        });
        assert.equal(approved.status, 200);
        assert.equal(approved.body.session.status, 'complete');
        assert.equal(approved.body.session.payment.status, 'succeeded');
        const again = await endpoint.client(session.client_secret, 'POST', '/challenge', {
          payment,
          outcome: 'approve',
        });
        assert.equal(again.status, 200, 'repeating an approval answers as the first did');
        const payments = await store.listPayments(session.id);
        assert.deepEqual(
          payments.map((p) => p.status),
          ['succeeded'],
        );
      });

      test('failing the challenge declines the payment and keeps the session open', async () => {
        const session = await open();
        const reply = await endpoint.confirm(session.client_secret, { number: '4000002500003155' });
        const payment = reply.body.session.payment.id;
        const failed = await endpoint.client(session.client_secret, 'POST', '/challenge', {
          payment,
          outcome: 'fail',
        });
        assert.equal(failed.status, 402);
        assert.equal(failed.body.error.code, 'payment_intent_authentication_failure');
        assert.equal(failed.body.session.status, 'open');
        const late = await endpoint.client(session.client_secret, 'POST', '/challenge', {
          payment,
          outcome: 'approve',
        });
        assert.equal(late.status, 409);
        assert.equal(late.body.error.code, 'payment_not_awaiting_authentication');
      });

      describe('an approval that comes too late voids what the bank authorized', () => {
        const threeDs = '4000002500003155';
        /** A session waiting for 3-D Secure on an endpoint whose processor's voids are recorded. */
        const pending = async (overrides: Record<string, unknown> = {}) => {
          const { voids, processor } = recordingVoids();
          const paying = makeEndpoint(store, { processor });
          const session = await open(overrides);
          const key = crypto.randomUUID();
          const started = await paying.confirm(session.client_secret, { number: threeDs }, key);
          assert.equal(started.body.session.payment.status, 'requires_action');
          const approve = (payment = started.body.session.payment.id as string) =>
            paying.client(session.client_secret, 'POST', '/challenge', {
              payment,
              outcome: 'approve',
            });
          /** The one void the confirm's authorization should get. */
          const voidOf = (reason: string) => ({
            sessionId: session.id,
            idempotencyKey: `${session.id}:${key}`,
            amount: started.body.session.amount_total,
            currency: 'usd',
            reason,
          });
          return { paying, session, voids, approve, voidOf };
        };

        test('after the order changed', async () => {
          const { paying, session, voids, approve, voidOf } = await pending({
            line_items: [
              {
                quantity: 1,
                adjustable_quantity: { enabled: true },
                price_data: { currency: 'usd', product: 'Mug', unit_amount: 1800 },
              },
            ],
          });
          const read = await paying.client(session.client_secret, 'GET', '');
          const changed = await paying.update(session.client_secret, {
            line_items: [{ id: read.body.line_items[0].id, quantity: 3 }],
          });
          assert.equal(changed.body.payment.error.code, 'order_changed');
          assert.deepEqual(voids, [], 'nothing was authorized before the bank approved');
          const late = await approve();
          assert.equal(late.status, 409);
          assert.equal(late.body.error.code, 'payment_not_awaiting_authentication');
          assert.deepEqual(voids, [voidOf('payment_superseded')]);
        });

        test('after another attempt took its place', async () => {
          const { paying, session, voids, approve, voidOf } = await pending();
          const first = (await paying.client(session.client_secret, 'GET', '')).body.payment.id;
          const again = await paying.confirm(session.client_secret, { number: threeDs });
          assert.notEqual(again.body.session.payment.id, first);
          assert.equal((await approve(first)).status, 409);
          assert.deepEqual(voids, [voidOf('payment_superseded')]);
        });

        test('after the session expired', async () => {
          const { paying, session, voids, approve, voidOf } = await pending();
          await paying.merchant('POST', `/v1/checkout_sessions/${session.id}/expire`);
          const late = await approve();
          assert.equal(late.status, 409);
          assert.equal(late.body.error.code, 'session_expired');
          assert.deepEqual(voids, [voidOf('session_closed')]);
        });

        test('not when it was recorded, or the bank had failed it', async () => {
          const paid = await pending();
          assert.equal((await paid.approve()).status, 200);
          assert.equal((await paid.approve()).status, 200, 'a repeat answers as the first did');
          const failed = await pending();
          const fail = await failed.paying.client(
            failed.session.client_secret,
            'POST',
            '/challenge',
            {
              payment: (await failed.paying.client(failed.session.client_secret, 'GET', '')).body
                .payment.id,
              outcome: 'fail',
            },
          );
          assert.equal(fail.status, 402);
          assert.equal((await failed.approve()).status, 409);
          assert.deepEqual([...paid.voids, ...failed.voids], []);
        });

        test('two approvals at once: both answer as the one that recorded the payment, neither voids', async () => {
          const { session, voids, approve } = await pending();
          const replies = await Promise.all([approve(), approve()]);
          assert.deepEqual(
            replies.map((reply) => reply.status),
            [200, 200],
          );
          assert.deepEqual(replies[0]!.body, replies[1]!.body);
          assert.equal((await store.getSession(session.id))!.value.status, 'complete');
          assert.deepEqual(voids, []);
        });
      });

      test('a challenge for another payment is refused', async () => {
        const session = await open();
        await endpoint.confirm(session.client_secret, { number: '4000002500003155' });
        const reply = await endpoint.client(session.client_secret, 'POST', '/challenge', {
          payment: 'py_test_other',
          outcome: 'approve',
        });
        assert.equal(reply.status, 409);
      });
    });

    describe('idempotent confirms and concurrency', () => {
      test('a retry with the same key replays the result and charges once', async () => {
        const session = await open();
        const key = crypto.randomUUID();
        const first = await endpoint.confirm(session.client_secret, {}, key);
        const second = await endpoint.confirm(session.client_secret, {}, key);
        assert.equal(first.status, 200);
        assert.deepEqual(second.body, first.body);
        assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
        assert.equal((await store.listPayments(session.id)).length, 1);
      });

      test('a retried decline replays the decline instead of charging again', async () => {
        const session = await open();
        const key = crypto.randomUUID();
        const first = await endpoint.confirm(
          session.client_secret,
          { number: '4000000000000002' },
          key,
        );
        const second = await endpoint.confirm(
          session.client_secret,
          { number: '4000000000000002' },
          key,
        );
        assert.equal(second.status, 402);
        assert.deepEqual(second.body, first.body);
        assert.equal((await store.listPayments(session.id)).length, 1);
      });

      test('concurrent confirms with one key pay once; the others hear the key is in use, or its answer', async () => {
        const session = await open();
        const key = crypto.randomUUID();
        const replies = await Promise.all(
          Array.from({ length: 6 }, () => endpoint.confirm(session.client_secret, {}, key)),
        );
        const paid = replies.filter(
          (reply) => reply.status === 200 && reply.headers.get('Idempotent-Replayed') === null,
        );
        assert.equal(paid.length, 1, JSON.stringify(replies.map((r) => [r.status, r.body.error])));
        for (const reply of replies.filter((r) => r !== paid[0])) {
          if (reply.status === 200) assert.deepEqual(reply.body, paid[0]!.body);
          else assert.equal(reply.body.error.code, 'idempotency_key_in_use');
        }
        assert.equal((await store.listPayments(session.id)).length, 1);
      });

      test('a confirm refused before it changed anything frees its key for the corrected retry', async () => {
        const session = await open({ billing_address_collection: 'required' });
        const key = crypto.randomUUID();
        const refused = await endpoint.confirm(session.client_secret, {}, key);
        assert.equal(refused.status, 400);
        assert.equal(refused.body.error.code, 'parameter_missing');
        const address = {
          country: 'US',
          line1: '1 Main St',
          city: 'Austin',
          state: 'TX',
          postal_code: '78701',
        };
        const fixed = await endpoint.confirm(session.client_secret, {}, key, {
          payment_method: {
            card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' },
            billing_details: { name: 'Ada Lovelace', address },
          },
        });
        assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
        assert.equal(fixed.body.session.payment_status, 'paid');
      });

      test('the same key with other card details is a 422', async () => {
        const session = await open();
        const key = crypto.randomUUID();
        await endpoint.confirm(session.client_secret, { number: '4000000000000002' }, key);
        const reply = await endpoint.confirm(
          session.client_secret,
          { number: '4242424242424242' },
          key,
        );
        assert.equal(reply.status, 422);
        assert.equal(reply.body.error.code, 'idempotency_key_reused');
      });

      test('concurrent confirms of one session produce exactly one payment', async () => {
        const session = await open();
        const replies = await Promise.all(
          Array.from({ length: 8 }, () => endpoint.confirm(session.client_secret)),
        );
        const succeeded = replies.filter((reply) => reply.status === 200);
        assert.equal(
          succeeded.length,
          1,
          JSON.stringify(replies.map((r) => [r.status, r.body.error?.code])),
        );
        for (const reply of replies.filter((r) => r.status !== 200)) {
          assert.equal(reply.status, 409);
          assert.ok(
            ['payment_in_progress', 'session_complete'].includes(reply.body.error.code),
            reply.body.error.code,
          );
        }
        const payments = await store.listPayments(session.id);
        assert.equal(payments.length, 1);
        assert.equal(payments[0]!.status, 'succeeded');
      });
    });

    describe('confirm with what the customer entered', () => {
      const shipsToUs = {
        shipping_address_collection: { allowed_countries: ['US'] },
        shipping_options: [
          {
            shipping_rate_data: {
              display_name: 'Ground',
              fixed_amount: { amount: 600, currency: 'usd' },
            },
          },
        ],
      };
      const texas = {
        line1: '1 Main St',
        city: 'Austin',
        state: 'TX',
        postal_code: '73301',
        country: 'US',
      };

      test('a session that ships needs shipping details first', async () => {
        const session = await open(shipsToUs);
        const refused = await endpoint.confirm(session.client_secret);
        assert.equal(refused.status, 400);
        assert.equal(refused.body.error.code, 'shipping_details_required');
        assert.equal(refused.body.error.param, 'shipping_details');
        assert.deepEqual(await store.listPayments(session.id), []);
        await endpoint.update(session.client_secret, {
          shipping_details: { name: 'Ada', address: texas },
        });
        const paid = await endpoint.confirm(session.client_secret);
        assert.equal(paid.status, 200);
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.equal(merchant.body.shipping_details.address.state, 'TX');
        assert.equal(merchant.body.total_details.amount_shipping, 600);
      });

      test('a required phone is needed first; the phone reaches customer_details', async () => {
        const session = await open({ phone_number_collection: { enabled: true, required: true } });
        const refused = await endpoint.confirm(session.client_secret);
        assert.equal(refused.status, 400);
        assert.equal(refused.body.error.code, 'phone_required');
        assert.equal(refused.body.error.param, 'phone');
        await endpoint.update(session.client_secret, { phone: '+15125550100' });
        assert.equal((await endpoint.confirm(session.client_secret)).status, 200);
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.equal(merchant.body.customer_details.phone, '+15125550100');
        const optional = await open({ phone_number_collection: { enabled: true } });
        assert.equal((await endpoint.confirm(optional.client_secret)).status, 200);
      });

      test('the billing address falls back to the stored one, and takes a full address', async () => {
        const stored = await open({ billing_address_collection: 'required' });
        await endpoint.update(stored.client_secret, { billing_address: texas });
        const paid = await endpoint.confirm(stored.client_secret);
        assert.equal(paid.status, 200, JSON.stringify(paid.body));
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${stored.id}`);
        assert.deepEqual(merchant.body.customer_details.address, { ...texas, line2: null });

        const full = await open({ billing_address_collection: 'required' });
        const body = confirmBody();
        (body.payment_method.billing_details as any).address = {
          line1: '5 Rue de Rivoli',
          line2: 'Bât. B',
          city: 'Paris',
          postal_code: '75001',
          country: 'FR',
        };
        const reply = await endpoint.client(full.client_secret, 'POST', '/confirm', body, {
          'Idempotency-Key': crypto.randomUUID(),
        });
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        const view = await endpoint.merchant('GET', `/v1/checkout_sessions/${full.id}`);
        assert.equal(view.body.customer_details.address.line2, 'Bât. B');
        assert.equal(view.body.customer_details.address.city, 'Paris');
      });

      test('a confirm address is checked like an update', async () => {
        const session = await open();
        const body = confirmBody();
        (body.payment_method.billing_details as any).address = {
          country: 'US',
          postal_code: 'ABC',
        };
        const reply = await endpoint.client(session.client_secret, 'POST', '/confirm', body, {
          'Idempotency-Key': crypto.randomUUID(),
        });
        assert.equal(reply.status, 400);
        assert.equal(reply.body.error.code, 'postal_code_invalid');
        assert.equal(reply.body.error.param, 'payment_method.billing_details.address.postal_code');
      });

      test('the amount charged is re-priced at confirm: tax by the address given then', async () => {
        const session = await open({ automatic_tax: { enabled: true } });
        const before = await endpoint.client(session.client_secret, 'GET', '');
        assert.equal(before.body.amount_total, 2800);
        const body = confirmBody();
        (body.payment_method.billing_details as any).address = {
          country: 'GB',
          postal_code: 'SW1A 1AA',
        };
        const reply = await endpoint.client(session.client_secret, 'POST', '/confirm', body, {
          'Idempotency-Key': crypto.randomUUID(),
        });
        assert.equal(reply.status, 200);
        assert.equal(reply.body.session.amount_total, 3360);
        assert.equal(reply.body.session.tax.display_name, 'VAT');
        const [payment] = await store.listPayments(session.id);
        assert.equal(payment!.amount, 3360);
      });

      test('shipping and tax are in the charged amount', async () => {
        const session = await open({ ...shipsToUs, automatic_tax: { enabled: true } });
        await endpoint.update(session.client_secret, {
          shipping_details: { name: 'Ada', address: texas },
        });
        const reply = await endpoint.confirm(session.client_secret);
        // 6.25 % of 2500 = 156.25 → 156, of 300 = 18.75 → 19; shipping 600 untaxed
        assert.equal(reply.body.session.amount_total, 2800 + 600 + 175);
        const [payment] = await store.listPayments(session.id);
        assert.equal(payment!.amount, 3575);
      });
    });

    describe('subscription and setup modes', () => {
      test('a subscription completes paid with a subscription id', async () => {
        const session = await open({
          mode: 'subscription',
          line_items: [
            {
              price_data: {
                currency: 'usd',
                product: 'Plan',
                unit_amount: 1500,
                recurring: { interval: 'month', interval_count: 1 },
              },
            },
          ],
        });
        const reply = await endpoint.confirm(session.client_secret);
        assert.equal(reply.status, 200);
        assert.equal(reply.body.session.status, 'complete');
        assert.equal(reply.body.session.payment_status, 'paid');
        assert.match(reply.body.session.subscription, /^sub_test_/);
        assert.equal(reply.body.session.setup_intent, null);
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.equal(merchant.body.subscription, reply.body.session.subscription);
        const [payment] = await store.listPayments(session.id);
        assert.equal(payment!.amount, 1500);
      });

      test('setup mode checks the card, charges nothing and saves a setup intent', async () => {
        const session = await open({ mode: 'setup' });
        const declined = await endpoint.confirm(session.client_secret, {
          number: '4000000000000002',
        });
        assert.equal(declined.status, 402);
        assert.equal(declined.body.session.status, 'open');
        const started = await endpoint.confirm(session.client_secret, {
          number: '4000002500003155',
        });
        assert.equal(started.body.session.payment.status, 'requires_action');
        const approved = await endpoint.client(session.client_secret, 'POST', '/challenge', {
          payment: started.body.session.payment.id,
          outcome: 'approve',
        });
        assert.equal(approved.status, 200);
        assert.equal(approved.body.session.status, 'complete');
        assert.equal(approved.body.session.payment_status, 'no_payment_required');
        assert.match(approved.body.session.setup_intent, /^seti_test_/);
        assert.equal(approved.body.session.subscription, null);
        const payments = await store.listPayments(session.id);
        assert.deepEqual(
          payments.map((p) => p.amount),
          [0, 0],
        );
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.equal(merchant.body.setup_intent, approved.body.session.setup_intent);
        assert.equal(merchant.body.payment_intent, null);
        assert.equal(merchant.body.payment_status, 'no_payment_required');
      });
    });

    describe('lifecycle', () => {
      test('a complete session cannot be paid, canceled or expired again', async () => {
        const session = await open();
        await endpoint.confirm(session.client_secret);
        const pay = await endpoint.confirm(session.client_secret);
        assert.equal(pay.status, 409);
        assert.equal(pay.body.error.code, 'session_complete');
        const cancel = await endpoint.client(session.client_secret, 'POST', '/cancel');
        assert.equal(cancel.status, 409);
        const expire = await endpoint.merchant(
          'POST',
          `/v1/checkout_sessions/${session.id}/expire`,
        );
        assert.equal(expire.status, 400);
        assert.equal(
          (await endpoint.client(session.client_secret, 'GET', '')).body.status,
          'complete',
        );
      });

      test('expiry is enforced on read and on confirm', async () => {
        const session = await open({ expires_at: Math.floor(endpoint.clock.ms / 1000) + 1800 });
        endpoint.clock.ms += 1799_000;
        assert.equal((await endpoint.client(session.client_secret, 'GET', '')).body.status, 'open');
        endpoint.clock.ms += 1000;
        const read = await endpoint.client(session.client_secret, 'GET', '');
        assert.equal(read.body.status, 'expired');
        const pay = await endpoint.confirm(session.client_secret);
        assert.equal(pay.status, 409);
        assert.equal(pay.body.error.code, 'session_expired');
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.equal(merchant.body.status, 'expired');
        endpoint.clock.ms -= 1800_000;
      });

      test('an unread session past its time is expired when the merchant looks', async () => {
        const session = await open({ expires_at: Math.floor(endpoint.clock.ms / 1000) + 1800 });
        endpoint.clock.ms += 1800_000;
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.equal(merchant.body.status, 'expired');
        endpoint.clock.ms -= 1800_000;
      });

      test('an expired session cannot be paid, even after 3-D Secure started', async () => {
        const session = await open();
        const started = await endpoint.confirm(session.client_secret, {
          number: '4000002500003155',
        });
        await endpoint.merchant('POST', `/v1/checkout_sessions/${session.id}/expire`);
        const reply = await endpoint.client(session.client_secret, 'POST', '/challenge', {
          payment: started.body.session.payment.id,
          outcome: 'approve',
        });
        assert.equal(reply.status, 409);
        assert.equal(reply.body.error.code, 'session_expired');
      });

      test('cancel ends the session; the merchant sees it expired with canceled_at', async () => {
        const session = await open();
        const reply = await endpoint.client(session.client_secret, 'POST', '/cancel');
        assert.equal(reply.status, 200);
        assert.equal(reply.body.status, 'canceled');
        assert.equal((await endpoint.client(session.client_secret, 'POST', '/cancel')).status, 200);
        const pay = await endpoint.confirm(session.client_secret);
        assert.equal(pay.body.error.code, 'session_canceled');
        const merchant = await endpoint.merchant('GET', `/v1/checkout_sessions/${session.id}`);
        assert.equal(merchant.body.status, 'expired');
        assert.equal(typeof merchant.body.canceled_at, 'number');
      });
    });
  });
}
