import { defineConfig } from 'vite';
import { minifyTemplates } from './build/minify-templates.mjs';

/**
 * The script-tag ES module: one self-contained file that registers every
 * element, plus lazy chunks beside it, written to dist/browser with the hosted
 * page's stylesheet. `scripts/build-browser.mjs` runs this build, then the
 * classic-script build that shares its lazy chunks.
 */
export default defineConfig({
  publicDir: 'src/server/hosted-assets',
  plugins: [minifyTemplates()],
  build: {
    outDir: 'dist/browser',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: 'src/define.ts',
      formats: ['es'],
      fileName: () => 'checkout-kit.js',
    },
    rolldownOptions: {
      output: {
        minify: true,
        // Stable names: the classic script and the README's import map name them.
        chunkFileNames: ({ facadeModuleId }) =>
          facadeModuleId?.includes('/i18n/locales/')
            ? 'checkout-kit-locale-[name].js'
            : 'checkout-kit-[name].js',
      },
    },
  },
});
