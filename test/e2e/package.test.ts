/**
 * The two npm packages as merchants install them. `checkout-kit`: what
 * `npm pack` would publish, what each `exports` entry and CDN field points
 * at, which modules the `sideEffects` list keeps; installed into an empty
 * folder, it brings no server dependency, stays within its size budget, and
 * every entry imports in plain Node (as during server-side rendering).
 * `checkout-kit-server`: packed (its `prepack` builds it) and installed
 * beside it, its bin serves the endpoint and the kit's script files.
 * Needs `npm run build` first.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, matchesGlob, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../support/e2e.js';

const run = promisify(execFile);

interface PackageJson {
  name: string;
  exports: Record<string, string | { types: string; default: string }>;
  unpkg: string;
  jsdelivr: string;
  customElements: string;
  sideEffects: string[];
  dependencies: Record<string, string>;
}

const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
const strip = (path: string) => path.replace(/^\.\//, '');

describe('the npm package', () => {
  let packed: Set<string>;

  before(async () => {
    assert.ok(
      existsSync(join(repoRoot, 'dist/index.js')) &&
        existsSync(join(repoRoot, 'dist/browser/checkout-kit.js')),
      'run `npm run build` first',
    );
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: repoRoot,
    });
    const [result] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    packed = new Set(result.files.map((file) => file.path));
  });

  test('every exports target, with its types, is in the package', () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (subpath.includes('*')) continue;
      const files = typeof target === 'string' ? [target] : [target.types, target.default];
      for (const file of files) assert.ok(packed.has(strip(file)), `${subpath}: ${file}`);
    }
    for (const subpath of ['.', './react', './vue']) {
      assert.equal(typeof pkg.exports[subpath], 'object', `${subpath} has types`);
    }
  });

  test('the CDN fields name the ES module build, and custom-elements.json ships', () => {
    assert.equal(strip(pkg.unpkg), 'dist/browser/checkout-kit.js');
    assert.equal(strip(pkg.jsdelivr), 'dist/browser/checkout-kit.js');
    for (const file of [
      pkg.unpkg,
      'dist/browser/checkout-kit.classic.js',
      'dist/browser/integrity.json',
      'dist/browser/parts.json',
      pkg.customElements,
    ]) {
      assert.ok(packed.has(strip(file)), file);
    }
  });

  test('no test, demo, endpoint or source-map files are published', () => {
    for (const file of packed) {
      assert.ok(!file.endsWith('.map'), file);
      assert.ok(!/^(test|demo|stories|scripts|packages|dist\/server)\//.test(file), file);
      assert.ok(!file.includes('.e2e-build-lock'), file);
    }
  });

  test('the ES build leaves lit and the other runtime dependencies unbundled', async () => {
    const code = await readFile(
      join(repoRoot, 'dist/elements/checkout-card/checkout-card.js'),
      'utf8',
    );
    assert.match(code, /from 'lit'/);
    for (const name of ['lit', '@floating-ui/core']) {
      assert.ok(pkg.dependencies[name], `${name} is a dependency`);
    }
    // @lit/react is copied in, with its licence, so its @types/react peer stays out of apps.
    const react = await readFile(join(repoRoot, 'dist/react/index.js'), 'utf8');
    assert.match(react, /from '\.\/lit-react\/create-component\.js'/);
    assert.doesNotMatch(react, /from '@lit\/react'/);
    assert.ok(!pkg.dependencies['@lit/react']);
    for (const file of ['create-component.js', 'create-component.d.ts', 'LICENSE']) {
      assert.ok(packed.has(`dist/react/lit-react/${file}`), file);
    }
  });

  test('sideEffects lists exactly the modules that do something at import', async () => {
    const registering: string[] = [];
    const others: string[] = [];
    const entries = await readdir(join(repoRoot, 'src'), { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
      const file = join(entry.parentPath, entry.name);
      const code = await readFile(file, 'utf8');
      // Calls defineElement, imports a module only for its effect, or calls a function at the
      // top level (the entry's first module starts the session reads).
      const registers =
        /^\s*defineElement\(/m.test(code) ||
        /^import '[^']+';$/m.test(code) ||
        /^\w+\(\);$/m.test(code);
      const path = `./${relative(repoRoot, file)}`;
      (registers ? registering : others).push(path);
    }
    assert.ok(registering.length >= 15, `${registering}`);
    const listed = (path: string) => pkg.sideEffects.some((glob) => matchesGlob(path, glob));
    const built = (path: string) => path.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, '.js');
    for (const path of registering) {
      assert.ok(listed(path), `${path} acts at import but is not in sideEffects`);
      assert.ok(listed(built(path)), `${built(path)} acts at import but is not in sideEffects`);
    }
    for (const path of others) {
      assert.ok(!listed(path), `${path} has no side effects but is in sideEffects`);
      assert.ok(!listed(built(path)), `${built(path)} has no side effects but is in sideEffects`);
    }
  });
});

/** What `checkout-kit` may add to an app's node_modules, React or Vue aside. */
const installBudgetBytes = 6_000_000;
/** Packages only the endpoint needs: none may arrive with `checkout-kit`. */
const serverOnly = [
  'hono',
  '@hono/node-server',
  '@hono/zod-openapi',
  'hono-rate-limiter',
  'lean-qr',
  'zod',
  'pg',
  '@electric-sql/pglite',
  'pino',
  'prom-client',
];
const serverDir = join(repoRoot, 'packages/checkout-kit-server');
const serverPkg = JSON.parse(await readFile(join(serverDir, 'package.json'), 'utf8')) as {
  name: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** `npm pack` into `destination`; the tarball's path. */
async function pack(cwd: string, destination: string, ignoreScripts: boolean): Promise<string> {
  const { stdout } = await run(
    'npm',
    [
      'pack',
      '--json',
      '--pack-destination',
      destination,
      ...(ignoreScripts ? ['--ignore-scripts'] : []),
    ],
    { cwd, maxBuffer: 64 * 1024 * 1024 },
  );
  // A prepack build prints before the JSON.
  const [result] = JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as [{ filename: string }];
  return join(destination, result.filename);
}

async function npmInstall(cwd: string, specs: string[]): Promise<void> {
  await writeFile(
    join(cwd, 'package.json'),
    '{ "name": "app", "private": true, "type": "module" }',
  );
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...specs],
    { cwd, maxBuffer: 64 * 1024 * 1024 },
  );
}

async function folderBytes(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

describe('the packages installed into empty folders', () => {
  let work = '';
  let kitTarball = '';
  let serverTarball = '';

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'checkout-kit-packages-'));
    // The kit from the build `npm test` made; the server through its own prepack build.
    [kitTarball, serverTarball] = await Promise.all([
      pack(repoRoot, work, true),
      pack(serverDir, work, false),
    ]);
  });

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('both packages build when packed', () => {
    const kit = pkg as PackageJson & { scripts: Record<string, string> };
    assert.match(kit.scripts.prepack ?? '', /npm run build/);
    assert.match(serverPkg.scripts.prepack ?? '', /npm run build/);
    assert.ok(existsSync(serverTarball), serverTarball);
  });

  test('the server package depends on the kit and on the same server libraries as the repository', () => {
    const dev = (pkg as PackageJson & { devDependencies: Record<string, string> }).devDependencies;
    assert.ok(serverPkg.dependencies['checkout-kit'], 'checkout-kit is a dependency');
    for (const name of serverOnly) {
      assert.ok(serverPkg.dependencies[name], `${name} is a server dependency`);
      assert.equal(
        serverPkg.dependencies[name],
        dev[name],
        `${name}: the same range as in development`,
      );
      assert.ok(!pkg.dependencies[name], `${name} is not a dependency of checkout-kit`);
    }
  });

  test('checkout-kit alone: no server dependency, within its size budget, and SSR-safe imports', {
    timeout: 180_000,
  }, async (t) => {
    const app = join(work, 'front-end-app');
    await mkdir(app);
    await npmInstall(app, [kitTarball]);
    const modules = join(app, 'node_modules');
    for (const name of serverOnly) {
      assert.ok(!existsSync(join(modules, name)), `${name} arrived with checkout-kit`);
    }
    const bytes = await folderBytes(modules);
    t.diagnostic(`checkout-kit installs ${(bytes / 1e6).toFixed(2)} MB (budget 6 MB)`);
    assert.ok(bytes <= installBudgetBytes, `${bytes} bytes installed`);

    // With React and Vue beside it, as an app has them: every entry imports in plain Node.
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', 'react', 'react-dom', 'vue'],
      { cwd: app, maxBuffer: 64 * 1024 * 1024 },
    );
    const entries = Object.keys(pkg.exports)
      .filter((subpath) => !subpath.includes('*') && !subpath.endsWith('.json'))
      .map((subpath) => subpath.replace(/^\./, pkg.name));
    const script = `for (const name of ${JSON.stringify(entries)}) {
  const module = await import(name);
  console.log(name, Object.keys(module).length);
}
console.log('window' in globalThis ? 'window' : 'no window');`;
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: app,
    });
    assert.doesNotMatch(stderr, /Error/);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.at(-1), 'no window');
    const exported = (name: string) =>
      Number(lines.find((line) => line.startsWith(`${name} `))?.split(' ')[1]);
    for (const name of entries) assert.ok(exported(name) >= 0, `${name} did not import`);
    assert.ok(exported('checkout-kit') > 10);
    assert.ok(exported('checkout-kit/react') >= 15);
    assert.ok(exported('checkout-kit/vue') >= 1);
  });

  test("checkout-kit-server: its bin serves the endpoint and the installed kit's script files", {
    timeout: 240_000,
  }, async () => {
    const app = join(work, 'server-app');
    await mkdir(app);
    await npmInstall(app, [kitTarball, serverTarball]);
    const secretKey = 'sk_test_package_bin_0123456789';
    const child = spawn(join(app, 'node_modules/.bin/checkout-kit-server'), [], {
      cwd: app,
      env: {
        ...process.env,
        PORT: '0',
        CHECKOUT_LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        CHECKOUT_SECRET_KEY: secretKey,
        CHECKOUT_DATA_DIR: join(app, 'data'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL:\n${output}`)), 60_000);
        const read = (chunk: Buffer) => {
          output += chunk;
          const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
      });
      const auth = `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;
      const created = await fetch(`${url}/v1/checkout_sessions`, {
        method: 'POST',
        headers: {
          Authorization: auth,
          'Content-Type': 'application/json',
          'Idempotency-Key': crypto.randomUUID(),
        },
        body: JSON.stringify({
          mode: 'payment',
          ui_mode: 'embedded',
          line_items: [
            { quantity: 1, price_data: { currency: 'usd', product: 'Mug', unit_amount: 1800 } },
          ],
        }),
      });
      assert.equal(created.status, 200, await created.clone().text());
      const session = (await created.json()) as { client_secret: string; amount_total: number };
      assert.equal(session.amount_total, 1800);
      const read = await fetch(`${url}/v1/client/session`, {
        headers: { Authorization: `Bearer ${session.client_secret}` },
      });
      assert.equal(read.status, 200);

      // The script file is the installed kit's, byte for byte.
      const script = await fetch(`${url}/assets/checkout-kit.js`);
      assert.equal(script.status, 200);
      assert.match(script.headers.get('content-type') ?? '', /javascript/);
      const installed = await readFile(
        join(app, 'node_modules/checkout-kit/dist/browser/checkout-kit.js'),
      );
      assert.ok(Buffer.from(await script.arrayBuffer()).equals(installed));
      // Its parts, named by their contents in the installed kit's parts.json, are immutable.
      const parts = JSON.parse(
        await readFile(join(app, 'node_modules/checkout-kit/dist/browser/parts.json'), 'utf8'),
      ) as { module: Record<string, string> };
      const part = await fetch(`${url}/assets/${parts.module['address-form']}`);
      assert.equal(part.status, 200);
      assert.equal(part.headers.get('cache-control'), 'public, max-age=31536000, immutable');

      // The demo catalog only when asked for.
      assert.doesNotMatch(output, /Demo catalog/);
      const prices = await fetch(`${url}/v1/prices`, { headers: { Authorization: auth } });
      assert.equal(prices.status, 200);
      assert.deepEqual(((await prices.json()) as { data: unknown[] }).data, []);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
