import type { Placement } from '@floating-ui/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { lazy } from '../internal/lazy.js';

export interface FloatingOptions {
  /** Preferred side and alignment; flipped to the other side when there is no room. Default `bottom-start`. */
  placement?: Placement;
  /** Gap between the reference and the floating element, in px. Default 4. */
  offset?: number;
  /** Space kept free between the floating element and the viewport's edges, in px. Default 8. */
  padding?: number;
  /**
   * Caps the floating element's height at the space left on its side, but never
   * above this many px; the element should scroll (`overflow-y: auto`). For lists.
   */
  maxHeight?: number;
  /** Makes the floating element exactly as wide as the reference. */
  matchWidth?: boolean;
  /**
   * The floating element's own stylesheet places it by CSS anchor positioning
   * under `[data-anchored]` (with the same offset, padding, height cap and
   * width as these options ask). Where the browser can, the controller then
   * only shows it and says its side, and Floating UI is never downloaded.
   */
  anchored?: boolean;
}

/**
 * Whether this browser places popups by CSS anchor positioning (Chromium 125,
 * Safari 26, Firefox 147 and later). A test turns it off to run the Floating
 * UI path in a browser that has it.
 */
export const cssAnchoring = {
  supported: typeof CSS !== 'undefined' && CSS.supports('position-try-fallbacks', 'flip-block'),
};

/**
 * Loads the positioning code (Floating UI) once. A failed load is forgotten,
 * so the next opening tries again.
 */
export const loadPositioning = lazy(() => import('./floating-position.js'));

/**
 * Starts loading the positioning code ahead of an opening (not needed for an
 * `anchored` popup where the browser places it); a failure waits for
 * `open()` to retry.
 */
export function prefetchPositioning(anchored = false): void {
  if (anchored && cssAnchoring.supported) return;
  loadPositioning().catch(() => undefined);
}

/** Shows an element with a `popover` attribute in the top layer, if it is not there yet. */
function showPopover(floating: HTMLElement): void {
  if (floating.hasAttribute('popover') && !floating.matches(':popover-open')) {
    floating.showPopover?.();
  }
}

/**
 * Positions one floating element (a listbox, a tooltip) next to a reference
 * element with Floating UI, and keeps it there while open. An `anchored`
 * element in a browser with CSS anchor positioning is placed by its own
 * stylesheet instead: the controller shows and hides it, and Floating UI is
 * not loaded.
 *
 * - `open()` shows the floating element (in the top layer when it has a
 *   `popover` attribute), hidden until its first position is known, places it
 *   and starts `autoUpdate`, which follows scrolling of every ancestor,
 *   resizes and layout shifts.
 * - `close()` stops `autoUpdate` and hides the popover.
 * - On host disconnect it closes, so no listener or observer outlives the host.
 *
 * Position is written through CSSOM (`element.style.left`), which a strict
 * Content-Security-Policy allows. `data-placement` on the floating element
 * says which side it ended up on.
 */
export class FloatingController implements ReactiveController {
  #cleanup: (() => void) | null = null;
  #elements: { reference: Element; floating: HTMLElement } | null = null;
  /** Bumped on open and close, so work still in flight never moves an element it no longer owns. */
  #generation = 0;

  constructor(
    host: ReactiveControllerHost,
    /** Read at every update, so a function can follow the host's properties. */
    private readonly options: FloatingOptions | (() => FloatingOptions) = {},
  ) {
    host.addController(this);
  }

  get isOpen(): boolean {
    return this.#elements !== null;
  }

  hostDisconnected(): void {
    this.close();
  }

  open(reference: Element, floating: HTMLElement): void {
    if (this.#elements?.reference === reference && this.#elements.floating === floating) return;
    this.close();
    const generation = ++this.#generation;
    this.#elements = { reference, floating };
    if (this.#options().anchored && cssAnchoring.supported) {
      this.#openAnchored(reference, floating);
      return;
    }
    Object.assign(floating.style, { position: 'fixed', visibility: 'hidden' });
    showPopover(floating);
    void loadPositioning().then(
      ({ autoUpdate }) => {
        if (generation !== this.#generation) return;
        // Scrolling and layout shifts place it at once; a change of size waits for the next
        // frame: placing it inside the resize notice (a list flipping above its field and
        // taking another height) would resize it again, which the browser reports to the
        // page as a "ResizeObserver loop" error.
        const stop = autoUpdate(reference, floating, () => void this.update());
        let frame = 0;
        const resized = new ResizeObserver(() => {
          cancelAnimationFrame(frame);
          frame = requestAnimationFrame(() => void this.update());
        });
        resized.observe(reference);
        resized.observe(floating);
        this.#cleanup = () => {
          stop();
          resized.disconnect();
          cancelAnimationFrame(frame);
        };
      },
      // Without the positioning code the popup still shows, where the top layer puts it.
      () => {
        if (generation === this.#generation) floating.style.visibility = '';
      },
    );
  }

  /**
   * The browser places it (its stylesheet's `[data-anchored]` rules) and
   * follows the reference as it moves; this shows it, hides it while the
   * reference is scrolled out of view (as Floating UI's `hide` does; not every
   * engine applies `position-visibility` here), and says, as
   * `data-placement`, the side it is on once drawn and after each change of
   * its size (the browser may flip it as the page scrolls, too).
   */
  #openAnchored(reference: Element, floating: HTMLElement): void {
    floating.dataset['anchored'] = '';
    showPopover(floating);
    // Read where a ResizeObserver's notices come, after layout: an engine may settle on
    // a fallback position only then, not when this asks right after showing it.
    const resized = new ResizeObserver(() => {
      const above = floating.getBoundingClientRect().top < reference.getBoundingClientRect().top;
      floating.dataset['placement'] = above ? 'top' : 'bottom';
    });
    resized.observe(floating);
    const inView = new IntersectionObserver(([entry]) => {
      floating.style.visibility = entry?.isIntersecting ? '' : 'hidden';
    });
    inView.observe(reference);
    this.#cleanup = () => {
      resized.disconnect();
      inView.disconnect();
      floating.style.visibility = '';
      delete floating.dataset['anchored'];
    };
  }

  #options(): FloatingOptions {
    return typeof this.options === 'function' ? this.options() : this.options;
  }

  close(): void {
    this.#generation++;
    this.#cleanup?.();
    this.#cleanup = null;
    const floating = this.#elements?.floating;
    this.#elements = null;
    if (floating?.matches(':popover-open')) floating.hidePopover();
  }

  /** Places the floating element now; `autoUpdate` calls this on every change while open. */
  async update(): Promise<void> {
    if (!this.#elements || this.#elements.floating.hasAttribute('data-anchored')) return;
    const { reference, floating } = this.#elements;
    const generation = this.#generation;
    const options = this.#options();
    const { place } = await loadPositioning();
    const { x, y, placement, referenceHidden } = await place(reference, floating, {
      placement: options.placement ?? 'bottom-start',
      offset: options.offset ?? 4,
      padding: options.padding ?? 8,
      maxHeight: options.maxHeight,
      matchWidth: options.matchWidth ?? false,
    });
    if (generation !== this.#generation) return;
    Object.assign(floating.style, {
      left: `${x}px`,
      top: `${y}px`,
      // A list whose field scrolled out of its container hides with it.
      visibility: referenceHidden ? 'hidden' : '',
    });
    floating.dataset['placement'] = placement;
  }
}
