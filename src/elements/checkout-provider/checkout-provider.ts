import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import type {
  Address,
  ClientSession,
  CryptoAsset,
  SessionUpdate,
  ShippingDetails,
} from '../../api/client-types.js';
import { EndpointError, type PaymentResult } from '../../client/session-client.js';
import { AppearanceController } from '../../controllers/appearance-controller.js';
import { LocalizationController } from '../../controllers/localization-controller.js';
import { type Phase, SessionController } from '../../controllers/session-controller.js';
import type { MessageParams } from '../../i18n/format.js';
import {
  addEnglish,
  errorMessagesReady,
  loadErrorMessages,
  type MessageKey,
  type Messages,
  preloadErrorMessages,
} from '../../i18n/messages.js';
import { type MessageOverrides, messagesConverter } from '../../i18n/overrides.js';
import type { Translator } from '../../i18n/translator.js';
import { lazy } from '../../internal/lazy.js';
import { type Appearance, appearanceConverter } from '../shared/appearance.js';
import { baseStyles } from '../shared/base.styles.js';
import { initialSessionAttribute } from '../shared/json-attribute.js';
import type { ChallengeDialog, ChallengeTexts } from './challenge-dialog.js';
import {
  type ActionError,
  type ActionResult,
  type CheckoutActions,
  type CheckoutField,
  type CheckoutRegistry,
  type CheckoutState,
  type PaymentMethod,
  type ProviderRequestDetail,
  providerRequest,
  type SessionConnection,
  type SummaryProblem,
} from './checkout-context.js';
import { providerStyles } from './checkout-provider.styles.js';

/** The challenge dialog is its own chunk: most payments never meet one. */
const loadChallengeDialog = lazy(() => import('./challenge-dialog.js'));

/**
 * Holds one checkout session for the custom-mode elements inside it and
 * exposes the checkout's actions. Every action resolves to
 * `{ type: 'success', session }` or `{ type: 'error', error }`; none throws
 * for the customer's mistakes.
 *
 * The elements inside speak the provider's locale: the `locale` property,
 * else the session's, else the browser's, each falling back to its parent
 * language (`fr-CH` → French words, Swiss formats) and finally to English.
 * Packs beyond English load on first use. `messages` replaces any string by
 * its key. The provider sets `lang` and `dir` (`rtl` for Arabic) on itself
 * unless you set them.
 *
 * @summary Loads a session and shares it with the checkout elements inside.
 *
 * @slot - The checkout elements, laid out as you like.
 *
 * @event {CheckoutEvent<'checkout-ready'>} checkout-ready - The session loaded. `detail.session`.
 * @event {CheckoutEvent<'checkout-change'>} checkout-change - The session changed (an update, a payment attempt). `detail.session`.
 * @event {CheckoutEvent<'checkout-success'>} checkout-success - Paid. Cancelable: stops the redirect to `success_url`.
 * @event {CheckoutEvent<'checkout-cancel'>} checkout-cancel - The customer canceled. Cancelable: stops the redirect to `cancel_url`.
 * @event {CheckoutEvent<'checkout-error'>} checkout-error - Loading failed or a payment was declined. `detail.error { code, message }`.
 * @event {CheckoutEvent<'checkout-expired'>} checkout-expired - The session expired.
 *
 * @csspart challenge - The authentication dialog.
 * @csspart heading - The dialog's heading.
 * @csspart approve-button - The dialog's approve button (test mode).
 * @csspart fail-button - The dialog's fail button (test mode).
 *
 * The tokens inherit into every element inside, and so does `appearance`:
 * each element paints the background colour it chooses. The provider itself
 * neither paints nor recolours anything: the merchant's own markup inside it
 * keeps the page's colours and font.
 *
 * @cssprop --checkout-color-primary - Accent: the pay button, links, selected choices, focus ring. Default `#1f4fd1`.
 * @cssprop --checkout-color-on-primary - Text on the accent colour. Default `#fff`.
 * @cssprop --checkout-color-background - Background of the form, inputs and dialogs. Default `#fff`.
 * @cssprop --checkout-color-surface - Filled areas: flat inputs and panels. Default `#f3f4f6`.
 * @cssprop --checkout-color-text - Text. Default `#1a1d24`.
 * @cssprop --checkout-color-muted - Hints and secondary text. Default `#545b69`.
 * @cssprop --checkout-color-border - Borders of inputs and panels; keep 3:1 against the background. Default `#8a909c`.
 * @cssprop --checkout-color-danger - Errors. Default `#b3261e`.
 * @cssprop --checkout-color-success - Success. Default `#176b3a`.
 * @cssprop --checkout-color-focus - Focus ring. Default: the primary colour.
 * @cssprop --checkout-color-scheme - CSS `color-scheme` of the elements (`light` or `dark`), so native controls match. Default `light`.
 * @cssprop --checkout-font-family - Font. Default: the system UI font.
 * @cssprop --checkout-font-size - Base font size; the other sizes scale with it. Default `1rem`: the reader's font-size setting.
 * @cssprop --checkout-radius - Corner radius. Default `6px`.
 * @cssprop --checkout-spacing - Spacing unit; gaps and padding are multiples of it. Default `8px`.
 * @cssprop --checkout-shadow - Shadow of popups and dialogs. Default `0 8px 24px rgb(0 0 0 / 0.16)`.
 * @cssprop --checkout-label-color - Field labels. Default: the text colour.
 * @cssprop --checkout-input-background - Inputs and selects. Default: the background (`flat`: the surface colour).
 * @cssprop --checkout-input-color - Text in inputs and selects. Default: the text colour.
 * @cssprop --checkout-input-border-color - Border of inputs and selects. Default: the border colour.
 * @cssprop --checkout-input-border-width - One to four widths, as `border-width` takes them. Default `1px` (`flat`: `0 0 2px`).
 * @cssprop --checkout-input-radius - Corner radius of inputs and selects. Default: the radius.
 * @cssprop --checkout-input-height - Minimum height of inputs and selects. Default `44px`.
 * @cssprop --checkout-input-padding - Padding of inputs and selects. Default: one spacing unit by one and a half.
 * @cssprop --checkout-button-radius - Corner radius of every button. Default: the radius.
 * @cssprop --checkout-dialog-background - The authentication dialog. Default: the background colour.
 * @cssprop --checkout-dialog-backdrop - Behind the dialog. Default `rgb(0 0 0 / 0.5)`.
 */
export class CheckoutProvider extends LitElement implements CheckoutActions, CheckoutRegistry {
  // The inputs are spelled out here and in <checkout-embedded>, not shared: the custom
  // elements manifest's analyzer reads this literal for the attributes.
  static override properties = {
    clientSecret: { attribute: 'client-secret' },
    fetchClientSecret: { attribute: false },
    initialSession: { attribute: 'initial-session', converter: initialSessionAttribute },
    endpoint: {},
    locale: {},
    messages: { converter: messagesConverter },
    appearance: { converter: appearanceConverter },
    busy: { state: true },
    authenticating: { state: true },
    problems: { state: true },
    formError: { state: true },
  };

  static override styles = [baseStyles, providerStyles];

  /** The session's client secret, from your server. */
  clientSecret: string | null = null;

  /** Alternative to `clientSecret`: called once to fetch it. */
  fetchClientSecret: (() => Promise<string>) | null = null;

  /**
   * The session as the client API answers it, when the page already has it
   * (the hosted page sends it with its HTML, a server-rendered page can too):
   * the element shows it at once instead of reading it first. Used only when
   * it is the client secret's session. Attribute: the same object as JSON.
   */
  initialSession: ClientSession | null = null;

  /** Base URL of the session endpoint. Default: the origin the kit was loaded from. */
  endpoint: string | null = null;

  /**
   * Locale of the words and formats, e.g. `fr` or `fr-CH`. Default: the
   * session's, then the browser's. A tag without its own pack speaks its
   * parent language (`fr-CH` → French) and keeps its formats (Swiss money);
   * one with none at all falls back to the next choice, and finally English.
   */
  locale: string | null = null;

  /**
   * The merchant's wording, by message key, over the active locale's, e.g.
   * `{ pay: 'Buy now · {amount}' }`. Keep the placeholders of the key you
   * replace. Attribute: the same object as JSON.
   */
  messages: MessageOverrides | null = null;

  /**
   * Theme, colour scheme and token values, e.g.
   * `{ theme: 'night', variables: { colorPrimary: '#0a7' } }`; every element
   * inside inherits them. CSS custom properties the page sets win over them.
   * Attribute: the same object as JSON.
   */
  appearance: Appearance | null = null;

  private busy = false;
  /** An answer to the bank's challenge is on its way. */
  private authenticating = false;
  private problems: readonly SummaryProblem[] = [];
  private formError: string | null = null;

  /** The bank's challenge dialog, created the first time a payment needs one. */
  #challenge: ChallengeDialog | null = null;
  #challengeLoading = false;

  readonly #fields = new Set<CheckoutField>();
  readonly #methods = new Set<PaymentMethod>();
  readonly #listeners = new Set<(state: CheckoutState) => void>();
  /** `lang` and `dir` as this element last wrote them on itself. */
  #written: Record<'lang' | 'dir', string | null> = { lang: null, dir: null };
  /** Settles the confirm that is waiting on the bank's challenge. */
  #challengeDone: ((result: ActionResult) => void) | null = null;

  readonly #controller = new SessionController(this, () => ({
    clientSecret: this.clientSecret,
    fetchClientSecret: this.fetchClientSecret,
    endpoint: this.endpoint,
    initialSession: this.initialSession,
    locale: this.locale,
  }));

  readonly #localization = new LocalizationController(this, () => ({
    locale: this.locale,
    sessionLocale: this.#controller?.session?.locale,
    messages: this.messages,
  }));

  /** The snapshot last shared with the elements inside and the other subscribers. */
  #state = this.#snapshot();

  constructor() {
    super();
    new AppearanceController(this);
    this.addEventListener('keydown', this.#onKeydown);
    // The elements inside ask for their provider; the nearest one answers.
    this.addEventListener(providerRequest, (event) => {
      event.stopPropagation();
      (event as CustomEvent<ProviderRequestDetail>).detail.subscribe = this.#listen;
    });
  }

  /**
   * Enter in a text field pays, as it would submit a one-page form. Fields in
   * their own form (the promotion code) and keys an element already handled
   * (the country list) are left alone.
   */
  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' || event.defaultPrevented || event.isComposing) return;
    const target = event.composedPath()[0];
    if (!(target instanceof HTMLInputElement) || target.form) return;
    if (!['text', 'email', 'tel'].includes(target.type)) return;
    event.preventDefault();
    void this.confirm();
  };

  /** The session as last seen, or null while loading. */
  get session(): ClientSession | null {
    return this.#controller.session;
  }

  /** Where the checkout stands: loading, failed, open, or how it ended. */
  get phase(): Phase {
    return this.#controller.phase;
  }

  /** Why loading failed, when `phase` is `failed`. */
  get loadError(): EndpointError | null {
    return this.#controller.loadError;
  }

  /** Loads the session again, e.g. after a failed load. */
  reload(): Promise<void> {
    return this.#controller.load(true);
  }

  /**
   * Calls `listener` with the checkout's state now and after every change:
   * the snapshot the elements inside read (session, phase, problems, busy …).
   * Returns the function that stops it. For code outside the provider's
   * subtree, such as `useCheckout()` in `checkout-kit/react`; the elements
   * inside are handed the same when they ask for their provider
   * (`providerRequest`).
   */
  subscribe(listener: (state: CheckoutState) => void): () => void {
    return this.#listen(listener);
  }

  readonly #listen = (listener: (state: CheckoutState) => void): (() => void) => {
    this.#listeners.add(listener);
    listener(this.#state);
    return () => void this.#listeners.delete(listener);
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (
      this.isConnected &&
      (changed.has('clientSecret') || changed.has('endpoint') || changed.has('fetchClientSecret'))
    ) {
      void this.#controller.load();
    }
    if (this.#controller.phase !== 'open' && this.problems.length) this.problems = [];
    if (!errorMessagesReady(this.#i18n.messages)) {
      if (this.#controller.loadError || this.#controller.quoteRefreshError) {
        // Shown from the state below: word them once their English is here.
        void loadErrorMessages(this.#i18n.messages).then(() => this.requestUpdate());
      } else if (this.isConnected) preloadErrorMessages(() => this.#i18n.language === 'en');
    }
    const snapshot = this.#snapshot();
    this.#speak(snapshot.i18n);
    this.#state = snapshot;
    for (const listener of this.#listeners) listener(snapshot);
  }

  /**
   * Writes the locale's `lang` and `dir` on this element, so the elements
   * inside (light DOM and shadow roots alike) are read and laid out in it.
   * A value the merchant set is theirs: it stays.
   */
  #speak(i18n: Translator): void {
    for (const name of ['lang', 'dir'] as const) {
      const current = this.getAttribute(name);
      if (current !== null && current !== this.#written[name]) continue;
      if (current !== i18n[name]) this.setAttribute(name, i18n[name]);
      this.#written[name] = i18n[name];
    }
  }

  protected override updated(): void {
    if (this.session) this.#i18n.warmWhenIdle(this.session.currency);
    if (this.#awaitingChallenge()) void this.#openChallenge();
    else this.#challenge?.close();
    this.#challenge?.update(this.#challengeTexts(), this.authenticating);
  }

  #awaitingChallenge(): boolean {
    const awaiting = this.session?.payment?.next_action?.type === 'authenticate';
    return awaiting && this.#controller.phase === 'open' && this.isConnected;
  }

  /** Opens the bank's challenge, loading the dialog's chunk the first time one is asked for. */
  async #openChallenge(): Promise<void> {
    if (!this.#challenge) {
      if (this.#challengeLoading) return;
      this.#challengeLoading = true;
      try {
        const { createChallenge, challengeMessages } = await loadChallengeDialog();
        addEnglish(challengeMessages);
        this.#challenge ??= createChallenge(this.renderRoot as ShadowRoot, (outcome) => {
          void this.authenticate(outcome);
        });
      } catch {
        // Without the dialog the payment cannot be authenticated: fail it, so the confirm settles.
        void this.authenticate('fail');
        return;
      } finally {
        this.#challengeLoading = false;
      }
    }
    this.#challenge.update(this.#challengeTexts(), this.authenticating);
    if (this.#awaitingChallenge()) this.#challenge.open();
  }

  #challengeTexts(): ChallengeTexts {
    const session = this.session;
    return {
      title: this.#t('challengeTitle'),
      body: session
        ? this.#t('challengeBody', {
            amount: this.#i18n.money(
              session.amount_total,
              session.currency,
              session.formatted_amounts,
            ),
          })
        : '',
      approve: this.#t('challengeApprove'),
      fail: this.#t('challengeFail'),
    };
  }

  /** Words and formats in this checkout's locale. */
  get #i18n(): Translator {
    return this.#localization.translator;
  }

  #t(key: MessageKey, params?: MessageParams): string {
    return this.#i18n.t(key, params);
  }

  #snapshot(): CheckoutState {
    const i18n = this.#i18n;
    return {
      phase: this.#controller?.phase ?? 'idle',
      session: this.#controller?.session ?? null,
      loadError: this.#controller?.loadError ?? null,
      locale: i18n.locale,
      i18n,
      busy: this.busy,
      problems: this.problems,
      formError: this.formError,
      replacedQuote: this.#controller?.replacedQuote ?? null,
      quoteRefreshError:
        this.#controller?.quoteRefreshError && errorMessagesReady(i18n.messages)
          ? i18n.describeError(this.#controller.quoteRefreshError)
          : null,
      checkout: this,
    };
  }

  override render(): TemplateResult {
    return html`<slot></slot>`;
  }

  // ---- registry -------------------------------------------------------------

  /** @internal For the elements inside: takes part in confirm and the error summary. */
  registerField(field: CheckoutField): () => void {
    this.#fields.add(field);
    return () => {
      this.#fields.delete(field);
      this.problems = this.problems.filter((problem) => problem.owner !== field);
    };
  }

  /** @internal For `<checkout-card>` and `<checkout-crypto>`: how they pay. */
  registerPaymentMethod(method: PaymentMethod): () => void {
    this.#methods.add(method);
    return () => this.#methods.delete(method);
  }

  /** @internal For a payment method's frame: where the session lives. */
  connection(): SessionConnection | null {
    return this.#controller.connection;
  }

  /** @internal For `<checkout-messages>`: the error summary's links. */
  focusProblem(problem: SummaryProblem): void {
    problem.owner.focus(problem.field);
  }

  /** Fields in page order, so the summary and focus follow what the customer sees. */
  #orderedFields(): CheckoutField[] {
    return inPageOrder(this.#fields);
  }

  /** The first method, in page order, that the session accepts. */
  #methodFor(session: ClientSession): PaymentMethod | undefined {
    return inPageOrder(this.#methods).find((method) =>
      session.payment_method_types.includes(method.type),
    );
  }

  // ---- actions --------------------------------------------------------------

  /**
   * Checks and saves every field, then pays with the payment method the
   * session accepts: the card (its frame sends the card) or, in test mode, a
   * simulated crypto transfer. Resolves once the payment finished, including
   * any authentication the bank asked for.
   */
  async confirm(): Promise<ActionResult> {
    if (this.busy) return this.#error({ code: 'busy', message: this.#t('busy') });
    const session = this.session;
    if (!session || this.#controller.phase !== 'open') {
      return this.#error({ code: 'session_not_open', message: this.#t('session_not_open') });
    }
    this.busy = true;
    this.formError = null;
    // The control that asked to pay (the kit's button or the merchant's own), for focus to return to.
    let returnTo = document.activeElement;
    while (returnTo?.shadowRoot?.activeElement) returnTo = returnTo.shadowRoot.activeElement;
    try {
      // One at a time, in page order: each save re-prices the session the next one sees.
      const problems: SummaryProblem[] = [];
      const fields = this.#orderedFields();
      for (const owner of fields) {
        for (const problem of await owner.commit()) problems.push({ ...problem, owner });
      }
      for (const owner of fields) {
        for (const problem of (await owner.settle?.()) ?? []) problems.push({ ...problem, owner });
      }
      this.problems = problems;
      if (problems.length) {
        await this.updateComplete;
        this.focusProblem(problems[0]!);
        return this.#error({ code: 'validation_failed', message: problems[0]!.message });
      }
      const latest = this.session!;
      const method = this.#methodFor(latest);
      if (!method) {
        return latest.payment_method_types.includes('card')
          ? this.#error({ code: 'card_missing', message: this.#t('card_missing') })
          : this.#error({
              code: 'payment_method_not_allowed',
              message: this.#t('payment_method_not_allowed'),
            });
      }
      const email = latest.customer_email;
      if (!email)
        return this.#error({ code: 'email_required', message: this.#t('email_required') });
      const result = await this.#controller.pay(method, {
        email,
        ...(latest.billing_address ? { address: latest.billing_address } : {}),
      });
      return await this.#afterPayment(await worded(result, this.#i18n.messages));
    } finally {
      this.busy = false;
      // A button disabled while the payment ran, or a closed 3-D Secure dialog, drops focus to
      // the body; the kit or the customer may have put it somewhere since, which stands.
      void this.updateComplete.then(() => {
        if (document.activeElement === document.body && returnTo?.isConnected) {
          (returnTo as HTMLElement).focus?.();
        }
      });
    }
  }

  /** Answers the bank's test challenge for the pending payment. */
  async authenticate(outcome: 'approve' | 'fail'): Promise<ActionResult> {
    if (this.authenticating) return this.#error({ code: 'busy', message: this.#t('busy') });
    this.authenticating = true;
    const result = this.#paymentOutcome(
      await worded(await this.#controller.authenticate(outcome), this.#i18n.messages),
    );
    this.authenticating = false;
    const done = this.#challengeDone;
    this.#challengeDone = null;
    done?.(result);
    return result;
  }

  #afterPayment(result: PaymentResult | EndpointError): Promise<ActionResult> {
    if (!(result instanceof EndpointError) && result.session.payment?.next_action) {
      // The bank asks the customer to authenticate; the dialog settles this confirm.
      return new Promise((resolve) => {
        this.#challengeDone = resolve;
      });
    }
    return Promise.resolve(this.#paymentOutcome(result));
  }

  #paymentOutcome(result: PaymentResult | EndpointError): ActionResult {
    const error = result instanceof EndpointError ? result : result.error;
    if (!error) return { type: 'success', session: (result as PaymentResult).session };
    const failure = this.#toActionError(error);
    const owner = this.#orderedFields().find((field) => field.showError?.(failure));
    if (!owner) this.formError = failure.message;
    return { type: 'error', error: failure };
  }

  async cancel(): Promise<ActionResult> {
    this.busy = true;
    const error = await this.#controller.cancel();
    this.busy = false;
    if (error) {
      await loadErrorMessages(this.#i18n.messages);
      this.formError = this.#i18n.describeError(error);
      return { type: 'error', error: this.#toActionError(error) };
    }
    return { type: 'success', session: this.session! };
  }

  updateLineItemQuantity(lineItemId: string, quantity: number): Promise<ActionResult> {
    return this.#sendUpdate({ line_items: [{ id: lineItemId, quantity }] });
  }

  async applyPromotionCode(code: string): Promise<ActionResult> {
    const trimmed = code.trim();
    if (!trimmed) {
      return this.#error({
        code: 'promotion_code_required',
        message: this.#t('promotion_code_required'),
        field: 'code',
      });
    }
    return this.#settle(await this.#controller.applyPromotionCode(trimmed));
  }

  async removePromotionCode(): Promise<ActionResult> {
    return this.#settle(await this.#controller.removePromotionCode());
  }

  updateEmail(email: string): Promise<ActionResult> {
    return this.#sendUpdate({ email: email.trim() });
  }

  updateBillingAddress(address: Address | null): Promise<ActionResult> {
    return this.#sendUpdate({ billing_address: address });
  }

  updateShippingAddress(details: ShippingDetails | null): Promise<ActionResult> {
    return this.#sendUpdate({ shipping_details: details });
  }

  updateShippingRate(shippingRateId: string): Promise<ActionResult> {
    return this.#sendUpdate({ shipping_rate: shippingRateId });
  }

  updatePhone(phone: string | null): Promise<ActionResult> {
    return this.#sendUpdate({ phone });
  }

  async selectCryptoAsset(asset: CryptoAsset): Promise<ActionResult> {
    if (!this.session)
      return this.#error({ code: 'session_not_loaded', message: this.#t('session_not_loaded') });
    return this.#settle(await this.#controller.quoteCrypto(asset));
  }

  /** Crypto sessions in test mode: the same as `confirm()`, which simulates the transfer. */
  async simulateCryptoPayment(): Promise<ActionResult> {
    if (!this.session)
      return this.#error({ code: 'session_not_loaded', message: this.#t('session_not_loaded') });
    return this.confirm();
  }

  async #sendUpdate(update: SessionUpdate): Promise<ActionResult> {
    if (!this.session)
      return this.#error({ code: 'session_not_loaded', message: this.#t('session_not_loaded') });
    return this.#settle(await this.#controller.update(update));
  }

  async #settle(result: ClientSession | EndpointError): Promise<ActionResult> {
    if (!(result instanceof EndpointError)) return { type: 'success', session: result };
    await loadErrorMessages(this.#i18n.messages);
    return { type: 'error', error: this.#toActionError(result) };
  }

  #toActionError(error: EndpointError): ActionError {
    return {
      code: error.declineCode ?? error.code,
      message: this.#i18n.describeError(error),
      ...(error.param ? { field: error.param } : {}),
    };
  }

  #error(error: ActionError): ActionResult {
    return { type: 'error', error };
  }
}

/**
 * `result`, once an error in it can be worded in `words`: the endpoint's
 * errors have their English in a lazy chunk (usually loaded at idle long before).
 */
async function worded<T>(result: T, words: Messages): Promise<T> {
  const failed =
    result instanceof EndpointError ||
    (typeof result === 'object' && result !== null && 'error' in result && result.error);
  if (failed) await loadErrorMessages(words);
  return result;
}

/** Registered elements in the order the customer sees them. */
function inPageOrder<T extends { element: HTMLElement }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) =>
    a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-provider': CheckoutProvider;
  }
}
