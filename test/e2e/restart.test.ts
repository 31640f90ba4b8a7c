/**
 * Durability: a session paid on one server process is still there, paid, after
 * the server stops and a new one starts on the same data directory, and no
 * card number ever reaches that directory.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { type RunningServer, readConfig, startServer } from '../../src/server/node.js';
import {
  confirmWithFetch,
  filesContaining,
  filesUnder,
  merchantApi,
  mugCart,
  tempDir,
  testCard,
} from '../support/e2e.js';

describe('a real server restart', () => {
  let dataDir: Awaited<ReturnType<typeof tempDir>>;
  let config: ReturnType<typeof readConfig>;
  let server: RunningServer | undefined;
  let sessionId = '';
  let clientSecret = '';

  before(async () => {
    dataDir = await tempDir();
    config = readConfig({
      PORT: '0',
      CHECKOUT_LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      CHECKOUT_DATA_DIR: dataDir.path,
    });
  });

  after(async () => {
    await server?.close();
    await dataDir?.remove();
  });

  test('a session is created and paid through the HTTP APIs', async () => {
    server = await startServer(config);
    const api = merchantApi(server.url, config.secretKey);
    const { session } = await api.createSession(mugCart('embedded'));
    assert.equal(session.status, 'open');
    assert.ok(session.client_secret);
    sessionId = session.id;
    clientSecret = session.client_secret;

    const paid = await confirmWithFetch(server.url, clientSecret);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.session?.status, 'complete');
    assert.equal(paid.body.session?.payment_status, 'paid');
    assert.equal(paid.body.session?.payment?.last4, '4242');

    await server.close();
    server = undefined;
  });

  test('a new server on the same data directory still has it, complete and paid', async () => {
    assert.ok(sessionId, 'the session was created');
    server = await startServer(config);
    const api = merchantApi(server.url, config.secretKey);
    const session = await api.getSession(sessionId);
    assert.equal(session.status, 'complete');
    assert.equal(session.payment_status, 'paid');
    assert.equal(session.amount_total, 1800);
    assert.equal(session.customer_details?.email, 'a@example.com');
    assert.equal(session.customer_details?.name, 'A B');
    assert.match(session.payment_intent ?? '', /^pi_test_/);

    // The client secret still names the session, and the stored payment came back too.
    const client = await fetch(`${server.url}/v1/client/session`, {
      headers: { Authorization: `Bearer ${clientSecret}` },
    });
    assert.equal(client.status, 200);
    const clientView = (await client.json()) as { id: string; status: string };
    assert.equal(clientView.id, sessionId);
    assert.equal(clientView.status, 'complete');
    const payments = await server.store.listPayments(sessionId);
    assert.equal(payments.length, 1);

    // Paying again is refused: the restart did not reopen the session.
    const again = await confirmWithFetch(server.url, clientSecret);
    assert.ok(again.status >= 400 && again.status < 500, `status ${again.status}`);

    await server.close();
    server = undefined;
  });

  test('no file under the data directory holds the card number', async () => {
    const files = await filesUnder(dataDir.path);
    assert.ok(files.length > 0, 'the data directory holds the database');
    // The scan itself finds what is stored in the clear.
    assert.notDeepEqual(await filesContaining(dataDir.path, sessionId), []);
    assert.deepEqual(await filesContaining(dataDir.path, testCard), []);

    // Compressed values would hide from a byte scan: read every table back through SQL too.
    const db = new PGlite(`${dataDir.path}/pglite`);
    try {
      const { rows: tables } = await db.query<{ name: string }>(
        "SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      assert.ok(tables.length >= 3, JSON.stringify(tables));
      let dump = '';
      for (const { name } of tables) {
        const { rows } = await db.query(`SELECT row_to_json(t)::text AS row FROM ${name} t`);
        dump += JSON.stringify(rows);
      }
      assert.ok(dump.includes(sessionId));
      assert.ok(!dump.includes(testCard), 'a table holds the card number');
    } finally {
      await db.close();
    }
  });
});
