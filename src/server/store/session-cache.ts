import { type SessionRecord, withSessionDefaults } from '../sessions/session.js';
import type { Versioned } from './store.js';

interface Entry {
  /** Kept as JSON so every read hands out a fresh object, as a database read would. */
  json: string;
  version: number;
  clientSecret: string;
}

/**
 * The sessions this process last wrote, for a database only this process
 * writes (the embedded store: one data directory, one process). A read that
 * hits needs no query, which is most of what a get-session costs on PGlite.
 *
 * Only writes fill it, and a write never replaces a newer version, so two
 * writes finishing out of order cannot leave the older one behind; a failed
 * compare-and-set drops an entry it proves stale. Never used for a database
 * that other processes write too.
 */
export class SessionCache {
  private readonly byId = new Map<string, Entry>();
  private readonly idBySecret = new Map<string, string>();

  constructor(private readonly capacity: number) {}

  get(id: string): Versioned<SessionRecord> | undefined {
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    // Most recently used last, so the oldest goes first when full.
    this.byId.delete(id);
    this.byId.set(id, entry);
    return { value: withSessionDefaults(JSON.parse(entry.json)), version: entry.version };
  }

  getBySecret(clientSecret: string): Versioned<SessionRecord> | undefined {
    const id = this.idBySecret.get(clientSecret);
    return id === undefined ? undefined : this.get(id);
  }

  /** Records `session` as stored at `version`, unless a newer version is known. */
  remember(session: SessionRecord, version: number, json = JSON.stringify(session)): void {
    const known = this.byId.get(session.id);
    if (known && known.version >= version) return;
    this.byId.delete(session.id);
    this.byId.set(session.id, { json, version, clientSecret: session.clientSecret });
    this.idBySecret.set(session.clientSecret, session.id);
    if (this.byId.size > this.capacity) {
      const [oldest, entry] = this.byId.entries().next().value as [string, Entry];
      this.byId.delete(oldest);
      this.idBySecret.delete(entry.clientSecret);
    }
  }

  /** A compare-and-set on `expectedVersion` failed: anything at or below it is stale. */
  forgetUpTo(id: string, expectedVersion: number): void {
    const entry = this.byId.get(id);
    if (entry && entry.version <= expectedVersion) {
      this.byId.delete(id);
      this.idBySecret.delete(entry.clientSecret);
    }
  }
}
