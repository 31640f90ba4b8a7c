// Precompresses the script-tag files as a CDN would: a brotli (.br, quality
// 11) and a gzip (.gz, level 9) copy beside each script, stylesheet and JSON
// file in dist/browser, so the endpoint answers `Accept-Encoding` without
// compressing per request.
//
// The browser build (scripts/build-browser.mjs) calls it last, since that
// build empties the folder: a folder it leaves behind always has its copies.
//
//   node scripts/compress-assets.mjs [folder]     (again, by hand)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Writes the .br and .gz copies in `folder`; returns how many files it compressed. */
export function compressAssets(folder = 'dist/browser') {
  let files = 0;
  for (const name of readdirSync(folder)) {
    if (!/\.(js|css|json)$/.test(name)) continue;
    const body = readFileSync(join(folder, name));
    writeFileSync(
      join(folder, `${name}.br`),
      brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
    );
    writeFileSync(join(folder, `${name}.gz`), gzipSync(body, { level: 9 }));
    files++;
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2] ?? 'dist/browser';
  console.log(`compressed ${compressAssets(folder)} files in ${folder} (brotli and gzip)`);
}
