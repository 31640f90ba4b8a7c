/**
 * Shared pieces of the end-to-end tests: the browser build, Chromium, throwaway
 * data directories, the merchant and client APIs over HTTP, and filling the
 * checkout form from the keyboard.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from './chromium.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The card every e2e test pays with, and the expiry year that is always in the future. */
export const testCard = '4242424242424242';
export const nextYear = new Date().getFullYear() + 1;

/**
 * The server serves /assets/checkout-kit.js from dist/browser; build it when
 * missing. Test files run in parallel, so one builds while the others wait on
 * a lock directory (vite empties dist/browser before it writes).
 */
export async function ensureBrowserBuild(): Promise<void> {
  const script = join(repoRoot, 'dist/browser/checkout-kit.js');
  if (existsSync(script)) return;
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
    if (!existsSync(script)) {
      execFileSync('npx', ['vite', 'build'], { cwd: repoRoot, stdio: 'inherit' });
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
  amount_total: number;
  payment_intent: string | null;
  customer_details: { email: string | null; name: string | null } | null;
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

/** Pays through the client API with plain fetch, as the components do. */
export async function confirmWithFetch(baseUrl: string, clientSecret: string, number = testCard) {
  const response = await fetch(`${baseUrl}/v1/client/session/confirm`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${clientSecret}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': crypto.randomUUID(),
    },
    body: JSON.stringify({
      email: 'a@example.com',
      payment_method: {
        card: { number, exp_month: 12, exp_year: nextYear, cvc: '123' },
        billing_details: { name: 'A B' },
      },
    }),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      session?: { status: string; payment_status: string; payment: { last4: string } | null };
      error?: { code: string };
    },
  };
}

/** The id of the focused element inside the first `<checkout-embedded>`'s shadow root. */
export function focusedField(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const host = document.querySelector('checkout-embedded');
    if (!host || document.activeElement !== host) return null;
    return host.shadowRoot?.activeElement?.id ?? null;
  });
}

/**
 * Fills the checkout form with the keyboard alone: Tab from the top of the
 * page into the email field, type, Tab to each next field. Checks on the way
 * that Tab follows the form's order. Press Enter afterwards to pay.
 */
export async function fillWithKeyboard(
  page: Page,
  details: { email: string; name: string; number?: string; expiry?: string; cvc?: string },
): Promise<void> {
  await page.waitForSelector('checkout-embedded >>> #email', { visible: true });
  // Start from the top of the document, as a keyboard user arriving on the page.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  let tabs = 0;
  while ((await focusedField(page)) !== 'email') {
    if (++tabs > 10) throw new Error('The email field is not reachable with Tab.');
    await page.keyboard.press('Tab');
  }
  const fields: [string, string][] = [
    ['email', details.email],
    ['number', details.number ?? testCard],
    ['expiry', details.expiry ?? `12${String(nextYear).slice(-2)}`],
    ['cvc', details.cvc ?? '123'],
    ['name', details.name],
  ];
  for (const [index, [id, text]] of fields.entries()) {
    if (index > 0) await page.keyboard.press('Tab');
    const focused = await focusedField(page);
    if (focused !== id) throw new Error(`Tab reached '${focused}' where '${id}' was expected.`);
    await page.keyboard.type(text);
  }
}

/** The text of the form's outcome panel once it shows. */
export async function outcomeHeading(page: Page, timeout = 15_000): Promise<string> {
  const heading = await page.waitForSelector('checkout-embedded >>> [part="status"] h2', {
    timeout,
  });
  return (await heading!.evaluate((element) => element.textContent ?? '')).trim();
}

/** The values the element's inputs hold, read from its shadow root. */
export function fieldValues(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const root = document.querySelector('checkout-embedded')?.shadowRoot;
    const values: Record<string, string> = {};
    for (const input of root?.querySelectorAll('input') ?? []) values[input.id] = input.value;
    return values;
  });
}
