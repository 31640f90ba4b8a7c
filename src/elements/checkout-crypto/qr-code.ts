import { generate } from 'lean-qr';

/**
 * The deposit QR code as SVG path data. `<checkout-crypto>`'s view loads this
 * module with a dynamic `import()` only once a quote is shown, so the QR
 * encoder stays out of the kit until a crypto checkout needs it. It returns
 * plain data (no markup, no data: URL), which the view renders through Lit's
 * `svg` template: nothing here needs a CSP or Trusted Types exception.
 */

export interface QrPath {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** One `M x y h… v1 h… z` rectangle per run of dark modules in a row. */
  path: string;
}

export function qrPath(text: string): QrPath {
  const code = generate(text);
  const runs: string[] = [];
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      if (!code.get(x, y)) continue;
      const start = x;
      while (x + 1 < code.size && code.get(x + 1, y)) x++;
      const width = x - start + 1;
      runs.push(`M${start} ${y}h${width}v1h-${width}z`);
    }
  }
  return { size: code.size, path: runs.join('') };
}
