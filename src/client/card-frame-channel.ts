import {
  type CardField,
  type CardFrameSetup,
  type CardProblem,
  cardFrameChannel,
  type FrameCommand,
  type FrameEvent,
  type FrameInit,
  type PayerDetails,
} from '../api/card-frame.js';
import { networkError, type PaymentResult, readPaymentAnswer } from './session-client.js';
import { endpointBase } from './session-prefetch.js';

/** How long the frame may take to start (its document and script) before it counts as failed. */
const startMs = 15_000;
/** After the frame's document has loaded, how long its `ready` may still take to arrive. */
const readyAfterLoadMs = 3000;

export type CardFrameState = 'loading' | 'ready' | 'failed';

/** The card frame's document on an endpoint: `<endpoint>/frames/card`, from its origin. */
const cardFrameUrl = (endpoint: string) => `${endpoint.replace(/\/+$/, '')}/frames/card`;

/** Whether a window message is the frame's hello (`ready`): its script runs and awaits its init. */
const isHello = (data: unknown) => {
  const message = data as { channel?: unknown; type?: unknown } | null;
  return message?.channel === cardFrameChannel && message.type === 'ready';
};

/**
 * The slot the frame is shown in, in the light DOM of the element it sits in
 * (see `<checkout-card>`'s `place`): outside any shadow root, so the
 * browser's card autofill reaches it.
 */
export const cardFrameSlot = 'card-frame';

/** A frame loading ahead of the channel that will adopt it. */
interface StartedFrame {
  url: string;
  /** Where its hello must come from. */
  origin: string;
  frame: HTMLIFrameElement;
  /** It said hello before it was adopted. */
  hello: boolean;
}

/** Frames started ahead of their channel, by the element they sit in. */
const startedFrames = new Map<Element, StartedFrame>();

/** Notes a started frame's hello, which comes once, maybe before its channel exists. */
function noteHello(event: MessageEvent): void {
  for (const started of startedFrames.values()) {
    const { frame, origin } = started;
    if (event.source === frame.contentWindow && event.origin === origin) {
      started.hello ||= isHello(event.data);
    }
  }
}

/**
 * Starts loading the card frame inside `anchor`, in the slot where the
 * channel will show it, before the session has loaded: the frame's document
 * then travels beside the session read instead of after it. Unslotted, it is
 * not shown; the channel made for `anchor` with the same endpoint adopts it
 * (see `CardFrameChannel`), and any other drops it. The frame never sees the
 * client secret before its handshake, so nothing is sent early.
 */
export function startCardFrame(anchor: Element, endpoint: string): void {
  const url = cardFrameUrl(endpoint);
  if (startedFrames.get(anchor)?.url === url) return;
  discardStartedFrame(anchor);
  let origin: string;
  try {
    origin = new URL(url, location.href).origin;
  } catch {
    return; // Not a URL: the channel reports it when the form shows.
  }
  if (!startedFrames.size) window.addEventListener('message', noteHello);
  const frame = document.createElement('iframe');
  frame.slot = cardFrameSlot;
  frame.referrerPolicy = 'no-referrer';
  frame.src = url;
  startedFrames.set(anchor, { url, origin, frame, hello: false });
  anchor.append(frame);
}

/**
 * Starts the card frame of every `<checkout-embedded>` the page's markup
 * holds, before the elements are defined: the frame's document then travels
 * beside the session read. The element adopts it once its form shows.
 */
export function startEmbeddedCardFrames(): void {
  if (typeof document === 'undefined') return;
  for (const element of document.querySelectorAll('checkout-embedded')) {
    startCardFrame(element, endpointBase(element.getAttribute('endpoint')));
  }
}

/** Removes a frame started in `anchor` that no channel adopted (its session took no card, say). */
export function discardStartedFrame(anchor: Element): void {
  startedFrames.get(anchor)?.frame.remove();
  forgetStartedFrame(anchor);
}

function forgetStartedFrame(anchor: Element): void {
  startedFrames.delete(anchor);
  if (!startedFrames.size) window.removeEventListener('message', noteHello);
}

/** The frame started in `anchor` for `url`, taken once; one started for another URL goes. */
function adoptStartedFrame(anchor: Element | null, url: string): StartedFrame | null {
  const started = anchor && startedFrames.get(anchor);
  if (!started) return null;
  if (started.url !== url || started.frame.parentNode !== anchor) {
    discardStartedFrame(anchor);
    return null;
  }
  forgetStartedFrame(anchor);
  return started;
}

export interface CardFrameOptions {
  /** The endpoint's base URL; the frame is `<endpoint>/frames/card`, from its origin. */
  endpoint: string;
  clientSecret: string;
  /** The words and look to send now (and again whenever they change). */
  setup: () => CardFrameSetup;
  /** The frame's state changed, or it asked for another height. */
  onChange: () => void;
  /** Enter in one of the frame's fields. */
  onSubmit: () => void;
}

/**
 * The page's end of the card frame: it creates the iframe, makes the
 * handshake, and turns commands and answers into promises. It accepts
 * window messages only from that iframe and only from the endpoint's
 * origin, and sends the client secret only to that origin; everything after
 * the handshake travels over a MessagePort that only the two ends hold.
 *
 * Nothing here can read the card: the frame answers with problems by field
 * and the endpoint's answer to the confirm, never with what was typed.
 */
export class CardFrameChannel {
  readonly frame: HTMLIFrameElement;
  state: CardFrameState = 'loading';
  /** The frame's content height in CSS pixels, once it has said. */
  height: number | null = null;

  readonly #origin: string;
  #port: MessagePort | null = null;
  #nextId = 1;
  /** Requests waiting for their answer, by id; null when the frame went away first. */
  readonly #replies = new Map<number, (event: FrameEvent | null) => void>();
  readonly #whenReady: Promise<boolean>;
  #settleReady!: (ready: boolean) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sentSetup = '';

  /**
   * Makes the frame, or adopts the one `startCardFrame` began in `anchor`
   * (the element the frame will sit in) for the same endpoint.
   */
  constructor(
    readonly options: CardFrameOptions,
    anchor: Element | null = null,
  ) {
    const url = cardFrameUrl(options.endpoint);
    // An endpoint given as a path is on the page's origin, as its fetches are.
    this.#origin = new URL(url, location.href).origin;
    this.#whenReady = new Promise((resolve) => {
      this.#settleReady = resolve;
    });
    const started = adoptStartedFrame(anchor, url);
    this.frame = started?.frame ?? document.createElement('iframe');
    window.addEventListener('message', this.#onWindowMessage);
    this.frame.addEventListener('load', this.#onLoad);
    this.#timer = setTimeout(() => this.#fail(), startMs);
    if (!started) this.frame.src = url;
    else if (started.hello) this.#handshake();
  }

  /** Stops listening and lets go of the frame; pending requests settle as a lost connection. */
  close(): void {
    window.removeEventListener('message', this.#onWindowMessage);
    clearTimeout(this.#timer);
    this.#port?.close();
    this.#port = null;
    this.#dropReplies();
    this.#settleReady(false);
  }

  /** Checks every field; resolves to what is wrong, shown by each field in the frame. */
  async validate(): Promise<CardProblem[] | null> {
    const event = await this.#request((id) => ({ type: 'validate', id }));
    return event?.type === 'validated' ? event.problems : null;
  }

  /**
   * Has the frame pay with the card it holds. Resolves like a confirm: the
   * session after it (with the decline, if any), or throws the EndpointError.
   */
  async confirm(payer: PayerDetails): Promise<PaymentResult | CardProblem[]> {
    const event = await this.#request((id) => ({ type: 'confirm', id, payer }));
    if (event?.type === 'invalid') return event.problems;
    if (event?.type !== 'confirmed' || event.status === 0) throw networkError();
    return readPaymentAnswer(event.status, event.body);
  }

  /** Moves focus to a field inside the frame. */
  focus(field: CardField): void {
    this.#focusFrame();
    this.#post({ type: 'focus', field });
  }

  /** Shows an endpoint error by its field inside the frame, and focuses that field. */
  showError(field: CardField, message: string): void {
    this.#focusFrame();
    this.#post({ type: 'show-error', field, message });
  }

  /**
   * Gives the frame the page's focus, which a frame on another origin may not
   * take by itself (the page has the customer's click); the frame then puts
   * it on the field. Focus already inside the frame stays where it is.
   */
  #focusFrame(): void {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (active !== this.frame) this.frame.focus();
  }

  /** Sends the words and look again when they changed (a locale, a theme). */
  updateSetup(): void {
    // Before the handshake there is no one to tell, and the handshake reads the setup itself.
    if (!this.#port) return;
    const setup = this.options.setup();
    const text = JSON.stringify(setup);
    if (text === this.#sentSetup) return;
    this.#sentSetup = text;
    this.#post({ type: 'setup', setup });
  }

  #onLoad = (): void => {
    // The document loaded but its script never said hello: an error page, or a blocked script.
    if (this.state === 'loading' && !this.#port) {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#fail(), readyAfterLoadMs);
    }
  };

  #onWindowMessage = (event: MessageEvent): void => {
    if (event.source !== this.frame.contentWindow || event.origin !== this.#origin) return;
    if (isHello(event.data)) this.#handshake();
  };

  /** Answers the frame's hello with the secret, the setup and a port of its own. */
  #handshake(): void {
    // A second hello: the frame's document was loaded again (the iframe moved, say). Start over.
    this.#port?.close();
    this.#dropReplies();
    const channel = new MessageChannel();
    this.#port = channel.port1;
    this.#port.onmessage = (message) => this.#onFrameEvent(message.data as FrameEvent);
    const setup = this.options.setup();
    this.#sentSetup = JSON.stringify(setup);
    const init: FrameInit = {
      channel: cardFrameChannel,
      type: 'init',
      clientSecret: this.options.clientSecret,
      setup,
    };
    // The secret goes to the endpoint's origin and nowhere else.
    this.frame.contentWindow!.postMessage(init, this.#origin, [channel.port2]);
  }

  #onFrameEvent(event: FrameEvent): void {
    switch (event?.type) {
      case 'bound':
        clearTimeout(this.#timer);
        this.state = 'ready';
        this.#settleReady(true);
        this.options.onChange();
        break;
      case 'refused':
        this.#fail();
        break;
      case 'resize':
        if (typeof event.height === 'number' && event.height !== this.height) {
          this.height = event.height;
          this.options.onChange();
        }
        break;
      case 'submit':
        this.options.onSubmit();
        break;
      case 'validated':
      case 'invalid':
      case 'confirmed':
        this.#replies.get(event.id)?.(event);
        this.#replies.delete(event.id);
        break;
    }
  }

  #fail(): void {
    if (this.state === 'failed') return;
    this.close();
    this.state = 'failed';
    this.options.onChange();
  }

  #post(command: FrameCommand): void {
    this.#port?.postMessage(command);
  }

  /**
   * Sends the command `make` builds with a fresh id, once the frame is ready,
   * and resolves to its answer; null when the frame never is, or goes away.
   */
  async #request(make: (id: number) => FrameCommand): Promise<FrameEvent | null> {
    if (!(await this.#whenReady) || !this.#port) return null;
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#replies.set(id, resolve);
      this.#post(make(id));
    });
  }

  #dropReplies(): void {
    for (const reply of this.#replies.values()) reply(null);
    this.#replies.clear();
  }
}
