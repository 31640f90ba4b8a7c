import { ContextProvider } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type {
  Address,
  ClientSession,
  CryptoAsset,
  SessionUpdate,
  ShippingDetails,
} from '../../api/client-types.js';
import type { CardHandle } from '../../client/card-payment.js';
import { EndpointError, type PaymentResult } from '../../client/session-client.js';
import { type Phase, SessionController } from '../../controllers/session-controller.js';
import { formatMoney } from '../../core/money.js';
import { describeError, t } from '../../i18n/messages.js';
import { baseStyles } from '../shared/base.styles.js';
import {
  type ActionError,
  type ActionResult,
  type CheckoutActions,
  type CheckoutField,
  type CheckoutRegistry,
  type CheckoutState,
  checkoutContext,
  type SummaryProblem,
} from './checkout-context.js';
import { providerStyles } from './checkout-provider.styles.js';

/**
 * Holds one checkout session for the custom-mode elements inside it and
 * exposes the checkout's actions. Every action resolves to
 * `{ type: 'success', session }` or `{ type: 'error', error }`; none throws
 * for the customer's mistakes.
 *
 * @summary Loads a session and shares it with the checkout elements inside.
 *
 * @slot - The checkout elements, laid out as you like.
 *
 * @event checkout-ready - The session loaded. `detail.session`.
 * @event checkout-change - The session changed (an update, a payment attempt). `detail.session`.
 * @event checkout-success - Paid. Cancelable: stops the redirect to `success_url`.
 * @event checkout-cancel - The customer canceled. Cancelable: stops the redirect to `cancel_url`.
 * @event checkout-error - Loading failed or a payment was declined. `detail.error { code, message }`.
 * @event checkout-expired - The session expired.
 *
 * @csspart challenge - The authentication dialog.
 */
export class CheckoutProvider extends LitElement implements CheckoutActions, CheckoutRegistry {
  static override styles = [baseStyles, providerStyles];

  /** The session's client secret, from your server. */
  @property({ attribute: 'client-secret' }) clientSecret: string | null = null;

  /** Alternative to `clientSecret`: called once to fetch it. */
  @property({ attribute: false }) fetchClientSecret: (() => Promise<string>) | null = null;

  /** Base URL of the session endpoint. Default: the origin the kit was loaded from. */
  @property() endpoint: string | null = null;

  /** Locale for amounts and names, e.g. `fr-FR`. Default: the session's, then the browser's. */
  @property() locale: string | null = null;

  @state() private busy = false;
  /** An answer to the bank's challenge is on its way. */
  @state() private authenticating = false;
  @state() private problems: readonly SummaryProblem[] = [];
  @state() private formError: string | null = null;

  @query('dialog') private dialog!: HTMLDialogElement | null;

  private readonly fields = new Set<CheckoutField>();
  private card: CardHandle | null = null;
  /** Settles the confirm that is waiting on the bank's challenge. */
  private challengeDone: ((result: ActionResult) => void) | null = null;

  private readonly controller = new SessionController(this, () => ({
    clientSecret: this.clientSecret,
    fetchClientSecret: this.fetchClientSecret,
    endpoint: this.endpoint,
  }));

  private readonly context = new ContextProvider(this, {
    context: checkoutContext,
    initialValue: this.snapshot(),
  });

  constructor() {
    super();
    this.addEventListener('keydown', this.onKeydown);
  }

  /**
   * Enter in a text field pays, as it would submit a one-page form. Fields in
   * their own form (the promotion code) and keys an element already handled
   * (the country list) are left alone.
   */
  private onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' || event.defaultPrevented || event.isComposing) return;
    const target = event.composedPath()[0];
    if (!(target instanceof HTMLInputElement) || target.form) return;
    if (!['text', 'email', 'tel'].includes(target.type)) return;
    event.preventDefault();
    void this.confirm();
  };

  /** The session as last seen, or null while loading. */
  get session(): ClientSession | null {
    return this.controller.session;
  }

  /** Where the checkout stands: loading, failed, open, or how it ended. */
  get phase(): Phase {
    return this.controller.phase;
  }

  /** Why loading failed, when `phase` is `failed`. */
  get loadError(): EndpointError | null {
    return this.controller.loadError;
  }

  /** Loads the session again, e.g. after a failed load. */
  reload(): Promise<void> {
    return this.controller.load(true);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (
      this.isConnected &&
      (changed.has('clientSecret') || changed.has('endpoint') || changed.has('fetchClientSecret'))
    ) {
      void this.controller.load();
    }
    if (this.controller.phase !== 'open' && this.problems.length) this.problems = [];
    this.context.setValue(this.snapshot());
  }

  protected override updated(): void {
    const awaiting = this.session?.payment?.next_action?.type === 'authenticate';
    const open = this.controller.phase === 'open';
    if (this.dialog && awaiting && open && !this.dialog.open) this.dialog.showModal();
    if (this.dialog?.open && (!awaiting || !open)) this.dialog.close();
  }

  private snapshot(): CheckoutState {
    return {
      phase: this.controller?.phase ?? 'idle',
      session: this.controller?.session ?? null,
      loadError: this.controller?.loadError ?? null,
      locale: this.locale ?? this.controller?.session?.locale ?? undefined,
      busy: this.busy,
      problems: this.problems,
      formError: this.formError,
      replacedQuote: this.controller?.replacedQuote ?? null,
      quoteRefreshError: this.controller?.quoteRefreshError
        ? describeError(this.controller.quoteRefreshError)
        : null,
      checkout: this,
    };
  }

  override render(): TemplateResult {
    const session = this.session;
    return html`<slot></slot>${session ? this.renderChallenge(session) : nothing}`;
  }

  private renderChallenge(session: ClientSession) {
    const locale = this.snapshot().locale;
    return html`<dialog part="challenge" class="challenge" aria-labelledby="challenge-title" aria-describedby="challenge-body"
      @cancel=${(event: Event) => {
        // Escape counts as failing the challenge, so the customer is never left waiting.
        event.preventDefault();
        void this.authenticate('fail');
      }}>
      <h2 id="challenge-title">${t('challengeTitle')}</h2>
      <p id="challenge-body">${t('challengeBody', { amount: formatMoney(session.amount_total, session.currency, locale) })}</p>
      <div class="challenge-actions">
        <button class="primary" type="button" ?disabled=${this.authenticating} @click=${() => this.authenticate('approve')}>${t('challengeApprove')}</button>
        <button class="secondary" type="button" ?disabled=${this.authenticating} @click=${() => this.authenticate('fail')}>${t('challengeFail')}</button>
      </div>
    </dialog>`;
  }

  // ---- registry -------------------------------------------------------------

  registerField(field: CheckoutField): () => void {
    this.fields.add(field);
    return () => {
      this.fields.delete(field);
      this.problems = this.problems.filter((problem) => problem.owner !== field);
    };
  }

  registerCard(handle: CardHandle): () => void {
    this.card = handle;
    return () => {
      if (this.card === handle) this.card = null;
    };
  }

  focusProblem(problem: SummaryProblem): void {
    problem.owner.focus(problem.field);
  }

  /** Fields in page order, so the summary and focus follow what the customer sees. */
  private orderedFields(): CheckoutField[] {
    return [...this.fields].sort((a, b) =>
      a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
    );
  }

  // ---- actions --------------------------------------------------------------

  /**
   * Checks and saves every field, then pays with the card. Resolves once the
   * payment finished, including any authentication the bank asked for.
   */
  async confirm(): Promise<ActionResult> {
    if (this.busy) return this.error({ code: 'busy', message: t('busy') });
    const session = this.session;
    if (!session || this.controller.phase !== 'open') {
      return this.error({ code: 'session_not_open', message: t('session_not_open') });
    }
    this.busy = true;
    this.formError = null;
    try {
      // One at a time, in page order: each save re-prices the session the next one sees.
      const problems: SummaryProblem[] = [];
      const fields = this.orderedFields();
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
        return this.error({ code: 'validation_failed', message: problems[0]!.message });
      }
      const latest = this.session!;
      if (!this.card) return this.error({ code: 'card_missing', message: t('card_missing') });
      const email = latest.customer_email;
      if (!email) return this.error({ code: 'email_required', message: t('email_required') });
      const result = await this.controller.pay(this.card, {
        email,
        ...(latest.billing_address ? { address: latest.billing_address } : {}),
      });
      return await this.afterPayment(result);
    } finally {
      this.busy = false;
    }
  }

  /** Answers the bank's test challenge for the pending payment. */
  async authenticate(outcome: 'approve' | 'fail'): Promise<ActionResult> {
    if (this.authenticating) return this.error({ code: 'busy', message: t('busy') });
    this.authenticating = true;
    const result = this.paymentOutcome(await this.controller.authenticate(outcome));
    this.authenticating = false;
    const done = this.challengeDone;
    this.challengeDone = null;
    done?.(result);
    return result;
  }

  private afterPayment(result: PaymentResult | EndpointError): Promise<ActionResult> {
    if (!(result instanceof EndpointError) && result.session.payment?.next_action) {
      // The bank asks the customer to authenticate; the dialog settles this confirm.
      return new Promise((resolve) => {
        this.challengeDone = resolve;
      });
    }
    return Promise.resolve(this.paymentOutcome(result));
  }

  private paymentOutcome(result: PaymentResult | EndpointError): ActionResult {
    const error = result instanceof EndpointError ? result : result.error;
    if (!error) return { type: 'success', session: (result as PaymentResult).session };
    const failure = this.toActionError(error);
    const owner = this.orderedFields().find((field) => field.showError?.(failure));
    if (!owner) this.formError = failure.message;
    return { type: 'error', error: failure };
  }

  async cancel(): Promise<ActionResult> {
    this.busy = true;
    const error = await this.controller.cancel();
    this.busy = false;
    if (error) {
      this.formError = describeError(error);
      return { type: 'error', error: this.toActionError(error) };
    }
    return { type: 'success', session: this.session! };
  }

  updateLineItemQuantity(lineItemId: string, quantity: number): Promise<ActionResult> {
    return this.sendUpdate({ line_items: [{ id: lineItemId, quantity }] });
  }

  async applyPromotionCode(code: string): Promise<ActionResult> {
    const trimmed = code.trim();
    if (!trimmed) {
      return this.error({
        code: 'promotion_code_required',
        message: t('promotion_code_required'),
        field: 'code',
      });
    }
    return this.settle(await this.controller.applyPromotionCode(trimmed));
  }

  async removePromotionCode(): Promise<ActionResult> {
    return this.settle(await this.controller.removePromotionCode());
  }

  updateEmail(email: string): Promise<ActionResult> {
    return this.sendUpdate({ email: email.trim() });
  }

  updateBillingAddress(address: Address | null): Promise<ActionResult> {
    return this.sendUpdate({ billing_address: address });
  }

  updateShippingAddress(details: ShippingDetails | null): Promise<ActionResult> {
    return this.sendUpdate({ shipping_details: details });
  }

  updateShippingRate(shippingRateId: string): Promise<ActionResult> {
    return this.sendUpdate({ shipping_rate: shippingRateId });
  }

  updatePhone(phone: string | null): Promise<ActionResult> {
    return this.sendUpdate({ phone });
  }

  async selectCryptoAsset(asset: CryptoAsset): Promise<ActionResult> {
    if (!this.session)
      return this.error({ code: 'session_not_loaded', message: t('session_not_loaded') });
    return this.settle(await this.controller.quoteCrypto(asset));
  }

  async simulateCryptoPayment(): Promise<ActionResult> {
    if (!this.session)
      return this.error({ code: 'session_not_loaded', message: t('session_not_loaded') });
    return this.settle(await this.controller.simulateCrypto());
  }

  private async sendUpdate(update: SessionUpdate): Promise<ActionResult> {
    if (!this.session)
      return this.error({ code: 'session_not_loaded', message: t('session_not_loaded') });
    return this.settle(await this.controller.update(update));
  }

  private settle(result: ClientSession | EndpointError): ActionResult {
    return result instanceof EndpointError
      ? { type: 'error', error: this.toActionError(result) }
      : { type: 'success', session: result };
  }

  private toActionError(error: EndpointError): ActionError {
    return {
      code: error.declineCode ?? error.code,
      message: describeError(error),
      ...(error.param ? { field: error.param } : {}),
    };
  }

  private error(error: ActionError): ActionResult {
    return { type: 'error', error };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-provider': CheckoutProvider;
  }
}
