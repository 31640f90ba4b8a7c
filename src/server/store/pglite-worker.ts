// The embedded database's thread (see pglite-thread.ts): opens PGlite, then
// runs the statements the server's thread sends, in the order they arrive.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pgliteDatabase, pgliteStartParams } from './pglite-database.js';
import {
  errorFields,
  type FromDatabase,
  type PgliteThreadOptions,
  type ToDatabase,
} from './pglite-thread.js';

const port = parentPort!;
const answer = (message: FromDatabase) => port.postMessage(message);
const { dataDir, loadDataDir } = workerData as PgliteThreadOptions;

try {
  const db = new PGlite({ dataDir, loadDataDir, startParams: pgliteStartParams });
  await db.waitReady;
  const database = pgliteDatabase(db);
  port.on('message', (message: ToDatabase) => {
    const { id } = message;
    const done: Promise<{ rows: unknown[]; affectedRows?: number }> =
      'close' in message
        ? database.close().then(() => ({ rows: [] }))
        : database.query(message.sql, message.params);
    done.then(
      ({ rows, affectedRows }) => answer({ id, rows, affectedRows }),
      (error) => answer({ id, error: errorFields(error) }),
    );
  });
  answer({ ready: true });
} catch (error) {
  answer({ failed: errorFields(error) });
}
