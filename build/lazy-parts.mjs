// Rewrites the script-tag builds so lazy parts can use the kit's own code
// (Lit, the base element, the translator) while the entry stays one
// self-contained file that imports nothing.
//
// The bundler leaves such a part importing what it needs from the entry:
//
//   checkout-kit-address-form.<hash>.js   import{a as e,b as t}from"./checkout-kit.js";…
//
// Importing the entry by URL would run a second copy of the kit whenever the
// page loaded the script by another URL (a query string, a redirect), and a
// classic script cannot be imported at all. So the entry publishes its
// exports once, in a global keyed by this build, and each part reads them:
//
//   entry   …;globalThis[Symbol.for("checkout-kit:module:3f9a…")]??={a:…,b:…};export{…}
//   part    const{a:e,b:t}=globalThis[Symbol.for("checkout-kit:module:3f9a…")];…
//
// `??=` keeps the first copy's code when two copies of one build run: the
// copy whose elements were registered. The classic form also wraps the entry
// in a function, sets `self.CheckoutKit` to its public exports, and turns
// `import.meta.url`, which a classic script lacks, into the script's URL.
import { createHash } from 'node:crypto';
import MagicString from 'magic-string';

/**
 * @param {{ form: 'module' | 'classic', leaves?: Map<string, string> }} options
 *   `leaves`: for the classic form, the module build's lazy chunks that import
 *   nothing, by source module; the classic script loads those same files.
 * @returns {import('vite').Plugin}
 */
export function lazyParts({ form, leaves = new Map() }) {
  let key = '';
  return {
    name: 'checkout-kit:lazy-parts',
    // Only the script-tag library builds; Storybook reuses vite.config.ts without `lib`.
    apply: (config, { command }) => command === 'build' && Boolean(config.build?.lib),
    async resolveDynamicImport(specifier, importer) {
      if (form !== 'classic' || typeof specifier !== 'string') return null;
      const resolved = await this.resolve(specifier, importer);
      const leaf = resolved && leaves.get(resolved.id);
      return leaf ? { id: `./${leaf}`, external: true } : null;
    },
    transform(code, id) {
      if (form !== 'classic' || id.includes('node_modules')) return null;
      if (!code.includes('import.meta.url')) return null;
      return { code: code.replaceAll('import.meta.url', '__checkoutKitScript'), map: null };
    },
    renderStart() {
      // Same sources, same key: the key names this build, not this run.
      const hash = createHash('sha256');
      for (const id of [...this.getModuleIds()].sort()) {
        hash.update(id.replace(process.cwd(), '')).update(this.getModuleInfo(id)?.code ?? '');
      }
      key = `Symbol.for("checkout-kit:${form}:${hash.digest('hex').slice(0, 12)}")`;
    },
    renderChunk(code, chunk, _options, { chunks }) {
      const entry = Object.values(chunks).find((other) => other.isEntry);
      const text = new MagicString(code);
      if (chunk.isEntry) {
        if (chunk.imports.length > 0) {
          throw new Error(
            `${chunk.fileName} imports ${chunk.imports.join(', ')}: the entry must import nothing.`,
          );
        }
        const exported = exportClause(code, chunk.fileName);
        const publicNames = moduleExports(this, chunk.facadeModuleId);
        const pairs = (list) => list.map(([local, name]) => `${name}:${local}`).join(',');
        const open = exported.bindings.filter(([, name]) => publicNames.has(name));
        const shared = `globalThis[${key}]??={${pairs(exported.bindings)}};`;
        if (form === 'classic') {
          text.overwrite(
            exported.start,
            exported.end,
            `${shared}self.CheckoutKit??={${pairs(open)}};`,
          );
          text.prepend(
            '(()=>{var __checkoutKitScript=document.currentScript&&document.currentScript.src||location.href;\n',
          );
          text.append('})();');
        } else {
          const clause = open.map(([local, name]) =>
            local === name ? name : `${local} as ${name}`,
          );
          text.overwrite(exported.start, exported.end, `${shared}export{${clause.join(',')}};`);
        }
      } else {
        for (const statement of importsOf(code, entry.fileName)) {
          const names = statement.bindings.map(([name, local]) => `${name}:${local}`);
          text.overwrite(
            statement.start,
            statement.end,
            `const{${names.join(',')}}=globalThis[${key}];`,
          );
        }
        // A part is a real module: its URL lies beside the script's.
        if (form === 'classic' && code.includes('__checkoutKitScript')) {
          text.prepend('var __checkoutKitScript=import.meta.url;');
        }
        if (text.toString().includes(`"./${entry.fileName}"`)) {
          throw new Error(
            `${chunk.fileName} imports ${entry.fileName} in a way this build cannot rewrite.`,
          );
        }
      }
      return { code: text.toString(), map: text.generateMap({ hires: true }) };
    },
  };
}

/**
 * The names a module exports, following `export *` into the modules it
 * imports (define.ts re-exports index.ts; its other imports export nothing).
 */
function moduleExports(context, id, seen = new Set()) {
  const names = new Set();
  if (seen.has(id)) return names;
  seen.add(id);
  const info = context.getModuleInfo(id);
  for (const name of info?.exports ?? []) {
    if (name !== '*') names.add(name);
    else {
      for (const imported of info.importedIds) {
        for (const each of moduleExports(context, imported, seen)) names.add(each);
      }
    }
  }
  return names;
}

/** `a as b` / `a` → [first, second]. */
function binding(part) {
  const [first, second = first] = part.trim().split(/\s+as\s+/);
  return [first, second];
}

function bindings(list) {
  return list
    .split(',')
    .filter((part) => part.trim())
    .map(binding);
}

/** The entry's closing `export{a as b,c};`, as [local, exported] pairs. */
function exportClause(code, fileName) {
  const match = /export\s*\{([^}]*)\};?\s*(?=(\/\/#[^\n]*\s*)?$)/.exec(code);
  if (!match) throw new Error(`${fileName}: no closing export clause to rewrite.`);
  return { start: match.index, end: match.index + match[0].length, bindings: bindings(match[1]) };
}

/** A part's `import{a as e,b}from"./<entry>";` statements, as [exported, local] pairs. */
function importsOf(code, entryFile) {
  const escaped = entryFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["']\\./${escaped}["'];?`, 'g');
  return [...code.matchAll(pattern)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    bindings: bindings(match[1]),
  }));
}
