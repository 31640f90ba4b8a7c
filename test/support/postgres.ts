import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * Real PostgreSQL for the tests: a throwaway cluster (`initdb` into a temp
 * directory, `pg_ctl start` on a free loopback port) and one fresh database
 * per caller.
 *
 * `npm test` starts one cluster for the whole run and passes its URL in
 * `CHECKOUT_TEST_POSTGRES_URL`; a test file run on its own starts its own and
 * stops it when the process exits. Without PostgreSQL installed the tests that
 * need it are skipped with the reason, unless `CHECKOUT_REQUIRE_POSTGRES=1`
 * (set by CI), which makes its absence a failure.
 */

const run = promisify(execFile);

/** The directory of Debian's PostgreSQL binaries (`initdb`, `pg_ctl`), newest version first. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** Why PostgreSQL tests cannot run here, or null when they can. */
export function postgresUnavailable(): string | null {
  if (process.env.CHECKOUT_TEST_POSTGRES_URL) return null;
  if (postgresBinDir() === null) {
    const reason =
      'PostgreSQL is not installed (apt-get install -y postgresql); these tests need a real server';
    if (process.env.CHECKOUT_REQUIRE_POSTGRES === '1') {
      throw new Error(`${reason}, and CHECKOUT_REQUIRE_POSTGRES=1 says they must run.`);
    }
    return reason;
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PostgresCluster {
  /** Connects as the superuser to the `postgres` database. */
  url: string;
  stop(): Promise<void>;
  /** The same, synchronously: for a process's `exit` event, where nothing asynchronous runs. */
  stopNow(): void;
}

/**
 * `initdb` refuses to run as root: as root the cluster belongs to the
 * `postgres` user, as anyone else to that user.
 */
async function asClusterOwner(bin: string, args: string[]): Promise<void> {
  if (process.getuid?.() === 0) {
    await run('runuser', ['-u', 'postgres', '--', bin, ...args]);
  } else {
    await run(bin, args);
  }
}

/** Starts a throwaway cluster; durability is traded for speed (fsync off), as tests may. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql).');
  const dir = await mkdtemp(join(tmpdir(), 'checkout-kit-pg-'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(group.trim()));
  }
  await chmod(dir, 0o700);
  const data = join(dir, 'data');
  await asClusterOwner(join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
  ].join(' ');
  await asClusterOwner(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-o',
    settings,
    '-l',
    join(dir, 'log'),
    '-w',
    'start',
  ]);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await asClusterOwner(join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-m',
        'immediate',
        '-w',
        'stop',
      ]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
    stopNow() {
      if (stopped) return;
      stopped = true;
      const stop = [join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'];
      try {
        if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', ...stop]);
        else execFileSync(stop[0]!, stop.slice(1));
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let ownCluster: Promise<PostgresCluster> | null = null;

/** The run's cluster, or one of this process's own, stopped when the process exits. */
async function clusterUrl(): Promise<string> {
  const shared = process.env.CHECKOUT_TEST_POSTGRES_URL;
  if (shared) return shared;
  ownCluster ??= startPostgresCluster().then((cluster) => {
    // `exit`, not `beforeExit`: it also runs when something calls process.exit.
    process.once('exit', () => cluster.stopNow());
    return cluster;
  });
  return (await ownCluster).url;
}

/** Stops this process's own cluster, if it started one. */
export async function stopOwnCluster(): Promise<void> {
  if (ownCluster) await (await ownCluster).stop();
}

/** A new, empty database in the cluster; its URL. */
export async function freshDatabase(prefix = 'checkout_test'): Promise<string> {
  const url = await clusterUrl();
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const database = new URL(url);
  database.pathname = `/${name}`;
  return database.href;
}
