import { generate } from 'lean-qr';
import type { CryptoQr } from '../../api/client-types.js';

/**
 * The QR code of `text`, encoded once per quote here rather than in every
 * browser: the kit then draws it without shipping an encoder (3.6 kB gzip).
 * Modules go row by row, one bit each, most significant bit first, dark as 1.
 */
export function qrModules(text: string): CryptoQr {
  const code = generate(text);
  const bytes = new Uint8Array(Math.ceil((code.size * code.size) / 8));
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      const index = y * code.size + x;
      if (code.get(x, y)) bytes[index >> 3] |= 0x80 >> (index & 7);
    }
  }
  return { size: code.size, modules: btoa(String.fromCharCode(...bytes)) };
}
