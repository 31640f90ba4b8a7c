/**
 * Builds the React demo to demo/react/dist, served by the demo server at
 * /demo/react/. `checkout-kit` and `checkout-kit/react` resolve to the
 * repository's sources, as a merchant's bundler resolves the package: the
 * demo needs no library build first and always shows the current code.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const source = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/demo/react/',
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^checkout-kit\/react$/, replacement: source('react/index.ts') },
      { find: /^checkout-kit$/, replacement: source('index.ts') },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
