import type { PaymentRecord, SessionRecord } from '../sessions/session.js';
import type { CheckoutStore, IdempotencyClaim, SavedResponse, Versioned } from './store.js';

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

  async insertSession(session: SessionRecord): Promise<void> {
    if (this.sessions.has(session.id)) throw new Error(`session ${session.id} exists`);
    this.sessions.set(session.id, { value: structuredClone(session), version: 1 });
    this.bySecret.set(session.clientSecret, session.id);
  }

  async getSession(id: string): Promise<Versioned<SessionRecord> | null> {
    const found = this.sessions.get(id);
    return found ? structuredClone(found) : null;
  }

  async findSessionByClientSecret(clientSecret: string): Promise<Versioned<SessionRecord> | null> {
    const id = this.bySecret.get(clientSecret);
    return id ? this.getSession(id) : null;
  }

  async updateSession(
    next: SessionRecord,
    expectedVersion: number,
    payments: PaymentRecord[] = [],
  ): Promise<boolean> {
    const current = this.sessions.get(next.id);
    if (!current || current.version !== expectedVersion) return false;
    this.sessions.set(next.id, { value: structuredClone(next), version: expectedVersion + 1 });
    for (const payment of payments) this.payments.set(payment.id, structuredClone(payment));
    return true;
  }

  async listPayments(sessionId: string): Promise<PaymentRecord[]> {
    return [...this.payments.values()]
      .filter((payment) => payment.sessionId === sessionId)
      .map((payment) => structuredClone(payment));
  }

  async claimIdempotencyKey(
    scope: string,
    key: string,
    fingerprint: string,
    now: number,
    ttlSeconds: number,
  ): Promise<IdempotencyClaim> {
    const id = `${scope}\u0000${key}`;
    const entry = this.idempotency.get(id);
    if (entry && entry.created > now - ttlSeconds) {
      return entry.response
        ? { state: 'done', fingerprint: entry.fingerprint, response: { ...entry.response } }
        : { state: 'in_progress', fingerprint: entry.fingerprint };
    }
    this.idempotency.set(id, { fingerprint, created: now, response: null });
    return { state: 'claimed' };
  }

  async saveIdempotentResponse(scope: string, key: string, response: SavedResponse): Promise<void> {
    const entry = this.idempotency.get(`${scope}\u0000${key}`);
    if (entry) entry.response = { ...response };
  }

  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    this.idempotency.delete(`${scope}\u0000${key}`);
  }

  async close(): Promise<void> {}
}
