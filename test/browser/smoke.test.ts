import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { CheckoutEmbedded } from '../../src/index.js';
import { createSession } from './helpers.js';

describe('smoke', () => {
  it('loads a session', async () => {
    const { client_secret } = await createSession();
    const el = await fixture<CheckoutEmbedded>(html`<checkout-embedded></checkout-embedded>`);
    const ready = oneEvent(el, 'checkout-ready');
    el.clientSecret = client_secret;
    const event = await ready;
    expect(event.detail.session.amount_total).to.equal(2500);
  });
});
