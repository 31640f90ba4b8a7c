import type { SqlExecutor } from './sql-store.js';

/**
 * `work` between BEGIN and COMMIT, ROLLBACK when it throws: an adapter's
 * `transaction` once it holds the connection (`control` runs the three;
 * `tx` runs the work's statements on the same connection).
 */
export async function inTransaction<T>(
  control: (sql: string) => Promise<unknown>,
  tx: SqlExecutor,
  work: (tx: SqlExecutor) => Promise<T>,
): Promise<T> {
  await control('BEGIN');
  try {
    const result = await work(tx);
    await control('COMMIT');
    return result;
  } catch (error) {
    await control('ROLLBACK').catch(() => {});
    throw error;
  }
}
