import { PGlite, parse, protocol } from '@electric-sql/pglite';
import type { SqlDatabase } from './sql-store.js';
import { inTransaction } from './transaction.js';

/**
 * Adapts PGlite to the store's `SqlDatabase`, on the thread that runs it (the
 * embedded store's own thread, see pglite-thread.ts; tests). Each statement is prepared once
 * and then bound and executed in one call into the database: PGlite's own
 * `query` parses and plans every call and crosses into WebAssembly six times,
 * which was two thirds of a primary-key read.
 */
export function pgliteDatabase(db: PGlite): SqlDatabase {
  const statements = new Map<string, PreparedStatement>();
  // Names unique per adapter: two adapters may share one database.
  const prefix = `checkout_kit_${++adapters}_`;

  async function prepare(sql: string): Promise<PreparedStatement> {
    await db.waitReady; // the protocol calls, unlike `query`, do not wait for it
    const name = `${prefix}${statements.size + 1}`;
    const { messages } = await db.runExclusive(() =>
      db.execProtocol(
        frame(
          protocol.serialize.parse({ name, text: sql }),
          protocol.serialize.describe({ type: 'S', name }),
          protocol.serialize.sync(),
        ),
      ),
    );
    const serializers = parse
      .parseDescribeStatementResults(messages)
      .map((type) => db.serializers[type]);
    return { name, serializers };
  }

  // Runs one statement; the caller holds the database (see `exclusively`).
  async function execute<Row>(sql: string, params: unknown[] = []) {
    let statement = statements.get(sql);
    if (!statement) {
      statement = await prepare(sql);
      statements.set(sql, statement);
    }
    const { name, serializers } = statement;
    const values = params.map((value, index) =>
      value == null ? null : (serializers[index]?.(value) ?? String(value)),
    );
    const { messages } = await db.runExclusive(() =>
      db.execProtocol(
        frame(
          protocol.serialize.bind({ statement: name, values: values as string[] }),
          protocol.serialize.describe({ type: 'P' }),
          protocol.serialize.execute({}),
          protocol.serialize.sync(),
        ),
      ),
    );
    const [result] = parse.parseResults(messages, db.parsers);
    return { rows: (result?.rows ?? []) as Row[], affectedRows: result?.affectedRows ?? 0 };
  }

  // One statement or transaction at a time, so a transaction's statements are
  // never interleaved with another caller's.
  let tail: Promise<unknown> = Promise.resolve();
  function exclusively<T>(work: () => Promise<T>): Promise<T> {
    const run = tail.then(work, work);
    tail = run.catch(() => {});
    return run;
  }

  return {
    query: (sql, params) => exclusively(() => execute(sql, params)),
    transaction: (work) => exclusively(() => inTransaction(execute, { query: execute }, work)),
    close: () => exclusively(() => db.close()),
  };
}

let adapters = 0;

interface PreparedStatement {
  name: string;
  /** Turns each parameter into PostgreSQL's text for its type, as PGlite's `query` does. */
  serializers: (PGlite['serializers'][number] | undefined)[];
}

/** Concatenates protocol messages into one buffer, sent to the database at once. */
function frame(...messages: Uint8Array[]): Uint8Array {
  const buffer = new Uint8Array(messages.reduce((length, message) => length + message.length, 0));
  let offset = 0;
  for (const message of messages) {
    buffer.set(message, offset);
    offset += message.length;
  }
  return buffer;
}

/**
 * PostgreSQL's settings for the embedded database. Its shared buffers are
 * WebAssembly memory that the database clears at every start, and pages it
 * does not hold are one file read away in the OS's cache: at PostgreSQL's
 * default 128 MB, start-up with 50k sessions took 0.4 s longer and the
 * process held 100 MB more, for no gain in the HTTP benchmark.
 */
export const pgliteStartParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];
