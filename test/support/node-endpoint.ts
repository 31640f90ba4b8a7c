import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './e2e.js';

export interface NodeEndpoint {
  name: string;
  child: ChildProcess;
  url: string;
  alive: boolean;
  /** Everything it printed so far, for failure messages. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/**
 * Every endpoint process this test file started: killed when the file's
 * process exits, so a failed test never leaves one running (and the run waiting on it).
 */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) child.kill('SIGKILL');
});

/** Starts `src/server/cli.ts` (what `npm run serve` runs) in its own process and waits for its URL. */
export function startNodeEndpoint(
  name: string,
  env: Record<string, string>,
): Promise<NodeEndpoint> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/server/cli.ts')], {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let output = '';
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      started.delete(child);
      done(code);
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ name, child, url, alive: true, output: () => output, exited });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening:\n${output}`));
    });
  });
}

/** Sends `signal` unless the process has ended, and waits for it to end. */
export function stopNodeEndpoint(endpoint: NodeEndpoint, signal: NodeJS.Signals): Promise<void> {
  endpoint.alive = false;
  if (endpoint.child.exitCode === null && endpoint.child.signalCode === null) {
    endpoint.child.kill(signal);
  }
  return endpoint.exited.then(() => {});
}
