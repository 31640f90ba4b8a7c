import type { Placement } from '@floating-ui/core';
import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { FloatingController } from '../../controllers/floating-controller.js';
import { styles } from './tooltip.styles.js';

/** Time to cross the gap between the trigger and the bubble before hover ends. */
const hoverGraceMs = 150;

/**
 * A small "?" button that explains the thing next to it. Internal: used by
 * the card and totals elements.
 *
 * The bubble shows on hover and on keyboard focus, stays while the pointer is
 * over it, and hides on Escape and blur (WCAG 1.4.13). The trigger's
 * `aria-describedby` points at the bubble, so screen readers read the text
 * with the button even while the bubble is hidden.
 *
 * @summary An accessible help tooltip.
 *
 * @csspart trigger - The "?" button.
 * @csspart bubble - The text bubble.
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
 * @cssprop --checkout-tooltip-background - The bubble. Default: the text colour.
 * @cssprop --checkout-tooltip-color - Text in the bubble. Default: the background colour.
 */
export class CheckoutTooltip extends LitElement {
  static override properties = {
    label: {},
    text: {},
    placement: {},
    open: { type: Boolean, reflect: true },
  };

  static override styles = styles;

  /** Accessible name of the trigger, e.g. "What is the security code?". */
  label = '';

  /** The explanation shown in the bubble. */
  text = '';

  /** Preferred side of the bubble; it flips when there is no room. */
  placement: Placement = 'top';

  /** Whether the bubble is showing. */
  open = false;

  /** Drawn by the first render, before the tooltip can open. */
  get #trigger(): HTMLButtonElement {
    return this.renderRoot.querySelector<HTMLButtonElement>('.trigger')!;
  }

  get #bubble(): HTMLElement {
    return this.renderRoot.querySelector<HTMLElement>('.bubble')!;
  }

  readonly #floating = new FloatingController(this, () => ({
    placement: this.placement,
    offset: 6,
  }));

  #hideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.addEventListener('pointerenter', this.#onPointerEnter);
    this.addEventListener('pointerleave', this.#onPointerLeave);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#hideTimer);
    document.removeEventListener('keydown', this.#onDocumentKeydown);
    this.open = false;
  }

  show(): void {
    clearTimeout(this.#hideTimer);
    this.open = true;
  }

  hide(): void {
    clearTimeout(this.#hideTimer);
    this.open = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && this.isConnected) {
      this.#floating.open(this.#trigger, this.#bubble);
      // On the document, so a bubble opened by hover can be dismissed without moving.
      document.addEventListener('keydown', this.#onDocumentKeydown);
    } else {
      this.#floating.close();
      document.removeEventListener('keydown', this.#onDocumentKeydown);
    }
  }

  override render(): TemplateResult {
    return html`<button
        class="trigger" part="trigger" type="button" aria-describedby="bubble"
        @focus=${this.show} @blur=${this.hide} @click=${this.show}
      ><span aria-hidden="true">?</span><span class="visually-hidden">${this.label}</span></button
      ><div id="bubble" class="bubble ${this.open ? 'open' : ''}" part="bubble" role="tooltip" popover="manual">${this.text}</div>`;
  }

  #onPointerEnter = (): void => this.show();

  #onPointerLeave = (): void => {
    clearTimeout(this.#hideTimer);
    // Keyboard focus keeps it open; otherwise allow time to reach the bubble.
    if (this.shadowRoot?.activeElement === this.#trigger) return;
    this.#hideTimer = setTimeout(() => this.hide(), hoverGraceMs);
  };

  #onDocumentKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this.open) return;
    // Only the tooltip closes: not a dialog or popup around it.
    event.preventDefault();
    event.stopPropagation();
    this.hide();
  };
}
