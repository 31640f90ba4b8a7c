import { defineConfig } from 'vite';
import { keylessPacks } from './build/keyless-packs.mjs';
import { lazyParts } from './build/lazy-parts.mjs';
import { minifyTemplates } from './build/minify-templates.mjs';
import { terserPass } from './build/terser-pass.mjs';

/**
 * The script-tag ES module: one self-contained file that registers every
 * element, plus lazy chunks beside it, written to dist/browser with the hosted
 * page's stylesheet. `scripts/build-browser.mjs` runs this build, then the
 * classic-script build that shares its lazy chunks.
 */
export default defineConfig({
  publicDir: 'src/server/hosted-assets',
  plugins: [minifyTemplates(), keylessPacks(), lazyParts({ form: 'module' }), terserPass()],
  build: {
    outDir: 'dist/browser',
    emptyOutDir: true,
    target: 'es2022',
    // Maps for local debugging and size analysis; not linked from the files, not published.
    sourcemap: 'hidden',
    lib: {
      entry: 'src/define.ts',
      formats: ['es'],
      fileName: () => 'checkout-kit.js',
    },
    rolldownOptions: {
      // Lazy parts that use the kit's own code reach it through this entry
      // (build/lazy-parts.mjs), so it may export more than define.ts.
      preserveEntrySignatures: 'allow-extension',
      output: {
        minify: true,
        // Content-hashed names, so the endpoint can serve the parts as immutable;
        // `scripts/build-browser.mjs` lists them by part in parts.json.
        chunkFileNames: ({ facadeModuleId }) =>
          facadeModuleId?.includes('/i18n/locales/')
            ? 'checkout-kit-locale-[name].[hash].js'
            : 'checkout-kit-[name].[hash].js',
      },
    },
  },
});
