/**
 * `npm run fuzz`: the OpenAPI-driven fuzzer (test/support/fuzz.ts) for longer
 * than `npm test` runs it. Prints the failures grouped by operation and
 * reason, and `N requests, M failures`; exits 1 when there are failures.
 *
 *   npm run fuzz -- --runs 50000 --seed 42 --store memory
 *
 * Or FUZZ_RUNS, FUZZ_SEED, FUZZ_STORE, FUZZ_TIMEOUT_MS. The default seed is
 * new each run and printed, so a run can be repeated.
 */
import type { StoreKind } from '../test/support/endpoint.js';
import { fuzz } from '../test/support/fuzz.js';

function option(name: string): string | undefined {
  const flag = `--${name}`;
  const args = process.argv.slice(2);
  const inline = args.find((arg) => arg.startsWith(`${flag}=`));
  if (inline) return inline.slice(flag.length + 1);
  const at = args.indexOf(flag);
  return at === -1 ? process.env[`FUZZ_${name.toUpperCase().replace(/-/g, '_')}`] : args[at + 1];
}

function wholeNumber(name: string, fallback: number): number {
  const value = option(name);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0) {
    throw new Error(`--${name} must be a whole number; got '${value}'.`);
  }
  return number;
}

const runs = wholeNumber('runs', 10_000);
const seed = wholeNumber('seed', Math.floor(Math.random() * 2 ** 31));
const timeoutMs = wholeNumber('timeout-ms', 10_000);
// The embedded PostgreSQL store by default: it is what the server runs, and what SQL bugs need.
const store = (option('store') ?? 'pglite') as StoreKind;
if (!['memory', 'pglite', 'postgres'].includes(store)) {
  throw new Error(`--store must be memory, pglite or postgres; got '${store}'.`);
}

console.log(`fuzzing ${runs} requests, seed ${seed}, ${store} store`);
const started = performance.now();
let shown = 0;
const report = await fuzz({
  runs,
  seed,
  store,
  timeoutMs,
  onProgress: (done, total) => {
    // A line every tenth of the run, so a long run shows it is moving.
    if (done * 10 >= (shown + 1) * total) {
      shown += 1;
      console.log(`  ${done} / ${total}`);
    }
  },
});
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
// Ends with the line `N requests, M failures (seed S, store)`.
console.log(report.text);
process.exit(report.failures === 0 && report.unexercised.length === 0 ? 0 : 1);
