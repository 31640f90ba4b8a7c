import { expect, fixture, html } from '@open-wc/testing';
import { css, LitElement } from 'lit';
import { LazyPartController } from '../../src/controllers/lazy-part-controller.js';
import { englishTranslator } from '../../src/i18n/translator.js';
import { expectAccessible, settle, waitUntil } from './helpers.js';

/**
 * The controller every lazily loaded part goes through, with a loader the
 * test controls: when it loads, what a failed load shows, when it tries
 * again, and the part's styles.
 */

interface Part {
  text: string;
  styles?: ReturnType<typeof css>;
}

/** A loader that answers each call as the test says: a part, or a failure. */
function scriptedLoader() {
  const calls: { resolve(part: Part): void; reject(error: Error): void }[] = [];
  const load = () =>
    new Promise<Part>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { load, calls };
}

let loader = scriptedLoader();

class PartHost extends LitElement {
  needed = false;
  readonly lazyPart = new LazyPartController(
    this,
    () => loader.load(),
    () => this.needed,
  );

  override render() {
    const part = this.lazyPart.module;
    return part
      ? html`<p class="part">${part.text}</p>`
      : this.lazyPart.renderPending(englishTranslator);
  }
}
customElements.define('test-part-host', PartHost);

async function mount(): Promise<PartHost> {
  loader = scriptedLoader();
  return fixture<PartHost>(html`<test-part-host></test-part-host>`);
}

const shadow = (host: PartHost) => host.shadowRoot!;

describe('LazyPartController', () => {
  it('loads nothing while the session does not need the part, and loads once when it does', async () => {
    const host = await mount();
    host.requestUpdate();
    await host.updateComplete;
    expect(loader.calls.length).to.equal(0);

    host.needed = true;
    host.requestUpdate();
    await host.updateComplete;
    host.requestUpdate();
    await host.updateComplete;
    expect(loader.calls.length, 'one load while it is on its way').to.equal(1);
    expect(shadow(host).childElementCount, 'nothing shows while loading').to.equal(0);

    loader.calls[0]!.resolve({ text: 'loaded' });
    await waitUntil(() => shadow(host).querySelector('.part'), 'the part did not render');
    expect(shadow(host).querySelector('.part')!.textContent).to.equal('loaded');
    host.requestUpdate();
    await host.updateComplete;
    expect(loader.calls.length).to.equal(1);
  });

  it('says a failed load by the part, does not retry on its own, and tries again on Try again', async () => {
    const host = await mount();
    host.needed = true;
    host.requestUpdate();
    await host.updateComplete;
    loader.calls[0]!.reject(new Error('offline'));
    await waitUntil(() => shadow(host).querySelector('[role="alert"]'), 'no failure shown');
    const alert = shadow(host).querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('We could not load this checkout');
    await expectAccessible(host);

    // Re-rendering after a failure does not fetch again: a broken network cannot loop.
    host.requestUpdate();
    await settle(host);
    expect(loader.calls.length).to.equal(1);

    const retry = alert.querySelector('button')!;
    expect(retry.textContent).to.equal('Try again');
    retry.click();
    expect(loader.calls.length).to.equal(2);
    loader.calls[1]!.resolve({ text: 'second time' });
    await waitUntil(() => shadow(host).querySelector('.part'), 'the retry did not render');
    expect(shadow(host).querySelector('[role="alert"]')).to.equal(null);
  });

  it('answers load() with null after a failure, so a confirming field can report it', async () => {
    const host = await mount();
    const pending = host.lazyPart.load();
    loader.calls[0]!.reject(new Error('offline'));
    expect(await pending).to.equal(null);
    expect(host.lazyPart.failed).to.equal(true);
    const again = host.lazyPart.load();
    loader.calls[1]!.resolve({ text: 'ok' });
    expect(await again).to.deep.equal({ text: 'ok' });
    expect(host.lazyPart.failed).to.equal(false);
  });

  it("adds a part's styles to the host's shadow root as it loads", async () => {
    const host = await mount();
    host.needed = true;
    host.requestUpdate();
    await host.updateComplete;
    loader.calls[0]!.resolve({
      text: 'styled',
      styles: css`.part { outline: 3px solid rgb(1, 2, 3); }`,
    });
    await waitUntil(() => shadow(host).querySelector('.part'), 'the part did not render');
    expect(getComputedStyle(shadow(host).querySelector('.part')!).outlineColor).to.equal(
      'rgb(1, 2, 3)',
    );
  });
});
