// `npm run size`: the script-tag files as a browser downloads them, minified
// and compressed (gzip -9, brotli 11), against their budgets. Exits 1 when a
// file is over budget. Sizes are in kB (1000 bytes), as the README states them.
//
//   npm run size              builds dist/browser first, then reports
//   npm run size -- --json    the same figures as JSON (for the benchmark)
//   npm run size -- --built   reports on the build already there (npm test, after npm run build)
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = 'dist/browser';

/**
 * gzip budgets in kB. The entry registers every element and carries English;
 * a lazy part loads beside it when a checkout needs it (an address form, the
 * crypto view, Floating UI…), the biggest being the address form with its
 * country list and rules.
 */
const budgets = [
  { match: /^checkout-kit\.js$/, gzip: 30, what: 'ES module entry: every element + English' },
  { match: /^checkout-kit\.classic\.js$/, gzip: 30, what: 'classic script entry: the same' },
  { match: /^checkout-kit-locale-.+\.js$/, gzip: 5, what: 'one locale pack' },
  { match: /^checkout-kit-card-frame\.js$/, gzip: 8, what: "the card frame's own script" },
  { match: /^checkout-kit-.+\.js$/, gzip: 10, what: 'lazy part' },
];

const json = process.argv.includes('--json');
if (!process.argv.includes('--built')) {
  execFileSync('node', ['scripts/build-browser.mjs'], { stdio: json ? 'ignore' : 'inherit' });
}

const kB = (bytes) => (bytes / 1000).toFixed(1);
const rows = [];
for (const file of (await readdir(dir)).filter((name) => name.endsWith('.js')).sort()) {
  const code = await readFile(join(dir, file));
  const budget = budgets.find((entry) => entry.match.test(file));
  rows.push({
    file,
    what: budget?.what ?? 'unbudgeted',
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length,
    budget: budget ? budget.gzip * 1000 : null,
  });
}

if (json) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log('\nfile                                 minified     gzip   brotli   budget (gzip)');
  for (const row of rows) {
    const over = row.budget !== null && row.gzip > row.budget;
    console.log(
      `${row.file.padEnd(36)} ${kB(row.minified).padStart(6)} kB ${kB(row.gzip).padStart(5)} kB ${kB(row.brotli).padStart(5)} kB   ${row.budget === null ? '—' : `${kB(row.budget)} kB`}${over ? '  OVER BUDGET' : ''}  ${row.what}`,
    );
  }
}
const over = rows.filter((row) => row.budget === null || row.gzip > row.budget);
if (over.length > 0) {
  console.error(
    `\n${over.map((row) => `${row.file}: ${row.budget === null ? 'no budget' : `${kB(row.gzip)} kB gzip, budget ${kB(row.budget)} kB`}`).join('\n')}`,
  );
  process.exit(1);
}
