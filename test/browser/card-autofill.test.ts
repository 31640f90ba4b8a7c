import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { CheckoutEmbedded } from '../../src/index.js';
import {
  cardFrameReady,
  confirmed,
  createSession,
  deep,
  deepText,
  focusForKeys,
  recordEvents,
  waitUntil,
} from './helpers.js';

/**
 * Chromium's own card autofill, through DevTools (test/support/autofill-plugin.ts),
 * in a file of its own: the browser remembers a card it filled for the rest of
 * the page's browser context, and a card number typed later in that context
 * could pick up its digits.
 */
describe('<checkout-embedded> with the browser’s card autofill', () => {
  it("pays after Chromium's own autofill filled the card", async () => {
    const { client_secret } = await createSession();
    const el = await fixture<CheckoutEmbedded>(html`<checkout-embedded></checkout-embedded>`);
    const { count } = recordEvents(el, (event) => {
      if (event.type === 'checkout-success') event.preventDefault();
    });
    const ready = oneEvent(el, 'checkout-ready');
    el.clientSecret = client_secret;
    await ready;
    await cardFrameReady(el);
    await focusForKeys(deep(el, '#email')!);
    await sendKeys({ type: 'ada@example.com' });
    el.id = 'autofill-target';
    const year = String(new Date().getFullYear() + 3);
    await executeServerCommand('autofill-card', {
      host: '#autofill-target > iframe',
      input: '#number',
      card: {
        number: '4242424242424242',
        name: 'Ada Lovelace',
        expiryMonth: '04',
        expiryYear: year,
        cvc: '123',
      },
    });
    const value = (id: string) => deep(el, `#${id}`)!.value;
    await waitUntil(() => value('number') !== '', 'autofill did not fill the card');
    await waitUntil(() => value('cvc') !== '');
    expect(value('number')).to.equal('4242 4242 4242 4242');
    expect(value('expiry')).to.equal(`04 / ${year.slice(2)}`);
    expect(value('name')).to.equal('Ada Lovelace');
    await confirmed(el, () =>
      deep<HTMLButtonElement>(el, '[aria-describedby="pay-status"]')!.click(),
    );
    await waitUntil(() => deepText(el).includes('Payment successful'));
    expect(count('checkout-success')).to.equal(1);
  });
});
