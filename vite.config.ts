import { defineConfig } from 'vite';

/**
 * The script-tag build: one self-contained ES module that registers every
 * element, written to dist/browser with the hosted page's stylesheet.
 */
export default defineConfig({
  publicDir: 'src/server/hosted-assets',
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
      output: { minify: true },
    },
  },
});
