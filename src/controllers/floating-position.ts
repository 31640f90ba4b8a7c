import {
  autoUpdate,
  computePosition,
  flip,
  hide,
  offset,
  type Placement,
  shift,
  size,
} from '@floating-ui/dom';

/**
 * Floating UI, behind the `FloatingController`. A lazy chunk: the kit loads
 * it when a popup first opens (or is about to), so pages that never open a
 * list or tooltip never download the positioning code.
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

export { autoUpdate };

/**
 * Where the floating element goes. `strategy: 'fixed'` measures against the
 * viewport, so shadow roots and scrolling containers do not upset offsetParent
 * arithmetic, and the element escapes `overflow` clipping.
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
