/**
 * What the demo's checkout looks like, compared with committed images: the
 * loading skeleton, the form, the form after a pay attempt with nothing
 * filled in, and the paid receipt, at 320, 768 and 1280 px in Chromium.
 *
 * An image that differs by more than a small tolerance fails the test; the
 * new image and a diff are written under test-results/screenshots/ for a
 * person to review. After a deliberate change of design, run
 * `UPDATE_SCREENSHOTS=1 npm test` (or this file alone) to write new
 * baselines into test/screenshots/, look at them, and commit them.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { startDemo } from '../../demo/server.js';
import { type RunningServer, readConfig } from '../../src/server/node.js';
import {
  ensureBrowserBuild,
  fillWithKeyboard,
  launchChromium,
  outcomeHeading,
  pressEnterToPay,
  repoRoot,
} from '../support/e2e.js';
import { seededDataDir } from '../support/pglite.js';

const baselines = join(repoRoot, 'test/screenshots');
const results = join(repoRoot, 'test-results/screenshots');
const update = process.env.UPDATE_SCREENSHOTS === '1';
/** Pixels that may differ (anti-aliasing, sub-pixel text), as a share of the image. */
const tolerance = 0.002;
const widths = [320, 768, 1280];

/** Compares `png` with its committed baseline; writes what a reviewer needs when they differ. */
async function matchesBaseline(name: string, png: Buffer): Promise<void> {
  const file = join(baselines, `${name}.png`);
  if (update) {
    await mkdir(baselines, { recursive: true });
    await writeFile(file, png);
    return;
  }
  assert.ok(
    existsSync(file),
    `No baseline ${file}: run UPDATE_SCREENSHOTS=1 to write one, then review and commit it.`,
  );
  const expected = PNG.sync.read(await readFile(file));
  const actual = PNG.sync.read(png);
  const save = async () => {
    await mkdir(results, { recursive: true });
    await writeFile(join(results, `${name}.actual.png`), png);
    return join(results, `${name}.actual.png`);
  };
  if (expected.width !== actual.width || expected.height !== actual.height) {
    const saved = await save();
    assert.fail(
      `${name}: ${actual.width}×${actual.height} px where the baseline is ${expected.width}×${expected.height} (see ${saved}).`,
    );
  }
  const diff = new PNG({ width: expected.width, height: expected.height });
  const differing = pixelmatch(
    expected.data,
    actual.data,
    diff.data,
    expected.width,
    expected.height,
    {
      threshold: 0.1,
    },
  );
  const share = differing / (expected.width * expected.height);
  if (share > tolerance) {
    const saved = await save();
    await writeFile(join(results, `${name}.diff.png`), PNG.sync.write(diff));
    assert.fail(
      `${name}: ${(share * 100).toFixed(2)} % of the pixels differ from the baseline (allowed ${tolerance * 100} %), within ${differingBox(expected, actual)}; see ${saved} and its .diff.png.`,
    );
  }
}

/** Where two same-sized images differ, as a box a reader can find in a CI log without the images. */
function differingBox(expected: PNG, actual: PNG): string {
  const mask = new PNG({ width: expected.width, height: expected.height });
  pixelmatch(expected.data, actual.data, mask.data, expected.width, expected.height, {
    threshold: 0.1,
    diffMask: true,
  });
  let [left, top, right, bottom] = [expected.width, expected.height, -1, -1];
  for (let y = 0; y < expected.height; y++) {
    for (let x = 0; x < expected.width; x++) {
      if (mask.data[(y * expected.width + x) * 4 + 3] === 0) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return `x ${left}–${right}, y ${top}–${bottom} px of ${expected.width}×${expected.height}`;
}

describe('screenshots of the checkout', () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir: Awaited<ReturnType<typeof seededDataDir>>;

  before(async () => {
    await ensureBrowserBuild();
    dataDir = await seededDataDir();
    server = await startDemo(
      readConfig({
        PORT: '0',
        CHECKOUT_LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        CHECKOUT_DATA_DIR: dataDir.path,
      }),
    );
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await dataDir?.remove();
  });

  /** The demo at `width`, without motion (a pulse or a transition mid-way is not a state). */
  const open = async (width: number, hold?: (request: HTTPRequest) => boolean) => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    if (hold) {
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        if (!hold(request)) void request.continue();
      });
    }
    await page.goto(server.url, { waitUntil: 'load' });
    return page;
  };

  /** The checkout element alone, once its images have loaded and no caret blinks in it. */
  const shoot = async (page: Page) => {
    // A string, so the test's compiler adds no helpers the page lacks.
    await page.evaluate(`(async () => {
      const images = [];
      const roots = [document];
      while (roots.length) {
        for (const element of roots.pop().querySelectorAll('*')) {
          if (element instanceof HTMLImageElement) images.push(element);
          if (element.shadowRoot) roots.push(element.shadowRoot);
        }
      }
      await Promise.all(images.map((image) => image.decode().catch(() => {})));
    })()`);
    // No caret: it blinks, and a screenshot would catch it on or off.
    await page.evaluate(`(() => {
      let active = document.activeElement;
      while (active && active.shadowRoot && active.shadowRoot.activeElement) {
        active = active.shadowRoot.activeElement;
      }
      if (active instanceof HTMLElement) active.blur();
    })()`);
    // The whole page inside the viewport. A capture beyond it may find the tiles
    // farthest from the viewport not yet drawn: loaded runs shot the problems
    // state with a blank where the pay button and the cancel link were, below
    // everything else.
    const viewport = page.viewport()!;
    const height = (await page.evaluate(
      'Math.ceil(document.documentElement.scrollHeight)',
    )) as number;
    if (height > viewport.height) await page.setViewport({ ...viewport, height });
    // Two frames, so what the last change drew is painted.
    await page.evaluate(
      'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
    );
    const element = await page.waitForSelector('checkout-embedded');
    return Buffer.from(await element!.screenshot({ type: 'png', captureBeyondViewport: false }));
  };

  /**
   * Waits until nothing the last step started is still arriving or drawing:
   * no request in flight (the form's parts load on their own, and one that
   * arrives after the shot would have moved what follows it), the
   * card frame sized to what its document lays out (the frame is shown at a
   * default height, then takes its content's, which a loaded machine may take
   * a while to pass on), then two animation frames so all of it is painted.
   */
  const settled = async (page: Page) => {
    const frameSized = async () => {
      const frame = page.frames().find((each) => each.url().includes('/frames/card'));
      if (!frame || !(await frame.$('#number').catch(() => null))) return false;
      const content = await frame.evaluate(() =>
        Math.ceil(document.body.getBoundingClientRect().height),
      );
      const shown = await page.evaluate(
        () => document.querySelector('iframe.checkout-card-frame')?.getBoundingClientRect().height,
      );
      return shown === content;
    };
    await page.waitForNetworkIdle({ idleTime: 150, timeout: 15_000 });
    const deadline = Date.now() + 15_000;
    while (!(await frameSized())) {
      if (Date.now() > deadline) throw new Error('the card frame did not show and size its fields');
      await new Promise((done) => setTimeout(done, 50));
    }
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
  };

  /** Waits until the form shows its fields, its parts and its sized card frame. */
  const formShown = async (page: Page) => {
    await page.waitForSelector('checkout-embedded >>> #email', { visible: true });
    await settled(page);
  };

  for (const width of widths) {
    test(`loading skeleton at ${width} px`, async () => {
      const held: HTTPRequest[] = [];
      const page = await open(width, (request) => {
        if (!new URL(request.url()).pathname.startsWith('/v1/client/session')) return false;
        held.push(request);
        return true;
      });
      try {
        await page.waitForSelector('checkout-embedded >>> [part="loading"]');
        await matchesBaseline(`loading-${width}`, await shoot(page));
      } finally {
        for (const request of held) await request.abort().catch(() => {});
        await page.close();
      }
    });

    test(`the form at ${width} px`, async () => {
      const page = await open(width);
      try {
        await formShown(page);
        await matchesBaseline(`form-${width}`, await shoot(page));
      } finally {
        await page.close();
      }
    });

    test(`the problems after paying with nothing filled in, at ${width} px`, async () => {
      const page = await open(width);
      try {
        await formShown(page);
        const pay = await page.waitForSelector(
          'checkout-embedded >>> checkout-pay-button >>> button',
        );
        await pay!.click();
        await page.waitForSelector('checkout-embedded >>> [part="error-summary"]');
        // Settled: the pay button back and enabled (a loaded machine once caught the form mid-render).
        await page.waitForSelector(
          'checkout-embedded >>> checkout-pay-button >>> button:not([disabled])',
        );
        // The card frame's messages change its height, which it passes on.
        await settled(page);
        // The summary takes focus; the page scrolls to it. Shoot the whole element from the top.
        await page.evaluate(() => window.scrollTo(0, 0));
        await matchesBaseline(`problems-${width}`, await shoot(page));
      } finally {
        await page.close();
      }
    });

    test(`the receipt at ${width} px`, async () => {
      // The demo moves on to its success page after a moment: stay on the receipt.
      const page = await open(width, (request) => {
        if (!request.url().includes('/demo/success.html')) return false;
        // No content: the browser stays on the page it has.
        void request.respond({ status: 204 });
        return true;
      });
      try {
        await formShown(page);
        await fillWithKeyboard(page, {
          email: 'ada@example.com',
          name: 'Ada Lovelace',
          shipping: {
            name: 'Ada Lovelace',
            country: 'United Kingdom',
            line1: '10 Downing Street',
            city: 'London',
            postal: 'SW1A 2AA',
          },
        });
        await pressEnterToPay(page);
        assert.equal(await outcomeHeading(page), 'Payment successful');
        await page.evaluate(() => window.scrollTo(0, 0));
        await matchesBaseline(`receipt-${width}`, await shoot(page));
      } finally {
        await page.close();
      }
    });
  }
});
