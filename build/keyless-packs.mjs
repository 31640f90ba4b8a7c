// Writes each locale pack (src/i18n/locales/<tag>.ts) without its keys.
//
// A pack translates every key of the English catalogue; its keys are a third
// of its gzip bytes. The catalogue comes in pieces whose key order the page
// already has: the entry's words (i18n/messages.ts) and each lazy part's
// (i18n/parts/*.ts, added when the part loads). So the built pack lists its
// words per piece, in that piece's order, under the piece's first key, and
// `unpack` in messages.ts puts the keys back:
//
//   source   export default { loading: 'Chargement…', …, line1: 'Adresse', …, card_declined: '…' }
//   built    export default [{ card_declined: '…', … }, { loading: ['Chargement…', …], line1: ['Adresse', …] }]
//
// The endpoint's errors stay keyed: a page in another language words them
// from its pack and never loads their English part, which holds their order.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const i18n = new URL('../src/i18n/', import.meta.url);
/** Parts whose words stay keyed in a pack (see above). */
const keyedParts = new Set(['errors.ts']);

/** The catalogue's pieces that a pack lists without keys: each one's keys, in order. */
export async function listedPieces() {
  const { messages } = await tsImport(fileURLToPath(new URL('messages.ts', i18n)), import.meta.url);
  const pieces = [Object.keys(messages)];
  for (const file of (await readdir(new URL('parts/', i18n))).sort()) {
    if (!file.endsWith('.ts') || keyedParts.has(file)) continue;
    const module = await tsImport(fileURLToPath(new URL(`parts/${file}`, i18n)), import.meta.url);
    const words = Object.values(module);
    if (words.length !== 1) throw new Error(`i18n/parts/${file} must export one word list.`);
    pieces.push(Object.keys(words[0]));
  }
  const firsts = pieces.map((keys) => keys[0]);
  if (new Set(firsts).size !== firsts.length) {
    throw new Error(`Two pieces of the English catalogue start with the same key: ${firsts}`);
  }
  return pieces;
}

/** `pack` as `[keyed words, { first key: words in order }]`; throws when it misses a key. */
export function packWithoutKeys(pack, pieces, tag) {
  const keyed = { ...pack };
  const lists = {};
  for (const keys of pieces) {
    lists[keys[0]] = keys.map((key) => {
      if (typeof pack[key] !== 'string') throw new Error(`The "${tag}" pack has no "${key}".`);
      delete keyed[key];
      return pack[key];
    });
  }
  return [keyed, lists];
}

/** @returns {import('vite').Plugin} */
export function keylessPacks() {
  let pieces;
  return {
    name: 'checkout-kit:keyless-packs',
    // The script-tag builds only; the library build (tsc) and the sources keep keyed packs.
    apply: (config, { command }) => command === 'build' && Boolean(config.build?.lib),
    async transform(_code, id) {
      const tag = /\/src\/i18n\/locales\/([a-z]+)\.ts$/.exec(id)?.[1];
      if (!tag) return null;
      pieces ??= await listedPieces();
      const { default: pack } = await tsImport(id, import.meta.url);
      const packed = packWithoutKeys(pack, pieces, tag);
      return { code: `export default ${JSON.stringify(packed)};`, map: null };
    },
  };
}
