// `npm start`: the demo shop. Builds only what the demo serves (the
// script-tag files, the React and Vue demo apps), and only when their inputs
// changed since the last build, then runs the demo server.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every file under these paths, by content (a checkout or an edit changes it,
 * a touch does not); build outputs and installed packages are not inputs.
 */
function fingerprint(paths) {
  const hash = createHash('sha256');
  const add = (file) => hash.update(relative(root, file)).update(readFileSync(file));
  for (const path of paths.map((path) => join(root, path))) {
    if (!existsSync(path)) continue;
    if (statSync(path).isFile()) {
      add(path);
      continue;
    }
    readdirSync(path, { withFileTypes: true, recursive: true })
      .filter(
        (entry) => entry.isFile() && !/(^|\/)(dist|node_modules)(\/|$)/.test(entry.parentPath),
      )
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
      .forEach(add);
  }
  return hash.digest('hex');
}

/** The demo's builds: what each reads, where it writes, and how it is made. */
const builds = [
  {
    name: 'the script-tag files (dist/browser)',
    inputs: ['src', 'build', 'vite.config.ts', 'scripts/build-browser.mjs', 'package-lock.json'],
    stamp: 'dist/browser/.inputs',
    command: ['npm', ['run', 'build:browser', '--silent']],
  },
  {
    name: 'the React and Vue demo apps (demo/*/dist)',
    inputs: ['src', 'demo/react', 'demo/vue', 'scripts/build-demos.ts', 'package-lock.json'],
    stamp: 'demo/vue/dist/.inputs',
    command: [process.execPath, ['--import', 'tsx', 'scripts/build-demos.ts']],
  },
];

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
  });
}

for (const build of builds) {
  const inputs = fingerprint(build.inputs);
  const stamp = join(root, build.stamp);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === inputs) continue;
  const started = performance.now();
  console.log(`Building ${build.name}: once, and again only when its sources change…`);
  await run(...build.command);
  writeFileSync(stamp, inputs);
  console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

// The server in a process of its own, given the signals a terminal or a supervisor sends.
const server = spawn(process.execPath, ['--import', 'tsx', 'demo/server.ts'], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
