import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { waitUntil } from './helpers.js';
import '../../src/elements/internal/define-tooltip.js';
import type { CheckoutTooltip } from '../../src/elements/internal/tooltip.js';

/**
 * `<checkout-tooltip>` beside the right edge of the viewport, written for
 * every engine (web-test-runner.engines.config.mjs runs it in Firefox and
 * WebKit too): the bubble is placed once, at its own width, and stays there.
 * A bubble sized by the room left of where it was last put grew and moved a
 * little every frame in Firefox and WebKit, each step a ResizeObserver loop error.
 */
describe('<checkout-tooltip> at the right edge', () => {
  it('is placed once inside the viewport and keeps its size and place', async () => {
    const errors: string[] = [];
    // A ResizeObserver loop is reported as an error event on the window.
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);
    try {
      const wrapper =
        await fixture<HTMLElement>(html`<div style="position: fixed; top: 200px; right: 0">
        <button id="before">Before</button>
        <checkout-tooltip
          .label=${'What is the security code?'}
          .text=${'The last 3 digits printed on the back of your card.'}
        ></checkout-tooltip>
      </div>`);
      const el = wrapper.querySelector<CheckoutTooltip>('checkout-tooltip')!;
      await el.updateComplete;
      wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
      await sendKeys({ press: 'Tab' });
      const bubble = el.shadowRoot!.querySelector<HTMLElement>('[part="bubble"]')!;
      await waitUntil(() => bubble.dataset['placement'], 'the bubble was never placed');
      await nextFrame();
      const placed = bubble.getBoundingClientRect();
      for (let frame = 0; frame < 10; frame++) await nextFrame();
      const later = bubble.getBoundingClientRect();
      expect([later.left, later.width], 'moved or resized after it was placed').to.deep.equal([
        placed.left,
        placed.width,
      ]);
      expect(later.right).to.be.at.most(window.innerWidth - 8 + 0.5);
      expect(later.left).to.be.at.least(8);
      // Wider than the room between the trigger and the edge: its text did not squeeze.
      expect(later.width).to.be.greaterThan(window.innerWidth - el.getBoundingClientRect().left);
      expect(errors).to.deep.equal([]);
    } finally {
      window.removeEventListener('error', onError);
    }
  });
});
