import type { PaymentRecord, SessionRecord } from '../sessions/session.js';

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

export type IdempotencyClaim =
  | { state: 'claimed' }
  | { state: 'in_progress'; fingerprint: string }
  | { state: 'done'; fingerprint: string; response: SavedResponse };

/**
 * Everything the endpoint keeps. Implementations: `MemoryStore` (tests,
 * Storybook) and `SqlStore` (PGlite by default, PostgreSQL later), side by
 * side in this folder and held to one contract test.
 *
 * Concurrency rests on two primitives: `updateSession` is compare-and-set on
 * the version, and `claimIdempotencyKey` lets exactly one request own a key.
 */
export interface CheckoutStore {
  insertSession(session: SessionRecord): Promise<void>;
  getSession(id: string): Promise<Versioned<SessionRecord> | null>;
  findSessionByClientSecret(clientSecret: string): Promise<Versioned<SessionRecord> | null>;
  /**
   * Writes `next` (and upserts `payments`) in one transaction only if the
   * stored version still equals `expectedVersion`. Returns false when another
   * writer got there first.
   */
  updateSession(
    next: SessionRecord,
    expectedVersion: number,
    payments?: PaymentRecord[],
  ): Promise<boolean>;
  listPayments(sessionId: string): Promise<PaymentRecord[]>;

  /** Claims `key` in `scope` for a request with this fingerprint; keys older than `ttlSeconds` are free again. */
  claimIdempotencyKey(
    scope: string,
    key: string,
    fingerprint: string,
    now: number,
    ttlSeconds: number,
  ): Promise<IdempotencyClaim>;
  saveIdempotentResponse(scope: string, key: string, response: SavedResponse): Promise<void>;
  /** Frees a claimed key whose request failed before it changed anything. */
  releaseIdempotencyKey(scope: string, key: string): Promise<void>;

  close(): Promise<void>;
}
