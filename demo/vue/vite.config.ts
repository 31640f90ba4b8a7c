/**
 * Builds the Vue demo to demo/vue/dist, served by the demo server at
 * /demo/vue/. Templates are compiled here, so the page runs Vue's runtime-only
 * build (no `new Function`, fit for a strict CSP), and the compiler leaves the
 * kit's tags to the browser. `checkout-kit` and `checkout-kit/vue` resolve to
 * the repository's sources, as a merchant's bundler resolves the package.
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
// A merchant writes `import { isCustomElement } from 'checkout-kit/vue'`; this
// file is the same function without loading the elements into the build tool.
import { isCustomElement } from '../../src/vue/is-custom-element.js';

const source = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/demo/vue/',
  plugins: [vue({ template: { compilerOptions: { isCustomElement } } })],
  resolve: {
    alias: [
      { find: /^checkout-kit\/vue$/, replacement: source('vue/index.ts') },
      { find: /^checkout-kit$/, replacement: source('index.ts') },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
