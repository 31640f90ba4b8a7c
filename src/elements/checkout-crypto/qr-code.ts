import type { CryptoQr } from '../../api/client-types.js';

/**
 * The deposit QR code as SVG path data, drawn from the modules the endpoint
 * encoded (`quote.qr`), so the kit ships no QR encoder. It returns plain data
 * (no markup, no data: URL), which the view renders through Lit's `svg`
 * template: nothing here needs a CSP or Trusted Types exception.
 */
export function qrPath({ size, modules }: CryptoQr): string {
  const bits = atob(modules);
  // Past the end of the data reads as light (NaN shifts to 0).
  const dark = (x: number, y: number) => {
    const index = y * size + x;
    return (bits.charCodeAt(index >> 3) >> (7 - (index & 7))) & 1;
  };
  let path = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!dark(x, y)) continue;
      // One `M x y h… v1 h… z` rectangle per run of dark modules in a row.
      const start = x;
      while (x + 1 < size && dark(x + 1, y)) x++;
      const width = x - start + 1;
      path += `M${start} ${y}h${width}v1h-${width}z`;
    }
  }
  return path;
}
