import { expect, fixture, html } from '@open-wc/testing';
import { SessionClient } from '../../src/client/session-client.js';
import { loadedFrom, startSessionReads } from '../../src/client/session-prefetch.js';
import { createSession, watchSessionReads } from './helpers.js';

/**
 * The script-tag entry starts the read of each session the page's markup
 * names before any element is defined; the element's first load takes that
 * read instead of sending its own. (This file defines no element: the tags
 * stay inert, as they are before the kit's script has run.)
 */

describe('session reads started before the elements upgrade', () => {
  let watch: ReturnType<typeof watchSessionReads>;
  beforeEach(() => {
    watch = watchSessionReads();
  });
  afterEach(() => watch.restore());

  it('reads each named session once, and the first load takes that read', async () => {
    const { id, client_secret } = await createSession();
    await fixture(html`<div>
      <checkout-embedded client-secret=${client_secret}></checkout-embedded>
      <checkout-provider client-secret=${client_secret}></checkout-provider>
    </div>`);
    expect(startSessionReads()).to.equal(1, 'says it started one');
    expect(startSessionReads()).to.equal(0, 'and none the second time');
    expect(watch.reads.count).to.equal(1, 'one read for one session, however often it is named');
    const session = await new SessionClient(loadedFrom, client_secret).load();
    expect(session.id).to.equal(id);
    expect(watch.reads.count).to.equal(1, 'the load took the started read');
    await new SessionClient(loadedFrom, client_secret).load();
    expect(watch.reads.count).to.equal(
      2,
      'a later load reads again: the started read is used once',
    );
  });

  it("asks for the element's locale, so the amounts come formatted in it", async () => {
    const { client_secret } = await createSession();
    await fixture(
      html`<checkout-embedded client-secret=${client_secret} locale="sv-FI"></checkout-embedded>`,
    );
    expect(startSessionReads()).to.equal(1);
    const session = await new SessionClient(loadedFrom, client_secret).load();
    expect(watch.reads.count).to.equal(1, 'the load took the started read');
    expect(session.formatted_amounts!.locale).to.equal('sv-FI');
  });

  it('skips a session the page came with, and an element without a secret', async () => {
    const { client_secret } = await createSession();
    await fixture(html`<div>
      <checkout-embedded client-secret=${client_secret} initial-session="{}"></checkout-embedded>
      <checkout-provider></checkout-provider>
    </div>`);
    expect(startSessionReads()).to.equal(0);
    expect(watch.reads.count).to.equal(0);
  });

  it('a started read that failed fails the load as a network error', async () => {
    await fixture(
      html`<checkout-embedded client-secret="cs_test_x_secret_y" endpoint="http://127.0.0.1:9"></checkout-embedded>`,
    );
    startSessionReads();
    const load = new SessionClient('http://127.0.0.1:9', 'cs_test_x_secret_y').load();
    const error = await load.then(
      () => null,
      (failure: { code: string }) => failure,
    );
    expect(error?.code).to.equal('network_error');
    expect(watch.reads.count).to.equal(1);
  });
});
