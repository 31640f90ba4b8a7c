/**
 * The processor seam: the endpoint charges through `createCheckoutHandler({
 * processor })`. A scripted processor stands in for a real one, recording
 * what it is asked and answering what the test says, so each test shows
 * what the endpoint hands a processor and what it does with each answer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  CardAuthorization,
  CardAuthorizationRequest,
  Processor,
} from '../../src/server/index.js';
import { MemoryStore } from '../../src/server/index.js';
import { makeEndpoint } from '../support/endpoint.js';

/** Answers from a script, one per call (the last one repeats); records every request. */
function scriptedProcessor(...answers: Array<CardAuthorization | Error>) {
  const calls: CardAuthorizationRequest[] = [];
  const processor: Processor = {
    async authorize(request) {
      calls.push(structuredClone(request));
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { processor, calls };
}

function endpointWith(processor: Processor) {
  return makeEndpoint(new MemoryStore(), { processor });
}

describe('the processor seam', () => {
  test('the processor gets the amount the endpoint priced, the currency, the card and a stable idempotency key', async () => {
    const { processor, calls } = scriptedProcessor({ status: 'approved' });
    const endpoint = endpointWith(processor);
    const { body: created } = await endpoint.createSession();
    const reply = await endpoint.confirm(created.client_secret, {}, 'attempt-1');
    assert.equal(reply.status, 200);
    assert.equal(calls.length, 1);
    const [call] = calls;
    // Two notebooks at 12.50 and a pen at 3.00, recomputed by the endpoint.
    assert.equal(call!.amount, 2800);
    assert.equal(call!.currency, 'usd');
    assert.equal(call!.mode, 'payment');
    assert.equal(call!.sessionId, created.id);
    assert.equal(call!.idempotencyKey, `${created.id}:attempt-1`);
    assert.deepEqual(call!.card, {
      number: '4242424242424242',
      exp_month: 12,
      exp_year: 2030,
      cvc: '123',
    });
    assert.deepEqual(call!.billingDetails, {
      name: 'Ada Lovelace',
      address: null,
      postalCode: null,
    });
    assert.equal(reply.body.session.status, 'complete');
    assert.equal(reply.body.session.payment.last4, '4242');
    assert.equal(reply.body.session.payment.brand, 'visa');
  });

  test('an approval of any card number completes the session: the test card table is only the test processor', async () => {
    const { processor } = scriptedProcessor({ status: 'approved' });
    const endpoint = endpointWith(processor);
    const { body: created } = await endpoint.createSession();
    // Declined by the built-in test processor; approved by this one.
    const reply = await endpoint.confirm(created.client_secret, { number: '4000000000000002' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.session.status, 'complete');
    assert.equal(reply.body.session.payment_status, 'paid');
  });

  test('setup mode asks the processor to verify the card for 0', async () => {
    const { processor, calls } = scriptedProcessor({ status: 'approved' });
    const endpoint = endpointWith(processor);
    const { body: created } = await endpoint.createSession({
      mode: 'setup',
      currency: 'usd',
      line_items: undefined,
    });
    const reply = await endpoint.confirm(created.client_secret);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(calls[0]!.amount, 0);
    assert.equal(calls[0]!.mode, 'setup');
  });

  test("a decline answers 402 with the processor's code and reason, and the session stays open", async () => {
    const { processor } = scriptedProcessor({
      status: 'declined',
      code: 'card_declined',
      declineCode: 'do_not_honor',
      message: 'Declined by the issuer.',
    });
    const endpoint = endpointWith(processor);
    const { body: created } = await endpoint.createSession();
    const reply = await endpoint.confirm(created.client_secret);
    assert.equal(reply.status, 402);
    assert.equal(reply.body.error.code, 'card_declined');
    assert.equal(reply.body.error.decline_code, 'do_not_honor');
    assert.equal(reply.body.error.type, 'card_error');
    assert.equal(reply.body.session.status, 'open');
    assert.equal(reply.body.session.payment.status, 'failed');
    const payments = await endpoint.store.listPayments(created.id);
    assert.equal(payments.length, 1);
    assert.equal(payments[0]!.status, 'failed');
  });

  test('requires_authentication opens the challenge, whose approval completes the session', async () => {
    const { processor } = scriptedProcessor({ status: 'requires_authentication' });
    const endpoint = endpointWith(processor);
    const { body: created } = await endpoint.createSession();
    const reply = await endpoint.confirm(created.client_secret);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.session.payment.next_action, { type: 'authenticate' });
    const approved = await endpoint.client(created.client_secret, 'POST', '/challenge', {
      payment: reply.body.session.payment.id,
      outcome: 'approve',
    });
    assert.equal(approved.status, 200);
    assert.equal(approved.body.session.status, 'complete');
  });

  test('a processor that fails to answer is a retryable 503; nothing is recorded and the same key can retry', async () => {
    const { processor, calls } = scriptedProcessor(new Error('connect ECONNREFUSED'), {
      status: 'approved',
    });
    const endpoint = endpointWith(processor);
    const { body: created } = await endpoint.createSession();
    const failed = await endpoint.confirm(created.client_secret, {}, 'same-key');
    assert.equal(failed.status, 503);
    assert.equal(failed.body.error.code, 'processing_error');
    assert.equal(failed.body.error.retryable, true);
    assert.deepEqual(await endpoint.store.listPayments(created.id), []);
    // The claim on the session was released and the key freed: the retry pays.
    const retried = await endpoint.confirm(created.client_secret, {}, 'same-key');
    assert.equal(retried.status, 200);
    assert.equal(retried.body.session.status, 'complete');
    assert.equal(calls.length, 2);
  });

  test('a malformed card or a closed session never reaches the processor', async () => {
    const { processor, calls } = scriptedProcessor({ status: 'approved' });
    const endpoint = endpointWith(processor);
    const { body: created } = await endpoint.createSession();
    const badNumber = await endpoint.confirm(created.client_secret, { number: '4242424242424241' });
    assert.equal(badNumber.status, 402);
    assert.equal(badNumber.body.error.code, 'incorrect_number');
    const past = await endpoint.confirm(created.client_secret, { exp_year: 2020 });
    assert.equal(past.body.error.code, 'invalid_expiry_year');
    const shortCvc = await endpoint.confirm(created.client_secret, { cvc: '12' });
    assert.equal(shortCvc.body.error.code, 'invalid_cvc');
    assert.equal(calls.length, 0);
    await endpoint.merchant('POST', `/v1/checkout_sessions/${created.id}/expire`, {});
    const expired = await endpoint.confirm(created.client_secret);
    assert.equal(expired.status, 409);
    assert.equal(calls.length, 0);
  });

  test('a replayed key and concurrent confirms reach the processor once', async () => {
    const { processor, calls } = scriptedProcessor({ status: 'approved' });
    const endpoint = endpointWith(processor);
    const { body: replayed } = await endpoint.createSession();
    const first = await endpoint.confirm(replayed.client_secret, {}, 'replay-key');
    const again = await endpoint.confirm(replayed.client_secret, {}, 'replay-key');
    assert.equal(first.status, 200);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.equal(calls.length, 1);

    const { body: raced } = await endpoint.createSession();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => endpoint.confirm(raced.client_secret)),
    );
    assert.equal(answers.filter((reply) => reply.status === 200).length, 1);
    assert.equal(calls.filter((call) => call.sessionId === raced.id).length, 1);
  });
});
