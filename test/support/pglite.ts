import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pgliteDatabase } from '../../src/server/store/pglite-database.js';
import { openPgliteThread, type PgliteThread } from '../../src/server/store/pglite-thread.js';
import { SqlStore } from '../../src/server/store/sql-store.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A new, empty in-memory PGlite store for a test, on its own thread as
 * `openPgliteStore` runs it, started from a snapshot of
 * a migrated database. Starting PGlite runs initdb inside WebAssembly, about
 * 3 s of CPU each time; loading the snapshot takes about 1 s, and the suite
 * opens some forty stores. The first store of a run is made the long way
 * (the store's own migrations on a fresh database), then dumped.
 *
 * The snapshot is keyed by the store's source and PGlite's version, so a
 * change to either makes a new one. `npm test` keeps it in a folder of its
 * own for the run (CHECKOUT_TEST_CACHE_DIR), shared by the test files; a
 * test file run alone keeps it in memory.
 */
export async function openTestPgliteStore(): Promise<SqlStore> {
  return SqlStore.open(await migratedPgliteThread(), { exclusive: true });
}

/** The snapshot on the database's own thread, as the embedded store runs it. */
export async function migratedPgliteThread(): Promise<PgliteThread> {
  return openPgliteThread({ loadDataDir: await snapshot() });
}

/** A new in-memory PGlite database with the store's tables, for tests that also query it. */
export async function migratedPglite(): Promise<PGlite> {
  const db = new PGlite({ loadDataDir: await snapshot() });
  await db.waitReady;
  return db;
}

/**
 * A new data directory for a server's `CHECKOUT_DATA_DIR`, holding the
 * snapshot's migrated database: the server opens it (about 1.8 s of CPU)
 * instead of creating one (initdb, about 6.7 s). For tests that start a
 * server to drive a browser, read its output or stop it; the restart test
 * starts its own on an empty directory, as a first run does.
 */
export async function seededDataDir(prefix = 'checkout-kit-e2e-') {
  const path = await mkdtemp(join(tmpdir(), prefix));
  const archive = join(path, 'snapshot.tar.gz');
  await writeFile(archive, Buffer.from(await (await snapshot()).arrayBuffer()));
  // Where openPgliteStore(path) keeps its database.
  await mkdir(join(path, 'pglite'));
  await promisify(execFile)('tar', ['-xzf', archive, '-C', join(path, 'pglite')]);
  await rm(archive);
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

let made: Promise<Blob> | undefined;

function snapshot(): Promise<Blob> {
  made ??= (async () => {
    const path = await snapshotPath();
    if (path) {
      const saved = await readFile(path).catch(() => null);
      if (saved) return new Blob([saved], { type: 'application/x-gzip' });
    }
    const db = new PGlite();
    await db.waitReady;
    await SqlStore.open(pgliteDatabase(db), { exclusive: true });
    const dump = await db.dumpDataDir('gzip');
    await db.close();
    if (path) {
      // Written aside and renamed: a test file running beside this one reads
      // a whole snapshot or none.
      const aside = `${path}.${process.pid}`;
      await writeFile(aside, Buffer.from(await dump.arrayBuffer()));
      await rename(aside, path);
    }
    return dump;
  })();
  return made;
}

async function snapshotPath(): Promise<string | null> {
  const folder = process.env.CHECKOUT_TEST_CACHE_DIR;
  if (!folder) return null;
  const key = createHash('sha256');
  for (const file of [
    'src/server/store/sql-store.ts',
    'src/server/store/pglite-database.ts',
    'node_modules/@electric-sql/pglite/package.json',
  ]) {
    key.update(await readFile(join(repoRoot, file)));
  }
  return join(folder, `pglite-${key.digest('hex').slice(0, 16)}.tar.gz`);
}
