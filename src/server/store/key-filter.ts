/**
 * The idempotency keys a database may hold, as a Bloom filter: "no" is
 * certain, "maybe" is not. The exclusive store adds each key before the
 * statement that writes it, so a request with a new key (nearly every one)
 * is claimed without reading the keys table. Keys cannot be removed: one
 * swept since the filter was filled reads as "maybe", and costs that read,
 * until the store fills a new filter from the database.
 *
 * 2^23 bits (1 MB) and five probes: one "maybe" in a thousand new keys at
 * 500k keys held, one in fifty at a million.
 */
export class KeyFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(
    sizeLog2 = 23,
    private readonly probes = 5,
  ) {
    this.bits = new Uint32Array(2 ** (sizeLog2 - 5));
    this.mask = 2 ** sizeLog2 - 1;
  }

  add(id: string): void {
    const [first, step] = hashes(id);
    for (let probe = 0; probe < this.probes; probe++) {
      const bit = (first + probe * step) & this.mask;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mightHold(id: string): boolean {
    const [first, step] = hashes(id);
    for (let probe = 0; probe < this.probes; probe++) {
      const bit = (first + probe * step) & this.mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** FNV-1a of `text`, and a mix of it (murmur3's finaliser) as the step: probes are `first + i * step`. */
function hashes(text: string): [number, number] {
  let first = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    first = Math.imul(first ^ text.charCodeAt(index), 0x01000193);
  }
  let step = first ^ (first >>> 16);
  step = Math.imul(step, 0x85ebca6b);
  step ^= step >>> 13;
  step = Math.imul(step, 0xc2b2ae35);
  step ^= step >>> 16;
  // An odd step reaches a different bit at each probe.
  return [first >>> 0, (step | 1) >>> 0];
}
