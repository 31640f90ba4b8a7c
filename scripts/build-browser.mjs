// `npm run build:browser`: the script-tag builds in dist/browser.
//
//   checkout-kit.js            ES module  (<script type="module" src>)
//   checkout-kit.classic.js    classic script (<script src>), same contents
//   checkout-kit-*.<hash>.js          lazy parts, loaded with import() when a checkout needs them
//   checkout-kit-*.classic.<hash>.js  the classic script's copy of a part that uses the kit's code
//   checkout-kit-card-frame.js        the card frame's own script (the endpoint's /frames/card loads it)
//   parts.json                        each part's file by name: { module: {…}, classic: {…} }
//   integrity.json                    Subresource Integrity hash of every file above
//   *.br, *.gz                        each file above precompressed (scripts/compress-assets.mjs)
//
// Only the parts' names carry a hash of their contents: the endpoint serves
// them as immutable. The entries and the card frame keep their names, which
// pages and the frame document write, and get a short cache lifetime.
//
// Each entry is one self-contained file. Lazy parts that import nothing
// (locale packs, Floating UI) serve both entries; parts that
// use the kit's own code are built for each, reading it from the entry that
// loaded them (build/lazy-parts.mjs).
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'vite';
import { lazyParts } from '../build/lazy-parts.mjs';
import { minifyTemplates } from '../build/minify-templates.mjs';
import { terserPass } from '../build/terser-pass.mjs';
import { compressAssets } from './compress-assets.mjs';

const outDir = 'dist/browser';
const entry = 'src/define.ts';
const classicFile = 'checkout-kit.classic.js';

/**
 * The ES build (vite.config.ts); returns its lazy chunks that import nothing,
 * by source module, and every lazy chunk by part name.
 */
async function buildModule() {
  const [output] = [await build({ logLevel: 'warn' })].flat();
  const leaves = new Map();
  for (const chunk of output.output) {
    if (chunk.type !== 'chunk' || chunk.isEntry) continue;
    if (chunk.imports.length === 0 && chunk.dynamicImports.length === 0) {
      leaves.set(chunk.facadeModuleId, chunk.fileName);
    }
  }
  return { leaves, parts: partsOf(output) };
}

/** `checkout-kit-address-form.B1c2D3e4.js` → `address-form`, for each lazy chunk. */
function partsOf(output) {
  const parts = {};
  for (const chunk of output.output) {
    if (chunk.type !== 'chunk' || chunk.isEntry) continue;
    const name = /^checkout-kit-([a-z0-9-]+)\./.exec(chunk.fileName)?.[1];
    if (!name) throw new Error(`${chunk.fileName}: a part's name must start checkout-kit-<name>.`);
    parts[name] = chunk.fileName;
  }
  return parts;
}

/**
 * One more self-contained build written beside the ES build (which empties
 * the folder first): the same target, minification and source maps.
 */
function buildBeside({ entry, fileName, plugins, output = {} }) {
  return build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    plugins: [...plugins, terserPass()],
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: 'hidden',
      copyPublicDir: false,
      lib: { entry, formats: ['es'], fileName: () => fileName },
      rolldownOptions: { ...output, output: { minify: true, ...output.output } },
    },
  });
}

/** The classic script and its copies of the parts that use the kit's code. */
async function buildClassic(leaves) {
  const [output] = [
    await buildBeside({
      entry,
      fileName: classicFile,
      plugins: [minifyTemplates(), lazyParts({ form: 'classic', leaves })],
      output: {
        preserveEntrySignatures: 'allow-extension',
        output: { chunkFileNames: 'checkout-kit-[name].classic.[hash].js' },
      },
    }),
  ].flat();
  return partsOf(output);
}

/**
 * The card frame's script: one file of its own that imports nothing and
 * shares nothing with the kit, since it runs in another document (the
 * endpoint's `/frames/card`), never beside the merchant's code.
 */
function buildCardFrame() {
  return buildBeside({
    entry: 'src/frames/card/card-frame.ts',
    fileName: 'checkout-kit-card-frame.js',
    plugins: [minifyTemplates()],
  });
}

/** `integrity.json`: `{ "checkout-kit.js": "sha384-…", … }` for every script and stylesheet. */
async function writeIntegrity() {
  const files = (await readdir(outDir)).filter((name) => /\.(js|css)$/.test(name)).sort();
  const hashes = {};
  for (const name of files) {
    const digest = createHash('sha384')
      .update(await readFile(join(outDir, name)))
      .digest('base64');
    hashes[name] = `sha384-${digest}`;
  }
  await writeFile(join(outDir, 'integrity.json'), `${JSON.stringify(hashes, null, 2)}\n`);
  return hashes;
}

const { leaves, parts } = await buildModule();
const classicParts = await buildClassic(leaves);
await buildCardFrame();
await writeFile(
  join(outDir, 'parts.json'),
  `${JSON.stringify({ module: parts, classic: classicParts }, null, 2)}\n`,
);
const hashes = await writeIntegrity();
for (const [name, hash] of Object.entries(hashes)) console.log(`${name.padEnd(40)} ${hash}`);
// Last, since the ES build empties the folder: the endpoint serves these copies.
console.log(`compressed ${await compressAssets(outDir)} files (brotli and gzip)`);
