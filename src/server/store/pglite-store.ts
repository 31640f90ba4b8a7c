import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openPgliteThread } from './pglite-thread.js';
import { type SqlDatabase, SqlStore } from './sql-store.js';

/**
 * The default durable store: an embedded PostgreSQL (PGlite) database in
 * `dataDir`, created on first use, running on a thread of its own
 * (pglite-thread.ts). Pass no directory for a throwaway in-memory database.
 *
 * One process owns a data directory: a second one is refused (a lock file
 * names the owner), which is also what lets the store answer reads of the
 * sessions it wrote from memory. Run more than one process on PostgreSQL.
 */
export async function openPgliteStore(dataDir?: string): Promise<SqlStore> {
  if (!dataDir) return openOn(await openPgliteThread());
  await mkdir(dataDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  try {
    const database = await openPgliteThread({ dataDir: join(dataDir, 'pglite') });
    return await openOn({
      ...database,
      close: async () => {
        await database.close();
        await unlock();
      },
    });
  } catch (error) {
    await unlock();
    throw error;
  }
}

/** The store on an open database, which is closed again if the store cannot open. */
async function openOn(database: SqlDatabase): Promise<SqlStore> {
  try {
    return await SqlStore.open(database, { exclusive: true });
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

/** Takes `dataDir` for this process, or says which live process has it. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, 'checkout-kit.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(String(process.pid));
      await file.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (owner && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `The data directory ${dataDir} is in use by process ${owner}. The embedded store serves one process; to run several, set CHECKOUT_DATABASE_URL to a PostgreSQL database.`,
        );
      }
      // Left by a process that died (or by this one): take it over.
      await rm(path, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
