import type { CatalogObject, CatalogObjectType } from '../catalog/catalog.js';
import type { PromotionCode } from '../sessions/promotion-codes.js';
import {
  type PaymentRecord,
  type SessionRecord,
  type SessionSource,
  settlementDue,
} from '../sessions/session.js';
import type { OutboxEntry } from '../webhooks/event.js';
import type {
  AuthFailureCount,
  CheckoutStore,
  IdempotencyClaim,
  IdempotencyLimits,
  IdempotentAnswer,
  SavedResponse,
  SessionEffects,
  UpdateResult,
  Versioned,
  WebhookBacklog,
} from './store.js';

interface IdempotencyEntry {
  fingerprint: string;
  created: number;
  response: SavedResponse | null;
}

/**
 * Keeps everything in this process's memory. For tests and for Storybook,
 * which runs the real handler in the browser. Values are cloned on the way in
 * and out so callers cannot change stored state by accident.
 */
export class MemoryStore implements CheckoutStore {
  private readonly sessions = new Map<string, Versioned<SessionRecord>>();
  private readonly bySecret = new Map<string, string>();
  private readonly payments = new Map<string, PaymentRecord>();
  private readonly idempotency = new Map<string, IdempotencyEntry>();
  private readonly promotionCodes = new Map<string, PromotionCode>();
  private readonly catalog = new Map<string, CatalogObject>();
  /** In insertion order, which is creation order. */
  private readonly outbox = new Map<string, OutboxEntry>();
  /** Failed authentications by key, in their current window. */
  private readonly authFailures = new Map<string, AuthFailureCount>();
  /** When ended windows are next deleted (ms): at most once a window. */
  private authFailureSweepAt = 0;

  async insertSession(session: SessionRecord, answer?: IdempotentAnswer): Promise<void> {
    if (this.sessions.has(session.id)) throw new Error(`session ${session.id} exists`);
    this.sessions.set(session.id, { value: structuredClone(session), version: 1 });
    this.bySecret.set(session.clientSecret, session.id);
    if (answer) await this.saveIdempotentResponse(answer);
  }

  async getSession(id: string): Promise<Versioned<SessionRecord> | null> {
    const found = this.sessions.get(id);
    return found ? structuredClone(found) : null;
  }

  async findSessionByClientSecret(clientSecret: string): Promise<Versioned<SessionRecord> | null> {
    const id = this.bySecret.get(clientSecret);
    return id ? this.getSession(id) : null;
  }

  /** A read here costs no round trip, so there is nothing to save: read instead. */
  recentSessionBySecret(): undefined {
    return undefined;
  }

  async findChangedSessionByClientSecret(
    clientSecret: string,
    knownVersion: number,
  ): Promise<Versioned<SessionRecord> | 'unchanged' | null> {
    const id = this.bySecret.get(clientSecret);
    const found = id === undefined ? undefined : this.sessions.get(id);
    if (!found) return null;
    return found.version === knownVersion ? 'unchanged' : structuredClone(found);
  }

  /**
   * No await between the checks and the writes: nothing can interleave, so it
   * is atomic. A key to claim is claimed first, and stays claimed whatever
   * becomes of the session's write.
   */
  async updateSession(
    next: SessionRecord,
    expectedVersion: number,
    effects: SessionEffects = {},
  ): Promise<UpdateResult> {
    const { claimKey } = effects;
    if (claimKey) {
      const { scope, key, fingerprint, now } = claimKey;
      const claim = await this.claimIdempotencyKey(scope, key, fingerprint, now, claimKey);
      if (claim.state !== 'claimed') return 'key_taken';
    }
    const current = this.sessions.get(next.id);
    if (!current || current.version !== expectedVersion) return 'conflict';
    if (effects.redeem !== undefined) {
      const code = this.promotionCodes.get(effects.redeem);
      if (!code || (code.max_redemptions !== null && code.times_redeemed >= code.max_redemptions)) {
        return 'exhausted';
      }
      code.times_redeemed += 1;
    }
    this.sessions.set(next.id, { value: structuredClone(next), version: expectedVersion + 1 });
    for (const payment of effects.payments ?? []) {
      this.payments.set(payment.id, structuredClone(payment));
    }
    for (const event of effects.events ?? []) {
      this.outbox.set(event.id, {
        event: structuredClone(event),
        attempts: 0,
        nextAttemptAt: event.created * 1000,
        deliveredAt: null,
        lastError: null,
      });
    }
    if (effects.response) await this.saveIdempotentResponse(effects.response);
    return 'ok';
  }

  async hasCompletedSession(who: {
    customer?: string | null;
    email?: string | null;
  }): Promise<boolean> {
    const email = who.email?.toLowerCase();
    for (const { value } of this.sessions.values()) {
      if (value.status !== 'complete') continue;
      if (who.customer && value.customer === who.customer) return true;
      const emails = [value.customerDetails?.email, value.customerEmail];
      if (email && emails.some((known) => known?.toLowerCase() === email)) return true;
    }
    return false;
  }

  async insertPromotionCode(code: PromotionCode): Promise<boolean> {
    const key = code.code.toLowerCase();
    for (const existing of this.promotionCodes.values()) {
      if (existing.code.toLowerCase() === key) return false;
    }
    if (this.promotionCodes.has(code.id)) return false;
    this.promotionCodes.set(code.id, structuredClone(code));
    return true;
  }

  async getPromotionCode(id: string): Promise<PromotionCode | null> {
    const found = this.promotionCodes.get(id);
    return found ? structuredClone(found) : null;
  }

  async findPromotionCodeByCode(code: string): Promise<PromotionCode | null> {
    const key = code.toLowerCase();
    for (const found of this.promotionCodes.values()) {
      if (found.code.toLowerCase() === key) return structuredClone(found);
    }
    return null;
  }

  async setPromotionCodeActive(id: string, active: boolean): Promise<PromotionCode | null> {
    const found = this.promotionCodes.get(id);
    if (!found) return null;
    found.active = active;
    return structuredClone(found);
  }

  async listPayments(sessionId: string): Promise<PaymentRecord[]> {
    return [...this.payments.values()]
      .filter((payment) => payment.sessionId === sessionId)
      .map((payment) => structuredClone(payment));
  }

  async listSessions(api: SessionSource['api'], limit: number): Promise<SessionRecord[]> {
    return [...this.sessions.values()]
      .map(({ value }) => value)
      .filter((session) => (session.source?.api ?? 'checkout_sessions') === api)
      .reverse()
      .slice(0, limit)
      .map((session) => structuredClone(session));
  }

  async listDueSessions(now: number, limit: number): Promise<string[]> {
    return [...this.sessions.values()]
      .map(({ value }) => value)
      .filter((session) => settlementDue(session, now))
      .slice(0, limit)
      .map((session) => session.id);
  }

  async insertCatalogObject(object: CatalogObject): Promise<boolean> {
    if (this.catalog.has(object.id)) return false;
    this.catalog.set(object.id, structuredClone(object));
    return true;
  }

  async getCatalogObject(id: string): Promise<CatalogObject | null> {
    const found = this.catalog.get(id);
    return found ? structuredClone(found) : null;
  }

  async listCatalogObjects(type: CatalogObjectType, limit: number): Promise<CatalogObject[]> {
    return [...this.catalog.values()]
      .filter((object) => object.object === type)
      .reverse()
      .slice(0, limit)
      .map((object) => structuredClone(object));
  }

  async claimDueWebhooks(now: number, limit: number, leaseMs: number): Promise<OutboxEntry[]> {
    // Soonest due first, as the SQL store orders them (sort is stable: ties keep creation order).
    const due = [...this.outbox.values()]
      .filter((entry) => entry.deliveredAt === null && entry.nextAttemptAt <= now)
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt)
      .slice(0, limit);
    for (const entry of due) entry.nextAttemptAt = now + leaseMs;
    return due.map((entry) => structuredClone(entry));
  }

  async markWebhookDelivered(id: string, now: number): Promise<void> {
    const entry = this.outbox.get(id);
    // A second acknowledgement (two workers after a lapsed lease) changes nothing.
    if (entry && entry.deliveredAt === null) {
      entry.deliveredAt = now;
      entry.attempts += 1;
      entry.lastError = null;
    }
  }

  async markWebhookFailed(
    id: string,
    attempts: number,
    nextAttemptAt: number,
    error: string,
  ): Promise<void> {
    const entry = this.outbox.get(id);
    if (entry && entry.deliveredAt === null) {
      Object.assign(entry, { attempts, nextAttemptAt, lastError: error });
    }
  }

  async listWebhooks(limit: number): Promise<OutboxEntry[]> {
    return [...this.outbox.values()]
      .reverse()
      .slice(0, limit)
      .map((entry) => structuredClone(entry));
  }

  async claimIdempotencyKey(
    scope: string,
    key: string,
    fingerprint: string,
    now: number,
    limits: IdempotencyLimits,
  ): Promise<IdempotencyClaim> {
    const id = `${scope}\u0000${key}`;
    const entry = this.idempotency.get(id);
    const held =
      entry !== undefined &&
      entry.created > now - limits.lifetimeSeconds &&
      (entry.response !== null || entry.created > now - limits.leaseSeconds);
    if (entry && held) {
      return entry.response
        ? { state: 'done', fingerprint: entry.fingerprint, response: { ...entry.response } }
        : { state: 'in_progress', fingerprint: entry.fingerprint };
    }
    this.idempotency.set(id, { fingerprint, created: now, response: null });
    return { state: 'claimed' };
  }

  async saveIdempotentResponse({
    scope,
    key,
    claimedAt,
    response,
  }: IdempotentAnswer): Promise<void> {
    const entry = this.idempotency.get(`${scope}\u0000${key}`);
    if (entry?.created === claimedAt && entry.response === null) entry.response = { ...response };
  }

  async releaseIdempotencyKey(scope: string, key: string, claimedAt: number): Promise<void> {
    const id = `${scope}\u0000${key}`;
    const entry = this.idempotency.get(id);
    if (entry?.created === claimedAt && entry.response === null) this.idempotency.delete(id);
  }

  async sweepIdempotencyKeys(before: number, limit: number): Promise<number> {
    let swept = 0;
    for (const [id, entry] of this.idempotency) {
      if (swept >= limit) break;
      if (entry.created < before) {
        this.idempotency.delete(id);
        swept++;
      }
    }
    return swept;
  }

  async recordAuthFailure(key: string, now: number, windowMs: number): Promise<AuthFailureCount> {
    if (now >= this.authFailureSweepAt) {
      for (const [known, count] of this.authFailures) {
        if (count.resetAt <= now) this.authFailures.delete(known);
      }
      this.authFailureSweepAt = now + windowMs;
    }
    let count = this.authFailures.get(key);
    if (!count || count.resetAt <= now) {
      count = { failures: 0, resetAt: now + windowMs };
      this.authFailures.set(key, count);
    }
    count.failures += 1;
    return { ...count };
  }

  /** Memory always answers. */
  async ping(): Promise<void> {}

  async webhookBacklog(): Promise<WebhookBacklog> {
    let pending = 0;
    let oldestCreated: number | null = null;
    for (const entry of this.outbox.values()) {
      if (entry.deliveredAt !== null) continue;
      pending++;
      oldestCreated = Math.min(oldestCreated ?? entry.event.created, entry.event.created);
    }
    return { pending, oldestCreated };
  }

  async close(): Promise<void> {}
}
