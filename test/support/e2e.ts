/**
 * Shared pieces of the end-to-end tests: the browser build, Chromium, throwaway
 * data directories, the merchant and client APIs over HTTP, and filling the
 * checkout form from the keyboard.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, {
  type Browser,
  type ElementHandle,
  type Frame,
  type KeyInput,
  type Page,
} from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from './chromium.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The card every e2e test pays with, and the expiry year that is always in the future. */
export const testCard = '4242424242424242';
export const nextYear = new Date().getFullYear() + 1;

/** Whether the browser bundle is missing or older than a file under src/. */
function browserBuildStale(script: string): boolean {
  if (!existsSync(script)) return true;
  const built = statSync(script).mtimeMs;
  // The sources, and the build's own plugins.
  return ['src', 'build'].some((dir) =>
    readdirSync(join(repoRoot, dir), { withFileTypes: true, recursive: true }).some(
      (entry) => entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > built,
    ),
  );
}

/**
 * The server serves /assets/checkout-kit.js (and the classic script, the lazy
 * chunks and integrity.json) from dist/browser; build them when
 * missing or older than the sources. Test files run in parallel, so one builds
 * while the others wait on a lock directory (vite empties dist/browser before
 * it writes).
 */
export async function ensureBrowserBuild(): Promise<void> {
  const script = join(repoRoot, 'dist/browser/checkout-kit.js');
  if (!browserBuildStale(script)) return;
  const lock = join(repoRoot, 'dist/.e2e-build-lock');
  await mkdir(dirname(lock), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`Gave up waiting for ${lock}; delete it if stale.`);
      await new Promise((done) => setTimeout(done, 250));
    }
  }
  try {
    if (browserBuildStale(script)) {
      execFileSync('npm', ['run', 'build:browser', '--silent'], {
        cwd: repoRoot,
        stdio: 'inherit',
      });
    }
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  });
}

/** A fresh, empty directory for one server's data; `remove` deletes it. */
export async function tempDir(prefix = 'checkout-kit-e2e-') {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Every regular file under `root`, recursively. */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The files under `root` whose bytes contain `needle`. */
export async function filesContaining(root: string, needle: string): Promise<string[]> {
  const bytes = Buffer.from(needle, 'utf8');
  const hits: string[] = [];
  for (const file of await filesUnder(root)) {
    if ((await readFile(file)).includes(bytes)) hits.push(file);
  }
  return hits;
}

export function basicAuth(secretKey: string): string {
  return `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;
}

/** A one-item cart for the merchant API. */
export function mugCart(uiMode: 'embedded' | 'hosted', extra: Record<string, unknown> = {}) {
  return {
    mode: 'payment',
    ui_mode: uiMode,
    line_items: [
      { quantity: 1, price_data: { currency: 'usd', product: 'Mug', unit_amount: 1800 } },
    ],
    ...extra,
  };
}

export interface MerchantSession {
  id: string;
  status: string;
  payment_status: string;
  client_secret: string | null;
  url: string | null;
  amount_subtotal: number;
  amount_total: number;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
  payment_intent: string | null;
  customer_details: {
    email: string | null;
    name: string | null;
    phone?: string | null;
    address?: Record<string, string | null> | null;
  } | null;
  shipping_details?: { name: string; address: Record<string, string | null> } | null;
  shipping_options?: { shipping_rate: string; shipping_amount: number; display_name: string }[];
  shipping_cost?: { shipping_rate: string; amount_total: number } | null;
  discounts?: { promotion_code: string }[];
  [field: string]: unknown;
}

/** The merchant API, called with the secret key as a merchant's server would. */
export function merchantApi(baseUrl: string, secretKey: string) {
  const headers = { Authorization: basicAuth(secretKey) };
  return {
    async createSession(body: unknown, extraHeaders: Record<string, string> = {}) {
      const response = await fetch(`${baseUrl}/v1/checkout_sessions`, {
        method: 'POST',
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Idempotency-Key': crypto.randomUUID(),
          ...extraHeaders,
        },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as MerchantSession;
      if (!response.ok) {
        throw new Error(`Creating a session failed (${response.status}): ${JSON.stringify(json)}`);
      }
      return { response, session: json };
    },
    async getSession(id: string): Promise<MerchantSession> {
      const response = await fetch(`${baseUrl}/v1/checkout_sessions/${id}`, { headers });
      const json = (await response.json()) as MerchantSession;
      if (!response.ok) {
        throw new Error(`Reading ${id} failed (${response.status}): ${JSON.stringify(json)}`);
      }
      return json;
    },
  };
}

/** A server-side card confirm (no card frame) for the client API: what the load and log tests send. */
export function confirmRequest(
  clientSecret: string,
  {
    key = crypto.randomUUID() as string,
    number = testCard,
    cvc = '123',
    email = 'a@example.com',
    billing = { name: 'A B' } as Record<string, string>,
  } = {},
): RequestInit {
  return {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${clientSecret}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': key,
    },
    body: JSON.stringify({
      email,
      payment_method: {
        card: { number, exp_month: 12, exp_year: nextYear, cvc },
        billing_details: billing,
      },
    }),
  };
}

/** Pays through the client API with plain fetch, as the components do. */
export async function confirmWithFetch(baseUrl: string, clientSecret: string, number = testCard) {
  const response = await fetch(
    `${baseUrl}/v1/client/session/confirm`,
    confirmRequest(clientSecret, { number }),
  );
  return {
    status: response.status,
    body: (await response.json()) as {
      session?: { status: string; payment_status: string; payment: { last4: string } | null };
      error?: { code: string };
    },
  };
}

/** What `focusedField` answers when focus is inside a frame, to look there next. */
const inFrame = '\u0000frame';

/**
 * What the focused element is, followed through every shadow root (a field
 * inside `checkout-card` inside `<checkout-embedded>` inside the page) and
 * into the card frame, cross-origin included. Fields are named by id; a
 * country list by its host's id (`shipping-country`); a help button by its
 * tooltip's part (`cvc-help`); other controls by `name`, then `aria-label`,
 * then `host-tag tag`. Null when nothing is focused: after a key moved focus
 * (`settle`), once 2 s have passed, since focus on its way into the card
 * frame leaves the page's body focused for a moment before the iframe is.
 */
export async function focusedField(
  page: Page,
  { settle = true }: { settle?: boolean } = {},
): Promise<string | null> {
  for (const deadline = Date.now() + (settle ? 2000 : 0); ; ) {
    const name = await focusedInPage(page);
    if (name !== null || Date.now() > deadline) return name;
    await new Promise((done) => setTimeout(done, 25));
  }
}

async function focusedInPage(page: Page): Promise<string | null> {
  // Plain loops and no named inner functions: tsx would wrap those in a helper the page lacks.
  const name = await page.evaluate((inFrame) => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return null;
    if (active.localName === 'iframe') return inFrame;
    const root = active.getRootNode();
    const host = root instanceof ShadowRoot ? root.host : null;
    if (host?.localName === 'checkout-country-combobox') return host.id || 'country';
    if (host?.localName === 'checkout-tooltip') return host.getAttribute('part') || 'tooltip';
    if (active.id) return active.id;
    const named = active.getAttribute('name') || active.getAttribute('aria-label');
    if (named) return named;
    return host ? `${host.localName} ${active.localName}` : active.localName;
  }, inFrame);
  if (name !== inFrame) return name;
  const frame = await focusedFrame(page);
  // Focus crosses into an out-of-process frame asynchronously: the page's
  // activeElement is the iframe at once, the field inside a moment later.
  for (const deadline = Date.now() + 2000; ; ) {
    const field = await frame.evaluate(() => {
      const active = document.activeElement;
      if (!active || active === document.body) return null;
      return active.id || active.getAttribute('name') || active.localName;
    });
    if (field !== null || Date.now() > deadline) return field;
    await new Promise((done) => setTimeout(done, 25));
  }
}

/** The frame that holds focus (the card frame), whichever origin it is from. */
async function focusedFrame(page: Page): Promise<Frame> {
  const element = await page.evaluateHandle(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  });
  const frame = await (element as ElementHandle<HTMLIFrameElement>).contentFrame();
  await element.dispose();
  if (!frame) throw new Error('focus is on a frame puppeteer cannot see into');
  return frame;
}

/** Whether `frame` is the endpoint's card frame (`/frames/card`). */
function isCardFrame(frame: Frame): boolean {
  return URL.canParse(frame.url()) && new URL(frame.url()).pathname === '/frames/card';
}

/** The card frame of the page (the endpoint's `/frames/card`), once its fields show. */
export async function cardFrame(page: Page, timeout = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = page.frames().find(isCardFrame);
    if (frame && (await frame.$('#number').catch(() => null))) return frame;
    if (Date.now() > deadline) throw new Error('the card frame did not show its fields');
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * Presses Tab until `field` (as `focusedField` names it) has focus. With
 * `fromTop`, starts from the top of the document, as a keyboard user arriving
 * on the page. Returns the fields passed on the way.
 */
export async function tabTo(
  page: Page,
  field: string,
  { fromTop = false, maxTabs = 40 }: { fromTop?: boolean; maxTabs?: number } = {},
): Promise<string[]> {
  if (fromTop) await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const passed: string[] = [];
  for (let pressed = false; ; pressed = true) {
    // Before the first Tab nothing may be focused: no focus is on its way.
    const focused = await focusedField(page, { settle: pressed });
    if (focused === field) return passed;
    if (focused !== null) passed.push(focused);
    if (passed.length >= maxTabs) {
      throw new Error(`'${field}' is not reachable with Tab; passed ${passed.join(', ')}.`);
    }
    await page.keyboard.press('Tab');
  }
}

/**
 * One step of keyboard entry: the field Tab must reach next, then the text to
 * type there and the keys to press (none: only pass through it).
 */
export type KeyStep = [field: string, text?: string, ...keys: KeyInput[]];

/**
 * Fills fields with the keyboard alone, in tab order: the first step's field
 * must have focus already, each next one is one Tab further. Throws when Tab
 * lands anywhere else.
 */
export async function typeInOrder(page: Page, steps: KeyStep[]): Promise<void> {
  for (const [index, [field, text, ...keys]] of steps.entries()) {
    if (index > 0) await page.keyboard.press('Tab');
    const focused = await focusedField(page);
    if (focused !== field) {
      throw new Error(`Tab reached '${focused}' where '${field}' was expected.`);
    }
    if (text) await page.keyboard.type(text);
    for (const key of keys) await page.keyboard.press(key);
  }
}

/** The card fields in tab order, the security code's help button included. */
export function cardSteps(
  details: { name: string; number?: string; expiry?: string; cvc?: string } = { name: 'A B' },
): KeyStep[] {
  return [
    ['number', details.number ?? testCard],
    ['expiry', details.expiry ?? `12${String(nextYear).slice(-2)}`],
    ['cvc', details.cvc ?? '123'],
    // The security code's help is a button of its own, reachable, before the name.
    ['cvc-help'],
    ['name', details.name],
  ];
}

/** A shipping address as a customer types it: country and state by their names. */
export interface TypedAddress {
  name: string;
  country: string;
  line1: string;
  city: string;
  /** Typed into the state list (a select picks by typed name); only where the country has one. */
  state?: string;
  postal: string;
}

/** The shipping address fields in tab order, from the name to the postal code. */
export function shippingSteps(address: TypedAddress): KeyStep[] {
  return [
    ['shipping-name', address.name],
    // Typing filters the country list and makes the first match active; Tab picks it.
    ['shipping-country', address.country],
    ['shipping-line1', address.line1],
    ['shipping-line2'],
    ['shipping-city', address.city],
    ...(address.state ? [['shipping-state', address.state] as KeyStep] : []),
    ['shipping-postal', address.postal],
  ];
}

/**
 * Fills the checkout form with the keyboard alone: Tab from the top of the
 * page into the email field and type; Tab on to the shipping address when one
 * is given and type it; then Tab on (past whatever the session asks for in
 * between) to the card number and fill the card, checking on the way that Tab
 * follows each group's order. Press Enter afterwards to pay.
 */
export async function fillWithKeyboard(
  page: Page,
  details: {
    email: string;
    name: string;
    number?: string;
    expiry?: string;
    cvc?: string;
    shipping?: TypedAddress;
  },
  scope = 'checkout-embedded',
): Promise<void> {
  await page.waitForSelector(`${scope} >>> #email`, { visible: true });
  await cardFrame(page);
  await tabTo(page, 'email', { fromTop: true });
  await page.keyboard.type(details.email);
  if (details.shipping) {
    await tabTo(page, 'shipping-name');
    await typeInOrder(page, shippingSteps(details.shipping));
  }
  await tabTo(page, 'number');
  await typeInOrder(page, cardSteps(details));
}

/**
 * Presses Enter to pay. Paying removes the card frame, and when Enter was
 * pressed in it, Chromium can route the key-up to the frame just as it goes:
 * that key-up is never acknowledged, and DevTools' `Input.dispatchKeyEvent`
 * (what `keyboard.press` awaits) hangs for its whole protocol timeout
 * (reproduced: a frame removed while it handles a key-up). A keyboard never
 * waits for that acknowledgment, so neither does this: the key goes up
 * unawaited, and what the page did is for the caller to check.
 */
export async function pressEnterToPay(page: Page): Promise<void> {
  await page.keyboard.down('Enter');
  page.keyboard.up('Enter').catch(() => {});
}

/** The text of the form's outcome panel once it shows. */
export async function outcomeHeading(page: Page, timeout = 15_000): Promise<string> {
  // `visible` polls each frame: a mutation observer on the document would not see the panel
  // arrive inside the element's shadow root once its part has loaded.
  const heading = await page.waitForSelector('checkout-embedded >>> [part="status"] h2', {
    timeout,
    visible: true,
  });
  return (await heading!.evaluate((element) => element.textContent ?? '')).trim();
}

/**
 * The values of the form's inputs and selects, through every shadow root under
 * the first `scope` element, named as `focusedField` names them; a radio group
 * by its name, with the checked radio's value. The card frame's fields are
 * read inside the frame, as only a test driving the browser can.
 */
export async function fieldValues(
  page: Page,
  scope = 'checkout-embedded',
): Promise<Record<string, string>> {
  const frame = page.frames().find(isCardFrame);
  const card = frame
    ? await frame.$$eval('input', (inputs) =>
        Object.fromEntries(inputs.map((input) => [input.id, input.value])),
      )
    : {};
  const values = await pageFieldValues(page, scope);
  return { ...values, ...card };
}

function pageFieldValues(page: Page, scope: string): Promise<Record<string, string>> {
  return page.evaluate((scope) => {
    const values: Record<string, string> = {};
    const start = document.querySelector(scope);
    const roots: ParentNode[] = start ? [start.shadowRoot ?? start] : [];
    for (let root = roots.pop(); root; root = roots.pop()) {
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) roots.push(element.shadowRoot);
        if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement))
          continue;
        const host = (element.getRootNode() as ShadowRoot).host;
        if (host?.localName === 'checkout-country-combobox') {
          values[host.id || 'country'] = (host as HTMLElement & { value: string }).value;
        } else if (element instanceof HTMLInputElement && element.type === 'radio') {
          if (element.checked) values[element.name] = element.value;
        } else if (element.id) {
          values[element.id] = element.value;
        }
      }
    }
    return values;
  }, scope);
}

/** The rows of the totals under the first `scope` element, as [label, amount] texts. */
export function totalRows(page: Page, scope = 'checkout-embedded'): Promise<string[][]> {
  return page.$$eval(`${scope} >>> checkout-totals >>> [part="totals"] .row`, (rows) =>
    rows.map((row) =>
      [...row.querySelectorAll('dt, dd')].map((cell) =>
        (cell.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ),
    ),
  );
}

/** Polls `check` until it returns something truthy; throws `message` after `timeout` ms. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  message: string | (() => string | Promise<string>),
  timeout = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const result = await check();
    if (result) return result as NonNullable<T>;
    if (Date.now() > deadline) {
      throw new Error(typeof message === 'string' ? message : await message());
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Amounts as the page shows them ("$93.18", "-$8.10") in minor units. */
export function cents(text: string): number {
  const match = /^(-)?\$(\d[\d,]*)\.(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`Not a dollar amount: '${text}'`);
  const value = Number(match[2]!.replaceAll(',', '')) * 100 + Number(match[3]);
  return match[1] ? -value : value;
}

/** One page of a merchant's site: its HTML and the Content-Security-Policy it is served with. */
export interface MerchantPage {
  html: string;
  csp: string;
}

export interface MerchantSite {
  server: Server;
  /** `http://localhost:<port>`: another origin than the endpoint's `127.0.0.1`. */
  origin: string;
}

/**
 * A merchant's own site on its own origin: pages by path, each with its
 * CSP, and one page script at `/merchant.js` (no inline code). Both are read
 * at each request, so a test can change what the next page load gets.
 */
export function startMerchantSite(
  pages: () => Record<string, MerchantPage>,
  pageScript: () => string,
): Promise<MerchantSite> {
  const server = createServer((request, response) => {
    const page = pages()[request.url ?? ''];
    if (page) {
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': page.csp,
      });
      response.end(page.html);
    } else if (request.url === '/merchant.js') {
      response.writeHead(200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      response.end(pageScript());
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, 'localhost', () =>
      resolve({ server, origin: `http://localhost:${(server.address() as AddressInfo).port}` }),
    ),
  );
}
