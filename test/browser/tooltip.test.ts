import { aTimeout, expect, fixture, html, nextFrame } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { expectAccessible, waitUntil } from './helpers.js';
import '../../src/elements/internal/define-tooltip.js';
import type { CheckoutTooltip } from '../../src/elements/internal/tooltip.js';
import { probeAutoUpdate } from './auto-update-probe.js';
import { requireVisiblePage } from './visible-page.js';

/** `<checkout-tooltip>`: a help button whose bubble appears on hover and focus (WCAG 1.4.13). */

const label = 'What is the security code?';
const text = 'The last 3 digits printed on the back of your card.';

const trigger = (el: CheckoutTooltip) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!;
const bubble = (el: CheckoutTooltip) =>
  el.shadowRoot!.querySelector<HTMLElement>('[part="bubble"]')!;
const visible = (element: Element) => element.checkVisibility();

/** A button before the tooltip, so focus can arrive by Tab as it does for a keyboard user. */
async function mount(style = '') {
  const wrapper = await fixture<HTMLElement>(html`<div style=${style}>
    <button id="before">Before</button>
    <checkout-tooltip .label=${label} .text=${text}></checkout-tooltip>
  </div>`);
  const el = wrapper.querySelector('checkout-tooltip')!;
  await el.updateComplete;
  return { wrapper, el };
}

async function tabTo(el: CheckoutTooltip) {
  (el.parentElement!.querySelector('#before') as HTMLElement).focus();
  await sendKeys({ press: 'Tab' });
  await el.updateComplete;
}

async function placed(el: CheckoutTooltip) {
  await waitUntil(() => bubble(el).dataset['placement'], 'the bubble was never placed');
  // Let the fade-in finish, so contrast is measured at full opacity.
  await Promise.all(
    bubble(el)
      .getAnimations()
      .map((animation) => animation.finished),
  );
  await nextFrame();
}

async function hover(element: Element) {
  const rect = element.getBoundingClientRect();
  await sendMouse({
    type: 'move',
    position: [Math.round(rect.x + rect.width / 2), Math.round(rect.y + rect.height / 2)],
  });
}

describe('<checkout-tooltip>', () => {
  requireVisiblePage();

  afterEach(async () => {
    await resetMouse();
  });

  it('is a button named by `label` and described by the bubble in its own shadow root', async () => {
    const { el } = await mount();
    const button = trigger(el);
    expect(button.tagName).to.equal('BUTTON');
    expect(button.type).to.equal('button');
    const id = button.getAttribute('aria-describedby')!;
    expect(el.shadowRoot!.getElementById(id)).to.equal(bubble(el));
    expect(bubble(el).getAttribute('role')).to.equal('tooltip');
    expect(bubble(el).textContent).to.equal(text);
    expect(visible(bubble(el)), 'hidden until asked for').to.equal(false);
    expect(button.textContent!.replace('?', '').trim(), 'accessible name').to.equal(label);
    expect(button.querySelector('[aria-hidden="true"]')!.textContent).to.equal('?');
    await expectAccessible(el);
  });

  it('keyboard focus shows the bubble; Escape hides it and keeps focus', async () => {
    const { el } = await mount();
    await tabTo(el);
    expect(el.shadowRoot!.activeElement).to.equal(trigger(el));
    await placed(el);
    expect(el.open).to.equal(true);
    expect(visible(bubble(el))).to.equal(true);
    await expectAccessible(el);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(visible(bubble(el))).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(trigger(el));
  });

  it('blur hides the bubble', async () => {
    const { el } = await mount();
    await tabTo(el);
    await placed(el);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(visible(bubble(el))).to.equal(false);
  });

  it('hover shows the bubble, which stays while the pointer moves onto it, then hides', async () => {
    const { el } = await mount('padding: 80px');
    await hover(trigger(el));
    await el.updateComplete;
    await placed(el);
    expect(visible(bubble(el))).to.equal(true);
    await hover(bubble(el));
    await aTimeout(250);
    expect(visible(bubble(el)), 'hoverable (WCAG 1.4.13)').to.equal(true);
    await sendMouse({ type: 'move', position: [700, 500] });
    await waitUntil(() => !visible(bubble(el)), 'the bubble stayed after the pointer left');
  });

  it('Escape dismisses a bubble opened by hover without moving the pointer', async () => {
    const { el } = await mount('padding: 80px');
    await hover(trigger(el));
    await placed(el);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(visible(bubble(el))).to.equal(false);
  });

  it('stays within the viewport next to an edge', async () => {
    const { el } = await mount('position: fixed; top: 0; left: 0');
    el.text = 'A long explanation that would not fit above a trigger in the corner of the page.';
    await tabTo(el);
    await placed(el);
    const rect = bubble(el).getBoundingClientRect();
    expect(bubble(el).dataset['placement'], 'flipped below').to.match(/^bottom/);
    expect(rect.top).to.be.at.least(0);
    expect(rect.left).to.be.at.least(0);
    expect(rect.right).to.be.at.most(window.innerWidth);
    expect(rect.bottom).to.be.at.most(window.innerHeight);
    expect(rect.top).to.be.at.least(trigger(el).getBoundingClientRect().bottom);
  });

  it('stays within the viewport at the right edge', async () => {
    const { el } = await mount('position: fixed; top: 200px; right: 0');
    await tabTo(el);
    await placed(el);
    const rect = bubble(el).getBoundingClientRect();
    expect(rect.right).to.be.at.most(window.innerWidth);
    expect(rect.bottom).to.be.at.most(trigger(el).getBoundingClientRect().top);
  });

  it('stops positioning once removed from the page', async () => {
    const probe = probeAutoUpdate();
    try {
      const { wrapper, el } = await mount('padding: 80px');
      await tabTo(el);
      await placed(el);
      const floating = bubble(el);
      // While open, autoUpdate listens, and a resize repositions the bubble.
      expect(probe.active(), 'the probe sees autoUpdate').to.be.greaterThan(0);
      floating.style.left = '12345px';
      window.dispatchEvent(new Event('resize'));
      await waitUntil(() => floating.style.left !== '12345px', 'autoUpdate never ran');

      wrapper.remove();
      expect(el.open).to.equal(false);
      expect(probe.active(), 'listeners or observers left behind').to.equal(0);
      floating.style.left = '12345px';
      window.dispatchEvent(new Event('resize'));
      window.dispatchEvent(new Event('scroll'));
      await aTimeout(50);
      expect(floating.style.left, 'repositioned after removal').to.equal('12345px');
    } finally {
      probe.restore();
    }
  });

  it('hiding stops autoUpdate too', async () => {
    const probe = probeAutoUpdate();
    try {
      const { el } = await mount();
      await tabTo(el);
      await placed(el);
      expect(probe.active()).to.be.greaterThan(0);
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(probe.active()).to.equal(0);
    } finally {
      probe.restore();
    }
  });
});
