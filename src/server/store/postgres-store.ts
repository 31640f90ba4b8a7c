import pg from 'pg';
import { type SqlDatabase, SqlStore } from './sql-store.js';
import { inTransaction } from './transaction.js';

export interface PostgresStoreOptions {
  /** Most connections this process opens. Default 10. */
  poolSize?: number;
  /** How long a request waits for a free connection before it fails. Default 10 000 ms. */
  connectionTimeoutMs?: number;
}

/**
 * Prepared-statement names by SQL text. node-postgres prepares a named
 * statement once per connection and then only binds and executes it, which
 * saves the server a parse and plan on every call.
 */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `checkout_kit_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** Adapts a node-postgres client (a pool, or one connection in a transaction). */
function executor(client: pg.Pool | pg.PoolClient): SqlDatabase['query'] {
  return async <Row>(sql: string, params: unknown[] = []) => {
    const result = await client.query({ name: statementName(sql), text: sql, values: params });
    return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
  };
}

export function postgresDatabase(pool: pg.Pool): SqlDatabase {
  return {
    query: executor(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        return await inTransaction((sql) => client.query(sql), { query: executor(client) }, work);
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max ?? 10,
    }),
  };
}

/**
 * The store on a PostgreSQL server (`postgres://user:password@host:5432/db`),
 * for running any number of endpoint processes on one database. Same SQL and
 * migrations as the embedded PGlite store; the migrations run under an
 * advisory lock, so processes may start together.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<SqlStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
  });
  // An idle connection the server dropped (a restart, a failover) is not
  // fatal: the pool discards it and opens another when one is needed.
  pool.on('error', () => {});
  try {
    return await SqlStore.open(postgresDatabase(pool));
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(
      `Could not open the PostgreSQL store at ${redactUrl(url)}: ${describe(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(an unreadable database URL)';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
