import type { CardBrand } from '../../core/card.js';

/**
 * Small marks for the brands the kit detects, drawn for the kit (simple
 * shapes in each brand's colours, not the brands' own artwork), so a shopper
 * sees at a glance that the number was recognised. Decorative: the brand's
 * name is read from the text beside the mark.
 *
 * Each mark is a 32×20 card face: a background, then shapes and a word.
 */
type Shape =
  | ['rect', number, number, number, number, string]
  | ['circle', number, number, number, string]
  | ['text', string, string, number];

interface Mark {
  fill: string;
  /** The edge of a light face, so it stands out from a light field. */
  stroke?: string;
  shapes: Shape[];
}

const edge = '#8a909c';

const marks: Record<CardBrand, Mark> = {
  visa: { fill: '#1a1f71', shapes: [['text', 'VISA', '#fff', 16]] },
  mastercard: {
    fill: '#252525',
    shapes: [
      ['circle', 12.5, 10, 6.5, '#eb001b'],
      ['circle', 19.5, 10, 6.5, '#f79e1b'],
    ],
  },
  amex: { fill: '#1f72cd', shapes: [['text', 'AMEX', '#fff', 16]] },
  discover: {
    fill: '#fff',
    stroke: edge,
    shapes: [
      ['circle', 25, 10, 4, '#f48120'],
      ['text', 'DISC', '#1a1d24', 12],
    ],
  },
  diners: {
    fill: '#fff',
    stroke: edge,
    shapes: [
      ['circle', 13, 10, 6, '#0079be'],
      ['circle', 19, 10, 6, '#0079be'],
    ],
  },
  jcb: {
    fill: '#fff',
    stroke: edge,
    shapes: [
      ['rect', 5, 3, 7, 14, '#0b4ea2'],
      ['rect', 12.5, 3, 7, 14, '#e21836'],
      ['rect', 20, 3, 7, 14, '#00a04a'],
    ],
  },
  unionpay: {
    fill: '#fff',
    stroke: edge,
    shapes: [
      ['rect', 5, 3, 8, 14, '#e21836'],
      ['rect', 12, 3, 8, 14, '#00447c'],
      ['rect', 19, 3, 8, 14, '#007b84'],
    ],
  },
};

const svgNs = 'http://www.w3.org/2000/svg';

function shape(tag: string, attributes: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

const built = new Map<CardBrand, SVGSVGElement>();

/** The mark for `brand`, an `<svg>` hidden from assistive technology: a copy of one drawn once. */
export function brandMark(brand: CardBrand): SVGSVGElement {
  let mark = built.get(brand);
  if (!mark) {
    mark = draw(brand);
    built.set(brand, mark);
  }
  return mark.cloneNode(true) as SVGSVGElement;
}

/** Draws every mark ahead (when the frame is idle), so the first digit typed only copies one. */
export function prepareBrandMarks(): void {
  for (const brand of Object.keys(marks) as CardBrand[]) brandMark(brand);
}

function draw(brand: CardBrand): SVGSVGElement {
  const svg = shape('svg', {
    viewBox: '0 0 32 20',
    width: 32,
    height: 20,
    'aria-hidden': 'true',
    class: 'mark',
  }) as SVGSVGElement;
  const { fill, stroke = fill, shapes } = marks[brand];
  svg.append(shape('rect', { x: 0.5, y: 0.5, width: 31, height: 19, rx: 3, fill, stroke }));
  for (const item of shapes) {
    if (item[0] === 'rect') {
      const [, x, y, width, height, color] = item;
      svg.append(shape('rect', { x, y, width, height, rx: 1.5, fill: color }));
    } else if (item[0] === 'circle') {
      const [, cx, cy, r, color] = item;
      svg.append(shape('circle', { cx, cy, r, fill: color, 'fill-opacity': 0.9 }));
    } else {
      const [, word, color, x] = item;
      const text = shape('text', {
        x,
        y: 13.5,
        'text-anchor': 'middle',
        fill: color,
        'font-family': 'Arial, Helvetica, sans-serif',
        'font-size': 9,
        'font-weight': 700,
        'font-style': word === 'VISA' ? 'italic' : 'normal',
      });
      text.textContent = word;
      svg.append(text);
    }
  }
  return svg;
}
