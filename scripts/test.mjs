// `npm test`: every check the project has, in order, ending with one line
// "N passed, N failed" for the whole suite. Each stage runs even when an
// earlier one failed, so one run shows every problem.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const totals = { passed: 0, failed: 0 };

/** Runs a command with its output shown live; resolves to its exit code and output. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function stage(name) {
  console.log(`\n=== ${name} ===`);
}

/** A check that passes or fails as a whole counts as one test. */
async function check(name, command, args) {
  stage(name);
  const { code } = await run(command, args);
  totals[code === 0 ? 'passed' : 'failed'] += 1;
  if (code !== 0) console.log(`${name} failed (exit ${code})`);
  return code === 0;
}

await check('format and lint (biome)', 'npx', ['biome', 'check', '--error-on-warnings', '.']);
await check('types (tsc)', 'npx', ['tsc', '--noEmit', '-p', '.']);
// The package build: library (tsc), script-tag files (vite), custom-elements.json.
const built = await check('build (npm run build)', 'npm', ['run', 'build', '--silent']);
if (built) await check('size budget (npm run size)', 'node', ['scripts/size.mjs', '--built']);

stage('unit, endpoint and end-to-end tests (node --test)');
// One throwaway PostgreSQL cluster for every test file that needs one; each
// makes its own database in it. Without PostgreSQL those tests say why they skip.
const postgres = await startTestCluster();
const tapDir = await mkdtemp(join(tmpdir(), 'checkout-kit-tap-'));
const tapFile = join(tapDir, 'results.tap');
const node = await run(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...(await testFiles()),
  ],
  postgres ? { CHECKOUT_TEST_POSTGRES_URL: postgres.url } : {},
);
await postgres?.stop();
const tap = await readFile(tapFile, 'utf8').catch(() => '');
await rm(tapDir, { recursive: true, force: true });
const count = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
totals.passed += count('pass');
totals.failed += count('fail') + count('cancelled');
if (node.code !== 0 && count('fail') + count('cancelled') === 0) totals.failed += 1;

stage('browser tests (web-test-runner, Chromium)');
const browser = await run('npx', ['web-test-runner']);
const summaries = [...browser.output.matchAll(/(\d+) passed, (\d+) failed/g)];
const last = summaries.at(-1);
if (last) {
  totals.passed += Number(last[1]);
  totals.failed += Number(last[2]);
}
if (browser.code !== 0 && (!last || Number(last[2]) === 0)) totals.failed += 1;

if (!built) console.log('note: end-to-end tests need the build, which failed.');
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);

/** Starts the run's PostgreSQL cluster, or returns null (and says why) when there is none. */
async function startTestCluster() {
  const { tsImport } = await import('tsx/esm/api');
  const support = await tsImport('../test/support/postgres.ts', import.meta.url);
  const unavailable = support.postgresUnavailable();
  if (unavailable) {
    console.log(`note: ${unavailable}; the PostgreSQL tests are skipped.`);
    return null;
  }
  const cluster = await support.startPostgresCluster();
  console.log(`PostgreSQL test cluster on ${cluster.url}`);
  return cluster;
}

/** Node-side test files: test/unit, test/server and test/e2e. */
async function testFiles() {
  const { readdir } = await import('node:fs/promises');
  const files = [];
  for (const dir of ['unit', 'server', 'e2e']) {
    const names = await readdir(join('test', dir)).catch(() => []);
    files.push(
      ...names
        .filter((name) => name.endsWith('.test.ts'))
        .sort()
        .map((name) => join('test', dir, name)),
    );
  }
  return files;
}
