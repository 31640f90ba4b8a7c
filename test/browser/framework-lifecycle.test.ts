import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { CheckoutEmbedded, CheckoutProvider } from '../../src/index.js';
import { createSession, watchSessionReads } from './helpers.js';

/**
 * What frameworks do to the elements, against the real endpoint handler:
 * React sets every prop on every render (a new function each time when
 * written inline) and, under StrictMode, runs its effects twice; frameworks
 * move nodes, which disconnects and reconnects them in one task. None of it
 * may load the session again, ask for the client secret again or fire
 * `checkout-ready` twice.
 */

describe('elements driven the way frameworks drive them', () => {
  let watch: ReturnType<typeof watchSessionReads>;
  beforeEach(() => {
    watch = watchSessionReads();
  });
  afterEach(() => watch.restore());

  it('a provider given a new but equal fetchClientSecret on every render, and moved, loads once', async () => {
    const { client_secret } = await createSession({ ui_mode: 'custom' });
    const root = await fixture<HTMLElement>(html`<div>
      <checkout-provider><checkout-totals></checkout-totals></checkout-provider>
    </div>`);
    const provider = root.querySelector('checkout-provider') as CheckoutProvider;
    let asked = 0;
    let ready = 0;
    provider.addEventListener('checkout-ready', () => ready++);
    const render = () => {
      // A function written inline in a component: a new one each render, the same answer.
      provider.fetchClientSecret = async () => {
        asked++;
        return client_secret;
      };
    };
    const loaded = oneEvent(provider, 'checkout-ready');
    render();
    render();
    // A move: disconnected and connected again in the same task.
    root.append(provider);
    render();
    await loaded;
    // Later renders and moves, once the session is there.
    render();
    root.append(provider);
    provider.remove();
    root.append(provider);
    await aTimeout(150);
    expect(asked).to.equal(1);
    expect(watch.reads.count).to.equal(1);
    expect(ready).to.equal(1);
    expect(provider.phase).to.equal('open');
  });

  it('an embedded form given the same clientSecret again, and moved while loading, loads once', async () => {
    const { client_secret } = await createSession();
    const root = await fixture<HTMLElement>(html`<div><section></section></div>`);
    const embedded = document.createElement('checkout-embedded') as CheckoutEmbedded;
    let ready = 0;
    embedded.addEventListener('checkout-ready', () => ready++);
    const loaded = oneEvent(embedded, 'checkout-ready');
    root.append(embedded);
    embedded.clientSecret = client_secret;
    await aTimeout(0);
    embedded.clientSecret = client_secret;
    root.querySelector('section')!.append(embedded);
    await loaded;
    embedded.clientSecret = client_secret;
    root.append(embedded);
    await aTimeout(150);
    expect(watch.reads.count).to.equal(1);
    expect(ready).to.equal(1);
  });

  it('a provider moved between setting its secret and its first update loads once', async () => {
    const { client_secret } = await createSession({ ui_mode: 'custom' });
    const root = await fixture<HTMLElement>(html`<div></div>`);
    const provider = document.createElement('checkout-provider') as CheckoutProvider;
    root.append(provider);
    const loaded = oneEvent(provider, 'checkout-ready');
    provider.clientSecret = client_secret;
    provider.remove();
    root.append(provider);
    await loaded;
    await aTimeout(150);
    expect(watch.reads.count).to.equal(1);
  });

  it('a session the page came with shows without a read; one for another secret is read', async () => {
    const mine = await createSession({ ui_mode: 'embedded' });
    const other = await createSession({ ui_mode: 'embedded' });
    const view = async (secret: string) => {
      const response = await fetch('/v1/client/session', {
        headers: { Authorization: `Bearer ${secret}` },
      });
      return response.json();
    };
    const [mineView, otherView] = [await view(mine.client_secret), await view(other.client_secret)];
    const root = await fixture<HTMLElement>(html`<div></div>`);
    // As the hosted page writes it: the secret, and the session as JSON in an attribute.
    const embedded = document.createElement('checkout-embedded') as CheckoutEmbedded;
    embedded.setAttribute('client-secret', mine.client_secret);
    embedded.setAttribute('initial-session', JSON.stringify(mineView));
    const ready = oneEvent(embedded, 'checkout-ready');
    root.append(embedded);
    expect((await ready).detail.session.id).to.equal(mine.id);
    expect(watch.reads.count).to.equal(0);

    // A session that is not the secret's is not trusted: the element reads its own.
    const provider = document.createElement('checkout-provider') as CheckoutProvider;
    provider.clientSecret = mine.client_secret;
    provider.initialSession = otherView;
    const read = oneEvent(provider, 'checkout-ready');
    root.append(provider);
    expect((await read).detail.session.id).to.equal(mine.id);
    expect(watch.reads.count).to.equal(1);
  });
});
