import {
  autoUpdate,
  computePosition,
  flip,
  hide,
  type Middleware,
  offset,
  type Placement,
  shift,
  size,
} from '@floating-ui/dom';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

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
}

/**
 * Positions one floating element (a listbox, a tooltip) next to a reference
 * element with Floating UI, and keeps it there while open.
 *
 * - `open()` shows the floating element (in the top layer when it has a
 *   `popover` attribute), places it and starts `autoUpdate`, which follows
 *   scrolling of every ancestor, resizes and layout shifts.
 * - `close()` stops `autoUpdate` and hides the popover.
 * - On host disconnect it closes, so no listener or observer outlives the host.
 *
 * `strategy: 'fixed'` measures against the viewport, so shadow roots and
 * scrolling containers do not upset offsetParent arithmetic, and the element
 * escapes `overflow` clipping. Position is written through CSSOM
 * (`element.style.left`), which a strict Content-Security-Policy allows.
 * `data-placement` on the floating element says which side it ended up on.
 */
export class FloatingController implements ReactiveController {
  private cleanup: (() => void) | null = null;
  private elements: { reference: Element; floating: HTMLElement } | null = null;
  /** Bumped on close, so a computation still in flight never moves a closed element. */
  private generation = 0;

  constructor(
    host: ReactiveControllerHost,
    /** Read at every update, so a function can follow the host's properties. */
    private readonly options: FloatingOptions | (() => FloatingOptions) = {},
  ) {
    host.addController(this);
  }

  get isOpen(): boolean {
    return this.elements !== null;
  }

  hostDisconnected(): void {
    this.close();
  }

  open(reference: Element, floating: HTMLElement): void {
    if (this.elements?.reference === reference && this.elements.floating === floating) return;
    this.close();
    this.elements = { reference, floating };
    floating.style.position = 'fixed';
    if (floating.hasAttribute('popover') && !floating.matches(':popover-open')) {
      floating.showPopover?.();
    }
    this.cleanup = autoUpdate(reference, floating, () => void this.update());
  }

  close(): void {
    this.generation++;
    this.cleanup?.();
    this.cleanup = null;
    const floating = this.elements?.floating;
    this.elements = null;
    if (floating?.matches(':popover-open')) floating.hidePopover();
  }

  /** Places the floating element now; `autoUpdate` calls this on every change while open. */
  async update(): Promise<void> {
    if (!this.elements) return;
    const { reference, floating } = this.elements;
    const generation = this.generation;
    const options = typeof this.options === 'function' ? this.options() : this.options;
    const { padding = 8, maxHeight, matchWidth } = options;
    // Measure at the preferred height, so flip compares the list's real size with
    // the room on each side rather than the size an earlier pass squeezed it to.
    if (maxHeight !== undefined) floating.style.maxHeight = `${maxHeight}px`;
    const middleware: Middleware[] = [
      offset(options.offset ?? 4),
      flip({ padding }),
      shift({ padding }),
      size({
        padding,
        apply({ availableHeight, rects }) {
          if (maxHeight !== undefined)
            floating.style.maxHeight = `${Math.max(0, Math.min(maxHeight, Math.floor(availableHeight)))}px`;
          if (matchWidth) floating.style.width = `${rects.reference.width}px`;
        },
      }),
      hide({ strategy: 'referenceHidden' }),
    ];
    const { x, y, placement, middlewareData } = await computePosition(reference, floating, {
      strategy: 'fixed',
      placement: options.placement ?? 'bottom-start',
      middleware,
    });
    if (generation !== this.generation) return;
    Object.assign(floating.style, {
      left: `${x}px`,
      top: `${y}px`,
      // A list whose field scrolled out of its container hides with it.
      visibility: middlewareData.hide?.referenceHidden ? 'hidden' : '',
    });
    floating.dataset['placement'] = placement;
  }
}
