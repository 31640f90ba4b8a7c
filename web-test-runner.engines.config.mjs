// Browser tests in the other engines: Debian's Firefox ESR (WebDriver BiDi) and
// WebKitGTK (WebKitWebDriver, on its own Xvfb display), against the same real
// endpoint handler and esbuild setup as web-test-runner.config.mjs. Only files
// that need no Chromium-only command (DevTools autofill, forced colours) run here.
//   npx web-test-runner --config web-test-runner.engines.config.mjs
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { register } from 'tsx/esm/api';

register();
const { endpointMiddleware } = await import('./test/support/browser-endpoint.ts');
const { availableEngines, freePort, startWebKitDriver } = await import('./test/support/engines.ts');
const { firefoxLauncher, webkitLauncher } = await import('./test/support/engine-launchers.ts');

const engines = availableEngines();
const browsers = [];
const firefox = engines.includes('firefox') ? firefoxLauncher() : null;
if (firefox) browsers.push(firefox);
if (engines.includes('webkit')) {
  const driver = await startWebKitDriver();
  // The driver and its display belong to this run, however it ends: the test runner
  // exits on SIGINT itself; SIGTERM would end the process without an exit event.
  process.once('exit', driver.stop);
  process.once('SIGTERM', () => process.exit(143));
  browsers.push(webkitLauncher(driver));
}
if (browsers.length === 0) {
  // scripts/test.mjs does not start this run without an engine; a run by hand says why.
  console.log('No engine to run: every engine is missing (see the notes above).');
  process.exit(0);
}

export default {
  // A port of its own: `npm test` runs this beside the Chromium run, whose server takes the
  // first free one from 8000, and both could otherwise find the same one free.
  port: await freePort(),
  files: [
    // Written for every engine.
    'test/browser/purchase.test.ts',
    'test/browser/tooltip-edge.test.ts',
    'test/browser/crypto-copy.test.ts',
    // Chromium's files that pass unchanged in both engines. Left to Chromium: Chromium-only
    // commands (appearance: forced colours; checkout-embedded: DevTools autofill), keys the
    // WebDriver launcher cannot hold down in WebKit (tooltip: Shift+Tab; country-combobox's
    // Alt+Down, which runs in Firefox, in the group below),
    // Chromium-only APIs (checkout-crypto: ShadowRoot.getSelection, and a "Space" key that
    // puppeteer's BiDi keyboard does not know; checkout-card: the autocomplete IDL value of
    // cc-csc, "" in Firefox), an import map added after modules loaded (locales: Firefox
    // ignores it), and checkout-provider, which passes in both, for time (about a minute).
    'test/browser/address-lazy.test.ts',
    'test/browser/framework-lifecycle.test.ts',
    'test/browser/lazy-part-controller.test.ts',
    'test/browser/phone-lazy.test.ts',
    'test/browser/promotion-code-lazy.test.ts',
    'test/browser/quantity-stepper-lazy.test.ts',
    'test/browser/shipping-rates-lazy.test.ts',
  ],
  // Lit's production build, as merchants ship it: its dev build's checks cost
  // about a tenth of these files' time (97 to 88 s) and only warn.
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  // A hang detector, as in the Chromium config: these run beside Chromium's files.
  testFramework: { config: { timeout: 30000 } },
  browsers,
  // Firefox only: the country list's placement by CSS anchor positioning, which Firefox
  // has and WebKitGTK 2.50 does not (there Chromium's run of the same file covers the
  // Floating UI path, and WebKitGTK's window puts the fields elsewhere than it expects).
  groups: firefox
    ? [{ name: 'firefox', files: ['test/browser/country-combobox.test.ts'], browsers: [firefox] }]
    : [],
  middleware: [endpointMiddleware()],
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
};
