import {
  type CardFrameSetup,
  cardFrameChannel,
  type FrameEvent,
  readCommand,
  readInit,
} from '../../api/card-frame.js';
import { whenIdle } from '../../internal/idle.js';
import { CardForm } from './card-form.js';
import { cardFrameCss } from './card-frame.styles.js';
import { CardConfirm } from './confirm.js';

/**
 * The card frame's script: the only code that runs in `/frames/card`, and
 * the only code that ever holds the card number and CVC.
 *
 *   1. Framed by a page, it posts `ready` to its parent and waits.
 *   2. The parent (and only the parent) answers `init` with the session's
 *      client secret, the words and the look, and a MessagePort. A second
 *      init for another session is refused: one frame, one session.
 *   3. The frame shows the fields, checks the secret with the endpoint (a
 *      bad one replaces them with a message), and answers commands on the
 *      port: validate, focus, show an error, confirm. It pays by itself and
 *      reports only outcomes.
 *
 * Anything it cannot accept (not framed, a bad secret, a malformed or
 * foreign message) gets a clear answer and changes nothing.
 */

const sheet = new CSSStyleSheet();
sheet.replaceSync(cardFrameCss);
// The page's tokens go into a rule of their own, through CSSOM: no style attribute anywhere.
sheet.insertRule(':root{}', sheet.cssRules.length);
const tokens = (sheet.cssRules[sheet.cssRules.length - 1] as CSSStyleRule).style;
document.adoptedStyleSheets = [sheet];

/** The endpoint's API, beside this document: `…/frames/card` → `…/v1/client/session`. */
const api = (path: string) => new URL(`../v1/client/session${path}`, location.href).href;

let bound: { secret: string; port: MessagePort } | null = null;

/** Replaces the frame's content with a message (in the page's words when it sent them). */
function showMessage(text: string): void {
  const message = document.createElement('p');
  message.className = 'message';
  message.setAttribute('role', 'alert');
  message.textContent = text;
  document.body.replaceChildren(message);
}

function applySetup(setup: CardFrameSetup): void {
  document.documentElement.lang = setup.lang;
  document.documentElement.dir = setup.dir;
  document.title = setup.texts.cardDetails;
  // A token the page no longer sets falls back to the default here too.
  for (const name of [...tokens]) tokens.removeProperty(name);
  for (const [name, value] of setup.style) {
    // Custom properties only: no other style can be injected.
    if (/^--[\w-]+$/.test(name)) tokens.setProperty(name, value);
  }
}

/**
 * Moves focus to a field when the page asks (a link in its error summary, a
 * decline). The page gives this frame its focus first, and that can reach
 * this document after the field took focus, leaving focus on the document:
 * for a moment, focus the field again if so.
 */
function focusField(focus: () => void): void {
  focus();
  const again = () => {
    if (document.activeElement === document.body) focus();
  };
  window.addEventListener('focus', again);
  setTimeout(again, 50);
  setTimeout(() => window.removeEventListener('focus', again), 500);
}

function bind(secret: string, setup: CardFrameSetup, port: MessagePort): void {
  bound = { secret, port };
  const send = (event: FrameEvent) => port.postMessage(event);
  applySetup(setup);
  const form = new CardForm(setup.texts, () => send({ type: 'submit' }));
  form.askPostalCode(setup.postalCode);
  document.body.replaceChildren(form.element);
  new ResizeObserver(() => {
    send({ type: 'resize', height: Math.ceil(document.body.getBoundingClientRect().height) });
  }).observe(document.body);

  const confirm = new CardConfirm(api('/confirm'), secret);
  port.onmessage = async (event) => {
    const command = readCommand(event.data);
    if (!command) {
      send({ type: 'rejected', message: 'The card frame received a message it could not read.' });
      return;
    }
    switch (command.type) {
      case 'setup':
        applySetup(command.setup);
        form.setTexts(command.setup.texts);
        form.askPostalCode(command.setup.postalCode);
        break;
      case 'validate':
        send({ type: 'validated', id: command.id, problems: form.validate() });
        break;
      case 'focus':
        focusField(() => form.focus(command.field));
        break;
      case 'show-error':
        form.showError(command.field, command.message);
        focusField(() => form.focus(command.field));
        break;
      case 'confirm': {
        const problems = form.validate();
        if (problems.length) {
          send({ type: 'invalid', id: command.id, problems });
          break;
        }
        const answer = await confirm.send(form.read(), command.payer);
        send({ type: 'confirmed', id: command.id, ...answer });
        break;
      }
    }
  };
  send({ type: 'bound' });
  // For the page's own measurements (and `npm run bench`): when the card could first be paid.
  performance.mark('checkout-kit:card-frame-ready');
  whenIdle(() => {
    form.prepareForTyping();
    void checkSecret(secret, setup, port);
  });
}

/**
 * Whether the secret names a session, asked once the fields show and the
 * page is idle: the page has just read that session itself, so this almost
 * always agrees, and neither the customer nor the first paint waits for it.
 * The confirm is checked by the endpoint anyway; this only turns a bad
 * secret into a clear message (and the page's Try again) before anyone types
 * a card.
 */
async function checkSecret(secret: string, setup: CardFrameSetup, port: MessagePort) {
  let check: Response | null = null;
  try {
    check = await fetch(api(''), {
      headers: { Authorization: `Bearer ${secret}` },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {}
  if (check?.ok) return;
  // A secret the endpoint does not know, or an endpoint that did not answer: the page offers Try again.
  const invalid = check?.status === 401;
  const message = invalid
    ? setup.texts.client_secret_invalid
    : 'This card form could not reach the payment service.';
  showMessage(message);
  port.postMessage({
    type: 'refused',
    code: invalid ? 'client_secret_invalid' : 'network_error',
    message,
  } satisfies FrameEvent);
  port.close();
}

if (window.parent === window) {
  showMessage('This card form works only inside a checkout page.');
} else {
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) {
      // Only the embedding page may talk to the frame; anyone else is told so.
      // Nothing secret in the answer, and an opaque origin ('null') could not be named: any.
      (event.source as Window | null)?.postMessage(
        {
          channel: cardFrameChannel,
          type: 'rejected',
          message: 'Only the embedding page may use this card frame.',
        },
        '*',
      );
      return;
    }
    const init = readInit(event.data);
    const port = event.ports[0];
    if (!init || !port) {
      if ((event.data as { channel?: unknown } | null)?.channel !== cardFrameChannel) return;
      // Before the handshake the form is not there yet: say why it will not be. After it, keep it.
      if (!bound) showMessage('This card form received a message it could not read.');
      port?.postMessage({
        type: 'rejected',
        message: 'The card frame received a message it could not read.',
      } satisfies FrameEvent);
      return;
    }
    if (bound) {
      if (init.clientSecret !== bound.secret) {
        port.postMessage({
          type: 'refused',
          code: 'frame_bound',
          message: 'This card frame already belongs to another checkout session.',
        } satisfies FrameEvent);
      }
      port.close();
      return;
    }
    bind(init.clientSecret, init.setup, port);
  });
  window.parent.postMessage({ channel: cardFrameChannel, type: 'ready' }, '*');
}
