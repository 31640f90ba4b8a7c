import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SqlDatabase, SqlExecutor } from './sql-store.js';
import { inTransaction } from './transaction.js';

/**
 * The embedded database on a thread of its own. PGlite is PostgreSQL compiled
 * to WebAssembly: it runs on whichever thread opened it. On the server's
 * thread a confirm's statements took half that thread's time and held its
 * event loop for tens of milliseconds under load; on its own thread they run
 * on the machine's other core while the server parses the next requests.
 */
export interface PgliteThreadOptions {
  /** The database's folder; without one the database lives in memory. */
  dataDir?: string;
  /** A dump (`PGlite.dumpDataDir`) to start from instead of an empty database. */
  loadDataDir?: Blob;
}

/** What the server's thread sends the database's (pglite-worker.ts). */
export type ToDatabase =
  | { id: number; sql: string; params: unknown[] }
  | { id: number; close: true };

/** What the database's thread answers. */
export type FromDatabase =
  | { ready: true }
  | { failed: ErrorFields }
  | { id: number; rows: unknown[]; affectedRows?: number }
  | { id: number; error: ErrorFields };

/** An error's message and PostgreSQL's fields (`code`, `detail` …), which cross threads as data. */
export type ErrorFields = { message: string } & Record<string, string | number | undefined>;

export function errorFields(error: unknown): ErrorFields {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: ErrorFields = { message: error.message };
  for (const [name, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number') fields[name] = value;
  }
  return fields;
}

function errorFrom({ message, ...fields }: ErrorFields): Error {
  return Object.assign(new Error(message), fields);
}

// Beside this module, in its own language: `.ts` when run from source, `.js` when built.
const workerFile = new URL(
  `./pglite-worker${extname(fileURLToPath(import.meta.url))}`,
  import.meta.url,
);

/**
 * Run from its TypeScript source (tests, `npm run serve`), the thread needs the
 * TypeScript loader the server's thread runs under: Node 20 gives workers none.
 */
function startWorker(workerData: PgliteThreadOptions): Worker {
  if (workerFile.pathname.endsWith('.js')) return new Worker(workerFile, { workerData });
  const loader = import.meta.resolve('tsx/esm/api');
  const start = `import(${JSON.stringify(loader)})
    .then(({ register }) => { register(); return import(${JSON.stringify(workerFile.href)}); })`;
  return new Worker(start, { eval: true, workerData });
}

/** The database on its thread, and the thread itself (for whoever watches its resources). */
export interface PgliteThread extends SqlDatabase {
  readonly worker: Worker;
  /** Settles when the thread stops by itself (it crashed, or ran out of memory); never on `close`. */
  readonly stopped: Promise<Error>;
}

/**
 * Starts the database's thread and resolves once the database is open. Its
 * statements run one at a time, in the order they were sent; each is sent at
 * once, so the database never waits for the server's thread between two.
 */
export async function openPgliteThread(options: PgliteThreadOptions = {}): Promise<PgliteThread> {
  const worker = startWorker(options);
  const waiting = new Map<
    number,
    { resolve(answer: FromDatabase): void; reject(e: Error): void }
  >();
  let stopped: Error | null = null;
  let nextId = 0;

  const opened = new Promise<void>((resolve, reject) => {
    worker.once('message', (message: FromDatabase) => {
      if ('failed' in message) reject(errorFrom(message.failed));
      else resolve();
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`The embedded database stopped while opening (exit code ${code}).`)),
    );
  });
  let closing = false;
  let stoppedByItself!: (error: Error) => void;
  const stoppedOnItsOwn = new Promise<Error>((resolve) => {
    stoppedByItself = resolve;
  });
  const stop = (error: Error) => {
    if (!stopped && !closing) stoppedByItself(error);
    stopped ??= error;
    for (const { reject } of waiting.values()) reject(stopped);
    waiting.clear();
  };
  worker.on('error', stop);
  worker.on('exit', (code) =>
    stop(new Error(`The embedded database stopped (exit code ${code}).`)),
  );
  try {
    await opened;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  worker.on('message', (message: FromDatabase) => {
    if (!('id' in message)) return;
    const reply = waiting.get(message.id);
    waiting.delete(message.id);
    // The thread keeps the process alive only while a statement is out.
    if (waiting.size === 0) worker.unref();
    reply?.resolve(message);
  });
  worker.unref();

  function send(message: Omit<ToDatabase, 'id'>): Promise<FromDatabase> {
    if (stopped) return Promise.reject(stopped);
    const id = ++nextId;
    if (waiting.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  async function run<Row>(sql: string, params: unknown[] = []) {
    const answer = await send({ sql, params });
    if ('error' in answer) throw errorFrom(answer.error);
    if (!('rows' in answer)) throw new Error('The embedded database answered out of turn.');
    return { rows: answer.rows as Row[], affectedRows: answer.affectedRows };
  }

  // A transaction's statements must not interleave with anyone else's: while
  // one is open or waiting to open, other statements queue behind it.
  let transactions: Promise<unknown> = Promise.resolve();
  let transactionsOpen = 0;
  const afterTransactions = <T>(work: () => Promise<T>): Promise<T> =>
    transactionsOpen > 0 ? transactions.then(work) : work();

  return {
    worker,
    stopped: stoppedOnItsOwn,
    query: (sql, params) => afterTransactions(() => run(sql, params)),
    transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      transactionsOpen++;
      const result = transactions.then(() => inTransaction(run, { query: run }, work));
      transactions = result
        .catch(() => {})
        .then(() => {
          transactionsOpen--;
        });
      return result;
    },
    async close() {
      closing = true;
      await transactions;
      if (!stopped) await send({ close: true });
      stop(new Error('The embedded database is closed.'));
      await worker.terminate();
    },
  };
}
