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

/** What a story shows, read from the page once Storybook has finished it, through every shadow root. */
interface StoryState {
  phase: string | null;
  storybookError: string | null;
  /** `<checkout-embedded>`'s loading text. */
  loading: string | null;
  /** Text of each `<checkout-pay-button>`'s button. */
  payButtons: string[];
  /** Text of each `<checkout-cancel-button>`'s button. */
  cancelButtons: string[];
  /**
   * Ids of the form controls, in page order (by element): inputs, selects and
   * country comboboxes (the combobox's own input is not listed). A control
   * without an id is listed by its name.
   */
  fields: string[];
  /** The value of each field in `fields`. */
  values: Record<string, string>;
  /** Every visible label's text. */
  labels: string[];
  /** Messages beside fields (`[part="error"]` inside a field). */
  fieldErrors: string[];
  /** `<checkout-messages>`'s error that belongs to no field. */
  formError: string | null;
  /** `<checkout-messages>`'s error summary, one entry per problem. */
  errorSummary: string[];
  expiryNotice: string | null;
  /** The challenge dialog (in the provider's shadow root) is open. */
  dialogOpen: boolean;
  /** `<checkout-embedded>`'s status panel heading. */
  status: string | null;
  itemNames: string[];
  /** Each line item's text, whitespace collapsed. */
  lineItems: string[];
  /** The value of each quantity stepper. */
  quantities: string[];
  lineItemImages: number;
  /** Each totals row as [label, amount] (notes have a label only). */
  totals: string[][];
  appliedCode: string | null;
  /** Each shipping rate's text; the chosen one is marked with `*`. */
  shippingRates: string[];
  cardBrand: string | null;
  /** Each crypto asset's label; the chosen one is marked with `*`. */
  cryptoAssets: string[];
  /** The quoted amount to send, e.g. `0.04000000 ETH`. */
  cryptoAmount: string | null;
  /** QR codes drawn (an SVG with a path). */
  qrCodes: number;
  /** `<checkout-crypto>`'s live region: quoting, a renewed quote, waiting. */
  cryptoStatus: string | null;
  /** Checkout elements (tag names) whose shadow root holds no element at all. */
  emptyElements: string[];
}

/** The fields of a form with email and card only. */
const cardForm = ['email', 'number', 'expiry', 'cvc', 'name'];

/** A shipping address's fields once a country with states and postal codes is chosen. */
const shippingAddress = [
  'shipping-name',
  'shipping-country',
  'shipping-line1',
  'shipping-line2',
  'shipping-city',
  'shipping-state',
  'shipping-postal',
];

/** The two shipping rates of the full session, the first chosen by default. */
const twoRates = ['* Standard , 3–5 business days $5.00', 'Express $15.00'];

/** The full session's totals before an address is known. */
const fullTotals = [
  ['Subtotal', '$32.00'],
  ['Shipping', '$5.00'],
  ['Total', '$37.00'],
  ['Tax is calculated once you enter your address.'],
];

/** Quantity stepper ids carry the line item's random id: `quantity-…`. */
const withoutLineIds = (fields: string[]) =>
  fields.map((id) => (id.startsWith('quantity-') ? 'quantity-…' : id));

/** Per story id: what proves the story shows the state it is named after. */
const expectations: Record<string, (state: StoryState) => void> = {
  // ---- <checkout-embedded> --------------------------------------------------
  'elements-checkout-embedded--loading': (state) => {
    assert.equal(state.loading, 'Loading checkout…');
    assert.deepEqual(state.payButtons, []);
  },
  'elements-checkout-embedded--open': (state) => {
    assert.deepEqual(state.payButtons, ['Pay $59.00']);
    assert.deepEqual(state.fields, cardForm);
    assert.deepEqual(state.itemNames, ['Notebook', 'Fountain pen']);
    assert.deepEqual(state.totals, [
      ['Subtotal', '$59.00'],
      ['Total', '$59.00'],
    ]);
  },
  'elements-checkout-embedded--open-with-billing-address': (state) => {
    assert.deepEqual(state.payButtons, ['Pay $59.00']);
    assert.deepEqual(state.fields, [
      ...cardForm,
      'billing-country',
      'billing-line1',
      'billing-line2',
      'billing-city',
      'billing-state',
      'billing-postal',
    ]);
    assert.equal(state.values['billing-country'], 'US');
    assert.ok(state.labels.includes('State') && state.labels.includes('ZIP code'), 'US labels');
  },
  'elements-checkout-embedded--full-form': (state) => {
    assert.deepEqual(state.itemNames, ['Mug', 'Poster']);
    assert.deepEqual(state.quantities, ['1']);
    assert.deepEqual(withoutLineIds(state.fields), [
      'quantity-…',
      'promotion-code',
      'email',
      'calling-code',
      'phone',
      ...shippingAddress.filter((id) => !['shipping-state', 'shipping-postal'].includes(id)),
      'shipping-rate',
      'shipping-rate',
      'number',
      'expiry',
      'cvc',
      'name',
    ]);
    assert.deepEqual(state.shippingRates, twoRates);
    assert.deepEqual(state.totals, fullTotals);
    assert.deepEqual(state.payButtons, ['Pay $37.00']);
  },
  'elements-checkout-embedded--promotion-code-applied': (state) => {
    assert.equal(state.appliedCode, 'SPRING5');
    assert.deepEqual(state.totals, [
      ['Subtotal', '$59.00'],
      ['Discount (SPRING5)', '-$5.00'],
      ['Total', '$54.00'],
    ]);
    assert.deepEqual(state.payButtons, ['Pay $54.00']);
  },
  'elements-checkout-embedded--promotion-code-rejected': (state) => {
    assert.deepEqual(state.fieldErrors, ['This code applies to orders of 1000.00 USD or more.']);
    assert.equal(state.values['promotion-code'], 'BIGSPENDER');
    assert.equal(state.appliedCode, null);
    assert.deepEqual(state.payButtons, ['Pay $59.00']);
  },
  'elements-checkout-embedded--subscription': (state) => {
    assert.deepEqual(state.payButtons, ['Subscribe · $15.00']);
    assert.deepEqual(state.totals.at(-1), ['Then $15.00 every 3 months']);
  },
  'elements-checkout-embedded--setup': (state) => {
    assert.deepEqual(state.payButtons, ['Save card']);
    assert.deepEqual(state.itemNames, []);
    // Nothing is bought, so no amounts are shown.
    assert.deepEqual(state.totals, []);
    assert.deepEqual(state.fields, cardForm);
  },
  'elements-checkout-embedded--expiring-soon': (state) => {
    assert.equal(
      state.expiryNotice,
      'This checkout expires in 5 minutes. Complete your purchase before then.',
    );
    assert.deepEqual(state.payButtons, ['Pay $59.00']);
  },
  'elements-checkout-embedded--declined': (state) => {
    assert.equal(state.formError, 'Your card was declined. Try a different card.');
    assert.deepEqual(state.payButtons, ['Pay $59.00']);
  },
  'elements-checkout-embedded--authentication': (state) => {
    assert.equal(state.dialogOpen, true);
    assert.deepEqual(state.payButtons, ['Processing…']);
  },
  'elements-checkout-embedded--complete': (state) => {
    assert.equal(state.status, 'Payment successful');
    assert.deepEqual(state.payButtons, []);
  },
  'elements-checkout-embedded--expired': (state) => {
    assert.equal(state.status, 'This checkout has expired');
    assert.deepEqual(state.payButtons, []);
  },
  'elements-checkout-embedded--untrusted-product-name': (state) => {
    assert.deepEqual(state.itemNames, [untrustedProductName]);
    assert.equal(state.lineItemImages, 0);
  },

  // ---- <checkout-provider> and the custom-mode elements ---------------------
  'elements-checkout-provider-custom-mode--two-column-layout': (state) => {
    assert.deepEqual(withoutLineIds(state.fields), [
      'email',
      'calling-code',
      'phone',
      ...shippingAddress.filter((id) => !['shipping-state', 'shipping-postal'].includes(id)),
      'shipping-rate',
      'shipping-rate',
      'number',
      'expiry',
      'cvc',
      'name',
      'quantity-…',
      'promotion-code',
    ]);
    assert.deepEqual(state.shippingRates, twoRates);
    assert.deepEqual(state.totals, fullTotals);
    assert.deepEqual(state.payButtons, ['Pay $37.00']);
    assert.deepEqual(state.cancelButtons, ['Cancel and return']);
  },
  'elements-checkout-provider-custom-mode--donation-layout': (state) => {
    assert.deepEqual(state.itemNames, ['Donation to the library fund']);
    assert.deepEqual(state.fields, cardForm);
    assert.deepEqual(state.payButtons, ['Donate $25.00']);
  },
  'elements-checkout-provider-custom-mode--line-items': (state) => {
    assert.deepEqual(state.quantities, ['3']);
    assert.deepEqual(state.lineItems, ['Mug $36.00 − Quantity of Mug +', 'Poster Qty 1 $20.00']);
  },
  'elements-checkout-provider-custom-mode--totals-inclusive-tax': (state) => {
    assert.deepEqual(state.totals, [
      ['Subtotal', '$120.00'],
      ['Total', '$120.00'],
      ['Includes $20.00 tax'],
    ]);
  },
  'elements-checkout-provider-custom-mode--promotion-code': (state) => {
    assert.deepEqual(state.fields, ['promotion-code']);
    assert.deepEqual(state.labels, ['Promotion code']);
    assert.equal(state.appliedCode, null);
  },
  'elements-checkout-provider-custom-mode--email': (state) => {
    assert.deepEqual(state.fields, ['email']);
    assert.equal(state.values['email'], 'jenny.rosen@example.com');
  },
  'elements-checkout-provider-custom-mode--card': (state) => {
    assert.deepEqual(state.fields, ['number', 'expiry', 'cvc', 'name']);
    assert.equal(state.values['number'], '4242 4242 4242 4242');
    assert.equal(state.cardBrand, 'Visa');
  },
  'elements-checkout-provider-custom-mode--shipping-address': (state) => {
    assert.deepEqual(state.fields, shippingAddress);
    assert.equal(state.values['shipping-country'], 'CA');
    assert.ok(state.labels.includes('Province') && state.labels.includes('Postal code'));
  },
  'elements-checkout-provider-custom-mode--phone': (state) => {
    assert.deepEqual(state.fields, ['calling-code', 'phone']);
    assert.deepEqual(state.labels, ['Phone number (optional)']);
  },
  'elements-checkout-provider-custom-mode--shipping-rates': (state) => {
    assert.deepEqual(state.shippingRates, twoRates);
  },
  'elements-checkout-provider-custom-mode--pay-button-auto': (state) => {
    assert.deepEqual(state.payButtons, ['Pay $12.50']);
  },
  'elements-checkout-provider-custom-mode--pay-button-pay': (state) => {
    assert.deepEqual(state.payButtons, ['Pay $12.50']);
  },
  'elements-checkout-provider-custom-mode--pay-button-book': (state) => {
    assert.deepEqual(state.payButtons, ['Book · $12.50']);
  },
  'elements-checkout-provider-custom-mode--pay-button-donate': (state) => {
    assert.deepEqual(state.payButtons, ['Donate $12.50']);
  },
  'elements-checkout-provider-custom-mode--cancel-button': (state) => {
    assert.deepEqual(state.cancelButtons, ['Cancel and return']);
    assert.deepEqual(state.payButtons, []);
  },
  'elements-checkout-provider-custom-mode--messages-error-summary': (state) => {
    const problems = [
      'Enter your email address',
      'Enter your card number',
      "Enter your card's expiry date",
      "Enter your card's security code",
      'Enter the name on your card',
    ];
    assert.deepEqual(state.errorSummary, problems);
    assert.deepEqual(state.fieldErrors, problems);
  },
  'elements-checkout-provider-custom-mode--outside-provider': (state) => {
    assert.deepEqual(state.emptyElements, ['checkout-totals']);
    assert.deepEqual(state.fields, []);
  },

  // ---- <checkout-crypto> ----------------------------------------------------
  'elements-checkout-crypto--asset-choice': (state) => {
    assert.deepEqual(state.lineItems, ['Hoodie Heavyweight cotton $100.00']);
    assert.deepEqual(state.cryptoAssets, ['Ether (ETH)', 'Tether (USDT)', 'USD Coin (USDC)']);
    assert.deepEqual(state.fields, ['crypto-asset', 'crypto-asset', 'crypto-asset']);
    assert.equal(state.cryptoAmount, null);
    assert.equal(state.qrCodes, 0);
  },
  'elements-checkout-crypto--allowed-assets-only': (state) => {
    assert.deepEqual(state.cryptoAssets, ['USD Coin (USDC)', 'Tether (USDT)']);
  },
  'elements-checkout-crypto--quote-shown': (state) => {
    assert.deepEqual(state.cryptoAssets, ['* Ether (ETH)', 'Tether (USDT)', 'USD Coin (USDC)']);
    assert.equal(state.cryptoAmount, '0.04000000 ETH');
    assert.equal(state.qrCodes, 1);
    assert.equal(state.cryptoStatus, '');
  },
  'elements-checkout-crypto--waiting-for-confirmation': (state) => {
    assert.match(state.cryptoStatus ?? '', /^Waiting for confirmation… /);
    assert.deepEqual(state.cryptoAssets, []);
    assert.equal(state.qrCodes, 0);
  },
};

/**
 * Console errors a story causes on purpose, by story id. Every other console
 * error fails the story.
 */
const expectedConsoleErrors: Record<string, RegExp> = {
  'elements-checkout-provider-custom-mode--outside-provider':
    /<checkout-totals> must be placed inside <checkout-provider>/,
};

/**
 * Runs in the story's page. Self-contained and free of named inner functions:
 * it is serialised into the browser, where the transpiler's name helpers
 * (`__name`) do not exist; the helpers below are bound by destructuring,
 * which the transpiler leaves alone.
 */
function readStoryState(): StoryState {
  const preview = (
    window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string } } }
  ).__STORYBOOK_PREVIEW__;
  // Every root in the page, the document first, then each shadow root after its host's root.
  const roots: Array<Document | ShadowRoot> = [document];
  for (let index = 0; index < roots.length; index++) {
    for (const element of roots[index]!.querySelectorAll('*')) {
      if (element.shadowRoot) roots.push(element.shadowRoot);
    }
  }
  const [all, text, fieldName] = [
    (selector: string): Element[] => roots.flatMap((root) => [...root.querySelectorAll(selector)]),
    (element: Element | null | undefined): string | null => {
      if (!element) return null;
      // The rendered text (block boundaries become spaces), whitespace collapsed.
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a customer reads.
      const rendered = (element as HTMLElement).innerText ?? element.textContent ?? '';
      return rendered.replace(/\s+/g, ' ').trim();
    },
    (field: Element): string => field.id || field.getAttribute('name') || field.localName,
  ];
  const embedded = document.querySelector('checkout-embedded')?.shadowRoot ?? null;
  const fields = all('input, select, checkout-country-combobox').filter(
    (field) =>
      !(field.getRootNode() instanceof ShadowRoot) ||
      (field.getRootNode() as ShadowRoot).host.localName !== 'checkout-country-combobox',
  );
  return {
    phase: preview?.currentRender?.phase ?? null,
    storybookError: document.body.classList.contains('sb-show-errordisplay')
      ? `${document.getElementById('error-message')?.textContent}\n${document.getElementById('error-stack')?.textContent}`
      : null,
    loading: text(embedded?.querySelector('.loading')),
    payButtons: all('checkout-pay-button').map(
      (host) => text(host.shadowRoot?.querySelector('button')) ?? '',
    ),
    cancelButtons: all('checkout-cancel-button').map(
      (host) => text(host.shadowRoot?.querySelector('button')) ?? '',
    ),
    fields: fields.map(fieldName),
    values: Object.fromEntries(
      fields.map((field) => [fieldName(field), String((field as HTMLInputElement).value ?? '')]),
    ),
    labels: all('label').map((label) => text(label) ?? ''),
    fieldErrors: all('.field [part="error"]').map((error) => text(error) ?? ''),
    formError: text(all('checkout-messages')[0]?.shadowRoot?.querySelector('[part="error"]')),
    errorSummary: all('[part="error-summary"] li').map((item) => text(item) ?? ''),
    expiryNotice: text(all('[part="expiry-notice"]')[0]),
    dialogOpen: all('dialog[part="challenge"]').some(
      (dialog) => (dialog as HTMLDialogElement).open,
    ),
    status: text(embedded?.querySelector('[part="status"] h2')),
    itemNames: all('[part="line-item"] .name').map((name) => name.textContent ?? ''),
    lineItems: all('[part="line-item"]').map((item) => text(item) ?? ''),
    quantities: all('[part="stepper"] input').map((input) => (input as HTMLInputElement).value),
    lineItemImages: all('[part="line-item"] img').length,
    totals: all('[part="totals"] .row').map((row) =>
      [row.querySelector('dt'), row.querySelector('dd')]
        .filter((cell) => cell !== null)
        .map((cell) => text(cell) ?? ''),
    ),
    appliedCode: text(all('[part="applied"] .code')[0]),
    shippingRates: all('[part="rate"]').map(
      (rate) => `${rate.querySelector('input')?.checked ? '* ' : ''}${text(rate) ?? ''}`,
    ),
    cardBrand: text(all('[part="brand"]')[0]) || null,
    cryptoAssets: all('[part="asset"]').map(
      (asset) => `${asset.querySelector('input')?.checked ? '* ' : ''}${text(asset) ?? ''}`,
    ),
    cryptoAmount: text(all('checkout-crypto')[0]?.shadowRoot?.querySelector('[part="amount"]')),
    qrCodes: all('svg[part="qr"] path').length,
    cryptoStatus: text(all('checkout-crypto')[0]?.shadowRoot?.querySelector('[part="status"]')),
    emptyElements: all('*')
      .filter(
        (element) =>
          element.localName.startsWith('checkout-') &&
          element.shadowRoot !== null &&
          element.shadowRoot.querySelector('*') === null,
      )
      .map((element) => element.localName),
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
      const expected = expectedConsoleErrors[id];
      if (expected) {
        assert.ok(
          pageErrors.some((error) => expected.test(error)),
          `the story should log an error matching ${expected}`,
        );
      }
      assert.deepEqual(
        pageErrors.filter((error) => !expected?.test(error)),
        [],
        'errors thrown in the page',
      );
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
