// `npm run bench`: how small and how fast, measured rather than asserted.
// These machines are shared and noisy, so every figure is a median of many
// runs, and the speed figures are also given as ratios to a baseline measured
// in the same run (which cancels most of the machine's own speed).
//
//   1. Size: the script-tag files (gzip, brotli) against their budgets.
//   2. Page: a page with <checkout-embedded>, from navigation to a ready form
//      and on to a ready card frame (its fields shown, bound to the session),
//      against the same page fetching the session with plain fetch.
//   3. Endpoint: create + read + confirm through the fetch handler, memory
//      store and the durable PGlite store.
//
//   npm run bench            all three
//   npm run bench -- page    one of size, page, endpoint
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { createCheckoutApp } from '../src/server/app.js';
import { readConfig, startServer } from '../src/server/node.js';
import { MemoryStore } from '../src/server/store/memory-store.js';
import { openPgliteStore } from '../src/server/store/pglite-store.js';
import type { CheckoutStore } from '../src/server/store/store.js';
import { chromiumArgs, chromiumPath } from '../test/support/chromium.js';

const only = process.argv[2];
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

const cart = {
  mode: 'payment',
  ui_mode: 'embedded',
  line_items: [{ quantity: 1, price_data: { currency: 'usd', product: 'Mug', unit_amount: 1800 } }],
};

function size() {
  console.log('\n## Size (npm run size)\n');
  // size.mjs exits 1 over budget; the figures are what matter here.
  const { stdout } = spawnSync('node', ['scripts/size.mjs', '--json'], { encoding: 'utf8' });
  const rows = JSON.parse(stdout) as {
    file: string;
    gzip: number;
    brotli: number;
    budget: number | null;
  }[];
  for (const row of rows) {
    const ratio = row.budget ? ` (${((row.gzip / row.budget) * 100).toFixed(0)} % of budget)` : '';
    console.log(
      `${row.file.padEnd(36)} gzip ${(row.gzip / 1000).toFixed(1)} kB, brotli ${(row.brotli / 1000).toFixed(1)} kB${ratio}`,
    );
  }
}

async function page(runs = 15) {
  console.log(
    `\n## Page: navigation to a ready form and a ready card frame, median of ${runs} loads\n`,
  );
  execFileSync('node', ['scripts/build-browser.mjs'], { stdio: 'ignore' });
  const dataDir = await mkdtemp(join(tmpdir(), 'checkout-kit-bench-'));
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', CHECKOUT_DATA_DIR: dataDir });
  const endpoint = await startServer(config);
  const authorization = `Basic ${Buffer.from(`${config.secretKey}:`).toString('base64')}`;
  const newSecret = async () => {
    const response = await fetch(`${endpoint.url}/v1/checkout_sessions`, {
      method: 'POST',
      headers: {
        Authorization: authorization,
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID(),
      },
      body: JSON.stringify(cart),
    });
    return ((await response.json()) as { client_secret: string }).client_secret;
  };
  // The page under test and its baseline differ only in what renders the session.
  let secret = '';
  const pages: Record<string, () => string> = {
    '/kit': () => `<!doctype html><title>kit</title>
<script type="module" src="${endpoint.url}/assets/checkout-kit.js"></script>
<checkout-embedded client-secret="${secret}"></checkout-embedded>
<script type="module">
document.querySelector('checkout-embedded').addEventListener('checkout-ready', () => {
  requestAnimationFrame(() => { performance.mark('ready'); });
});
</script>`,
    '/baseline': () => `<!doctype html><title>baseline</title>
<script type="module">
const response = await fetch('${endpoint.url}/v1/client/session', { headers: { Authorization: 'Bearer ${secret}' } });
const session = await response.json();
document.body.textContent = session.line_items.map((item) => item.name).join(', ');
requestAnimationFrame(() => { performance.mark('ready'); });
</script>`,
  };
  const site: Server = createServer((request, response) => {
    const html = pages[request.url ?? '']?.();
    response.writeHead(html ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html ?? '');
  });
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  });
  const results: Record<string, { ready: number[]; frame: number[]; script: number[] }> = {
    '/kit': { ready: [], frame: [], script: [] },
    '/baseline': { ready: [], frame: [], script: [] },
  };
  try {
    for (let run = 0; run < runs + 2; run++) {
      for (const path of Object.keys(results)) {
        secret = await newSecret();
        const tab = await browser.newPage();
        const client = await tab.createCDPSession();
        await client.send('Performance.enable');
        await tab.goto(`${siteUrl}${path}`);
        await tab.waitForFunction(() => performance.getEntriesByName('ready').length > 0, {
          timeout: 15_000,
        });
        const ready = await tab.evaluate(() => performance.getEntriesByName('ready')[0]!.startTime);
        // The card frame marks when it can pay; its clock starts with its own document.
        const frame = path === '/kit' ? await cardFrameReadyAt(tab) : 0;
        const { metrics } = await client.send('Performance.getMetrics');
        const script = metrics.find((metric) => metric.name === 'ScriptDuration')?.value ?? 0;
        await tab.close();
        // The first two rounds warm up the server, the disk cache and the JIT.
        if (run < 2) continue;
        results[path]!.ready.push(ready);
        results[path]!.frame.push(frame);
        results[path]!.script.push(script * 1000);
      }
    }
  } finally {
    await browser.close();
    site.close();
    await endpoint.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  const kit = results['/kit']!;
  const base = results['/baseline']!;
  console.log(`ready form, with the kit:       ${ms(median(kit.ready))}`);
  console.log(`ready card frame, with the kit: ${ms(median(kit.frame))}`);
  console.log(`ready, plain fetch + text:      ${ms(median(base.ready))}`);
  console.log(
    `ratio kit / baseline:           form ${(median(kit.ready) / median(base.ready)).toFixed(2)}, card frame ${(median(kit.frame) / median(base.ready)).toFixed(2)}`,
  );
  console.log(`main-thread script, with kit:   ${ms(median(kit.script))}`);
  console.log(`main-thread script, baseline:   ${ms(median(base.script))}`);
}

/** When the page's card frame could first pay, in the page's clock (ms since its navigation). */
async function cardFrameReadyAt(tab: Page): Promise<number> {
  const mark = 'checkout-kit:card-frame-ready';
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    for (const frame of tab.frames().slice(1)) {
      const at = await frame
        .evaluate((mark) => {
          const entry = performance.getEntriesByName(mark)[0];
          return entry ? performance.timeOrigin + entry.startTime : null;
        }, mark)
        .catch(() => null);
      if (at !== null) return at - (await tab.evaluate(() => performance.timeOrigin));
    }
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new Error('the card frame never became ready');
}

async function endpoint(runs = 200) {
  console.log(
    `\n## Endpoint: create, read, confirm through the fetch handler, median of ${runs}\n`,
  );
  const secretKey = 'sk_test_bench_0123456789abcdef';
  const stores: [string, () => Promise<CheckoutStore>][] = [
    ['memory', async () => new MemoryStore()],
    ['pglite', () => openPgliteStore()],
  ];
  for (const [name, open] of stores) {
    const store = await open();
    const app = createCheckoutApp({ store, secretKey });
    const call = (path: string, init: RequestInit) =>
      app.fetch(new Request(`https://bench.test${path}`, init));
    const times: Record<'create' | 'read' | 'confirm', number[]> = {
      create: [],
      read: [],
      confirm: [],
    };
    const authorization = `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;
    for (let run = 0; run < runs + 20; run++) {
      let start = performance.now();
      const created = (await (
        await call('/v1/checkout_sessions', {
          method: 'POST',
          headers: {
            Authorization: authorization,
            'Content-Type': 'application/json',
            'Idempotency-Key': crypto.randomUUID(),
          },
          body: JSON.stringify(cart),
        })
      ).json()) as { client_secret: string };
      const create = performance.now() - start;
      const client = { Authorization: `Bearer ${created.client_secret}` };
      start = performance.now();
      await (await call('/v1/client/session', { headers: client })).json();
      const read = performance.now() - start;
      start = performance.now();
      const confirmed = await call('/v1/client/session/confirm', {
        method: 'POST',
        headers: {
          ...client,
          'Content-Type': 'application/json',
          'Idempotency-Key': crypto.randomUUID(),
        },
        body: JSON.stringify({
          email: 'bench@example.com',
          payment_method: {
            card: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' },
            billing_details: { name: 'Bench' },
          },
        }),
      });
      await confirmed.text();
      const confirm = performance.now() - start;
      if (!confirmed.ok) throw new Error(`confirm answered ${confirmed.status}`);
      if (run < 20) continue; // warm-up
      times.create.push(create);
      times.read.push(read);
      times.confirm.push(confirm);
    }
    await store.close();
    console.log(
      `${name.padEnd(7)} create ${ms(median(times.create))}, read ${ms(median(times.read))}, confirm ${ms(median(times.confirm))}`,
    );
  }
}

if (!only || only === 'size') size();
if (!only || only === 'page') await page();
if (!only || only === 'endpoint') await endpoint();
