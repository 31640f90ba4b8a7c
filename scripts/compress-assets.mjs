// Precompresses the script-tag files as a CDN would: a brotli (.br, quality
// 11) and a gzip (.gz, by Zopfli) copy beside each script, stylesheet and
// JSON file in dist/browser, so the endpoint answers `Accept-Encoding`
// without compressing per request. Zopfli spends a few seconds at build time
// to write gzip that any gzip reader takes, 3-10 % smaller than zlib's level 9
// (the entry 28.1 to 27.1 kB): done once, read by every browser without brotli.
//
// The browser build (scripts/build-browser.mjs) calls it last, since that
// build empties the folder: a folder it leaves behind always has its copies.
//
//   node scripts/compress-assets.mjs [folder]     (again, by hand)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gunzipSync } from 'node:zlib';

/**
 * Zopfli's Emscripten glue installs process-wide `uncaughtException` and
 * `unhandledRejection` handlers when it loads: they rethrow from inside its
 * one-line file (so any later crash of the build or the bench printed the
 * whole module) and turn a stray rejection into an abort. It is loaded on
 * first use and those handlers are taken off again; Node's own behaviour stays.
 */
let zopfli;
async function loadZopfli() {
  const events = ['uncaughtException', 'unhandledRejection'];
  const before = new Map(events.map((event) => [event, process.listeners(event)]));
  zopfli ??= await import('@gfx/zopfli');
  for (const event of events) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event).includes(listener)) process.removeListener(event, listener);
    }
  }
  return zopfli;
}

/**
 * The brotli and gzip copies of `body` (the file `name`) as the endpoint
 * serves them; the gzip one is read back first, since a broken copy would
 * reach every browser without brotli.
 */
export async function compressedCopies(body, name = 'a file') {
  const br = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const { gzipAsync } = await loadZopfli();
  const gzip = Buffer.from(await gzipAsync(body, {}));
  if (!gunzipSync(gzip).equals(body)) throw new Error(`${name}: its gzip copy does not read back`);
  return { br, gzip };
}

/** Writes the .br and .gz copies in `folder`; resolves to how many files it compressed. */
export async function compressAssets(folder = 'dist/browser') {
  const names = readdirSync(folder).filter((name) => /\.(js|css|json)$/.test(name));
  for (const name of names) {
    const { br, gzip } = await compressedCopies(readFileSync(join(folder, name)), name);
    writeFileSync(join(folder, `${name}.br`), br);
    writeFileSync(join(folder, `${name}.gz`), gzip);
  }
  return names.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2] ?? 'dist/browser';
  console.log(`compressed ${await compressAssets(folder)} files in ${folder} (brotli and gzip)`);
}
