/**
 * The npm package as a merchant installs it: what `npm pack` would publish,
 * what each `exports` entry and CDN field points at, which modules the
 * `sideEffects` list keeps, and that every entry imports in plain Node (as
 * during server-side rendering) without a DOM. Needs `npm run build` first.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, matchesGlob, relative } from 'node:path';
import { before, describe, test } from 'node:test';
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
    for (const subpath of ['.', './react', './server']) {
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
      pkg.customElements,
    ]) {
      assert.ok(packed.has(strip(file)), file);
    }
  });

  test('no test, demo or source-map-less leftovers are published', () => {
    for (const file of packed) {
      assert.ok(!/^(test|demo|stories|scripts)\//.test(file), file);
      assert.ok(!file.includes('.e2e-build-lock'), file);
    }
  });

  test('the ES build leaves lit and the other runtime dependencies unbundled', async () => {
    const code = await readFile(
      join(repoRoot, 'dist/elements/checkout-card/checkout-card.js'),
      'utf8',
    );
    assert.match(code, /from 'lit'/);
    for (const name of ['lit', '@lit/context', '@floating-ui/dom', 'lean-qr', '@lit/react']) {
      assert.ok(pkg.dependencies[name], `${name} is a dependency`);
    }
  });

  test('sideEffects lists exactly the modules that register tags', async () => {
    const registering: string[] = [];
    const others: string[] = [];
    const entries = await readdir(join(repoRoot, 'src'), { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
      const file = join(entry.parentPath, entry.name);
      const code = await readFile(file, 'utf8');
      // Registering: calls defineElement, or imports a module only for its effect.
      const registers = /^\s*defineElement\(/m.test(code) || /^import '[^']+';$/m.test(code);
      const path = `./${relative(repoRoot, file)}`;
      (registers ? registering : others).push(path);
    }
    assert.ok(registering.length >= 15, `${registering}`);
    const listed = (path: string) => pkg.sideEffects.some((glob) => matchesGlob(path, glob));
    const built = (path: string) => path.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, '.js');
    for (const path of registering) {
      assert.ok(listed(path), `${path} registers tags but is not in sideEffects`);
      assert.ok(listed(built(path)), `${built(path)} registers tags but is not in sideEffects`);
    }
    for (const path of others) {
      assert.ok(!listed(path), `${path} has no side effects but is in sideEffects`);
      assert.ok(!listed(built(path)), `${built(path)} has no side effects but is in sideEffects`);
    }
  });

  test('every entry imports in plain Node, with no DOM, without throwing', async () => {
    const entries = Object.keys(pkg.exports)
      .filter((subpath) => !subpath.includes('*') && !subpath.endsWith('.json'))
      .map((subpath) => subpath.replace(/^\./, pkg.name));
    // Self-reference: inside the package, its own name resolves through `exports`.
    const script = `for (const name of ${JSON.stringify(entries)}) {
  const module = await import(name);
  console.log(name, Object.keys(module).length);
}
console.log('window' in globalThis ? 'window' : 'no window');`;
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repoRoot,
    });
    assert.doesNotMatch(stderr, /Error/);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.at(-1), 'no window');
    for (const name of entries) {
      assert.ok(
        lines.some((line) => line.startsWith(`${name} `)),
        `${name} did not import`,
      );
    }
    const exported = (name: string) =>
      Number(lines.find((line) => line.startsWith(`${name} `))?.split(' ')[1]);
    assert.ok(exported('checkout-kit') > 10);
    assert.ok(exported('checkout-kit/react') >= 14);
  });
});
