/**
 * The engines the kit is tested in besides Chromium, as Debian installs them
 * (nothing is ever downloaded): Firefox ESR, driven by puppeteer-core over
 * WebDriver BiDi, and WebKitGTK's MiniBrowser behind `WebKitWebDriver` (plain
 * W3C WebDriver), on an Xvfb display of its own.
 *
 * Without an engine its tests are skipped with the reason, unless
 * `CHECKOUT_REQUIRE_ENGINES=1` (set by CI), which makes its absence a failure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export type Engine = 'firefox' | 'webkit';

export const engineNames: Record<Engine, string> = { firefox: 'Firefox', webkit: 'WebKit' };

export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

const webkitDir = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1';

/** Debian puts the driver on PATH; older packages keep it beside MiniBrowser only. */
export const webkitDriverPath =
  process.env.WEBKIT_DRIVER_PATH ??
  ['/usr/bin/WebKitWebDriver', `${webkitDir}/WebKitWebDriver`].find((path) => existsSync(path)) ??
  '/usr/bin/WebKitWebDriver';

export const miniBrowserPath = process.env.MINIBROWSER_PATH ?? `${webkitDir}/MiniBrowser`;

const xvfbPath = '/usr/bin/Xvfb';

/** Why `engine` cannot run here, or null when it can. */
export function engineUnavailable(engine: Engine): string | null {
  const reason = missingPart(engine);
  if (reason && process.env.CHECKOUT_REQUIRE_ENGINES === '1') {
    throw new Error(`${reason}, and CHECKOUT_REQUIRE_ENGINES=1 says these tests must run.`);
  }
  return reason;
}

function missingPart(engine: Engine): string | null {
  if (engine === 'firefox') {
    return existsSync(firefoxPath)
      ? null
      : `Firefox ESR is not installed at ${firefoxPath} (apt-get install -y firefox-esr)`;
  }
  if (!existsSync(webkitDriverPath) || !existsSync(miniBrowserPath)) {
    return `WebKitGTK's WebKitWebDriver and MiniBrowser are not installed (apt-get install -y webkit2gtk-driver)`;
  }
  if (!existsSync(xvfbPath) && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'MiniBrowser needs a display and Xvfb is not installed (apt-get install -y xvfb)';
  }
  return null;
}

/** The engines that can run here; each missing one is named once, with the reason. */
export function availableEngines(log: (line: string) => void = console.log): Engine[] {
  const engines: Engine[] = [];
  for (const engine of ['firefox', 'webkit'] as const) {
    const reason = engineUnavailable(engine);
    if (reason) log(`note: ${reason}; the ${engineNames[engine]} tests are skipped.`);
    else engines.push(engine);
  }
  return engines;
}

/** Firefox ESR, headless, over WebDriver BiDi (puppeteer's default for Firefox). */
export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath, headless: true });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * What a new WebKitWebDriver session asks for. MiniBrowser has no headless
 * mode in WebKitGTK 2.50, hence the display. webdriverio would otherwise ask
 * for a BiDi session, which this driver refuses ("Failed to match capabilities").
 */
export const webkitCapabilities = {
  browserName: 'MiniBrowser',
  'wdio:enforceWebDriverClassic': true,
  'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
} as const;

export interface WebKitDriver {
  hostname: string;
  port: number;
  capabilities: typeof webkitCapabilities;
  /** Stops the driver and the display it started (synchronous, so it can run on exit). */
  stop(): void;
}

/** Starts Xvfb on the first free display number; resolves to that number. */
function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const xvfb = spawn(
    xvfbPath,
    ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let written = '';
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it had a display`)));
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      written += chunk;
      if (written.includes('\n')) resolve({ display: `:${written.trim()}`, process: xvfb });
    });
  });
}

/**
 * Starts WebKitWebDriver on a free loopback port, with Xvfb for a display
 * (the desktop's only without Xvfb), and resolves once it answers `/status`.
 */
export async function startWebKitDriver(): Promise<WebKitDriver> {
  const children: ChildProcess[] = [];
  const stop = () => {
    // The driver first: its browser goes with it, then the display.
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  };
  try {
    // A display of its own when Xvfb is here, so no window opens on the desktop.
    const env = { ...process.env };
    if (existsSync(xvfbPath)) {
      const xvfb = await startXvfb();
      children.push(xvfb.process);
      env.DISPLAY = xvfb.display;
      delete env.WAYLAND_DISPLAY;
    }
    const port = await freePort();
    const driver = spawn(webkitDriverPath, [`--port=${port}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    });
    children.unshift(driver);
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`);
      const ready = await fetch(`http://127.0.0.1:${port}/status`)
        .then((response) => response.ok)
        .catch(() => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error('WebKitWebDriver did not answer /status in 10 s');
      await new Promise((done) => setTimeout(done, 50));
    }
    return { hostname: '127.0.0.1', port, capabilities: webkitCapabilities, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** A key the end-to-end tests press; `' '` is Space. */
export type EngineKey = 'Tab' | 'Enter' | ' ' | 'ArrowDown' | 'Escape';

/**
 * One tab of an engine, the same few verbs whichever protocol drives it, so a
 * test is written once: puppeteer over BiDi for Firefox, webdriverio over
 * classic WebDriver for WebKit. `evaluate` runs `fn` in the page: give it no
 * named inner functions, which tsx would wrap in a helper the page lacks.
 */
export interface EnginePage {
  readonly engine: Engine;
  goto(url: string): Promise<void>;
  evaluate<Args extends unknown[], Result>(
    fn: (...args: Args) => Result,
    ...args: Args
  ): Promise<Awaited<Result>>;
  press(key: EngineKey): Promise<void>;
  type(text: string): Promise<void>;
  url(): Promise<string>;
}

export interface EngineBrowser {
  /** The engine's one tab (WebKit's driver has one window per session). */
  page: EnginePage;
  close(): Promise<void>;
}

function firefoxPage(page: Page): EnginePage {
  return {
    engine: 'firefox',
    goto: async (url) => void (await page.goto(url)),
    evaluate: (fn, ...args) => page.evaluate(fn as never, ...(args as unknown as never[])) as never,
    press: (key) => page.keyboard.press(key),
    type: (text) => page.keyboard.type(text),
    url: async () => page.url(),
  };
}

/** Starts `engine` with one tab, headless (WebKit on its own Xvfb display). */
export async function openEngine(engine: Engine): Promise<EngineBrowser> {
  if (engine === 'firefox') {
    const browser = await launchFirefox();
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    return { page: firefoxPage(page), close: () => browser.close() };
  }
  const driver = await startWebKitDriver();
  try {
    const { remote } = await import('webdriverio');
    const session = await remote({
      hostname: driver.hostname,
      port: driver.port,
      logLevel: 'error',
      capabilities: driver.capabilities,
    });
    const page: EnginePage = {
      engine: 'webkit',
      goto: async (url) => void (await session.navigateTo(url)),
      evaluate: (fn, ...args) =>
        session.execute(fn as never, ...(args as unknown as never[])) as never,
      press: (key) => session.keys([key]),
      // One action per key: webdriverio's `keys` chords a string, dropping repeated characters.
      type: async (text) => {
        for (const character of text) await session.keys([character]);
      },
      url: () => session.getUrl(),
    };
    return {
      page,
      close: async () => {
        await session.deleteSession().catch(() => {});
        driver.stop();
      },
    };
  } catch (error) {
    driver.stop();
    throw error;
  }
}
