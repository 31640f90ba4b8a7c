// `npm run bench -- page`: from navigation to a payable form, in Chromium,
// cold (no HTTP cache), interleaved in one run: the kit's <checkout-embedded>
// against a minimal Lit card form (./minimal-lit-form.ts) and a page that only
// fetches the session and prints it. Each page is loaded unthrottled and
// under 4x CPU throttling with a slow-4G network, the median of `runs` loads.
// Then, on ready forms, the main-thread script each keystroke costs (p95).
// A fourth page, the minimal form with its card fields in the kit's card
// frame (./minimal-framed-card-form.ts), shows what the frame itself costs.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, {
  type Browser,
  type CDPSession,
  type ElementHandle,
  type Frame,
  type Page,
} from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../../test/support/chromium.js';
import { createSession, median, ms, stopChild } from './common.js';

/** Lighthouse's slow 4G, as DevTools applies it (latency and throughput adjusted). */
const slow4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1474.56 * 1024) / 8,
  uploadThroughput: (675 * 1024) / 8,
};

const conditions = [
  { name: 'unthrottled', cpu: 1, network: null, goal: 1.3 },
  { name: '4x CPU, slow 4G', cpu: 4, network: slow4G, goal: 1.5 },
] as const;

export const pageNames = ['kit', 'lit', 'lit-frame', 'fetch'] as const;
export type PageName = (typeof pageNames)[number];

/** What ./page-servers.ts prints once its servers listen. */
export interface PageServers {
  endpoint: string;
  site: string;
  /** The minimal Lit form's script, gzipped as served. */
  litFormGzip: number;
}

interface Load {
  /** Navigation to a payable form (ms, the page's clock). */
  ready: number;
  /** Navigation to the form drawn around the card frame, which may still be loading (kit only). */
  form: number;
  /** Main-thread script while loading (ms). */
  script: number;
  /** Requests the page made before it was ready. */
  requests: number;
  /** Of those, how many had to happen one after another. */
  roundTrips: number;
  /** That longest chain, request by request. */
  chain: string[];
  /** Framed pages: when each step towards a payable form happened (ms, the page's clock). */
  milestones: Milestones | null;
}

/**
 * The steps of a framed page's load, in the page's clock: where its time
 * goes. On one machine the page and its same-site card frame share one main
 * thread, so the gap between the frame's document arriving and being parsed
 * is time it waited for the page's own work.
 */
interface Milestones {
  /** The session read's answer has arrived. */
  session: number;
  /** The card frame's document has arrived, then been parsed (its script run). */
  frameArrived: number;
  frameParsed: number;
  /** The page's form is drawn (its ready mark), and the frame can take the card. */
  form: number;
  frameBound: number;
}

const milestoneNames: Record<keyof Milestones, string> = {
  session: 'session answered',
  frameArrived: "card frame's document here",
  frameParsed: 'parsed',
  form: 'form drawn',
  frameBound: 'card frame bound',
};

export async function page(runs = Number(process.env.BENCH_LOADS ?? 15)): Promise<void> {
  console.log(
    `\n## Page: navigation to a payable form, cold, median of ${runs} loads per page and condition\n`,
  );
  execFileSync('node', ['scripts/build-browser.mjs'], { stdio: 'ignore' });
  const dataDir = await mkdtemp(join(tmpdir(), 'checkout-kit-bench-'));
  const servers = await startPageServers(dataDir);
  const siteUrl = servers.site;
  // A session for the next load: made on the endpoint, carried by the site's next pages.
  const newSecret = async () => {
    const secret = await createSession(servers.endpoint);
    await fetch(`${siteUrl}/secret`, { method: 'PUT', body: secret });
  };
  let browser: Browser | undefined;

  const results = new Map<string, Load[]>();
  const keystrokeLoads = Math.max(3, Math.ceil(runs / 3));
  const keystrokes = {
    kit: { email: [] as number[], card: [] as number[] },
    lit: { email: [] as number[], card: [] as number[] },
  };
  const key = (condition: string, name: PageName) => `${condition} ${name}`;
  try {
    browser = await puppeteer.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
    });
    // Interleaved: every round loads each page under each condition once, so
    // the machine's slow moments fall on all of them alike.
    for (let run = 0; run < runs + 2; run++) {
      for (const condition of conditions) {
        for (const name of pageNames) {
          await newSecret();
          const framed = name === 'kit' || name === 'lit-frame';
          const load = await measureLoad(browser, `${siteUrl}/${name}`, condition, framed);
          // The first two rounds warm up the server and the JIT.
          if (run < 2) continue;
          const list = results.get(key(condition.name, name)) ?? [];
          list.push(load);
          results.set(key(condition.name, name), list);
        }
      }
    }
    // Keystrokes, unthrottled: interleaved loads again, typing into each form.
    for (let run = 0; run < keystrokeLoads + 1; run++) {
      for (const name of ['kit', 'lit'] as const) {
        await newSecret();
        const typed = await measureKeystrokes(browser, `${siteUrl}/${name}`, name);
        if (run === 0) continue;
        for (const field of keystrokeFields) keystrokes[name][field].push(...typed[field]);
      }
    }
  } finally {
    await browser?.close();
    await servers.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  console.log(`minimal Lit form: ${(servers.litFormGzip / 1000).toFixed(1)} kB gzip\n`);
  for (const condition of conditions) {
    const of = (name: PageName, field: Exclude<keyof Load, 'chain' | 'milestones'>) =>
      median(results.get(key(condition.name, name))!.map((load) => load[field]));
    const ratio = of('kit', 'ready') / of('lit', 'ready');
    console.log(`${condition.name}:`);
    console.log(
      `  ready to pay (the kit's card frame included):  kit ${ms(of('kit', 'ready'))}, minimal Lit form ${ms(of('lit', 'ready'))}, plain fetch ${ms(of('fetch', 'ready'))}`,
    );
    console.log(
      `  kit / minimal Lit form: ${ratio.toFixed(2)}x (goal ≤ ${condition.goal}x)${ratio <= condition.goal ? '' : '  NOT MET'}`,
    );
    console.log(
      `  with the kit's card frame in the minimal form: ${ms(of('lit-frame', 'ready'))}, so the frame costs it ${(of('lit-frame', 'ready') / of('lit', 'ready')).toFixed(2)}x; kit / that form: ${(of('kit', 'ready') / of('lit-frame', 'ready')).toFixed(2)}x`,
    );
    console.log(`  the kit's form drawn, its card frame maybe not yet: ${ms(of('kit', 'form'))}`);
    for (const name of ['kit', 'lit-frame'] as const) {
      const loads = results.get(key(condition.name, name))!;
      const steps = (Object.keys(milestoneNames) as (keyof Milestones)[]).map((step) => {
        const at = median(loads.map((load) => load.milestones![step]));
        return `${milestoneNames[step]} ${ms(at)}`;
      });
      console.log(
        `  ${name === 'kit' ? 'kit' : 'framed minimal form'}, step by step (medians): ${steps.join(', ')}`,
      );
    }
    console.log(
      `  requests before ready:  kit ${of('kit', 'requests')} (${of('kit', 'roundTrips')} one after another; goal ≤ 3), minimal Lit form ${of('lit', 'requests')} (${of('lit', 'roundTrips')})`,
    );
    console.log(
      `  kit's chain (most loads): ${commonest(results.get(key(condition.name, 'kit'))!)}`,
    );
    console.log(
      `  main-thread script:     kit ${ms(of('kit', 'script'))}, minimal Lit form ${ms(of('lit', 'script'))}, plain fetch ${ms(of('fetch', 'script'))}`,
    );
  }
  console.log(
    `keystrokes, unthrottled: main-thread script per key, p95 (median) over ${keystrokeLoads} loads of each form:`,
  );
  for (const field of keystrokeFields) {
    const kit = keystrokes.kit[field];
    const lit = keystrokes.lit[field];
    const worst = percentile(kit, 0.95);
    console.log(
      `  ${keystrokeText[field].label.padEnd(12)} kit ${ms(worst)} (${ms(median(kit))}), minimal Lit form ${ms(percentile(lit, 0.95))} (${ms(median(lit))}); ${kit.length} keys (goal: kit p95 < 1 ms)${worst < 1 ? '' : '  NOT MET'}`,
    );
  }
}

const keystrokeFields = ['email', 'card'] as const;
type KeystrokeField = (typeof keystrokeFields)[number];

/** What is typed where: the kit's card number is in its card frame, the Lit form's in its shadow root. */
const keystrokeText: Record<KeystrokeField, { label: string; text: string }> = {
  email: { label: 'email', text: 'shopper@example.com' },
  card: { label: 'card number', text: '4242424242424242' },
};

/** The chain most of `loads` waited for, each request as its method and path. */
function commonest(loads: Load[]): string {
  const counts = new Map<string, number>();
  for (const load of loads) {
    const chain = load.chain
      .map((request) => request.replace(/https?:\/\/[^/]+/, '').replace(/\?.*$/, ''))
      .join(' → ');
    counts.set(chain, (counts.get(chain) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Loads `url` until its form is ready, then types into its email and card
 * number fields one key at a time. Each key's cost is the renderer's
 * main-thread script (DevTools' ScriptDuration, which counts the page and
 * its same-site frames: the card frame is same-site here) from just before
 * the key until two animation frames later, less the same measurement with
 * no key (the probe's own script).
 */
async function measureKeystrokes(
  browser: Browser,
  url: string,
  name: 'kit' | 'lit',
): Promise<Record<KeystrokeField, number[]>> {
  const tab = await browser.newPage();
  try {
    const client = await tab.createCDPSession();
    await client.send('Performance.enable');
    await tab.goto(url);
    await tab.waitForFunction(() => performance.getEntriesByName('ready').length > 0, {
      timeout: 60_000,
    });
    const fields: Record<KeystrokeField, { frame: Frame; input: ElementHandle }> =
      name === 'kit'
        ? { email: await inputIn(tab.mainFrame(), '#email'), card: await cardFrameInput(tab) }
        : {
            email: await inputIn(tab.mainFrame(), 'input[autocomplete=email]'),
            card: await inputIn(tab.mainFrame(), 'input[autocomplete=cc-number]'),
          };
    const scriptMs = async () => {
      const { metrics } = await client.send('Performance.getMetrics');
      return (metrics.find((metric) => metric.name === 'ScriptDuration')?.value ?? 0) * 1000;
    };
    const settle = (frame: Frame) =>
      frame.evaluate(
        () =>
          new Promise<void>((done) =>
            requestAnimationFrame(() => requestAnimationFrame(() => done())),
          ),
      );
    const measured = { email: [] as number[], card: [] as number[] };
    for (const field of keystrokeFields) {
      const { frame, input } = fields[field];
      await input.focus();
      await settle(frame);
      const probe: number[] = [];
      for (let i = 0; i < 5; i++) {
        const before = await scriptMs();
        await settle(frame);
        probe.push((await scriptMs()) - before);
      }
      const overhead = median(probe);
      for (const key of keystrokeText[field].text) {
        const before = await scriptMs();
        await tab.keyboard.type(key);
        await settle(frame);
        measured[field].push(Math.max(0, (await scriptMs()) - before - overhead));
      }
    }
    return measured;
  } finally {
    await tab.close();
  }
}

/** An input found through shadow roots (`pierce/`), with the frame it is in. */
async function inputIn(frame: Frame, selector: string) {
  const input = await frame.waitForSelector(`pierce/${selector}`, { timeout: 30_000 });
  if (!input) throw new Error(`no ${selector} in ${frame.url()}`);
  return { frame, input };
}

/** The card number input in the kit's card frame, once the frame shows it. */
async function cardFrameInput(tab: Page) {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const frame = tab.frames().find((candidate) => candidate.url().includes('/frames/card'));
    if (frame) return inputIn(frame, '#number');
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error('no card frame');
}

/**
 * Starts ./page-servers.ts in a process of its own (the endpoint and the
 * merchant's site), so their answers never wait on this process's event
 * loop, busy with the browser's DevTools events while a page loads.
 */
async function startPageServers(
  dataDir: string,
): Promise<PageServers & { stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./page-servers.ts', import.meta.url).pathname],
    {
      env: { ...process.env, CHECKOUT_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const servers = await new Promise<PageServers>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const line = output.split('\n').find((text) => text.startsWith('{'));
      if (line) resolve(JSON.parse(line) as PageServers);
    });
    void exited.then(() => reject(new Error(`the page servers exited: ${output}`)));
  });
  return { ...servers, stop: () => stopChild(child) };
}

/** One cold load of `url` in a new tab under `condition`. */
async function measureLoad(
  browser: Browser,
  url: string,
  condition: (typeof conditions)[number],
  hasCardFrame: boolean,
): Promise<Load> {
  const tab = await browser.newPage();
  await tab.setCacheEnabled(false);
  const client = await tab.createCDPSession();
  await client.send('Performance.enable');
  await throttle(client, condition);
  // Every request of the page and its frames, counted; the main document's
  // timed by the browser's own clock (DevTools' Network events), for the chain.
  const requested: number[] = [];
  tab.on('request', (request) => {
    if (!request.url().startsWith('data:')) requested.push(Date.now());
  });
  const timed = new Map<string, TimedRequest>();
  await client.send('Network.enable');
  client.on('Network.requestWillBeSent', (event) => {
    if (!event.request.url.startsWith('data:')) {
      const { initiator } = event;
      let stack = initiator.stack;
      while (stack && !stack.callFrames.length) stack = stack.parent;
      timed.set(event.requestId, {
        url: event.request.url,
        method: event.request.method,
        start: event.timestamp,
        end: Number.POSITIVE_INFINITY,
        initiator: initiator.url ?? stack?.callFrames[0]?.url ?? null,
        preflightOf: initiator.type === 'preflight' ? (initiator.requestId ?? null) : null,
      });
    }
  });
  const finished = (event: { requestId: string; timestamp: number }) => {
    const known = timed.get(event.requestId);
    if (known) known.end = event.timestamp;
  };
  client.on('Network.loadingFinished', finished);
  client.on('Network.loadingFailed', finished);
  await tab.goto(url);
  await tab.waitForFunction(() => performance.getEntriesByName('ready').length > 0, {
    timeout: 60_000,
  });
  const [form, timeOrigin] = await tab.evaluate(() => [
    performance.getEntriesByName('ready')[0]!.startTime,
    performance.timeOrigin,
  ]);
  // The kit's card fields are in its card frame: the form is payable once both are there.
  const frameBound = hasCardFrame ? await cardFrameReadyAt(tab) : form;
  const ready = Math.max(form, frameBound);
  const milestones = hasCardFrame ? await milestonesOf(tab, form, frameBound) : null;
  // The ready mark in the Network events' clock (seconds): navigation started with the first request.
  const navigationStart = Math.min(...[...timed.values()].map((request) => request.start));
  const readyAt = navigationStart + ready / 1000;
  const requestsBefore = requested.filter((at) => at <= timeOrigin + ready).length;
  const { metrics } = await client.send('Performance.getMetrics');
  const script = (metrics.find((metric) => metric.name === 'ScriptDuration')?.value ?? 0) * 1000;
  await tab.close();
  const before = new Map([...timed].filter(([, request]) => request.start <= readyAt));
  const chain = longestChain(before);
  return {
    ready,
    form,
    script,
    requests: requestsBefore,
    roundTrips: chain.length,
    chain,
    milestones,
  };
}

/** A framed page's milestones, read from its and its card frame's timing entries. */
async function milestonesOf(tab: Page, form: number, frameBound: number): Promise<Milestones> {
  const session = await tab.evaluate(
    () =>
      (
        performance
          .getEntriesByType('resource')
          .find((entry) => entry.name.includes('/v1/client/session')) as
          | PerformanceResourceTiming
          | undefined
      )?.responseEnd ?? Number.NaN,
  );
  const frame = tab.frames().find((candidate) => candidate.url().includes('/frames/card'));
  const [frameOrigin, frameArrived, frameParsed] = frame
    ? await frame.evaluate(() => {
        const [navigation] = performance.getEntriesByType(
          'navigation',
        ) as PerformanceNavigationTiming[];
        return [
          performance.timeOrigin,
          navigation?.responseEnd ?? Number.NaN,
          navigation?.domInteractive ?? Number.NaN,
        ];
      })
    : [Number.NaN, Number.NaN, Number.NaN];
  // The frame's clock starts at its own navigation: moved onto the page's.
  const offset = frameOrigin - (await tab.evaluate(() => performance.timeOrigin));
  return {
    session,
    frameArrived: offset + frameArrived,
    frameParsed: offset + frameParsed,
    form,
    frameBound,
  };
}

async function throttle(client: CDPSession, condition: (typeof conditions)[number]) {
  await client.send('Emulation.setCPUThrottlingRate', { rate: condition.cpu });
  if (condition.network) {
    await client.send('Network.enable');
    await client.send('Network.emulateNetworkConditions', condition.network);
  }
}

interface TimedRequest {
  url: string;
  method: string;
  start: number;
  end: number;
  /** The document or script that made the request (DevTools' initiator), if any. */
  initiator: string | null;
  /** For a CORS preflight: the id of the request it clears. */
  preflightOf: string | null;
}

/**
 * The longest chain of requests the page waited for one after another: each
 * request follows the one that fetched the document or script that made it
 * (DevTools' initiator), and a request that needed a CORS preflight follows
 * that too. Requests that merely ended before another began are not a chain.
 */
function longestChain(requests: Map<string, TimedRequest>): string[] {
  const preflights = new Map<string, TimedRequest>();
  for (const request of requests.values()) {
    if (request.preflightOf) preflights.set(request.preflightOf, request);
  }
  const chains = new Map<TimedRequest, string[]>();
  const chainOf = (request: TimedRequest, id: string | null): string[] => {
    const known = chains.get(request);
    if (known) return known;
    // A preflight is made for its request, by that request's initiator.
    const cleared = request.preflightOf ? requests.get(request.preflightOf) : undefined;
    const initiator = cleared ? cleared.initiator : request.initiator;
    // The latest fetch of the initiator's URL that started before this request.
    const parent = [...requests.values()]
      .filter((other) => other !== request && other !== cleared && other.url === initiator)
      .filter((other) => other.start <= request.start)
      .sort((a, b) => b.start - a.start)[0];
    const preflight = id ? preflights.get(id) : undefined;
    const before = preflight ? chainOf(preflight, null) : parent ? chainOf(parent, null) : [];
    const chain = [...before, `${request.method} ${request.url}`];
    chains.set(request, chain);
    return chain;
  };
  let longest: string[] = [];
  for (const [id, request] of requests) {
    const chain = chainOf(request, id);
    if (chain.length > longest.length) longest = chain;
  }
  return longest;
}

/** When the page's card frame could first pay, in the page's clock (ms since its navigation). */
async function cardFrameReadyAt(tab: Page): Promise<number> {
  const mark = 'checkout-kit:card-frame-ready';
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
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
