import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * Every part a template renders and every `--checkout-*` variable a
 * stylesheet reads is documented in the element's class doc comment (or, for
 * custom-mode elements, in the `CheckoutElement` base's), because the Custom
 * Elements Manifest, Storybook's docs and the README are built from those
 * comments. A documented part no template renders is stale and fails too.
 */

const elements = join(dirname(fileURLToPath(import.meta.url)), '../../src/elements');
const basePath = join(elements, 'shared/checkout-element.ts');

interface ElementSource {
  /** The class's file, its doc comment, and what it extends. */
  code: string;
  /** Code whose templates render this element's shadow tree (shared templates it calls). */
  templates: string[];
  /** Stylesheets the element adopts, its own file included. */
  styles: string[];
}

interface Audit {
  name: string;
  undocumentedParts: string[];
  undocumentedProperties: string[];
  staleParts: string[];
}

const stripComments = (code: string) =>
  code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

function classDoc(code: string): { name: string; base: string; doc: string } | null {
  const match =
    /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export (?:abstract )?class (\w+) extends (\w+)/.exec(code);
  return match ? { doc: match[1]!, name: match[2]!, base: match[3]! } : null;
}

const tagged = (doc: string, tag: 'csspart' | 'cssprop') =>
  new Set([...doc.matchAll(new RegExp(`@${tag}\\s+\\[?([\\w-]+)`, 'g'))].map((match) => match[1]!));

/**
 * Parts a template renders: `part="a b"`, `{ part: 'a' }` in DOM-built nodes,
 * and the outer names of `exportparts="x:y, z"`.
 */
export function partsIn(code: string): Set<string> {
  const names = new Set<string>();
  for (const [, quoted, literal] of stripComments(code).matchAll(
    /\bpart(?:="([^"]*)"|: '([^']*)')/g,
  ))
    for (const name of (quoted ?? literal)!.split(/\s+/).filter(Boolean)) names.add(name);
  for (const [, value] of stripComments(code).matchAll(/\bexportparts="([^"]*)"/g))
    for (const entry of value!.split(',').filter((text) => text.trim()))
      names.add(entry.split(':').at(-1)!.trim());
  return names;
}

export const propertiesIn = (code: string) =>
  new Set([...stripComments(code).matchAll(/--checkout-[a-z0-9-]+/g)].map((match) => match[0]));

export function audit(element: ElementSource, baseDoc = ''): Audit {
  const info = classDoc(element.code);
  assert.ok(info, 'no doc comment on an exported class');
  const inherited = info.base === 'CheckoutElement' ? baseDoc : '';
  const parts = tagged(info.doc + inherited, 'csspart');
  const properties = tagged(info.doc + inherited, 'cssprop');
  const used = new Set([element.code, ...element.templates].flatMap((code) => [...partsIn(code)]));
  const read = new Set(element.styles.flatMap((code) => [...propertiesIn(code)]));
  return {
    name: info.name,
    undocumentedParts: [...used].filter((name) => !parts.has(name)),
    undocumentedProperties: [...read].filter((name) => !properties.has(name)),
    staleParts: [...tagged(info.doc, 'csspart')].filter((name) => !used.has(name)),
  };
}

/** The text of the named `export const name = css`…`` blocks of a stylesheet module. */
function cssExports(code: string, names: string[]): string {
  return names
    .map((name) => new RegExp(`export const ${name} = css\`([^\`]*)\``).exec(code)?.[1] ?? code)
    .join('\n');
}

/**
 * An element file with the shared template it calls and the stylesheets it
 * imports, followed transitively. Importing only `tokens` from the base
 * stylesheet brings the tokens, not the input and button rules.
 */
function load(path: string): ElementSource {
  const code = readFileSync(path, 'utf8');
  // Lazily loaded parts of the element (the challenge dialog, the address form…)
  // render into it and bring their own stylesheets.
  const lazyPaths = [...code.matchAll(/import\('(\.\/[^']+)\.js'\)/g)].map(([, spec]) =>
    join(dirname(path), `${spec}.ts`),
  );
  const lazyParts = lazyPaths.map((part) => readFileSync(part, 'utf8'));
  const styles = new Map<string, string>([
    [path, code],
    ...lazyPaths.map((part, index) => [part, lazyParts[index]!] as const),
  ]);
  const queue = [path, ...lazyPaths];
  while (queue.length) {
    const from = queue.shift()!;
    const imports = readFileSync(from, 'utf8').matchAll(
      /(?:import|export) \{([^}]*)\} from '(\.[^']+\.styles\.js)'/g,
    );
    for (const [, names, spec] of imports) {
      const target = join(dirname(from), spec!.replace(/\.js$/, '.ts'));
      if (styles.has(target)) continue;
      const text = readFileSync(target, 'utf8');
      const named = names!.split(',').map((name) => name.trim());
      const tokensOnly = named.join() === 'tokens';
      styles.set(target, tokensOnly ? cssExports(text, named) : text);
      // The tokens import nothing; the rest of the sheet may (the shared field rules).
      if (!tokensOnly) queue.push(target);
    }
  }
  // The shared field template renders its hint part only for a field given a hint.
  const field = readFileSync(join(elements, 'shared/field.ts'), 'utf8');
  const callers = [code, ...lazyParts].filter((text) =>
    /from '\.\.\/shared\/field\.js'/.test(text),
  );
  const templates = callers.length
    ? [callers.some((text) => /\bhint:/.test(text)) ? field : field.replace('part="hint"', '')]
    : [];
  templates.push(...lazyParts);
  return { code, templates, styles: [...styles.values()] };
}

function elementFiles(): string[] {
  return readdirSync(elements, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.styles.ts'))
    .map((file) => join(elements, file))
    .filter((file) =>
      /export class \w+ extends (LitElement|CheckoutElement)\b/.test(readFileSync(file, 'utf8')),
    );
}

describe('appearance docs', () => {
  const baseDoc = classDoc(readFileSync(basePath, 'utf8'))!.doc;

  test('covers every element, internal ones included', () => {
    const names = elementFiles().map((file) => relative(elements, file));
    assert.ok(names.length >= 16, names.join(', '));
    for (const expected of [
      'checkout-embedded/checkout-embedded.ts',
      'checkout-provider/checkout-provider.ts',
      'internal/country-combobox.ts',
      'internal/tooltip.ts',
    ])
      assert.ok(names.includes(expected), `${expected} not found`);
  });

  for (const file of elementFiles()) {
    test(`${relative(elements, file)}: every part and --checkout-* variable is documented`, () => {
      const result = audit(load(file), baseDoc);
      assert.deepEqual(
        {
          undocumentedParts: result.undocumentedParts,
          undocumentedProperties: result.undocumentedProperties,
          staleParts: result.staleParts,
        },
        { undocumentedParts: [], undocumentedProperties: [], staleParts: [] },
        `${result.name}: add @csspart / @cssprop lines to its class doc comment`,
      );
    });
  }

  test('the base documents only variables its stylesheets read', () => {
    // The field rules are shared with the card frame, in a module without Lit.
    const sheets = ['shared/base.styles.ts', 'shared/field-rules.styles.ts'];
    const read = propertiesIn(
      sheets.map((sheet) => readFileSync(join(elements, sheet), 'utf8')).join('\n'),
    );
    assert.deepEqual(
      [...tagged(baseDoc, 'cssprop')].filter((name) => !read.has(name)),
      [],
    );
  });

  test('the audit catches an undocumented part, variable and a stale part', () => {
    const code = `
      /**
       * A fixture.
       * @csspart shown - Rendered.
       * @csspart gone - No longer rendered.
       * @cssprop --checkout-known - Read.
       */
      export class Fixture extends LitElement {
        static styles = css\`p { color: var(--checkout-known, var(--checkout-unknown)); }\`;
        render() { return html\`<p part="shown extra"></p><x-y exportparts="inner:outer"></x-y>\`; }
      }`;
    const result = audit({ code, templates: [], styles: [code] });
    assert.deepEqual(result.undocumentedParts, ['extra', 'outer']);
    assert.deepEqual(result.undocumentedProperties, ['--checkout-unknown']);
    assert.deepEqual(result.staleParts, ['gone']);
  });
});
