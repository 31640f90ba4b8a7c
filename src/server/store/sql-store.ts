import type { CatalogObject, CatalogObjectType } from '../catalog/catalog.js';
import type { PromotionCode } from '../sessions/promotion-codes.js';
import {
  type PaymentRecord,
  type SessionRecord,
  type SessionSource,
  withSessionDefaults,
} from '../sessions/session.js';
import type { OutboxEntry, WebhookEvent } from '../webhooks/event.js';
import { KeyFilter } from './key-filter.js';
import { ReadBatcher } from './read-batcher.js';
import { SessionCache } from './session-cache.js';
import type {
  AuthFailureCount,
  CheckoutStore,
  IdempotencyClaim,
  IdempotencyLimits,
  IdempotentAnswer,
  KeyClaimRequest,
  PoolStats,
  SessionEffects,
  UpdateResult,
  Versioned,
  WebhookBacklog,
} from './store.js';
import { WriteBatcher } from './write-batcher.js';

/**
 * The little a SQL database must offer the store: parameterised queries and a
 * transaction. PGlite and node-postgres both fit in a few lines, and the SQL
 * below is plain PostgreSQL so the same store runs on either.
 */
export interface SqlDatabase {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The connection pool's use, when there is one (node-postgres), for `/metrics`. */
  poolStats?(): PoolStats;
  /** Settles if the database stops by itself, never on `close` (the embedded one's thread died). */
  readonly stopped?: Promise<Error>;
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
  // Promotion codes. `code_key` is the code in lower case (codes are ASCII), so
  // codes are unique and found case-insensitively; `active` and
  // `times_redeemed` live in columns because they change after creation.
  `CREATE TABLE IF NOT EXISTS promotion_codes (
     id text PRIMARY KEY,
     code_key text NOT NULL UNIQUE,
     active boolean NOT NULL,
     times_redeemed integer NOT NULL DEFAULT 0,
     max_redemptions integer,
     data jsonb NOT NULL,
     created_at bigint NOT NULL
   );
   CREATE INDEX IF NOT EXISTS checkout_sessions_complete_customer
     ON checkout_sessions ((data->>'customer')) WHERE data->>'status' = 'complete'`,
  // The catalog, and the webhook outbox: events are written in the same
  // transaction as the session change that caused them, and stay until delivered.
  `CREATE TABLE IF NOT EXISTS catalog_objects (
     id text PRIMARY KEY,
     object text NOT NULL,
     data jsonb NOT NULL,
     created_at bigint NOT NULL
   );
   CREATE INDEX IF NOT EXISTS catalog_objects_by_type ON catalog_objects (object, created_at);
   CREATE TABLE IF NOT EXISTS webhook_outbox (
     id text PRIMARY KEY,
     event jsonb NOT NULL,
     attempts integer NOT NULL DEFAULT 0,
     next_attempt_at bigint NOT NULL,
     delivered_at bigint,
     last_error text,
     created_at bigint NOT NULL
   );
   CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE delivered_at IS NULL;
   CREATE INDEX IF NOT EXISTS checkout_sessions_open
     ON checkout_sessions (((data->>'expiresAt')::bigint)) WHERE data->>'status' = 'open';
   CREATE INDEX IF NOT EXISTS checkout_sessions_by_api
     ON checkout_sessions ((coalesce(data->'source'->>'api', 'checkout_sessions')), created_at)`,
  // Events written in the same second (times are whole seconds) need an order:
  // a sequence number in insertion order, for the merchant's newest-first list.
  `ALTER TABLE webhook_outbox ADD COLUMN IF NOT EXISTS seq bigserial;
   CREATE INDEX IF NOT EXISTS webhook_outbox_by_seq ON webhook_outbox (seq)`,
  // Indexes for the two queries that run often and scanned every row: the
  // worker's due sessions (whichever comes first, expiry or a crypto deposit's
  // confirmation: least() ignores the null) and the first-purchase check's two
  // email conditions. Idempotency keys are swept by age.
  `CREATE INDEX IF NOT EXISTS checkout_sessions_due
     ON checkout_sessions ((least((data->>'expiresAt')::bigint, (data->'crypto'->'deposit'->>'confirmsAt')::bigint)))
     WHERE data->>'status' = 'open';
   DROP INDEX IF EXISTS checkout_sessions_open;
   CREATE INDEX IF NOT EXISTS checkout_sessions_complete_email
     ON checkout_sessions ((lower(data->'customerDetails'->>'email'))) WHERE data->>'status' = 'complete';
   CREATE INDEX IF NOT EXISTS checkout_sessions_complete_prefilled_email
     ON checkout_sessions ((lower(data->>'customerEmail'))) WHERE data->>'status' = 'complete';
   CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON idempotency_keys (created_at)`,
  // Failed authentications per client address in their current window (the
  // failed-auth rate limit), shared by every process; ended windows are swept by age.
  `CREATE TABLE IF NOT EXISTS auth_failures (
     key text PRIMARY KEY,
     failures integer NOT NULL,
     reset_at bigint NOT NULL
   );
   CREATE INDEX IF NOT EXISTS auth_failures_by_reset ON auth_failures (reset_at)`,
];

/** Any constant both sides agree on: the advisory lock that serialises migrations. */
const migrationLock = 0x636b6d69; // 'ckmi'

/**
 * Saves a finished request's answer, unless another request took its key
 * over since. An upsert: on a shared database the claim's row is there
 * already; the exclusive store writes a key only with its answer.
 */
const saveAnswer = `INSERT INTO idempotency_keys (scope, key, fingerprint, created_at, status, body)
  VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (scope, key) DO UPDATE SET status = EXCLUDED.status, body = EXCLUDED.body
  WHERE idempotency_keys.created_at = EXCLUDED.created_at AND idempotency_keys.status IS NULL`;

/** A new session and its create's answer (`saveAnswer`'s rule), in one statement. */
const insertSessionWithAnswer = `WITH inserted AS (
    INSERT INTO checkout_sessions (id, client_secret, version, data, created_at)
    VALUES ($1, $2, 1, $3, $4) RETURNING id)
  INSERT INTO idempotency_keys (scope, key, fingerprint, created_at, status, body)
  SELECT $5, $6, $7, $8, $9, $10 FROM inserted
  ON CONFLICT (scope, key) DO UPDATE SET status = EXCLUDED.status, body = EXCLUDED.body
  WHERE idempotency_keys.created_at = EXCLUDED.created_at AND idempotency_keys.status IS NULL`;

/** The stored keys after ($1, $2), $3 of them: how the exclusive store fills its key filter. */
const storedKeysPage = `SELECT scope, key FROM idempotency_keys
  WHERE (scope, key) > ($1, $2) ORDER BY scope, key LIMIT $3`;
const keyFilterPage = 5000;

function saveAnswerParams(answer: IdempotentAnswer): unknown[] {
  const { scope, key, fingerprint, claimedAt, response } = answer;
  return [scope, key, fingerprint, claimedAt, response.status, response.body];
}

/** When an open session next needs settling; the same expression as its index. */
const dueAt = `least((data->>'expiresAt')::bigint, (data->'crypto'->'deposit'->>'confirmsAt')::bigint)`;

/** Open sessions due by $1 (Unix seconds), at most $2. Exported for the test that reads its plan. */
export const dueSessionsQuery = `SELECT id FROM checkout_sessions
  WHERE data->>'status' = 'open' AND ${dueAt} <= $1
  ORDER BY ${dueAt} LIMIT $2`;

/**
 * Whether customer $1 or email $2 has a complete session: one arm per index
 * (see the migrations), so the planner can OR the three together.
 */
export const firstPurchaseQuery = `SELECT 1 AS found FROM checkout_sessions
  WHERE data->>'status' = 'complete'
    AND ((data->>'customer') = $1::text
      OR lower(data->'customerDetails'->>'email') = lower($2::text)
      OR lower(data->>'customerEmail') = lower($2::text))
  LIMIT 1`;

interface OutboxRow {
  event: WebhookEvent | string;
  attempts: number;
  next_attempt_at: number | string;
  delivered_at: number | string | null;
  last_error: string | null;
}

function outboxEntryFrom(row: OutboxRow): OutboxEntry {
  return {
    event: parseJson(row.event),
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
    lastError: row.last_error,
  };
}

const outboxColumns = 'event, attempts, next_attempt_at, delivered_at, last_error';

interface PromotionCodeRow {
  data: PromotionCode | string;
  active: boolean;
  times_redeemed: number;
}

function promotionCodeFrom(row: PromotionCodeRow): PromotionCode {
  return {
    ...parseJson(row.data),
    active: Boolean(row.active),
    times_redeemed: Number(row.times_redeemed),
  };
}

/** A finished key's claim: its answer, replayed. */
function done(row: { fingerprint: string; status: number | null; body: string | null }) {
  return {
    state: 'done' as const,
    fingerprint: row.fingerprint,
    response: { status: Number(row.status), body: row.body ?? '' },
  };
}

/** Thrown inside a transaction to roll it back when a redemption is refused. */
const exhausted = Symbol('exhausted');

interface SessionRow {
  data: SessionRecord | string;
  version: number;
}

/** JSON columns come back parsed from PGlite and node-postgres alike; be tolerant of text. */
function parseJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

/**
 * The sizes a batch of reads by client secret is padded to, each one prepared
 * statement joining `VALUES ($1, $2), …` pairs of a secret and the version its
 * reader holds (null for none). PostgreSQL keeps a generic plan for those;
 * `= ANY($1::text[])` it planned again on every call (its estimate for an
 * array of unknown length never beats a custom plan), about 40 µs of its time
 * per batch of four. A session still at the version its reader holds comes
 * back without its data, which is most of what the read costs.
 */
const readBySecretsSql = new Map(
  [1, 2, 4, 8, 16, 32, 64, 100].map((size) => {
    const pairs = Array.from(
      { length: size },
      (_, index) => `($${2 * index + 1}::text, $${2 * index + 2}::integer)`,
    );
    return [
      size,
      `SELECT CASE WHEN s.version = k.known THEN NULL ELSE s.data::text END AS data,
         s.version, s.client_secret, k.known
       FROM (VALUES ${pairs.join(', ')}) AS k (secret, known)
       JOIN checkout_sessions s ON s.client_secret = k.secret`,
    ];
  }),
);
const readBatchSizes = [...readBySecretsSql.keys()];

/** A read by client secret, with the version its reader already holds. */
interface SecretRead {
  secret: string;
  known: number | null;
}

const secretReadId = (read: SecretRead) => `${read.known ?? ''} ${read.secret}`;

/** Its data is null when the session is still at the version its reader holds. */
interface SecretReadRow {
  data: SessionRecord | string | null;
  version: number;
  client_secret: string;
  known: number | null;
}

function versioned(row: SessionRow): Versioned<SessionRecord> {
  return { value: withSessionDefaults(parseJson(row.data)), version: Number(row.version) };
}

export interface SqlStoreOptions {
  /**
   * Only this process uses the database (the embedded store; never a shared
   * server). Then what only it can see stays in its memory: the sessions it
   * last wrote answer reads without a query, and idempotency claims in
   * progress are held in memory, reaching the database with their answers.
   */
  exclusive?: boolean;
  /**
   * The exclusive store's filter of its idempotency keys (`key-filter.ts`)
   * keeps swept keys until it is filled again from the database, at a sweep
   * once this many keys have been written since it last was. Default 250,000.
   */
  refillKeyFilterAfter?: number;
  /**
   * Sessions kept in this process's memory: those the exclusive store answers
   * reads with, or a shared database's hints. Default 10,000.
   */
  cachedSessions?: number;
}

/** A session write's compare-and-set: the version the row must have, and the one it gets. */
interface RowVersions {
  stored: number;
  next: number;
}

const updateSessionRow =
  'UPDATE checkout_sessions SET data = $1, version = $4 WHERE id = $2 AND version = $3 RETURNING id';

/**
 * A CTE locking the session rows named by the `id` column of `rows`, in id
 * order: every statement that locks several sessions takes them so, and
 * before any key, so no two wait on each other in a circle.
 */
const lockSessionsOf = (rows: string) => `locked AS MATERIALIZED (
    SELECT id FROM checkout_sessions WHERE id IN (SELECT id FROM ${rows}) ORDER BY id FOR UPDATE)`;

/**
 * `updateSessionRow` for many sessions at once ($1: a JSON array of
 * `{id, data, stored, next}`), locking the rows in id order first so two
 * such statements sharing rows cannot deadlock.
 */
const updateSessionRows = `WITH u AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS u(id text, data jsonb, stored integer, next integer)),
  ${lockSessionsOf('u')}
  UPDATE checkout_sessions s SET data = u.data, version = u.next
  FROM u, locked
  WHERE s.id = u.id AND locked.id = s.id AND s.version = u.stored
  RETURNING s.id`;

/**
 * A session's compare-and-set with its payments ($4), events ($5) and the
 * request's answer ($6-$11) as data-modifying CTEs, each written only when
 * the session row was ($12: its next version). One statement is atomic
 * without a transaction, and costs one round trip instead of five or more.
 */
const outcome = `WITH updated AS (
    UPDATE checkout_sessions SET data = $1, version = $12
    WHERE id = $2 AND version = $3 RETURNING id),
  payments_written AS (
    INSERT INTO payments (id, session_id, data)
    SELECT p.id, p.session_id, p.data FROM jsonb_to_recordset($4::jsonb) AS p(id text, session_id text, data jsonb)
    WHERE EXISTS (SELECT 1 FROM updated)
    ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data),
  events_written AS (
    INSERT INTO webhook_outbox (id, event, next_attempt_at, created_at)
    SELECT e.id, e.event, e.next_attempt_at, e.created_at
    FROM jsonb_to_recordset($5::jsonb) AS e(id text, event jsonb, next_attempt_at bigint, created_at bigint, ordinal integer)
    WHERE EXISTS (SELECT 1 FROM updated)
    ORDER BY e.ordinal
    ON CONFLICT (id) DO NOTHING),
  answer_saved AS (
    INSERT INTO idempotency_keys (scope, key, fingerprint, created_at, status, body)
    SELECT $6, $7, $8, $9, $10, $11 WHERE $6::text IS NOT NULL AND EXISTS (SELECT 1 FROM updated)
    ON CONFLICT (scope, key) DO UPDATE SET status = EXCLUDED.status, body = EXCLUDED.body
    WHERE idempotency_keys.created_at = EXCLUDED.created_at AND idempotency_keys.status IS NULL)
  SELECT id FROM updated`;

/**
 * `outcome` for many sessions at once ($1: a JSON array of `{id, stored, next,
 * data, payments, events, answers, ordinal}`): each session's compare-and-set,
 * and its payments, events and answer only where it was written. Rows are
 * locked in one order (sorted), as in `updateSessionRows`.
 */
const writeOutcomes = `WITH u AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS u(id text, data jsonb, stored integer, next integer,
      payments jsonb, events jsonb, answers jsonb, ordinal integer)),
  ${lockSessionsOf('u')},
  updated AS (
    UPDATE checkout_sessions s SET data = u.data, version = u.next
    FROM u, locked
    WHERE s.id = u.id AND locked.id = s.id AND s.version = u.stored
    RETURNING s.id),
  payments_written AS (
    INSERT INTO payments (id, session_id, data)
    SELECT p.id, p.session_id, p.data
    FROM u JOIN updated USING (id), jsonb_to_recordset(u.payments) AS p(id text, session_id text, data jsonb)
    ORDER BY p.id
    ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data),
  events_written AS (
    INSERT INTO webhook_outbox (id, event, next_attempt_at, created_at)
    SELECT e.id, e.event, e.next_attempt_at, e.created_at
    FROM u JOIN updated USING (id),
      jsonb_to_recordset(u.events) AS e(id text, event jsonb, next_attempt_at bigint, created_at bigint, ordinal integer)
    ORDER BY u.ordinal, e.ordinal
    ON CONFLICT (id) DO NOTHING),
  answers_saved AS (
    INSERT INTO idempotency_keys (scope, key, fingerprint, created_at, status, body)
    SELECT a.scope, a.key, a.fingerprint, a.created_at, a.status, a.body
    FROM u JOIN updated USING (id),
      jsonb_to_recordset(u.answers) AS a(scope text, key text, fingerprint text, created_at bigint, status integer, body text)
    ORDER BY a.scope, a.key
    ON CONFLICT (scope, key) DO UPDATE SET status = EXCLUDED.status, body = EXCLUDED.body
    WHERE idempotency_keys.created_at = EXCLUDED.created_at AND idempotency_keys.status IS NULL)
  SELECT id FROM updated`;

/**
 * Claims a key: inserts it, or takes over one that has aged out ($5) or whose
 * owner's lease ran out ($6). Only one request wins either way.
 */
const claimKey = `INSERT INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (scope, key) DO UPDATE
    SET fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at, status = NULL, body = NULL
    WHERE idempotency_keys.created_at <= $5
      OR (idempotency_keys.status IS NULL AND idempotency_keys.created_at <= $6)
  RETURNING key`;

/**
 * How a batch's insert of keys ($2 and $3 the lifetime and the lease in
 * seconds) takes over one that aged out or whose owner's lease ran out.
 */
const takeOverKeys = `ON CONFLICT (scope, key) DO UPDATE
    SET fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at, status = NULL, body = NULL
    WHERE idempotency_keys.created_at <= EXCLUDED.created_at - $2
      OR (idempotency_keys.status IS NULL AND idempotency_keys.created_at <= EXCLUDED.created_at - $3)`;

/**
 * `claimKey` for many keys at once ($1: a JSON array of `{scope, key,
 * fingerprint, created_at}`; $2 and $3 as `takeOverKeys`), inserted in key
 * order so two such statements sharing keys cannot deadlock.
 */
const claimKeys = `INSERT INTO idempotency_keys (scope, key, fingerprint, created_at)
  SELECT c.scope, c.key, c.fingerprint, c.created_at
  FROM jsonb_to_recordset($1::jsonb) AS c(scope text, key text, fingerprint text, created_at bigint)
  ORDER BY c.scope, c.key
  ${takeOverKeys}
  RETURNING scope, key`;

/**
 * `claimKey` and `updateSessionRow` as one statement: the session is written
 * only if the key was won ($5-$10 as `claimKey`'s $1-$6). The session row is
 * locked before the key (the key's insert reads the lock's row), the order in
 * which a confirm's outcome takes them too, so the two cannot deadlock.
 */
const claimKeyAndUpdateSession = `WITH locked AS MATERIALIZED (
    SELECT id FROM checkout_sessions WHERE id = $2 FOR UPDATE),
  claimed AS (
    INSERT INTO idempotency_keys (scope, key, fingerprint, created_at)
    SELECT $5, $6, $7, $8 FROM locked
    ON CONFLICT (scope, key) DO UPDATE
      SET fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at, status = NULL, body = NULL
      WHERE idempotency_keys.created_at <= $9
        OR (idempotency_keys.status IS NULL AND idempotency_keys.created_at <= $10)
    RETURNING key),
  updated AS (
    UPDATE checkout_sessions SET data = $1, version = $4
    WHERE id = $2 AND version = $3 AND EXISTS (SELECT 1 FROM claimed)
    RETURNING id)
  SELECT EXISTS (SELECT 1 FROM claimed) AS claimed, EXISTS (SELECT 1 FROM updated) AS updated`;

/**
 * `claimKeyAndUpdateSession` for many confirms at once ($1: a JSON array of
 * `{data, id, stored, next, scope, key, fingerprint, created_at}`; $2 and $3
 * as `takeOverKeys`). Every session row is locked first,
 * in id order, then the keys are inserted in key order (their insert reads the
 * locked rows): the order of `writeOutcomes`, so no two statements wait on
 * each other in a circle.
 */
const claimKeysAndUpdateSessions = `WITH c AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS c(data jsonb, id text, stored integer, next integer,
      scope text, key text, fingerprint text, created_at bigint)),
  ${lockSessionsOf('c')},
  claimed AS (
    INSERT INTO idempotency_keys (scope, key, fingerprint, created_at)
    SELECT c.scope, c.key, c.fingerprint, c.created_at FROM c JOIN locked USING (id)
    ORDER BY c.scope, c.key
    ${takeOverKeys}
    RETURNING scope, key),
  updated AS (
    UPDATE checkout_sessions s SET data = c.data, version = c.next
    FROM c JOIN claimed USING (scope, key)
    WHERE s.id = c.id AND s.version = c.stored
    RETURNING s.id)
  SELECT c.scope, c.key, claimed.key IS NOT NULL AS claimed, updated.id IS NOT NULL AS updated
  FROM c LEFT JOIN claimed USING (scope, key) LEFT JOIN updated ON updated.id = c.id`;

/** One session's compare-and-set, waiting for its batch. */
interface SessionWrite {
  id: string;
  json: string;
  versions: RowVersions;
}

/** A session write with what goes with it: its payments, events and the request's answer. */
interface OutcomeWrite extends SessionWrite {
  payments: { id: string; session_id: string; data: PaymentRecord }[];
  events: {
    id: string;
    event: WebhookEvent;
    next_attempt_at: number;
    created_at: number;
    ordinal: number;
  }[];
  answer: IdempotentAnswer | undefined;
}

/**
 * A batched write's `$1`: a JSON array with each write's id, versions and
 * `fields`, and its session JSON, already serialised, spliced in as `data`
 * rather than parsed and written again.
 */
function batchRows<Write extends SessionWrite>(
  writes: Write[],
  fields: (write: Write, index: number) => object,
): string {
  const rows = writes.map((write, index) => {
    const { id, versions } = write;
    const rest = JSON.stringify({
      id,
      stored: versions.stored,
      next: versions.next,
      ...fields(write, index),
    });
    return `{"data":${write.json},${rest.slice(1)}`;
  });
  return `[${rows.join(',')}]`;
}

/** Which of `writes` a batched statement wrote, from the session ids it returned. */
function writtenOf(writes: SessionWrite[], rows: { id: string }[]): boolean[] {
  const ids = new Set(rows.map((row) => row.id));
  return writes.map((write) => ids.has(write.id));
}

/** A key's id in memory: its scope and key, which a NUL never appears in. */
const keyId = (scope: string, key: string) => `${scope}\u0000${key}`;

/** One key's claim, waiting for its batch. */
type KeyClaim = KeyClaimRequest;

/** A key's claim and the session write it allows, waiting for their batch. */
interface ClaimedWrite {
  claim: KeyClaim;
  write: SessionWrite;
}

function hasWrites(effects: SessionEffects): boolean {
  return Boolean(
    effects.payments?.length ||
      effects.events?.length ||
      effects.response ||
      effects.redeem !== undefined,
  );
}

export class SqlStore implements CheckoutStore {
  private readonly sessions: SessionCache | null;
  /** A shared database's sessions as this process last saw them: hints (`recentSessionBySecret`). */
  private readonly hints: SessionCache | null;
  /** The exclusive store's idempotency claims in progress, by scope and key. */
  private readonly claims: Map<string, { fingerprint: string; claimedAt: number }> | null;
  /**
   * The keys the exclusive store's database may hold, once `fillKeyFilter`
   * has read them; until then every claim reads the keys table. Every key
   * the store writes goes in as well, and into the one being filled.
   */
  private keyFilter: KeyFilter | null = null;
  private keyFilterBeingFilled: KeyFilter | null = null;
  /** Keys written since the filter in use was filled: swept ones stay in it until the next. */
  private keysSinceFill = 0;
  private readonly refillKeyFilterAfter: number;
  /** When this process next deletes ended failed-auth windows (ms): at most once a window. */
  private authFailureSweepAt = 0;

  private readonly db: SqlDatabase;
  /** The embedded store: one process, its database in it (`SqlStoreOptions.exclusive`). */
  private readonly exclusive: boolean;
  /** Statements and transactions sent and not answered yet. */
  private statementsOut = 0;

  readonly stopped: Promise<Error> | undefined;

  private constructor(db: SqlDatabase, options: SqlStoreOptions) {
    this.stopped = db.stopped;
    this.db = {
      ...db,
      query: (sql, params) => this.counted(db.query(sql, params)),
      transaction: (work) => this.counted(db.transaction(work)),
    };
    this.exclusive = options.exclusive ?? false;
    const cachedSessions = options.cachedSessions ?? 10_000;
    this.sessions = options.exclusive ? new SessionCache(cachedSessions) : null;
    this.hints = options.exclusive ? null : new SessionCache(cachedSessions);
    this.claims = options.exclusive ? new Map() : null;
    this.refillKeyFilterAfter = options.refillKeyFilterAfter ?? 250_000;
  }

  private counted<T>(statement: Promise<T>): Promise<T> {
    this.statementsOut++;
    return statement.finally(() => this.statementsOut--);
  }

  /**
   * Reads every stored key into a new filter, a page at a time beside the
   * requests being served, and then uses it. Keys written meanwhile go in as
   * they are sent, so once filled it holds every key in the database.
   */
  private fillKeyFilter(): void {
    if (!this.claims || this.keyFilterBeingFilled) return;
    const filter = new KeyFilter();
    this.keyFilterBeingFilled = filter;
    // Should it fail, claims go on with the filter before it, or with reads.
    this.readStoredKeys(filter)
      .then(
        () => {
          this.keyFilter = filter;
          this.keysSinceFill = 0;
        },
        () => {},
      )
      .finally(() => {
        this.keyFilterBeingFilled = null;
      });
  }

  private async readStoredKeys(filter: KeyFilter): Promise<void> {
    let after = { scope: '', key: '' };
    for (;;) {
      const { rows } = await this.db.query<{ scope: string; key: string }>(storedKeysPage, [
        after.scope,
        after.key,
        keyFilterPage,
      ]);
      for (const row of rows) filter.add(keyId(row.scope, row.key));
      if (rows.length < keyFilterPage) break;
      after = rows.at(-1)!;
    }
  }

  /** A key's answer, as the statements that store it take it; the filter learns the key first. */
  private answerParams(answer: IdempotentAnswer): unknown[] {
    const id = keyId(answer.scope, answer.key);
    this.keyFilter?.add(id);
    this.keyFilterBeingFilled?.add(id);
    this.keysSinceFill++;
    return saveAnswerParams(answer);
  }

  /**
   * A shared database's plain session writes (a confirm's claim, say) and key
   * claims of a moment, each one statement: under load, most of a confirm's
   * statements. The exclusive store holds both in its memory instead.
   */
  private readonly sessionWrites = new WriteBatcher<SessionWrite, boolean>(
    (writes) => this.writeSessions(writes),
    (write) => write.id,
  );
  private readonly keyClaims = new WriteBatcher<KeyClaim, boolean>(
    (claims) => this.claimKeys(claims),
    (claim) => keyId(claim.scope, claim.key),
    (claim) => `${claim.lifetimeSeconds}/${claim.leaseSeconds}`,
  );
  /** A shared database's session writes with payments, events or an answer (a confirm's outcome). */
  private readonly outcomeWrites = new WriteBatcher<OutcomeWrite, boolean>(
    (writes) => this.writeOutcomes(writes),
    (write) => [
      write.id,
      ...write.payments.map((payment) => `payment ${payment.id}`),
      ...(write.answer ? [keyId(write.answer.scope, write.answer.key)] : []),
    ],
  );
  /** A confirm's claims: its key and its session, one statement when alone (see `claimAndWrite`). */
  private readonly claimedWrites = new WriteBatcher<ClaimedWrite, UpdateResult>(
    (items) => this.claimAndWrite(items),
    ({ claim, write }) => [write.id, keyId(claim.scope, claim.key)],
    ({ claim }) => `${claim.lifetimeSeconds}/${claim.leaseSeconds}`,
  );

  /** Every client API call starts with this read: batched, one query for the reads of a moment. */
  private readonly bySecret = new ReadBatcher<SecretReadRow, SecretRead>(
    async (reads) => {
      // The batcher's limit is the largest size, so one always fits.
      const size = readBatchSizes.find((size) => size >= reads.length)!;
      // Padded with the last read: a repeated pair finds the same row again, answered once.
      const padded = [...reads, ...Array<SecretRead>(size - reads.length).fill(reads.at(-1)!)];
      const { rows } = await this.db.query<SecretReadRow>(
        readBySecretsSql.get(size)!,
        padded.flatMap((read) => [read.secret, read.known]),
      );
      return new Map(
        rows.map((row) => [secretReadId({ secret: row.client_secret, known: row.known }), row]),
      );
    },
    readBatchSizes.at(-1),
    secretReadId,
    // A server: the reads of one turn of the loop always gather, since each
    // statement costs a socket write and a wake-up on both sides (22-30 % more
    // reads a second at 8 and 64 connections in an interleaved A/B, none fewer
    // at one). The embedded database, which gained nothing measurable that way,
    // takes a lone read at once while it has nothing else to do.
    () => this.exclusive && this.statementsOut === 0,
  );

  /**
   * Opens the store and brings its schema up to date. Any number of processes
   * may do this at once: the first to take the advisory lock migrates, the
   * others wait for it and then find nothing left to do.
   */
  static async open(db: SqlDatabase, options: SqlStoreOptions = {}): Promise<SqlStore> {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
      await tx.query(
        'CREATE TABLE IF NOT EXISTS checkout_kit_migrations (version integer PRIMARY KEY)',
      );
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
    const store = new SqlStore(db, options);
    store.fillKeyFilter();
    return store;
  }

  async insertSession(session: SessionRecord, answer?: IdempotentAnswer): Promise<void> {
    const json = JSON.stringify(session);
    const row = [session.id, session.clientSecret, json, session.created];
    if (answer) {
      await this.db.query(insertSessionWithAnswer, [...row, ...this.answerParams(answer)]);
    } else {
      await this.db.query(
        'INSERT INTO checkout_sessions (id, client_secret, version, data, created_at) VALUES ($1, $2, 1, $3, $4)',
        row,
      );
    }
    this.sessions?.remember(session, 1, json);
    this.hints?.remember(session, 1, json);
  }

  async getSession(id: string): Promise<Versioned<SessionRecord> | null> {
    const cached = this.sessions?.get(id);
    if (cached) return cached;
    const mark = this.sessions?.readMark();
    const { rows } = await this.db.query<SessionRow>(
      'SELECT data, version FROM checkout_sessions WHERE id = $1',
      [id],
    );
    return rows[0] ? this.remembered(rows[0], mark) : null;
  }

  async findSessionByClientSecret(clientSecret: string): Promise<Versioned<SessionRecord> | null> {
    const cached = this.sessions?.getBySecret(clientSecret);
    if (cached) return cached;
    const mark = this.sessions?.readMark();
    const row = await this.bySecret.read({ secret: clientSecret, known: null });
    return row ? this.remembered(row as SessionRow, mark) : null;
  }

  async findChangedSessionByClientSecret(
    clientSecret: string,
    knownVersion: number,
  ): Promise<Versioned<SessionRecord> | 'unchanged' | null> {
    const sessions = this.sessions;
    if (sessions) {
      const held = sessions.versionBySecret(clientSecret);
      if (held === knownVersion) return 'unchanged';
      // Not held: read whole, so memory answers the next read.
      return this.findSessionByClientSecret(clientSecret);
    }
    const row = await this.bySecret.read({ secret: clientSecret, known: knownVersion });
    if (!row) return null;
    return row.data === null ? 'unchanged' : this.remembered(row as SessionRow);
  }

  /**
   * A session the database answered, kept in this process's memory: by the
   * exclusive store to answer the next read (a read begun at `mark`), on a
   * shared database as a hint.
   */
  private remembered(row: SessionRow, mark?: number): Versioned<SessionRecord> {
    const found = versioned(row);
    // A read by secret comes as text, so memory costs no second serialisation.
    const text = typeof row.data === 'string' ? row.data : undefined;
    if (this.sessions && mark !== undefined) {
      this.sessions.rememberRead(
        mark,
        found.value,
        found.version,
        text ?? JSON.stringify(found.value),
      );
    } else if (text !== undefined) {
      this.hints?.remember(found.value, found.version, text);
    }
    return found;
  }

  recentSessionBySecret(clientSecret: string): Versioned<SessionRecord> | undefined {
    return (this.sessions ?? this.hints)!.getBySecret(clientSecret);
  }

  async updateSession(
    next: SessionRecord,
    expectedVersion: number,
    effects: SessionEffects = {},
  ): Promise<UpdateResult> {
    // Serialised once: for the write and for this process's memory of it.
    const json = JSON.stringify(next);
    const result = await this.writeSession(next, json, expectedVersion, effects);
    if (result === 'ok') this.hints?.remember(next, expectedVersion + 1, json);
    else if (result === 'conflict') this.hints?.forgetUpTo(next.id, expectedVersion);
    return result;
  }

  private async writeSession(
    next: SessionRecord,
    json: string,
    expectedVersion: number,
    effects: SessionEffects,
  ): Promise<UpdateResult> {
    // A claim taken over since (after its lease) saves no answer.
    const { response, provisional, claimKey, ...rest } = effects;
    const owned: SessionEffects =
      response && this.ownsClaim(response) ? { ...rest, response } : rest;
    const sessions = this.sessions;
    if (claimKey) {
      // A shared database's plain write and its key go together; otherwise the key comes first.
      if (!sessions && !hasWrites(owned)) {
        const versions = { stored: expectedVersion, next: expectedVersion + 1 };
        return this.claimedWrites.submit({
          claim: claimKey,
          write: { id: next.id, json, versions },
        });
      }
      const { scope, key, fingerprint, now } = claimKey;
      const claim = await this.claimIdempotencyKey(scope, key, fingerprint, now, claimKey);
      if (claim.state !== 'claimed') return 'key_taken';
    }
    if (provisional && sessions && !hasWrites(owned)) {
      if (sessions.holdProvisionally(next, expectedVersion, json)) return 'ok';
    }
    const stored = sessions?.startWrite(next.id, expectedVersion);
    if (stored === 'conflict') return 'conflict';
    const versions = { stored: stored ?? expectedVersion, next: expectedVersion + 1 };
    let result: UpdateResult;
    try {
      result =
        owned.redeem === undefined
          ? await this.updateInOneStatement(next, json, versions, owned)
          : await this.updateAndRedeem(next, json, versions, owned);
    } finally {
      if (sessions) sessions.endWrite(next.id);
    }
    if (result === 'ok') {
      sessions?.remember(next, versions.next, json);
      if (owned.response) this.endClaim(owned.response);
    } else {
      sessions?.forgetUpTo(next.id, expectedVersion);
    }
    return result;
  }

  /**
   * The common case (no redemption): the session's write with its payments,
   * events and answer in one statement (`outcome`); on a shared database,
   * those of one moment together (`writeOutcomes`).
   */
  private async updateInOneStatement(
    next: SessionRecord,
    json: string,
    versions: RowVersions,
    effects: SessionEffects,
  ): Promise<UpdateResult> {
    const payments = (effects.payments ?? []).map((payment) => ({
      id: payment.id,
      session_id: payment.sessionId,
      data: payment,
    }));
    // In the order given: the outbox numbers them as they are inserted.
    const events = (effects.events ?? []).map((event, ordinal) => ({
      id: event.id,
      event,
      next_attempt_at: event.created * 1000,
      created_at: event.created,
      ordinal,
    }));
    const answer = effects.response;
    if (payments.length === 0 && events.length === 0 && !answer) {
      const write = { id: next.id, json, versions };
      // The exclusive store writes alone, one session at a time: no batch to wait for.
      const [written] = this.sessions
        ? await this.writeSessions([write])
        : [await this.sessionWrites.submit(write)];
      return written ? 'ok' : 'conflict';
    }
    const write = { id: next.id, json, versions, payments, events, answer };
    const [written] = this.sessions
      ? await this.writeOutcomes([write])
      : [await this.outcomeWrites.submit(write)];
    return written ? 'ok' : 'conflict';
  }

  /** A batch of `outcomeWrites`: whether each session was written. One alone as `outcome`. */
  private async writeOutcomes(writes: OutcomeWrite[]): Promise<boolean[]> {
    if (writes.length === 1) {
      const { id, json, versions, payments, events, answer } = writes[0]!;
      const { rows } = await this.db.query<{ id: string }>(outcome, [
        json,
        id,
        versions.stored,
        JSON.stringify(payments),
        JSON.stringify(events),
        ...(answer ? this.answerParams(answer) : [null, null, null, null, null, null]),
        versions.next,
      ]);
      return [rows.length > 0];
    }
    const rows = batchRows(writes, ({ payments, events, answer }, ordinal) => {
      const [scope, key, fingerprint, created_at, status, body] = answer
        ? this.answerParams(answer)
        : [];
      const answers = answer ? [{ scope, key, fingerprint, created_at, status, body }] : [];
      return { payments, events, answers, ordinal };
    });
    const { rows: written } = await this.db.query<{ id: string }>(writeOutcomes, [rows]);
    return writtenOf(writes, written);
  }

  /** With a redemption: a transaction, rolled back when the code has none left. */
  private async updateAndRedeem(
    next: SessionRecord,
    json: string,
    versions: RowVersions,
    effects: SessionEffects,
  ): Promise<UpdateResult> {
    try {
      return await this.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(updateSessionRow, [
          json,
          next.id,
          versions.stored,
          versions.next,
        ]);
        if (rows.length === 0) return 'conflict' as const;
        const { rows: redeemed } = await tx.query<{ id: string }>(
          `UPDATE promotion_codes SET times_redeemed = times_redeemed + 1
           WHERE id = $1 AND (max_redemptions IS NULL OR times_redeemed < max_redemptions)
           RETURNING id`,
          [effects.redeem],
        );
        if (redeemed.length === 0) throw exhausted;
        for (const payment of effects.payments ?? []) {
          await tx.query(
            `INSERT INTO payments (id, session_id, data) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data`,
            [payment.id, payment.sessionId, JSON.stringify(payment)],
          );
        }
        for (const event of effects.events ?? []) {
          await tx.query(
            `INSERT INTO webhook_outbox (id, event, next_attempt_at, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
            [event.id, JSON.stringify(event), event.created * 1000, event.created],
          );
        }
        if (effects.response) await tx.query(saveAnswer, this.answerParams(effects.response));
        return 'ok' as const;
      });
    } catch (error) {
      if (error === exhausted) return 'exhausted';
      throw error;
    }
  }

  async hasCompletedSession(who: {
    customer?: string | null;
    email?: string | null;
  }): Promise<boolean> {
    if (!who.customer && !who.email) return false;
    const { rows } = await this.db.query<{ found: number }>(firstPurchaseQuery, [
      who.customer ?? null,
      who.email ?? null,
    ]);
    return rows.length > 0;
  }

  async insertPromotionCode(code: PromotionCode): Promise<boolean> {
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO promotion_codes (id, code_key, active, times_redeemed, max_redemptions, data, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        code.id,
        code.code.toLowerCase(),
        code.active,
        code.times_redeemed,
        code.max_redemptions,
        JSON.stringify(code),
        code.created,
      ],
    );
    return rows.length > 0;
  }

  async getPromotionCode(id: string): Promise<PromotionCode | null> {
    const { rows } = await this.db.query<PromotionCodeRow>(
      'SELECT data, active, times_redeemed FROM promotion_codes WHERE id = $1',
      [id],
    );
    return rows[0] ? promotionCodeFrom(rows[0]) : null;
  }

  async findPromotionCodeByCode(code: string): Promise<PromotionCode | null> {
    const { rows } = await this.db.query<PromotionCodeRow>(
      'SELECT data, active, times_redeemed FROM promotion_codes WHERE code_key = $1',
      [code.toLowerCase()],
    );
    return rows[0] ? promotionCodeFrom(rows[0]) : null;
  }

  async setPromotionCodeActive(id: string, active: boolean): Promise<PromotionCode | null> {
    const { rows } = await this.db.query<PromotionCodeRow>(
      'UPDATE promotion_codes SET active = $2 WHERE id = $1 RETURNING data, active, times_redeemed',
      [id, active],
    );
    return rows[0] ? promotionCodeFrom(rows[0]) : null;
  }

  async listPayments(sessionId: string): Promise<PaymentRecord[]> {
    const { rows } = await this.db.query<{ data: PaymentRecord | string }>(
      'SELECT data FROM payments WHERE session_id = $1',
      [sessionId],
    );
    return rows.map((row) => parseJson(row.data));
  }

  async listSessions(api: SessionSource['api'], limit: number): Promise<SessionRecord[]> {
    const { rows } = await this.db.query<SessionRow>(
      `SELECT data, version FROM checkout_sessions
       WHERE coalesce(data->'source'->>'api', 'checkout_sessions') = $1
       ORDER BY created_at DESC, id DESC LIMIT $2`,
      [api, limit],
    );
    return rows.map((row) => versioned(row).value);
  }

  async listDueSessions(now: number, limit: number): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(dueSessionsQuery, [now, limit]);
    return rows.map((row) => row.id);
  }

  async insertCatalogObject(object: CatalogObject): Promise<boolean> {
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO catalog_objects (id, object, data, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING id`,
      [object.id, object.object, JSON.stringify(object), object.created],
    );
    return rows.length > 0;
  }

  async getCatalogObject(id: string): Promise<CatalogObject | null> {
    const { rows } = await this.db.query<{ data: CatalogObject | string }>(
      'SELECT data FROM catalog_objects WHERE id = $1',
      [id],
    );
    return rows[0] ? parseJson(rows[0].data) : null;
  }

  async listCatalogObjects(type: CatalogObjectType, limit: number): Promise<CatalogObject[]> {
    const { rows } = await this.db.query<{ data: CatalogObject | string }>(
      'SELECT data FROM catalog_objects WHERE object = $1 ORDER BY created_at DESC, id DESC LIMIT $2',
      [type, limit],
    );
    return rows.map((row) => parseJson(row.data));
  }

  async claimDueWebhooks(now: number, limit: number, leaseMs: number): Promise<OutboxEntry[]> {
    // SKIP LOCKED lets several instances claim disjoint batches without waiting on each other.
    const { rows } = await this.db.query<OutboxRow>(
      `UPDATE webhook_outbox SET next_attempt_at = $2
       WHERE id IN (
         SELECT id FROM webhook_outbox
         WHERE delivered_at IS NULL AND next_attempt_at <= $1
         ORDER BY next_attempt_at, seq LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING ${outboxColumns}`,
      [now, now + leaseMs, limit],
    );
    return rows.map(outboxEntryFrom);
  }

  async markWebhookDelivered(id: string, now: number): Promise<void> {
    await this.db.query(
      `UPDATE webhook_outbox SET delivered_at = $2, attempts = attempts + 1, last_error = NULL
       WHERE id = $1 AND delivered_at IS NULL`,
      [id, now],
    );
  }

  async markWebhookFailed(
    id: string,
    attempts: number,
    nextAttemptAt: number,
    error: string,
  ): Promise<void> {
    await this.db.query(
      `UPDATE webhook_outbox SET attempts = $2, next_attempt_at = $3, last_error = $4
       WHERE id = $1 AND delivered_at IS NULL`,
      [id, attempts, nextAttemptAt, error],
    );
  }

  async listWebhooks(limit: number): Promise<OutboxEntry[]> {
    const { rows } = await this.db.query<OutboxRow>(
      `SELECT ${outboxColumns} FROM webhook_outbox ORDER BY seq DESC LIMIT $1`,
      [limit],
    );
    return rows.map(outboxEntryFrom);
  }

  async claimIdempotencyKey(
    scope: string,
    key: string,
    fingerprint: string,
    now: number,
    limits: IdempotencyLimits,
  ): Promise<IdempotencyClaim> {
    if (this.claims) return this.claimInProcess(scope, key, fingerprint, now, limits);
    // A second statement reads what holds the key when the claim did not win it.
    const won = await this.keyClaims.submit({ scope, key, fingerprint, now, ...limits });
    if (won) return { state: 'claimed' };
    const row = await this.savedKey(scope, key);
    if (!row) return this.claimIdempotencyKey(scope, key, fingerprint, now, limits);
    return row.status === null ? { state: 'in_progress', fingerprint: row.fingerprint } : done(row);
  }

  /**
   * The exclusive store's claims: only this process serves its requests, so a
   * claim in progress is held in memory (set before any await, so of racing
   * claims one wins) and the key reaches the database with its answer; a read
   * tells whether an earlier request finished under it. A claim dies with the
   * process, as it should: that request is not running any more.
   */
  private async claimInProcess(
    scope: string,
    key: string,
    fingerprint: string,
    now: number,
    limits: IdempotencyLimits,
  ): Promise<IdempotencyClaim> {
    const claims = this.claims!;
    const id = keyId(scope, key);
    const running = claims.get(id);
    if (running && running.claimedAt > now - limits.leaseSeconds) {
      return { state: 'in_progress', fingerprint: running.fingerprint };
    }
    const mine = { fingerprint, claimedAt: now };
    claims.set(id, mine);
    // A key the database cannot hold (nearly every new one) needs no read.
    if (this.keyFilter && !this.keyFilter.mightHold(id)) return { state: 'claimed' };
    const row = await this.savedKey(scope, key);
    if (row && row.status !== null && Number(row.created_at) > now - limits.lifetimeSeconds) {
      if (claims.get(id) === mine) claims.delete(id);
      return done(row);
    }
    // Aged out, or left unfinished by a run before this one: free.
    if (row) {
      await this.db.query(
        'DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND created_at = $3',
        [scope, key, row.created_at],
      );
    }
    return { state: 'claimed' };
  }

  /** A batch of `sessionWrites`: whether each was written. One alone as the single-row statement. */
  private async writeSessions(writes: SessionWrite[]): Promise<boolean[]> {
    if (writes.length === 1) {
      const { id, json, versions } = writes[0]!;
      const { rows } = await this.db.query(updateSessionRow, [
        json,
        id,
        versions.stored,
        versions.next,
      ]);
      return [rows.length > 0];
    }
    const { rows: written } = await this.db.query<{ id: string }>(updateSessionRows, [
      batchRows(writes, () => ({})),
    ]);
    return writtenOf(writes, written);
  }

  /**
   * A batch of `claimedWrites`, one statement: each session written only if
   * its key was won.
   */
  private async claimAndWrite(items: ClaimedWrite[]): Promise<UpdateResult[]> {
    if (items.length === 1) {
      const { claim, write } = items[0]!;
      const { rows } = await this.db.query<{ claimed: boolean; updated: boolean }>(
        claimKeyAndUpdateSession,
        [
          write.json,
          write.id,
          write.versions.stored,
          write.versions.next,
          claim.scope,
          claim.key,
          claim.fingerprint,
          claim.now,
          claim.now - claim.lifetimeSeconds,
          claim.now - claim.leaseSeconds,
        ],
      );
      const { claimed, updated } = rows[0]!;
      return [claimed ? (updated ? 'ok' : 'conflict') : 'key_taken'];
    }
    const { lifetimeSeconds, leaseSeconds } = items[0]!.claim;
    const { rows } = await this.db.query<{
      scope: string;
      key: string;
      claimed: boolean;
      updated: boolean;
    }>(claimKeysAndUpdateSessions, [
      batchRows(
        items.map((item) => item.write),
        (_, index) => {
          const { scope, key, fingerprint, now } = items[index]!.claim;
          return { scope, key, fingerprint, created_at: now };
        },
      ),
      lifetimeSeconds,
      leaseSeconds,
    ]);
    const outcomes = new Map(rows.map((row) => [keyId(row.scope, row.key), row]));
    return items.map(({ claim }) => {
      const row = outcomes.get(keyId(claim.scope, claim.key));
      if (!row?.claimed) return 'key_taken';
      return row.updated ? 'ok' : 'conflict';
    });
  }

  /** A batch of `keyClaims` (one lifetime and lease): whether each won its key. */
  private async claimKeys(claims: KeyClaim[]): Promise<boolean[]> {
    if (claims.length === 1) {
      const { scope, key, fingerprint, now, lifetimeSeconds, leaseSeconds } = claims[0]!;
      const { rows } = await this.db.query(claimKey, [
        scope,
        key,
        fingerprint,
        now,
        now - lifetimeSeconds,
        now - leaseSeconds,
      ]);
      return [rows.length > 0];
    }
    const { lifetimeSeconds, leaseSeconds } = claims[0]!;
    const { rows } = await this.db.query<{ scope: string; key: string }>(claimKeys, [
      JSON.stringify(
        claims.map(({ scope, key, fingerprint, now }) => ({
          scope,
          key,
          fingerprint,
          created_at: now,
        })),
      ),
      lifetimeSeconds,
      leaseSeconds,
    ]);
    const won = new Set(rows.map((row) => keyId(row.scope, row.key)));
    return claims.map((claim) => won.has(keyId(claim.scope, claim.key)));
  }

  private async savedKey(scope: string, key: string) {
    const { rows } = await this.db.query<{
      fingerprint: string;
      status: number | null;
      body: string | null;
      created_at: number | string;
    }>(
      'SELECT fingerprint, status, body, created_at FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    return rows[0];
  }

  /** Whether `answer` still belongs to the live claim (always, on a shared database: SQL checks there). */
  private ownsClaim(answer: { scope: string; key: string; claimedAt: number }): boolean {
    if (!this.claims) return true;
    return this.claims.get(keyId(answer.scope, answer.key))?.claimedAt === answer.claimedAt;
  }

  private endClaim(answer: { scope: string; key: string; claimedAt: number }): void {
    if (this.ownsClaim(answer)) this.claims?.delete(keyId(answer.scope, answer.key));
  }

  async saveIdempotentResponse(answer: IdempotentAnswer): Promise<void> {
    if (!this.ownsClaim(answer)) return;
    await this.db.query(saveAnswer, this.answerParams(answer));
    this.endClaim(answer);
  }

  async releaseIdempotencyKey(scope: string, key: string, claimedAt: number): Promise<void> {
    if (this.claims) {
      this.endClaim({ scope, key, claimedAt });
      return;
    }
    await this.db.query(
      'DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND created_at = $3 AND status IS NULL',
      [scope, key, claimedAt],
    );
  }

  async sweepIdempotencyKeys(before: number, limit: number): Promise<number> {
    let swept = 0;
    for (const [id, claim] of this.claims ?? []) {
      if (swept >= limit) return swept;
      if (claim.claimedAt < before) {
        this.claims?.delete(id);
        swept++;
      }
    }
    const { rows } = await this.db.query<{ key: string }>(
      `DELETE FROM idempotency_keys WHERE (scope, key) IN (
         SELECT scope, key FROM idempotency_keys WHERE created_at < $1 LIMIT $2)
       RETURNING key`,
      [before, limit - swept],
    );
    // The swept keys stay in the key filter: a new one clears them once enough have gone in since.
    if (rows.length > 0 && this.keysSinceFill >= this.refillKeyFilterAfter) this.fillKeyFilter();
    return swept + rows.length;
  }

  async recordAuthFailure(key: string, now: number, windowMs: number): Promise<AuthFailureCount> {
    if (now >= this.authFailureSweepAt) {
      this.authFailureSweepAt = now + windowMs;
      await this.db.query('DELETE FROM auth_failures WHERE reset_at <= $1', [now]);
    }
    // One statement: a new key, or a window that ended, starts again at one.
    const { rows } = await this.db.query<{ failures: number; reset_at: number | string }>(
      `INSERT INTO auth_failures (key, failures, reset_at) VALUES ($1, 1, $3)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN auth_failures.reset_at <= $2 THEN 1 ELSE auth_failures.failures + 1 END,
         reset_at = CASE WHEN auth_failures.reset_at <= $2 THEN EXCLUDED.reset_at ELSE auth_failures.reset_at END
       RETURNING failures, reset_at`,
      [key, now, now + windowMs],
    );
    const row = rows[0]!;
    return { failures: Number(row.failures), resetAt: Number(row.reset_at) };
  }

  /**
   * One indexed read of a tiny table: the database answers, and every
   * migration this code knows has been applied (a process of a newer version
   * may have applied more).
   */
  async ping(): Promise<void> {
    const { rows } = await this.db.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM checkout_kit_migrations',
    );
    const version = Number(rows[0]?.version ?? 0);
    if (version < migrations.length) {
      throw new Error(
        `The database schema is at migration ${version}; this version needs ${migrations.length}.`,
      );
    }
  }

  async webhookBacklog(): Promise<WebhookBacklog> {
    const { rows } = await this.db.query<{
      pending: number | string;
      oldest: number | string | null;
    }>(
      'SELECT count(*) AS pending, min(created_at) AS oldest FROM webhook_outbox WHERE delivered_at IS NULL',
    );
    const row = rows[0];
    return {
      pending: Number(row?.pending ?? 0),
      oldestCreated: row?.oldest == null ? null : Number(row.oldest),
    };
  }

  poolStats(): PoolStats | null {
    return this.db.poolStats?.() ?? null;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
