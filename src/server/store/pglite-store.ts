import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite, parse, protocol } from '@electric-sql/pglite';
import { type SqlDatabase, SqlStore } from './sql-store.js';

/**
 * Adapts PGlite to the store's `SqlDatabase`. Each statement is prepared once
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
    const run = tail.then(yieldWhenDue).then(work, work);
    tail = run.catch(() => {});
    return run;
  }

  return {
    query: (sql, params) => exclusively(() => execute(sql, params)),
    transaction: (work) =>
      exclusively(async () => {
        await execute('BEGIN');
        try {
          const result = await work({ query: execute });
          await execute('COMMIT');
          return result;
        } catch (error) {
          await execute('ROLLBACK').catch(() => {});
          throw error;
        }
      }),
    close: () => exclusively(() => db.close()),
  };
}

let adapters = 0;

/**
 * The database runs on this thread, and a queue of statements chained through
 * promises alone runs as one task: under load, 60 ms and more. Node accepts one
 * new connection per turn of its event loop (libuv), so a burst of 64 new
 * connections waited up to 3 s for their first answer. A statement that would
 * extend a task past `taskSliceMs` first lets the loop turn.
 */
const taskSliceMs = 5;
let taskStarted = 0;
function yieldWhenDue(): Promise<void> | undefined {
  const now = performance.now();
  if (now - taskStarted < taskSliceMs) return undefined;
  return new Promise((resolve) =>
    setImmediate(() => {
      taskStarted = performance.now();
      resolve();
    }),
  );
}

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
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/**
 * The default durable store: an embedded PostgreSQL (PGlite) database in
 * `dataDir`, created on first use. Pass no directory for a throwaway in-memory
 * database.
 *
 * One process owns a data directory: a second one is refused (a lock file
 * names the owner), which is also what lets the store answer reads of the
 * sessions it wrote from memory. Run more than one process on PostgreSQL.
 */
export async function openPgliteStore(dataDir?: string): Promise<SqlStore> {
  if (!dataDir) {
    const db = new PGlite({ startParams });
    await db.waitReady;
    return SqlStore.open(pgliteDatabase(db), { exclusive: true });
  }
  await mkdir(dataDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  try {
    const db = new PGlite(join(dataDir, 'pglite'), { startParams });
    await db.waitReady;
    const database = pgliteDatabase(db);
    return await SqlStore.open(
      {
        ...database,
        close: async () => {
          await database.close();
          await unlock();
        },
      },
      { exclusive: true },
    );
  } catch (error) {
    await unlock();
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
