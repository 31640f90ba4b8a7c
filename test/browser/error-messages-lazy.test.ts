import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import { errorMessagesReady } from '../../src/i18n/messages.js';
import { moduleRequested, mountInProvider, settledNetwork, waitUntil } from './helpers.js';

/**
 * The English of the endpoint's errors and declines is a lazy chunk: never
 * part of the first paint, fetched when the page is idle, and awaited before
 * an error is worded, so an error always shows its own message. Mocha runs
 * these in order in one page: the first must run before anything loads it.
 */

const requested = () => moduleRequested('/src/i18n/parts/errors.ts');

describe('endpoint error messages loading lazily', () => {
  it('are not fetched for the first paint, and an error still shows its exact message', async () => {
    // Hold the idle preload back, so the error arrives before its words do.
    const idle = window.requestIdleCallback;
    const held: Array<() => void> = [];
    window.requestIdleCallback = ((task: () => void) => held.push(task)) as typeof idle;
    try {
      const { provider } = await mountInProvider(html`<checkout-email></checkout-email>`, {
        allow_promotion_codes: true,
      });
      await settledNetwork();
      expect(requested()).to.equal(false);
      expect(errorMessagesReady()).to.equal(false);
      const result = await provider.applyPromotionCode('NO-SUCH-CODE');
      expect(result.type).to.equal('error');
      if (result.type === 'error') {
        expect(result.error.code).to.equal('promotion_code_invalid');
        expect(result.error.message).to.equal('This promotion code is not valid');
      }
      expect(requested()).to.equal(true);
    } finally {
      window.requestIdleCallback = idle;
      for (const task of held) task();
    }
  });

  it('are fetched once the page is idle', async () => {
    await waitUntil(() => errorMessagesReady(), 'the error messages never loaded');
    expect(requested()).to.equal(true);
  });
});
