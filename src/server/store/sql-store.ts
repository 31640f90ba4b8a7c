import type { PaymentRecord, SessionRecord } from '../sessions/session.js';
import type { CheckoutStore, IdempotencyClaim, SavedResponse, Versioned } from './store.js';

/**
 * The little a SQL database must offer the store: parameterised queries and a
 * transaction. PGlite and node-postgres both fit in a few lines, and the SQL
 * below is plain PostgreSQL so the same store runs on either.
 */
export interface SqlDatabase {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type SqlExecutor = Pick<SqlDatabase, 'query'>;

/** Schema migrations, applied in order once each; append, never edit. */
const migrations = [
  `CREATE TABLE checkout_sessions (
     id text PRIMARY KEY,
     client_secret text NOT NULL UNIQUE,
     version integer NOT NULL,
     data jsonb NOT NULL,
     created_at bigint NOT NULL
   );
   CREATE TABLE payments (
     id text PRIMARY KEY,
     session_id text NOT NULL REFERENCES checkout_sessions(id),
     data jsonb NOT NULL
   );
   CREATE INDEX payments_session_id ON payments(session_id);
   CREATE TABLE idempotency_keys (
     scope text NOT NULL,
     key text NOT NULL,
     fingerprint text NOT NULL,
     created_at bigint NOT NULL,
     status integer,
     body text,
     PRIMARY KEY (scope, key)
   );`,
];

interface SessionRow {
  data: SessionRecord | string;
  version: number;
}

/** JSON columns come back parsed from PGlite and node-postgres alike; be tolerant of text. */
function parseJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

export class SqlStore implements CheckoutStore {
  private constructor(private readonly db: SqlDatabase) {}

  /** Opens the store and brings its schema up to date. */
  static async open(db: SqlDatabase): Promise<SqlStore> {
    await db.query(
      'CREATE TABLE IF NOT EXISTS checkout_kit_migrations (version integer PRIMARY KEY)',
    );
    await db.transaction(async (tx) => {
      // Serialises migrations when several instances start at once.
      await tx.query('LOCK TABLE checkout_kit_migrations IN EXCLUSIVE MODE');
      const { rows } = await tx.query<{ version: number }>(
        'SELECT version FROM checkout_kit_migrations',
      );
      const applied = new Set(rows.map((row) => Number(row.version)));
      for (const [index, sql] of migrations.entries()) {
        if (applied.has(index + 1)) continue;
        for (const statement of sql.split(';').filter((part) => part.trim())) {
          await tx.query(statement);
        }
        await tx.query('INSERT INTO checkout_kit_migrations (version) VALUES ($1)', [index + 1]);
      }
    });
    return new SqlStore(db);
  }

  async insertSession(session: SessionRecord): Promise<void> {
    await this.db.query(
      'INSERT INTO checkout_sessions (id, client_secret, version, data, created_at) VALUES ($1, $2, 1, $3, $4)',
      [session.id, session.clientSecret, JSON.stringify(session), session.created],
    );
  }

  async getSession(id: string): Promise<Versioned<SessionRecord> | null> {
    const { rows } = await this.db.query<SessionRow>(
      'SELECT data, version FROM checkout_sessions WHERE id = $1',
      [id],
    );
    return rows[0] ? { value: parseJson(rows[0].data), version: Number(rows[0].version) } : null;
  }

  async findSessionByClientSecret(clientSecret: string): Promise<Versioned<SessionRecord> | null> {
    const { rows } = await this.db.query<SessionRow>(
      'SELECT data, version FROM checkout_sessions WHERE client_secret = $1',
      [clientSecret],
    );
    return rows[0] ? { value: parseJson(rows[0].data), version: Number(rows[0].version) } : null;
  }

  async updateSession(
    next: SessionRecord,
    expectedVersion: number,
    payments: PaymentRecord[] = [],
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        'UPDATE checkout_sessions SET data = $1, version = version + 1 WHERE id = $2 AND version = $3 RETURNING id',
        [JSON.stringify(next), next.id, expectedVersion],
      );
      if (rows.length === 0) return false;
      for (const payment of payments) {
        await tx.query(
          `INSERT INTO payments (id, session_id, data) VALUES ($1, $2, $3)
           ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data`,
          [payment.id, payment.sessionId, JSON.stringify(payment)],
        );
      }
      return true;
    });
  }

  async listPayments(sessionId: string): Promise<PaymentRecord[]> {
    const { rows } = await this.db.query<{ data: PaymentRecord | string }>(
      'SELECT data FROM payments WHERE session_id = $1',
      [sessionId],
    );
    return rows.map((row) => parseJson(row.data));
  }

  async claimIdempotencyKey(
    scope: string,
    key: string,
    fingerprint: string,
    now: number,
    ttlSeconds: number,
  ): Promise<IdempotencyClaim> {
    // Insert, or take over a key that has aged out; only one request wins either way.
    const { rows: claimed } = await this.db.query<{ key: string }>(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at, status = NULL, body = NULL
         WHERE idempotency_keys.created_at <= $5
       RETURNING key`,
      [scope, key, fingerprint, now, now - ttlSeconds],
    );
    if (claimed.length > 0) return { state: 'claimed' };
    const { rows } = await this.db.query<{
      fingerprint: string;
      status: number | null;
      body: string | null;
    }>('SELECT fingerprint, status, body FROM idempotency_keys WHERE scope = $1 AND key = $2', [
      scope,
      key,
    ]);
    const row = rows[0];
    if (!row) return this.claimIdempotencyKey(scope, key, fingerprint, now, ttlSeconds);
    return row.status === null
      ? { state: 'in_progress', fingerprint: row.fingerprint }
      : {
          state: 'done',
          fingerprint: row.fingerprint,
          response: { status: Number(row.status), body: row.body ?? '' },
        };
  }

  async saveIdempotentResponse(scope: string, key: string, response: SavedResponse): Promise<void> {
    await this.db.query(
      'UPDATE idempotency_keys SET status = $3, body = $4 WHERE scope = $1 AND key = $2',
      [scope, key, response.status, response.body],
    );
  }

  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
