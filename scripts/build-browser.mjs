// `npm run build:browser`: the script-tag builds in dist/browser.
//
//   checkout-kit.js          ES module  (<script type="module" src>)
//   checkout-kit.classic.js  classic script (<script src>), same contents
//   checkout-kit-*.js        lazy parts (QR code, locale packs, …) both load with import()
//   integrity.json           Subresource Integrity hash of every file above
//
// The lazy parts are leaves: modules that import nothing. That is what lets
// the classic script share them with the ES module: a classic script cannot
// import the ES entry's code, but it can `import()` a module that needs none.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'vite';
import { minifyTemplates } from '../build/minify-templates.mjs';

const outDir = 'dist/browser';
const entry = 'src/define.ts';
const classicFile = 'checkout-kit.classic.js';

/** The ES build (vite.config.ts); returns each lazy chunk by the module it was built from. */
async function buildModule() {
  const [output] = [await build({ logLevel: 'warn' })].flat();
  const lazy = new Map();
  for (const chunk of output.output) {
    if (chunk.type !== 'chunk' || chunk.isEntry) continue;
    if (chunk.imports.length > 0 || chunk.dynamicImports.length > 0) {
      throw new Error(
        `${chunk.fileName} (from ${chunk.facadeModuleId}) imports ${[...chunk.imports, ...chunk.dynamicImports].join(', ')}: lazy parts must import nothing, or the classic script cannot share them.`,
      );
    }
    lazy.set(chunk.facadeModuleId, chunk.fileName);
  }
  return lazy;
}

/**
 * The classic script: the same entry as one IIFE. Its `import()`s point at
 * the ES build's lazy chunks beside it, and `import.meta.url` (which a
 * classic script lacks) becomes the script's own URL, read while it runs.
 */
async function buildClassic(lazy) {
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    plugins: [minifyTemplates()],
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      copyPublicDir: false,
      lib: { entry, formats: ['iife'], name: 'CheckoutKit', fileName: () => classicFile },
      rolldownOptions: {
        output: {
          minify: true,
          intro:
            'var __checkoutKitScript = document.currentScript && document.currentScript.src || location.href;',
        },
        plugins: [
          {
            name: 'checkout-kit:classic',
            async resolveDynamicImport(specifier, importer) {
              if (typeof specifier !== 'string') return null;
              const resolved = await this.resolve(specifier, importer);
              const file = resolved && lazy.get(resolved.id);
              if (!file) {
                throw new Error(
                  `${importer} imports ${specifier} lazily, but the ES build made no leaf chunk of it.`,
                );
              }
              return { id: `./${file}`, external: true };
            },
            transform(code) {
              if (!code.includes('import.meta.url')) return null;
              return { code: code.replaceAll('import.meta.url', '__checkoutKitScript'), map: null };
            },
          },
        ],
      },
    },
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

const lazy = await buildModule();
await buildClassic(lazy);
const hashes = await writeIntegrity();
for (const [name, hash] of Object.entries(hashes)) console.log(`${name.padEnd(36)} ${hash}`);
