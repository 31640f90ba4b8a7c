import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type SqlDatabase, SqlStore } from './sql-store.js';

/** Adapts PGlite to the store's `SqlDatabase`. */
export function pgliteDatabase(db: PGlite): SqlDatabase {
  return {
    query: (sql, params) => db.query(sql, params),
    transaction: (work) =>
      db.transaction((tx) => work({ query: (sql, params) => tx.query(sql, params) })),
    close: () => db.close(),
  };
}

/**
 * The default durable store: an embedded PostgreSQL (PGlite) database in
 * `dataDir`, created on first use. Pass no directory for a throwaway in-memory
 * database.
 */
export async function openPgliteStore(dataDir?: string): Promise<SqlStore> {
  let db: PGlite;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    db = new PGlite(join(dataDir, 'pglite'));
  } else {
    db = new PGlite();
  }
  await db.waitReady;
  return SqlStore.open(pgliteDatabase(db));
}
