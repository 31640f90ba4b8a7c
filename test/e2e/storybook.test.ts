/**
 * Every story in a production Storybook build, rendered in Chromium: each must
 * render without errors, reach the state it is named after (its play function
 * included), and pass axe-core with no violations. The stories run the real
 * endpoint handler in the page, so this also covers the element against the
 * endpoint in each state.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../support/chromium.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const axePath = join(root, 'node_modules/axe-core/axe.min.js');
const untrustedProductName = '<img src=x onerror=alert(1)>';

/** What a story shows, read from the page once Storybook has finished it. */
interface StoryState {
  phase: string | null;
  storybookError: string | null;
  loading: string | null;
  payButton: string | null;
  fields: string[];
  formError: string | null;
  dialogOpen: boolean;
  status: string | null;
  itemNames: string[];
  lineItemImages: number;
}

/** Per story id: what proves the story shows the state it is named after. */
const expectations: Record<string, (state: StoryState) => void> = {
  'elements-checkout-embedded--loading': (state) => {
    assert.equal(state.loading, 'Loading checkout…');
    assert.equal(state.payButton, null);
  },
  'elements-checkout-embedded--open': (state) => {
    assert.equal(state.payButton, 'Pay $59.00');
    assert.deepEqual(state.fields, ['email', 'number', 'expiry', 'cvc', 'name']);
    assert.deepEqual(state.itemNames, ['Notebook', 'Fountain pen']);
  },
  'elements-checkout-embedded--open-with-billing-address': (state) => {
    assert.equal(state.payButton, 'Pay $59.00');
    assert.deepEqual(state.fields, [
      'email',
      'number',
      'expiry',
      'cvc',
      'name',
      'country',
      'postal',
    ]);
  },
  'elements-checkout-embedded--declined': (state) => {
    assert.equal(state.formError, 'Your card was declined. Try a different card.');
    assert.equal(state.payButton, 'Pay $59.00');
  },
  'elements-checkout-embedded--authentication': (state) => {
    assert.equal(state.dialogOpen, true);
  },
  'elements-checkout-embedded--complete': (state) => {
    assert.equal(state.status, 'Payment successful');
    assert.equal(state.payButton, null);
  },
  'elements-checkout-embedded--expired': (state) => {
    assert.equal(state.status, 'This checkout has expired');
    assert.equal(state.payButton, null);
  },
  'elements-checkout-embedded--untrusted-product-name': (state) => {
    assert.deepEqual(state.itemNames, [untrustedProductName]);
    assert.equal(state.lineItemImages, 0);
  },
};

/**
 * Runs in the story's page. Self-contained and free of named inner functions:
 * it is serialised into the browser, where the transpiler's name helpers do
 * not exist.
 */
function readStoryState(): StoryState {
  const preview = (
    window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string } } }
  ).__STORYBOOK_PREVIEW__;
  const shadow = document.querySelector('checkout-embedded')?.shadowRoot ?? null;
  const [loading, payButton, formError, status] = [
    '.loading',
    '[part="pay-button"]',
    '.form-error',
    '[part="status"] h2',
  ].map(
    (selector) => shadow?.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? null,
  );
  return {
    phase: preview?.currentRender?.phase ?? null,
    storybookError: document.body.classList.contains('sb-show-errordisplay')
      ? `${document.getElementById('error-message')?.textContent}\n${document.getElementById('error-stack')?.textContent}`
      : null,
    loading: loading ?? null,
    payButton: payButton ?? null,
    fields: [...(shadow?.querySelectorAll('input, select') ?? [])].map((field) => field.id),
    formError: formError ?? null,
    dialogOpen: shadow?.querySelector('dialog')?.open ?? false,
    status: status ?? null,
    itemNames: [...(shadow?.querySelectorAll('[part="line-item"] .item-name') ?? [])].map(
      (name) => name.textContent ?? '',
    ),
    lineItemImages: shadow?.querySelectorAll('[part="line-item"] img').length ?? 0,
  };
}

/** Retries `check` until it stops throwing, then returns; rethrows its last error at the deadline. */
async function eventually(check: () => Promise<void>, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 50));
    }
  }
}

/**
 * axe rules about the whole document rather than the component: a story is a
 * component on a bare page, and the page that embeds it owns its main
 * landmark, its level-one heading and the landmarks around the form. Every
 * other rule (WCAG A/AA and best practices) applies.
 */
const pageLevelRules = ['landmark-one-main', 'page-has-heading-one', 'region'];

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** A tiny static server for the build directory. */
function serve(directory: string): Promise<Server> {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (path === '/favicon.ico') {
      // Chromium asks for it on its own; the build has only favicon.svg.
      response.writeHead(204).end();
      return;
    }
    const file = resolve(directory, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (!file.startsWith(directory + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response
        .writeHead(200, {
          'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
        })
        .end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

let outDir: string;
let server: Server;
let baseUrl: string;
let browser: Browser;
let storyIds: string[];

before(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'checkout-kit-storybook-'));
  await promisify(execFile)(
    join(root, 'node_modules/.bin/storybook'),
    ['build', '-o', outDir, '--quiet', '--disable-telemetry'],
    {
      cwd: root,
      timeout: 180_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: '1' },
    },
  );
  const index = JSON.parse(await readFile(join(outDir, 'index.json'), 'utf8')) as {
    entries: Record<string, { id: string; type: string }>;
  };
  storyIds = Object.values(index.entries)
    .filter((entry) => entry.type === 'story')
    .map((entry) => entry.id);
  server = await serve(outDir);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

test('the build lists exactly the stories checked here', () => {
  assert.deepEqual([...storyIds].sort(), Object.keys(expectations).sort());
});

async function renderStory(page: Page, id: string): Promise<StoryState> {
  await page.goto(`${baseUrl}/iframe.html?id=${encodeURIComponent(id)}&viewMode=story`);
  // Storybook's render cycle ends in "finished": loaders, render and play function done.
  await page.waitForFunction(
    () =>
      (window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string } } })
        .__STORYBOOK_PREVIEW__?.currentRender?.phase === 'finished' ||
      document.body.classList.contains('sb-show-errordisplay'),
    { timeout: 15_000 },
  );
  return page.evaluate(readStoryState);
}

for (const [id, expectation] of Object.entries(expectations)) {
  test(`story ${id}`, async () => {
    assert.ok(storyIds.includes(id), `the build has no story ${id}`);
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    // Storybook logs a failing play function with console.error and still finishes the render.
    page.on('console', (message) => {
      if (message.type() === 'error')
        pageErrors.push(`console.error: ${message.text()} ${message.location().url ?? ''}`.trim());
    });
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    try {
      let state = await renderStory(page, id);
      assert.equal(state.storybookError, null, 'Storybook shows an error');
      assert.equal(state.phase, 'finished');
      await eventually(async () => {
        state = await page.evaluate(readStoryState);
        expectation(state);
      }, 5_000).catch((error: Error) => {
        // A story that never reaches its state has usually thrown on the way: say so.
        if (pageErrors.length) error.message += `\nerrors in the page:\n${pageErrors.join('\n')}`;
        throw error;
      });

      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(async (pageLevelRules) => {
        const { axe } = window as unknown as {
          axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> };
        };
        const results = await axe.run(document, {
          resultTypes: ['violations'],
          rules: Object.fromEntries(pageLevelRules.map((rule) => [rule, { enabled: false }])),
        });
        return results.violations.map(
          (violation) =>
            `${violation.id} (${violation.impact}): ${violation.help}\n${violation.nodes
              .map((node) => `  ${JSON.stringify(node.target)} ${node.failureSummary}`)
              .join('\n')}`,
        );
      }, pageLevelRules);
      assert.deepEqual(violations, [], `axe violations:\n${violations.join('\n')}`);
      assert.deepEqual(pageErrors, [], 'errors thrown in the page');
      assert.deepEqual(dialogs, [], 'the page opened a dialog');
    } finally {
      await page.close();
    }
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}
