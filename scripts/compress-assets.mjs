// Precompresses the script-tag files as a CDN would: a brotli (.br, quality
// 11) and a gzip (.gz, level 9) copy beside each script, stylesheet and JSON
// file in dist/browser, so the endpoint answers `Accept-Encoding` without
// compressing per request.
//
//   node scripts/compress-assets.mjs     (part of `npm run build:browser`)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const folder = process.argv[2] ?? 'dist/browser';
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
console.log(`compressed ${files} files in ${folder} (brotli and gzip)`);
