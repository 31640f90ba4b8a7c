import type { CatalogObject, CatalogObjectType } from '../catalog/catalog.js';
import type { PromotionCode } from '../sessions/promotion-codes.js';
import type { PaymentRecord, SessionRecord, SessionSource } from '../sessions/session.js';
import type { OutboxEntry, WebhookEvent } from '../webhooks/event.js';

/** A stored value with the version that a compare-and-set update must name. */
export interface Versioned<T> {
  value: T;
  version: number;
}

/** A finished request saved under its idempotency key, replayed on retry. */
export interface SavedResponse {
  status: number;
  body: string;
}

/** How long a key is remembered, and how long an unfinished claim holds it. */
export interface IdempotencyLimits {
  lifetimeSeconds: number;
  leaseSeconds: number;
}

/** A claim on an idempotency key, as `claimIdempotencyKey` takes it. */
export interface KeyClaimRequest extends IdempotencyLimits {
  scope: string;
  key: string;
  fingerprint: string;
  /** Unix seconds. */
  now: number;
}

export type IdempotencyClaim =
  | { state: 'claimed' }
  | { state: 'in_progress'; fingerprint: string }
  | { state: 'done'; fingerprint: string; response: SavedResponse };

/** What a session update carries along, written in the same transaction. */
export interface SessionEffects {
  /** Payments to insert or update. */
  payments?: PaymentRecord[];
  /**
   * A promotion code id to redeem once: its `times_redeemed` goes up by one
   * unless that would pass `max_redemptions`, in which case nothing is written.
   */
  redeem?: string;
  /** Webhook events the change causes, queued in the outbox with it (or not at all). */
  events?: WebhookEvent[];
  /**
   * The answer of the idempotent request making the change, saved under its
   * key with it, as `saveIdempotentResponse` would: one write instead of two.
   */
  response?: IdempotentAnswer;
  /**
   * The change may live only in the memory of a process that alone writes
   * the database (the embedded store) until the session's next write, so it
   * costs no query; a crash then forgets it. Only for changes whose loss
   * loses nothing: a confirm's claim on the session, which ends with the
   * confirm anyway. Ignored when there are other effects, and by other stores.
   */
  provisional?: boolean;
  /**
   * An idempotency key to claim with the write, as `claimIdempotencyKey`
   * would: the session is written only if the key is won, and the result is
   * `key_taken` (nothing written) when it is not. A key won stays claimed
   * even when the session's version conflicts. A confirm claims its key and
   * its session this way, in one round trip on a shared database.
   */
  claimKey?: KeyClaimRequest;
}

/** An idempotent request's answer, for the key it claimed at `claimedAt`. */
export interface IdempotentAnswer {
  scope: string;
  key: string;
  /** Of the request, as claimed. */
  fingerprint: string;
  claimedAt: number;
  response: SavedResponse;
}

/** Failures in the current window of a key, and when the window ends (ms). */
export interface AuthFailureCount {
  failures: number;
  resetAt: number;
}

/** Undelivered webhook events: how many, and when the oldest was created (Unix seconds). */
export interface WebhookBacklog {
  pending: number;
  oldestCreated: number | null;
}

/** A connection pool's use right now (node-postgres' `totalCount`, `idleCount`, `waitingCount`). */
export interface PoolStats {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  /** Most connections the pool opens. */
  max: number;
}

/**
 * `exhausted`: the session's version matched but the code to redeem had no
 * redemption left. `key_taken`: the key to claim with the write
 * (`SessionEffects.claimKey`) is held by another request, or was used.
 */
export type UpdateResult = 'ok' | 'conflict' | 'exhausted' | 'key_taken';

/**
 * Everything the endpoint keeps. Implementations: `MemoryStore` (tests,
 * Storybook) and `SqlStore` (PGlite by default, or a PostgreSQL server shared
 * by many processes), side by side in this folder and held to one contract test.
 *
 * Concurrency rests on two primitives: `updateSession` is compare-and-set on
 * the version, and `claimIdempotencyKey` lets exactly one request own a key. Promotion code
 * redemptions are counted inside the completing session update, so a code
 * cannot be redeemed twice for one session nor past its limit.
 */
export interface CheckoutStore {
  /**
   * Stores a new session; with `answer`, saves the create's idempotent answer
   * in the same write, so a process that dies after it never leaves a
   * session its key's retry would create a second time.
   */
  insertSession(session: SessionRecord, answer?: IdempotentAnswer): Promise<void>;
  getSession(id: string): Promise<Versioned<SessionRecord> | null>;
  findSessionByClientSecret(clientSecret: string): Promise<Versioned<SessionRecord> | null>;
  /**
   * The session as this process last wrote or read it, without a query, or
   * undefined. On a database other processes write too it may be stale: only
   * for a caller whose write compares versions and, when that fails, starts
   * over from a real read (the client's writes, `hintForClientWrite`: a
   * confirm, an update, a promotion code, a cancel, each a round trip fewer).
   */
  recentSessionBySecret(clientSecret: string): Versioned<SessionRecord> | undefined;
  /**
   * The same read for a reader that holds the session at `knownVersion`:
   * `'unchanged'`, without the session's data, while it is still at that version.
   */
  findChangedSessionByClientSecret(
    clientSecret: string,
    knownVersion: number,
  ): Promise<Versioned<SessionRecord> | 'unchanged' | null>;
  /**
   * Writes `next` with its effects (payments upserted, a promotion code
   * redeemed) in one transaction, only if the stored version still equals
   * `expectedVersion`: `conflict` when another writer got there first,
   * `exhausted` when the code to redeem has no redemption left; in both cases
   * nothing is written.
   */
  updateSession(
    next: SessionRecord,
    expectedVersion: number,
    effects?: SessionEffects,
  ): Promise<UpdateResult>;
  listPayments(sessionId: string): Promise<PaymentRecord[]>;
  /** Sessions created through one merchant API, newest first. */
  listSessions(api: SessionSource['api'], limit: number): Promise<SessionRecord[]>;
  /**
   * Ids of open sessions with something due by `now` (Unix seconds): expiry,
   * or a crypto deposit's confirmation. The webhook worker settles them so
   * their events go out even when no one reads the session.
   */
  listDueSessions(now: number, limit: number): Promise<string[]>;
  /**
   * Whether a complete session belongs to this customer: the same `customer`
   * id, or the same email (case-insensitive) entered at payment or prefilled.
   */
  hasCompletedSession(who: { customer?: string | null; email?: string | null }): Promise<boolean>;

  /** Saves a new code; false (and nothing saved) when its code exists in any letter case. */
  insertPromotionCode(code: PromotionCode): Promise<boolean>;
  getPromotionCode(id: string): Promise<PromotionCode | null>;
  /** Case-insensitive. */
  findPromotionCodeByCode(code: string): Promise<PromotionCode | null>;
  /** Returns the updated code, or null when there is none with this id. */
  setPromotionCodeActive(id: string, active: boolean): Promise<PromotionCode | null>;

  /** Saves a product, price or plan; false (and nothing saved) when its id exists. */
  insertCatalogObject(object: CatalogObject): Promise<boolean>;
  getCatalogObject(id: string): Promise<CatalogObject | null>;
  /** Newest first. */
  listCatalogObjects(type: CatalogObjectType, limit: number): Promise<CatalogObject[]>;

  /**
   * Takes up to `limit` undelivered events due by `now` (ms) and pushes their
   * next attempt `leaseMs` ahead, so two workers do not send the same event
   * at once; a worker that dies leaves them due again when the lease ends.
   */
  claimDueWebhooks(now: number, limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  markWebhookDelivered(id: string, now: number): Promise<void>;
  /** Records a failed attempt and when to try again. */
  markWebhookFailed(
    id: string,
    attempts: number,
    nextAttemptAt: number,
    error: string,
  ): Promise<void>;
  /** Newest first, for the merchant's view of deliveries. */
  listWebhooks(limit: number): Promise<OutboxEntry[]>;

  /**
   * Claims `key` in `scope` for a request with this fingerprint at `now`
   * (Unix seconds). Keys older than `lifetimeSeconds` are free again, and so is
   * a key still in progress after `leaseSeconds`: its owner is taken to have
   * died mid-request, and a retry may take it over.
   */
  claimIdempotencyKey(
    scope: string,
    key: string,
    fingerprint: string,
    now: number,
    limits: IdempotencyLimits,
  ): Promise<IdempotencyClaim>;
  /**
   * Saves the answer of the claim made at `answer.claimedAt`; a no-op when
   * another request has taken the key over since.
   */
  saveIdempotentResponse(answer: IdempotentAnswer): Promise<void>;
  /** Frees the claim made at `claimedAt` when its request failed before it changed anything. */
  releaseIdempotencyKey(scope: string, key: string, claimedAt: number): Promise<void>;
  /** Deletes up to `limit` keys claimed before `before` (Unix seconds); returns how many. */
  sweepIdempotencyKeys(before: number, limit: number): Promise<number>;

  /**
   * Counts one failed authentication under `key` (a client address) in its
   * fixed window: the first failure, or the first after the window ended,
   * starts a window of `windowMs` at `now` (ms). Atomic, so processes sharing
   * the database share one count. Written only on failures; windows that
   * ended are swept as failures come.
   */
  recordAuthFailure(key: string, now: number, windowMs: number): Promise<AuthFailureCount>;

  /**
   * Resolves when the store answers and its schema is up to date; rejects
   * otherwise. `/readyz` calls it (with a short timeout), so it must be
   * cheap. Optional for stores of your own: without it, the store counts as
   * answering.
   */
  ping?(): Promise<void>;
  /** The outbox's backlog, for `/metrics`. Optional for stores of your own. */
  webhookBacklog?(): Promise<WebhookBacklog>;
  /** The connection pool's use, for `/metrics`; null or absent when there is no pool. */
  poolStats?(): PoolStats | null;
  /**
   * Settles if the store stops for good by itself: the embedded database's
   * thread died, and with it what this process holds of the data. Only a
   * new process recovers: `/healthz` then answers 503, and the Node server's
   * command exits (`exitWhenStoreStops`). A shared database that goes away
   * for a while does not settle it: `/readyz` reports that.
   */
  readonly stopped?: Promise<Error>;

  close(): Promise<void>;
}

/**
 * Work begun from a hint (`hintForClientWrite`) could not confirm it
 * (`transition`): another process changed the session since, there was
 * nothing to write, or the work refused what the hint showed. Nothing was
 * written; begin again from a read, so every check sees what is stored.
 */
export class UnconfirmedHint extends Error {
  constructor() {
    super('This process’s last sight of the session is not confirmed by the store.');
  }
}
