// Browser tests: real Chromium (Debian's), the real endpoint handler behind the
// test server, and TypeScript compiled by esbuild.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { register } from 'tsx/esm/api';

register();
const { endpointMiddleware } = await import('./test/support/browser-endpoint.ts');
const { autofillPlugin } = await import('./test/support/autofill-plugin.ts');
const { forcedColorsPlugin } = await import('./test/support/forced-colors-plugin.ts');
const { chromiumArgs, chromiumPath } = await import('./test/support/chromium.ts');

export default {
  files: ['test/browser/**/*.test.ts'],
  // Lit's production build, as merchants ship it: its dev build's checks cost
  // about a tenth of these files' time (97 to 88 s) and only warn.
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 2,
  // A hang detector, not a speed check (speed is measured by `npm run bench`). In
  // `npm test` Firefox and WebKit run beside these files, and on a loaded 2-core
  // machine an axe audit of the whole form took over 10 s once (2.7 s unloaded).
  testFramework: { config: { timeout: 30000 } },
  browsers: [
    chromeLauncher({
      // A browser context per page: each test page gets its own visible window, so
      // requestAnimationFrame, scroll events and ResizeObservers (Floating UI's
      // autoUpdate) run for both concurrent files, not only the foreground tab.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  middleware: [endpointMiddleware()],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
    autofillPlugin(),
    forcedColorsPlugin(),
  ],
};
