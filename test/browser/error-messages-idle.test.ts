import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import { loadPack } from '../../src/i18n/loader.js';
import { errorMessagesReady } from '../../src/i18n/messages.js';
import { Translator } from '../../src/i18n/translator.js';
import type { CheckoutProvider } from '../../src/index.js';
import { moduleRequested, mountInProvider, settledNetwork, waitUntil } from './helpers.js';

/**
 * When the English of the endpoint's errors loads at idle: for a checkout
 * shown in English, not for one in another language, whose pack words the
 * errors itself. Mocha runs these in order in one page: the first must run
 * before anything loads the chunk (error-messages-lazy.test.ts has the error
 * that arrives before its words).
 */

/** Holds the page's idle callbacks back; the function it returns runs them. */
function holdIdle() {
  const idle = window.requestIdleCallback;
  const held: Array<() => void> = [];
  window.requestIdleCallback = ((task: () => void) => held.push(task)) as typeof idle;
  return () => {
    window.requestIdleCallback = idle;
    for (const task of held.splice(0)) task();
  };
}

const requested = () => moduleRequested('/src/i18n/parts/errors.ts');

describe('endpoint error messages preloaded at idle', () => {
  it('are never fetched for a checkout in another language, whose pack words them', async () => {
    const release = holdIdle();
    let provider: CheckoutProvider;
    try {
      ({ provider } = await mountInProvider(
        html`<checkout-email></checkout-email>`,
        { allow_promotion_codes: true },
        'ja',
      ));
      await waitUntil(
        () => provider.getAttribute('lang') === 'ja',
        'the Japanese words never came',
      );
      await settledNetwork();
    } finally {
      release();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    await settledNetwork();
    expect(requested(), 'the English errors were fetched for a Japanese checkout').to.equal(false);
    expect(errorMessagesReady()).to.equal(false);
    // An endpoint error is worded from the pack at once, with no English fetched for it.
    const ja = (await loadPack('ja'))!;
    const refused = await provider.applyPromotionCode('NO-SUCH-CODE');
    expect(refused.type === 'error' && refused.error.message).to.equal(ja.promotion_code_invalid);
    await settledNetwork();
    expect(requested(), 'the English errors were fetched to word a Japanese error').to.equal(false);
    // Its translator words a decline without them.
    const translator = new Translator({ locale: 'ja', language: 'ja', messages: ja });
    expect(
      translator.describeError({ code: 'card_declined', message: 'Your card was declined.' }),
    ).to.equal(ja.card_declined);
    expect(requested()).to.equal(false);
  });

  it('are fetched at idle for a checkout shown in English, before any error', async () => {
    const release = holdIdle();
    try {
      await mountInProvider(html`<checkout-email></checkout-email>`, {});
      await settledNetwork();
      expect(requested()).to.equal(false);
    } finally {
      release();
    }
    await waitUntil(() => errorMessagesReady(), 'the error messages never loaded');
    expect(requested()).to.equal(true);
  });
});
