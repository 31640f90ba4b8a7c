import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { publicTags } from '../support/public-tags.js';

/**
 * The README is the front door and `docs/` the reference. These checks keep
 * them that way: the README stays short and links every reference page, no
 * relative link or `#anchor` points at nothing, and the reference names every
 * environment variable, element, event and route the code has.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The README's budget in bytes: a newcomer reads it top to bottom. */
const readmeBudget = 20_000;

/** Pages the README must link, as paths from the repository root. */
const referencePages = [
  'docs/elements.md',
  'docs/appearance.md',
  'docs/languages.md',
  'docs/merchant-api.md',
  'docs/client-api.md',
  'docs/deployment.md',
  'docs/security.md',
  'docs/card-frame.md',
  'docs/accessibility.md',
  'docs/architecture.md',
  'docs/testing.md',
  'docs/dependencies.md',
  'LICENSE',
];

/** Pages written as reference pages: a summary first, and contents when long. */
const summarisedPages = referencePages.filter(
  (page) =>
    page.startsWith('docs/') && !['docs/accessibility.md', 'docs/card-frame.md'].includes(page),
);

const markdownFiles = [
  'README.md',
  'packages/checkout-kit-server/README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The lines outside fenced code blocks. */
function outsideFences(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null;
      continue;
    }
    if (fence === null) lines.push(line);
  }
  return lines;
}

/** The lines outside fenced code blocks, each with its inline code spans blanked. */
export function prose(markdown: string): string[] {
  return outsideFences(markdown).map((line) => line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '``'));
}

/** The text of every ATX heading outside code blocks, inline code kept. */
export function headings(markdown: string): string[] {
  return outsideFences(markdown).flatMap(
    (line) => /^#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1] ?? [],
  );
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a page has; repeated headings get `-1`, `-2` … as on GitHub. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const heading of headings(markdown)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** The targets of the inline links and images outside code. */
export function links(markdown: string): string[] {
  return prose(markdown).flatMap((line) =>
    [...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!),
  );
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** What is wrong with one relative link of `file`, or null. */
function brokenLink(file: string, target: string): string | null {
  const [path = '', anchor] = target.split('#', 2) as [string, string | undefined];
  const targetFile =
    path === '' ? file : relative(root, resolve(root, dirname(file), decodeURI(path)));
  if (!existsSync(join(root, targetFile))) return `${target}: no such file (${targetFile})`;
  if (anchor === undefined) return null;
  if (!targetFile.endsWith('.md')) return `${target}: an anchor into a file that is not Markdown`;
  return anchors(read(targetFile)).has(decodeURIComponent(anchor))
    ? null
    : `${target}: no heading in ${targetFile} has the anchor #${anchor}`;
}

/** Whether `text` names `word` whole (not as part of a longer name). */
const namesWhole = (text: string, word: string) =>
  new RegExp(`(?<![\\w-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(text);

/** `/v1/checkout/{session_id}` and `/v1/checkout/{id}` are the same route. */
const normalisePath = (path: string) => path.replace(/\{[^}]*\}/g, '{id}');

/** Whether `text` names `path` whole: `/v1/checkout` is not named by `/v1/checkout_sessions`. */
const namesPath = (text: string, path: string) =>
  new RegExp(
    `(?<![\\w./-])${normalisePath(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w/{-])`,
  ).test(normalisePath(text));

const openApiPaths = JSON.parse(read('openapi.json')).paths as Record<
  string,
  Record<string, unknown>
>;

describe('docs', () => {
  const readme = read('README.md');

  test(`README.md is at most ${readmeBudget} bytes`, () => {
    const size = statSync(join(root, 'README.md')).size;
    assert.ok(size <= readmeBudget, `README.md is ${size} bytes: move detail into docs/`);
  });

  test('README.md links every reference page, and each exists', () => {
    const linked = new Set(
      links(readme)
        .filter((target) => !isExternal(target))
        .map((target) => relative(root, resolve(root, target.split('#')[0]!))),
    );
    for (const page of referencePages) {
      assert.ok(existsSync(join(root, page)), `${page} does not exist`);
      assert.ok(linked.has(page), `README.md does not link ${page}`);
    }
  });

  for (const file of markdownFiles) {
    test(`${file}: every relative link and #anchor points at something`, () => {
      const broken = links(read(file))
        .filter((target) => !isExternal(target))
        .map((target) => brokenLink(file, target))
        .filter((problem) => problem !== null);
      assert.deepEqual(broken, []);
    });
  }

  for (const page of summarisedPages) {
    test(`${page} opens with a summary, and a contents list when long`, () => {
      const lines = read(page).split('\n');
      assert.match(lines[0]!, /^# \S/, 'the first line is the title');
      const first = lines.slice(1).find((line) => line.trim() !== '') ?? '';
      assert.doesNotMatch(
        first,
        /^(#|\||[-*] |\d+\. |>|```|~~~|\s)/,
        'a paragraph follows the title',
      );
      if (lines.length > 60) {
        const contents = lines
          .slice(0, 40)
          .filter((line) => /^\s*- \[[^\]]+\]\(#[^)]+\)/.test(line));
        assert.ok(contents.length >= 2, `${lines.length} lines and no contents list near the top`);
      }
    });
  }

  test('docs/deployment.md names every environment variable the server reads', () => {
    const config = read('src/server/config.ts');
    const names = new Set([
      ...[...config.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]!),
      ...[...config.matchAll(/'(CHECKOUT_[A-Z0-9_]+)'/g)].map((match) => match[1]!),
    ]);
    for (const expected of ['PORT', 'HOST', 'CHECKOUT_SECRET_KEY', 'CHECKOUT_RATE_LIMIT_CLIENT'])
      assert.ok(names.has(expected), `the scan of config.ts missed ${expected}`);
    const deployment = read('docs/deployment.md');
    assert.deepEqual(
      [...names].filter((name) => !namesWhole(deployment, name)),
      [],
    );
  });

  test('docs/elements.md names every public element, and the list covers every registered tag', () => {
    const elements = read('docs/elements.md');
    assert.deepEqual(
      publicTags.filter((tag) => !new RegExp(`<${tag}[\\s>]`).test(elements)),
      [],
    );
    const elementsDir = join(root, 'src/elements');
    const registered = readdirSync(elementsDir)
      .filter((folder) => existsSync(join(elementsDir, folder, 'define.ts')))
      .flatMap((folder) => [
        ...read(`src/elements/${folder}/define.ts`).matchAll(/defineElement\('([a-z-]+)'/g),
      ])
      .map((match) => match[1]!);
    assert.ok(registered.length >= publicTags.length, registered.join(', '));
    assert.deepEqual(
      registered.filter((tag) => !(publicTags as readonly string[]).includes(tag)),
      [],
      'a registered element missing from test/support/public-tags.ts',
    );
  });

  test('docs/elements.md names every checkout event and its type', () => {
    const source = read('src/events/checkout-events.ts');
    const details = /interface CheckoutEventDetails \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
    const events = [...details.matchAll(/^\s*'(checkout-[a-z-]+)':/gm)].map((match) => match[1]!);
    assert.ok(events.length >= 6, events.join(', '));
    const elements = read('docs/elements.md');
    const typeName = (event: string) =>
      `${event.replace(/(?:^|-)(\w)/g, (_, letter: string) => letter.toUpperCase())}Event`;
    assert.deepEqual(
      events.filter((event) => !namesWhole(elements, event)),
      [],
    );
    assert.deepEqual(
      events.map(typeName).filter((name) => !namesWhole(elements, name)),
      [],
    );
  });

  test('docs/merchant-api.md names every merchant route and docs/client-api.md every client route', () => {
    const paths = Object.keys(openApiPaths);
    const client = paths.filter((path) => path.startsWith('/v1/client/'));
    const merchant = paths.filter(
      (path) => !path.startsWith('/v1/client/') && /^\/(v1|api)\//.test(path),
    );
    assert.ok(client.length >= 5 && merchant.length >= 15, paths.join(', '));
    const clientApi = read('docs/client-api.md');
    const merchantApi = read('docs/merchant-api.md');
    assert.deepEqual(
      client.filter((path) => !namesPath(clientApi, path)),
      [],
    );
    assert.deepEqual(
      merchant.filter((path) => !namesPath(merchantApi, path)),
      [],
    );
  });

  test('every "METHOD /path" the API pages name is a route of the OpenAPI document', () => {
    const routes = new Set(
      Object.entries(openApiPaths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${normalisePath(path)}`),
      ),
    );
    for (const page of ['docs/merchant-api.md', 'docs/client-api.md']) {
      const named = [...read(page).matchAll(/\b(GET|POST|PUT|PATCH|DELETE) (\/[\w/{}.-]+)/g)].map(
        ([, method, path]) => `${method} ${normalisePath(path!)}`,
      );
      assert.ok(named.length > 0, `${page} names no route`);
      assert.deepEqual(
        named.filter((route) => !routes.has(route)),
        [],
        `${page} names routes the endpoint does not have`,
      );
    }
  });

  test('the checks themselves: slugs, links in code, and whole names', () => {
    assert.equal(
      slug('Test cards (test mode, `livemode: false`)'),
      'test-cards-test-mode-livemode-false',
    );
    assert.equal(
      slug('The complete form: `<checkout-embedded>`'),
      'the-complete-form-checkout-embedded',
    );
    assert.equal(slug('000, `POST /v1/checkout`'), '000-post-v1checkout');
    assert.equal(slug('Next.js'), 'nextjs');
    assert.deepEqual([...anchors('# A\n## A\n```\n# B\n```\n## `c_d`')], ['a', 'a-1', 'c_d']);
    assert.deepEqual(links('[a](x.md) `[b](y.md)`\n```\n[c](z.md)\n```\n![i](p.png "t")'), [
      'x.md',
      'p.png',
    ]);
    assert.equal(namesPath('`POST /v1/checkout_sessions`', '/v1/checkout'), false);
    assert.equal(namesPath('`GET /v1/checkout/{session}`', '/v1/checkout/{id}'), true);
    assert.equal(namesWhole('CHECKOUT_DATA_DIRS', 'CHECKOUT_DATA_DIR'), false);
  });
});
