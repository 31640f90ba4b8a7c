/**
 * Builds the React and Vue demo apps with Vite into demo/react/dist and
 * demo/vue/dist, where the demo server serves them.
 *
 *   npm run build:demos
 *
 * `reactMode: 'development'` builds React's development runtime, the one in
 * which <StrictMode> runs effects twice; the tests use it to prove the kit
 * loads one session all the same.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const demoDir = join(dirname(fileURLToPath(import.meta.url)), '../demo');

export async function buildDemos({
  reactMode = 'production',
  logLevel = 'info',
}: {
  reactMode?: 'production' | 'development';
  logLevel?: 'info' | 'warn' | 'error' | 'silent';
} = {}): Promise<void> {
  await build({
    configFile: join(demoDir, 'react/vite.config.ts'),
    mode: reactMode,
    logLevel,
    ...(reactMode === 'development'
      ? { define: { 'process.env.NODE_ENV': '"development"' }, build: { minify: false } }
      : {}),
  });
  await build({ configFile: join(demoDir, 'vue/vite.config.ts'), logLevel });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildDemos();
