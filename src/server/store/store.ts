import type { PromotionCode } from '../sessions/promotion-codes.js';
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

/** What a session update carries along, written in the same transaction. */
export interface SessionEffects {
  /** Payments to insert or update. */
  payments?: PaymentRecord[];
  /**
   * A promotion code id to redeem once: its `times_redeemed` goes up by one
   * unless that would pass `max_redemptions`, in which case nothing is written.
   */
  redeem?: string;
}

/** `exhausted`: the session's version matched but the code to redeem had no redemption left. */
export type UpdateResult = 'ok' | 'conflict' | 'exhausted';

/**
 * Everything the endpoint keeps. Implementations: `MemoryStore` (tests,
 * Storybook) and `SqlStore` (PGlite by default, PostgreSQL later), side by
 * side in this folder and held to one contract test.
 *
 * Concurrency rests on two primitives: `updateSession` is compare-and-set on
 * the version, and `claimIdempotencyKey` lets exactly one request own a key. Promotion code
 * redemptions are counted inside the completing session update, so a code
 * cannot be redeemed twice for one session nor past its limit.
 */
export interface CheckoutStore {
  insertSession(session: SessionRecord): Promise<void>;
  getSession(id: string): Promise<Versioned<SessionRecord> | null>;
  findSessionByClientSecret(clientSecret: string): Promise<Versioned<SessionRecord> | null>;
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
