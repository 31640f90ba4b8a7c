// `checkout-kit/react` is built on @lit/react's createComponent (1.4 kB, no
// imports). It is copied into the package at build time rather than depended
// on: @lit/react declares @types/react as a required peer, which would install
// React's types (1.8 MB) into every app, Vue apps included. Its licence goes with it.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'node_modules/@lit/react');
const reactDir = join(root, 'dist/react');
const vendorDir = join(reactDir, 'lit-react');

mkdirSync(vendorDir, { recursive: true });
for (const file of ['create-component.js', 'create-component.d.ts', 'LICENSE']) {
  copyFileSync(join(source, file), join(vendorDir, file));
}
// The copied module without its source-map comment: the map is not copied.
const module = join(vendorDir, 'create-component.js');
writeFileSync(module, readFileSync(module, 'utf8').replace(/\n?\/\/# sourceMappingURL=.*$/m, ''));
const types = join(vendorDir, 'create-component.d.ts');
writeFileSync(types, readFileSync(types, 'utf8').replace(/\n?\/\/# sourceMappingURL=.*$/m, ''));

let rewritten = 0;
for (const entry of readdirSync(reactDir, { withFileTypes: true, recursive: true })) {
  if (!entry.isFile() || !/\.(js|d\.ts)$/.test(entry.name)) continue;
  const file = join(entry.parentPath, entry.name);
  if (file.startsWith(vendorDir)) continue;
  const code = readFileSync(file, 'utf8');
  let target = relative(dirname(file), join(vendorDir, 'create-component.js'));
  if (!target.startsWith('.')) target = `./${target}`;
  const next = code.replaceAll(/(['"])@lit\/react\1/g, `'${target}'`);
  if (next !== code) {
    writeFileSync(file, next);
    rewritten++;
  }
}
if (rewritten === 0)
  throw new Error('no module in dist/react imports @lit/react: is the build as expected?');
