import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import { cardFrameChannel, cardFrameTextKeys } from '../../src/api/card-frame.js';
import type { CheckoutCard } from '../../src/index.js';
import {
  cardFrameReady,
  cardFrameWindow,
  createSession,
  deep,
  mountInProvider,
  retrieveSession,
  waitUntil,
} from './helpers.js';

/**
 * `<checkout-card>` and its frame: where the frame sits, and the frame's
 * side of the handshake and commands, driven here as a page (or a stranger)
 * would drive them. The endpoint is on the test page's origin here; the
 * frame on another origin is test/e2e/card-frame.test.ts.
 */

/** Every message that reaches `target` with the frame protocol's channel, or on `port`. */
function listen(target: Window | MessagePort) {
  const received: Array<Record<string, unknown>> = [];
  const record = (event: Event) => received.push((event as MessageEvent).data);
  target.addEventListener('message', record);
  if (target instanceof MessagePort) target.start();
  return received;
}

/** A bare card frame on the page, as a page that does its own handshake would have it. */
async function bareFrame(): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  const ready = new Promise<void>((resolve) => {
    const onReady = (event: MessageEvent) => {
      if (event.source === frame.contentWindow && event.data?.type === 'ready') {
        window.removeEventListener('message', onReady);
        resolve();
      }
    };
    window.addEventListener('message', onReady);
  });
  frame.src = '/frames/card';
  document.body.append(frame);
  await ready;
  return frame;
}

/** The setup a page sends: every word (marked, to see them shown), no style. */
const setup = {
  lang: 'en',
  dir: 'ltr',
  postalCode: false,
  style: [],
  texts: Object.fromEntries(cardFrameTextKeys.map((key) => [key, `<${key}>`])),
};

/** Sends `init` with `clientSecret` and a fresh port; returns the page's end of it and what it hears. */
function init(frame: HTMLIFrameElement, clientSecret: unknown) {
  const channel = new MessageChannel();
  const heard = listen(channel.port1);
  frame.contentWindow!.postMessage(
    { channel: cardFrameChannel, type: 'init', clientSecret, setup },
    '*',
    [channel.port2],
  );
  return { port: channel.port1, heard };
}

/** Types a good 4242 card into the frame's fields, found by `field`, as a customer would. */
async function typeCard(field: (id: string) => HTMLElement): Promise<void> {
  for (const [id, value] of [
    ['number', '4242424242424242'],
    ['expiry', '1230'],
    ['cvc', '123'],
    ['name', 'Ada Lovelace'],
  ]) {
    field(id!).focus();
    await sendKeys({ type: value! });
  }
}

const frameText = (frame: HTMLIFrameElement) => frame.contentDocument!.body.textContent ?? '';

describe('<checkout-card>', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('body > iframe')) frame.remove();
  });

  it('shows the card fields in a frame of the endpoint, slotted into it from the light DOM', async () => {
    const { root } = await mountInProvider(html`<checkout-card></checkout-card>`, {
      ui_mode: 'custom',
    });
    await cardFrameReady(root);
    const card = root.querySelector<CheckoutCard>('checkout-card')!;
    const frame = card.querySelector('iframe')!;
    expect(frame.slot).to.equal('card-frame');
    expect(new URL(frame.src).pathname).to.equal('/frames/card');
    expect(frame.title).to.equal('Card details');
    expect(card.shadowRoot!.querySelector('slot[name="card-frame"]')).to.not.equal(null);
    // No card field in the element itself: they are all in the frame's document.
    expect(card.shadowRoot!.querySelectorAll('input')).to.have.length(0);
    const inputs = [...frame.contentDocument!.querySelectorAll('input')];
    expect(inputs.map((input) => input.autocomplete)).to.deep.equal([
      'cc-number',
      'cc-exp',
      'cc-csc',
      'cc-name',
    ]);
    // No style attribute anywhere: the frame's size and look come from stylesheets.
    expect(frame.hasAttribute('style')).to.equal(false);
  });

  it('a frame whose document loads again shakes hands again, and pays', async () => {
    const { root, provider } = await mountInProvider(
      html`<checkout-email></checkout-email><checkout-card></checkout-card>`,
      { ui_mode: 'custom', customer_email: 'ada@example.com' },
    );
    await cardFrameReady(root);
    const before = cardFrameWindow(root).document;
    cardFrameWindow(root).location.reload();
    await waitUntil(
      () => cardFrameWindow(root).document !== before && deep(root, '#number'),
      'the reloaded frame shows no fields',
    );
    await typeCard((id) => deep(root, `#${id}`)!);
    const result = await provider.confirm();
    expect(result.type, JSON.stringify(result)).to.equal('success');
  });

  it('the frame sizes itself to its content, growing with its messages', async () => {
    const { root } = await mountInProvider(html`<checkout-card></checkout-card>`, {
      ui_mode: 'custom',
    });
    await cardFrameReady(root);
    const frame = root.querySelector('iframe')!;
    const fits = () => {
      const body = frame.contentDocument!.body.getBoundingClientRect().height;
      return Math.abs(frame.getBoundingClientRect().height - body) <= 1;
    };
    await waitUntil(fits, 'the frame is not the height of its content');
    const before = frame.getBoundingClientRect().height;
    deep(root, '#number')!.focus();
    await sendKeys({ type: '4242' });
    deep(root, '#name')!.focus();
    await waitUntil(() => deep(root, '#number-error'), 'no message by the number');
    await waitUntil(() => frame.getBoundingClientRect().height > before, 'the frame did not grow');
    await waitUntil(fits, 'the frame is not the height of its content with the message');
    const page = frame.contentDocument!.documentElement;
    expect(page.scrollHeight).to.be.at.most(page.clientHeight);
  });

  it('the brand mark and the security code’s hint follow the number, one mark at a time', async () => {
    const { root } = await mountInProvider(html`<checkout-card></checkout-card>`, {
      ui_mode: 'custom',
    });
    await cardFrameReady(root);
    const frameDocument = deep<HTMLIFrameElement>(root, 'iframe')!.contentDocument!;
    const brand = () => frameDocument.querySelector<HTMLElement>('.brand')!;
    const marks = () => frameDocument.querySelectorAll('.brand svg.mark').length;
    const cvcHint = () => frameDocument.getElementById('cvc-hint')!.textContent;
    const threeDigits = cvcHint();
    deep(root, '#number')!.focus();
    await sendKeys({ type: '4' });
    await waitUntil(() => brand().dataset.brand === 'visa', 'no Visa mark');
    expect(marks()).to.equal(1);
    expect(frameDocument.getElementById('number-brand')?.textContent).to.equal('Visa');
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ type: '37' });
    await waitUntil(() => brand().dataset.brand === 'amex', 'no American Express mark');
    expect(marks(), 'the Visa mark was replaced').to.equal(1);
    expect(cvcHint()).to.not.equal(threeDigits);
    expect(cvcHint()).to.match(/4/);
    for (let i = 0; i < 2; i++) await sendKeys({ press: 'Backspace' });
    await sendKeys({ type: '4' });
    await waitUntil(() => brand().dataset.brand === 'visa', 'no Visa mark again');
    expect(marks(), 'a mark drawn before is shown again, once').to.equal(1);
    expect(cvcHint()).to.equal(threeDigits);
    await sendKeys({ press: 'Backspace' });
    await waitUntil(
      () => brand().dataset.brand === 'unknown',
      'the mark stayed on an empty number',
    );
    expect(marks()).to.equal(0);
  });

  it('the number groups as it is typed, and the caret stays after the digit it followed', async () => {
    const { root } = await mountInProvider(html`<checkout-card></checkout-card>`, {
      ui_mode: 'custom',
    });
    await cardFrameReady(root);
    const number = deep<HTMLInputElement>(root, '#number')!;
    number.focus();
    const state = () => [number.value, number.selectionStart, number.selectionEnd];
    await sendKeys({ type: '4242424242' });
    expect(state()).to.deep.equal(['4242 4242 42', 12, 12]);
    // Back six places: after the fifth digit. A digit there regroups what follows it.
    for (let i = 0; i < 6; i++) await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ type: '1' });
    expect(state()).to.deep.equal(['4242 4124 242', 7, 7]);
    await sendKeys({ press: 'Backspace' });
    expect(state()).to.deep.equal(['4242 4242 42', 6, 6]);
    // Typed where the groups need no change, the text is left as it is, caret and all.
    await sendKeys({ press: 'End' });
    await sendKeys({ type: '42' });
    expect(state()).to.deep.equal(['4242 4242 4242', 14, 14]);
    // Typed with other characters between the digits: digits only, grouped.
    number.select();
    await sendKeys({ type: '5555-5555 5555.4444' });
    expect(state()).to.deep.equal(['5555 5555 5555 4444', 19, 19]);
  });

  it('every field’s description points at text, whatever the state of the number', async () => {
    const { root } = await mountInProvider(html`<checkout-card></checkout-card>`, {
      ui_mode: 'custom',
    });
    await cardFrameReady(root);
    const frameDocument = deep<HTMLIFrameElement>(root, 'iframe')!.contentDocument!;
    const emptyDescriptions = () =>
      [...frameDocument.querySelectorAll('[aria-describedby]')].flatMap((field) =>
        field
          .getAttribute('aria-describedby')!
          .split(/\s+/)
          .filter((id) => !frameDocument.getElementById(id)?.textContent?.trim())
          .map((id) => `${field.id} → ${id}`),
      );
    expect(emptyDescriptions(), 'on arrival').to.deep.equal([]);
    deep(root, '#number')!.focus();
    await sendKeys({ type: '4242' });
    await waitUntil(() => deep(root, '#number')!.getAttribute('aria-describedby'));
    expect(emptyDescriptions(), 'with a brand detected').to.deep.equal([]);
    for (let i = 0; i < 4; i++) await sendKeys({ press: 'Backspace' });
    expect(emptyDescriptions(), 'with the number cleared').to.deep.equal([]);
    await sendKeys({ type: '1234' });
    deep(root, '#name')!.focus();
    await waitUntil(() => deep(root, '#number-error'), 'no message by the number');
    expect(emptyDescriptions(), 'with an error shown').to.deep.equal([]);
  });

  it('the security code’s help opens and closes from the keyboard, and names what it explains', async () => {
    const { root } = await mountInProvider(html`<checkout-card></checkout-card>`, {
      ui_mode: 'custom',
    });
    await cardFrameReady(root);
    const help = deep<HTMLButtonElement>(root, '#cvc-help')!;
    const text = deep<HTMLElement>(root, '#cvc-help-text')!;
    expect(help.getAttribute('aria-label')).to.equal('What is the security code?');
    expect(help.getAttribute('aria-describedby')).to.equal('cvc-help-text');
    expect(help.getAttribute('aria-expanded')).to.equal('false');
    expect(text.hidden).to.equal(true);
    help.focus();
    await sendKeys({ press: 'Enter' });
    expect(help.getAttribute('aria-expanded')).to.equal('true');
    expect(text.hidden).to.equal(false);
    expect(text.textContent).to.contain('last 3 digits');
    await sendKeys({ press: 'Escape' });
    expect(text.hidden).to.equal(true);
    // An American Express card explains its own code.
    deep(root, '#number')!.focus();
    await sendKeys({ type: '3782' });
    expect(text.textContent).to.contain('4 digits printed on the front');
  });

  it('the frame takes the checkout’s words and direction', async () => {
    const { root } = await mountInProvider(html`<checkout-card></checkout-card>`, {}, 'ar');
    await cardFrameReady(root);
    const frame = root.querySelector('iframe')!;
    await waitUntil(() => frame.contentDocument!.dir === 'rtl', 'the frame is not right to left');
    expect(frame.contentDocument!.documentElement.lang).to.equal('ar');
    expect(frame.contentDocument!.querySelector('label[for="number"]')!.textContent).to.equal(
      'رقم البطاقة',
    );
    // Card numbers stay left to right.
    expect(getComputedStyle(deep(root, '#number')!).direction).to.equal('ltr');
  });

  it('the theme, the page’s tokens and the merchant’s words reach the frame, and follow changes', async () => {
    const { client_secret } = await createSession({ ui_mode: 'custom' });
    const root =
      await fixture<HTMLElement>(html`<div style="--checkout-input-border-color: rgb(0, 128, 0)">
      <checkout-provider locale="en-US" .appearance=${{ theme: 'night' }}
        .messages=${{ cardNumber: 'Long number on the card' }}
      ><checkout-card></checkout-card></checkout-provider>
    </div>`);
    const provider = root.querySelector('checkout-provider')!;
    provider.clientSecret = client_secret;
    await cardFrameReady(root);
    const input = () => deep(root, '#number')!;
    const frameDocument = () => root.querySelector('iframe')!.contentDocument!;
    await waitUntil(
      () =>
        frameDocument().querySelector('label[for="number"]')!.textContent ===
        'Long number on the card',
      'the merchant’s words did not reach the frame',
    );
    const style = frameDocument().defaultView!.getComputedStyle(input());
    // Number, expiry and security code share one box: its border is the inputs' border.
    const box = frameDocument().defaultView!.getComputedStyle(input().closest('.card')!);
    expect(box.borderTopColor).to.equal('rgb(0, 128, 0)');
    expect(style.colorScheme).to.equal('dark');
    const nightText = style.color;
    // A new appearance is sent again.
    provider.appearance = { theme: 'default' };
    await waitUntil(
      () => frameDocument().defaultView!.getComputedStyle(input()).colorScheme === 'light',
      'the frame kept the night theme',
    );
    expect(frameDocument().defaultView!.getComputedStyle(input()).color).to.not.equal(nightText);
    // A property the page stops setting falls back in the frame too (sent with the next change).
    root.style.removeProperty('--checkout-input-border-color');
    provider.appearance = { theme: 'flat' };
    await waitUntil(
      () =>
        frameDocument().defaultView!.getComputedStyle(input()).borderBottomColor !==
        'rgb(0, 128, 0)',
      'the frame kept a border colour the page no longer sets',
    );
  });

  describe('the billing postal code', () => {
    const asking = { payment_method_options: { card: { postal_code: 'required' } } };

    it('the frame asks for it when the session does, checks it, and pays with it', async () => {
      const { root, provider } = await mountInProvider(
        html`<checkout-email></checkout-email><checkout-card></checkout-card>`,
        { ui_mode: 'custom', customer_email: 'ada@example.com', ...asking },
      );
      await cardFrameReady(root);
      await waitUntil(() => deep(root, '#postal'), 'no postal code in the frame');
      const postal = deep(root, '#postal')!;
      expect(postal.autocomplete).to.equal('billing postal-code');
      expect(postal.labels![0]!.textContent).to.equal('Postal code');
      await typeCard((id) => deep(root, `#${id}`)!);
      const refused = await provider.confirm();
      expect(refused.type === 'error' && refused.error.message).to.equal('Enter your postal code');
      expect(deep(root, '#postal-error')!.textContent).to.equal('Enter your postal code');
      deep(root, '#postal')!.focus();
      await sendKeys({ type: '9410' });
      await sendKeys({ press: 'Backspace' });
      await sendKeys({ type: '3' });
      const paid = await provider.confirm();
      expect(paid.type, JSON.stringify(paid)).to.equal('success');
    });

    it('is not asked for where a billing address is collected, nor by default', async () => {
      for (const options of [
        { ...asking, billing_address_collection: 'required' },
        { ui_mode: 'custom' },
      ]) {
        const { root } = await mountInProvider(html`<checkout-card></checkout-card>`, options);
        await cardFrameReady(root);
        expect(deep(root, '#postal')).to.equal(null);
      }
    });
  });

  describe('the frame’s handshake', () => {
    it('refuses a client secret that names no session: a clear message, and nothing to pay with', async () => {
      const frame = await bareFrame();
      const { heard } = init(frame, 'cs_test_nonexistent_secret_value');
      await waitUntil(() => heard.some((event) => event.type === 'refused'), 'not refused');
      expect(heard.find((event) => event.type === 'refused')).to.include({
        code: 'client_secret_invalid',
      });
      expect(frameText(frame)).to.equal('<client_secret_invalid>');
      expect(frame.contentDocument!.querySelector('input')).to.equal(null);
      expect(frame.contentDocument!.querySelector('[role="alert"]')).to.not.equal(null);
    });

    it('refuses a malformed init, showing why, and binds to nothing', async () => {
      const frame = await bareFrame();
      const { heard } = init(frame, 42);
      await waitUntil(() => frameText(frame).includes('could not read'), 'no message');
      await waitUntil(() => heard.length > 0, 'no answer');
      expect(heard.map((event) => event.type)).to.deep.equal(['rejected']);
      expect(frame.contentDocument!.querySelector('input')).to.equal(null);
    });

    it('answers a window that is not its parent with a refusal, and changes nothing', async () => {
      const { client_secret } = await createSession();
      const frame = await bareFrame();
      // A stranger: another frame on the page, posting a perfectly good init.
      const stranger = document.createElement('iframe');
      document.body.append(stranger);
      const strangerHeard = listen(stranger.contentWindow!);
      // Posted from the stranger's realm: its window is the message's source.
      (stranger.contentWindow as unknown as { eval(code: string): void }).eval(
        `parent.document.querySelector('body > iframe[src="/frames/card"]').contentWindow.postMessage(${JSON.stringify(
          { channel: cardFrameChannel, type: 'init', clientSecret: client_secret, setup },
        )}, '*')`,
      );
      await waitUntil(
        () => strangerHeard.some((event) => event.type === 'rejected'),
        'the stranger heard no refusal',
      );
      expect(frame.contentDocument!.querySelector('input')).to.equal(null);
      // Its parent can still bind it.
      const { heard } = init(frame, client_secret);
      await waitUntil(() => heard.some((event) => event.type === 'bound'), 'not bound');
    });

    it('one frame pays for one session: another secret is refused, and the first still pays', async () => {
      const first = await createSession();
      const second = await createSession();
      const frame = await bareFrame();
      const { port, heard } = init(frame, first.client_secret);
      await waitUntil(() => heard.some((event) => event.type === 'bound'), 'not bound');
      const other = init(frame, second.client_secret);
      await waitUntil(() => other.heard.length > 0, 'no answer to the second init');
      expect(other.heard).to.deep.equal([
        {
          type: 'refused',
          code: 'frame_bound',
          message: 'This card frame already belongs to another checkout session.',
        },
      ]);
      // The page types the card in the frame; the frame pays the session it was bound to.
      const doc = frame.contentDocument!;
      await typeCard((id) => doc.getElementById(id)!);
      port.postMessage({ type: 'confirm', id: 7, payer: { email: 'ada@example.com' } });
      await waitUntil(() => heard.some((event) => event.type === 'confirmed'), 'no answer');
      const answer = heard.find((event) => event.type === 'confirmed') as {
        id: number;
        status: number;
        body: { session: { id: string; status: string } };
      };
      expect(answer.id).to.equal(7);
      expect(answer.status).to.equal(200);
      expect(answer.body.session.id).to.equal(first.id);
      expect((await retrieveSession(first.id)).status).to.equal('complete');
      expect((await retrieveSession(second.id)).status).to.equal('open');
    });

    it('rejects commands it cannot read, changes nothing, and never gives out the card', async () => {
      const { client_secret } = await createSession();
      const frame = await bareFrame();
      const { port, heard } = init(frame, client_secret);
      await waitUntil(() => heard.some((event) => event.type === 'bound'), 'not bound');
      const doc = frame.contentDocument!;
      doc.getElementById('number')!.focus();
      await sendKeys({ type: '4242424242424242' });
      for (const command of [
        { type: 'read', field: 'number' },
        { type: 'values' },
        { type: 'confirm', id: 1, payer: { email: 5 } },
        { type: 'focus', field: 'password' },
        { type: 'setup', setup: { ...setup, texts: {} } },
        'confirm',
      ]) {
        port.postMessage(command);
      }
      // A malformed init from the parent, after the handshake, changes nothing either.
      const late = init(frame, { not: 'a secret' });
      await waitUntil(() => late.heard.some((event) => event.type === 'rejected'));
      await waitUntil(() => heard.filter((event) => event.type === 'rejected').length === 6);
      expect(JSON.stringify(heard)).not.to.contain('4242');
      expect((doc.getElementById('number') as HTMLInputElement).value).to.equal(
        '4242 4242 4242 4242',
      );
      expect(doc.querySelector('label[for="number"]')!.textContent).to.equal('<cardNumber>');
    });
  });

  it('the page ignores a "ready" from any window but its frame, and sends the secret to no one else', async () => {
    const { client_secret } = await createSession({ ui_mode: 'custom' });
    const stranger = document.createElement('iframe');
    document.body.append(stranger);
    const strangerHeard = listen(stranger.contentWindow!);
    const root = await fixture<HTMLElement>(
      html`<div><checkout-provider locale="en-US"><checkout-card></checkout-card></checkout-provider></div>`,
    );
    // Before and while the frame loads, a stranger claims to be it.
    const claim = setInterval(() => {
      (stranger.contentWindow as unknown as { eval(code: string): void }).eval(
        `parent.postMessage(${JSON.stringify({ channel: cardFrameChannel, type: 'ready' })}, '*')`,
      );
    }, 10);
    try {
      root.querySelector('checkout-provider')!.clientSecret = client_secret;
      await cardFrameReady(root);
    } finally {
      clearInterval(claim);
    }
    expect(strangerHeard).to.deep.equal([]);
    expect(cardFrameWindow(root).document.querySelector('#number')).to.not.equal(null);
  });
});
