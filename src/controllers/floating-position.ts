import {
  computePosition,
  flip,
  hide,
  offset,
  type Placement,
  type Platform,
  type Rect,
  shift,
  size,
} from '@floating-ui/core';

/**
 * Floating UI's geometry, behind the `FloatingController`. A lazy chunk: the
 * kit loads it when a popup first opens (or is about to), so pages that never
 * open a list or tooltip never download the positioning code.
 *
 * Floating UI's core places the element (offset, flip, shift, size, hide);
 * the measuring is done here rather than by its DOM package, which handles
 * every kind of offset parent and containing block. The kit's floating
 * elements are popovers in the top layer, positioned `fixed`: their box is
 * the viewport's, and only the reference's own ancestors can clip anything.
 * That leaves a few measurements, and 2.7 kB less to download.
 */

export interface Position {
  x: number;
  y: number;
  placement: Placement;
  /** The reference scrolled out of view (or out of its clipping container). */
  referenceHidden: boolean;
}

export interface PlaceOptions {
  placement: Placement;
  offset: number;
  padding: number;
  maxHeight: number | undefined;
  matchWidth: boolean;
}

/** The next box up the flat tree: a slotted element's slot, a shadow root's host. */
function parentOf(node: Element): Element | null {
  const parent = node.assignedSlot ?? node.parentNode;
  return parent instanceof ShadowRoot ? parent.host : parent instanceof Element ? parent : null;
}

/**
 * The element's ancestors that scroll or clip their content, nearest first,
 * through shadow roots; the page's own scrolling (`html`, `body`) is the window's.
 */
function overflowAncestors(element: Element): Element[] {
  const found: Element[] = [];
  const { documentElement, body } = document;
  for (let node = parentOf(element); node && node !== documentElement; node = parentOf(node)) {
    if (node === body) continue;
    const { overflow, overflowX, overflowY, display } = getComputedStyle(node);
    if (
      /auto|scroll|overlay|hidden|clip/.test(overflow + overflowX + overflowY) &&
      display !== 'inline' &&
      display !== 'contents'
    ) {
      found.push(node);
    }
  }
  return found;
}

/** The viewport, less what each of `clippers` hides (their padding boxes), in viewport pixels. */
function visibleRect(clippers: Element[]): Rect {
  const { clientWidth, clientHeight } = document.documentElement;
  let [left, top, right, bottom] = [0, 0, clientWidth, clientHeight];
  for (const box of clippers) {
    const rect = box.getBoundingClientRect();
    const x = rect.left + box.clientLeft;
    const y = rect.top + box.clientTop;
    left = Math.max(left, x);
    top = Math.max(top, y);
    right = Math.min(right, x + box.clientWidth);
    bottom = Math.min(bottom, y + box.clientHeight);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function dimensions(element: Element) {
  const { width, height } = element.getBoundingClientRect();
  return { width, height };
}

/** Floating UI's view of the page for one floating element in the top layer. */
function platformFor(floating: Element): Platform {
  return {
    getElementRects: ({ reference }) => {
      const { x, y, width, height } = (reference as Element).getBoundingClientRect();
      return {
        reference: { x, y, width, height },
        floating: { x: 0, y: 0, ...dimensions(floating) },
      };
    },
    getDimensions: dimensions,
    // The floating element: the viewport. The reference (for `hide`): what its ancestors leave visible.
    getClippingRect: ({ element }) =>
      visibleRect(element === floating ? [] : overflowAncestors(element)),
    isRTL: (element) => getComputedStyle(element).direction === 'rtl',
  };
}

/**
 * Where the floating element goes, in viewport pixels (it is `position:
 * fixed`), so shadow roots and scrolling containers do not upset
 * offsetParent arithmetic, and the element escapes `overflow` clipping.
 */
export async function place(
  reference: Element,
  floating: HTMLElement,
  { placement, padding, maxHeight, matchWidth, ...options }: PlaceOptions,
): Promise<Position> {
  // Measure at the preferred height, so flip compares the list's real size with
  // the room on each side rather than the size an earlier pass squeezed it to.
  if (maxHeight !== undefined) floating.style.maxHeight = `${maxHeight}px`;
  const result = await computePosition(reference, floating, {
    platform: platformFor(floating),
    strategy: 'fixed',
    placement,
    middleware: [
      offset(options.offset),
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
    ],
  });
  return {
    x: result.x,
    y: result.y,
    placement: result.placement,
    referenceHidden: result.middlewareData.hide?.referenceHidden ?? false,
  };
}

/**
 * Calls `update` now and whenever the reference may have moved on screen:
 * any of its (or the floating element's) scrolling ancestors or the page
 * scrolls, the window resizes, or the layout moves it. Changes of size are
 * the controller's (its ResizeObserver). Returns the function that stops it.
 */
export function autoUpdate(reference: Element, floating: Element, update: () => void): () => void {
  const scrollers = [
    ...new Set([...overflowAncestors(reference), ...overflowAncestors(floating)]),
    window,
  ];
  for (const target of scrollers) target.addEventListener('scroll', update, { passive: true });
  window.addEventListener('resize', update);
  const stopMoves = observeMoves(reference, update);
  update();
  return () => {
    for (const target of scrollers) target.removeEventListener('scroll', update);
    window.removeEventListener('resize', update);
    stopMoves();
  };
}

/**
 * Calls `onMove` when `element` moves with no scroll or resize (content
 * above it grew, say). An IntersectionObserver whose root margins shrink the
 * viewport to the element's own box sees the element leave it; then it
 * watches the new box. The same technique as Floating UI's `autoUpdate`.
 */
function observeMoves(element: Element, onMove: () => void): () => void {
  let observer: IntersectionObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    observer?.disconnect();
  };
  const watch = (threshold: number, moved: boolean) => {
    stop();
    const box = element.getBoundingClientRect();
    if (moved) onMove();
    if (!box.width || !box.height) return;
    const { clientWidth, clientHeight } = document.documentElement;
    const rootMargin = [box.top, clientWidth - box.right, clientHeight - box.bottom, box.left]
      .map((inset) => `${-Math.floor(inset)}px`)
      .join(' ');
    let first = true;
    const seen = ([entry]: IntersectionObserverEntry[]) => {
      const ratio = entry!.intersectionRatio;
      if (ratio !== threshold) {
        if (!first) return watch(1, true);
        // Partly out of view from the start: watch that share change instead
        // (none at all: look again in a second).
        if (ratio) watch(ratio, true);
        else timer = setTimeout(() => watch(1e-7, true), 1000);
      } else if (ratio === 1) {
        const now = element.getBoundingClientRect();
        if (
          now.x !== box.x ||
          now.y !== box.y ||
          now.width !== box.width ||
          now.height !== box.height
        )
          watch(1, true);
      }
      first = false;
    };
    const options = { rootMargin, threshold: Math.max(0, Math.min(1, threshold)) || 1 };
    try {
      // The document as root, so the margins apply inside a cross-origin frame too.
      observer = new IntersectionObserver(seen, { ...options, root: document });
    } catch {
      observer = new IntersectionObserver(seen, options);
    }
    observer.observe(element);
  };
  watch(1, false);
  return stop;
}
