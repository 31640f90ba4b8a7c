import { type SessionRecord, withSessionDefaults } from '../sessions/session.js';
import type { Versioned } from './store.js';

interface Entry {
  /** Kept as JSON so every read hands out a fresh object, as a database read would. */
  json: string;
  version: number;
  /** The version the database row has: below `version` while a provisional change is held. */
  stored: number;
  clientSecret: string;
  /** Read since it was last passed over for eviction: it gets a second chance. */
  used: boolean;
}

/**
 * The sessions this process last wrote or read. For a database only this
 * process writes (the embedded store: one data directory, one process) it
 * answers reads: a read that hits needs no query, which is most of what a
 * get-session costs on PGlite. For a database other processes write too it
 * is only a hint (`CheckoutStore.recentSessionBySecret`), and never answers
 * a read.
 *
 * A write never replaces a newer version, so two writes finishing out of
 * order cannot leave the older one behind; a failed compare-and-set drops an
 * entry it proves stale.
 *
 * It can also hold a provisional change (a confirm's claim) that the database
 * has not seen: then this memory, not the row, is the session's latest
 * version, every compare-and-set is checked here first, and the entry is kept
 * until a write makes the row catch up.
 *
 * Every read is a use, so the sessions being read stay while others come and
 * go (a second chance: a read only marks its entry, and eviction moves a
 * marked one to the back instead, so a read costs no reordering of the map);
 * one that went is brought back by the next read that finds it
 * (`rememberRead`), or every later read of it would cost a query.
 */
export class SessionCache {
  private readonly byId = new Map<string, Entry>();
  private readonly idBySecret = new Map<string, string>();
  /** Writes sent to the database and not yet answered, by session id. */
  private readonly writing = new Map<string, number>();
  /** Entries dropped so far: a read that saw this change may be older than a write it missed. */
  private dropped = 0;

  constructor(private readonly capacity: number) {}

  get(id: string): Versioned<SessionRecord> | undefined {
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    entry.used = true;
    return { value: withSessionDefaults(JSON.parse(entry.json)), version: entry.version };
  }

  /** The version held for the session, without reading it (still a use). */
  versionBySecret(clientSecret: string): number | undefined {
    const id = this.idBySecret.get(clientSecret);
    const entry = id === undefined ? undefined : this.byId.get(id);
    if (!entry) return undefined;
    entry.used = true;
    return entry.version;
  }

  getBySecret(clientSecret: string): Versioned<SessionRecord> | undefined {
    const id = this.idBySecret.get(clientSecret);
    return id === undefined ? undefined : this.get(id);
  }

  /** Records `session` as stored at `version`, unless a newer version is known. */
  remember(session: SessionRecord, version: number, json = JSON.stringify(session)): void {
    const known = this.byId.get(session.id);
    if (known && known.version >= version) return;
    this.keep(session.id, entryOf(session, version, json));
  }

  /**
   * A mark to take before a read of the database, for `rememberRead` to tell
   * whether anything it knew went while the read was out.
   */
  readMark(): number {
    return this.dropped;
  }

  /**
   * Records what a database read begun at `mark` found, when it is surely
   * the latest: the session is not here, no write of it is out, and nothing
   * was dropped since the mark (a write that landed after the read's snapshot
   * is remembered here until it is dropped). Otherwise it is left out, and
   * the next read asks the database again.
   */
  rememberRead(mark: number, session: SessionRecord, version: number, json: string): void {
    if (mark !== this.dropped || this.byId.has(session.id) || this.writing.has(session.id)) {
      return;
    }
    this.keep(session.id, entryOf(session, version, json));
  }

  /**
   * Holds `next` as the session's next version in memory only, when that is
   * safe: the session is here at `expectedVersion` and no write of it is on
   * its way to the database (which could otherwise land over it).
   */
  holdProvisionally(next: SessionRecord, expectedVersion: number, json: string): boolean {
    const known = this.byId.get(next.id);
    if (!known || known.version !== expectedVersion || this.writing.has(next.id)) return false;
    this.keep(next.id, { ...known, json, version: expectedVersion + 1, used: false });
    return true;
  }

  /**
   * Starts a write of the session expected at `expectedVersion`: answers the
   * version the row must have for it (lower while a provisional change is
   * held), `'conflict'` when memory already knows a later version, or
   * `undefined` when the session is not here and the database decides alone.
   * Every start is ended with `endWrite`.
   */
  startWrite(id: string, expectedVersion: number): number | 'conflict' | undefined {
    const known = this.byId.get(id);
    if (known && known.version > expectedVersion) return 'conflict';
    this.writing.set(id, (this.writing.get(id) ?? 0) + 1);
    return known && known.version === expectedVersion ? known.stored : undefined;
  }

  endWrite(id: string): void {
    const count = this.writing.get(id) ?? 0;
    if (count > 1) this.writing.set(id, count - 1);
    else this.writing.delete(id);
  }

  /** A compare-and-set on `expectedVersion` failed: anything at or below it is stale. */
  forgetUpTo(id: string, expectedVersion: number): void {
    const entry = this.byId.get(id);
    if (entry && entry.version <= expectedVersion) this.drop(id, entry);
  }

  /** Newest last, so the oldest goes first when full. */
  private keep(id: string, entry: Entry): void {
    this.byId.delete(id);
    this.byId.set(id, entry);
    this.idBySecret.set(entry.clientSecret, id);
    if (this.byId.size <= this.capacity) return;
    // The oldest entry, other than the one just kept, not read since it was
    // last passed over, that the database could answer instead. One moved to
    // the back comes round again with its mark cleared: at most two passes.
    for (const [oldest, candidate] of this.byId) {
      if (oldest === id || candidate.stored !== candidate.version || this.writing.has(oldest)) {
        continue;
      }
      if (candidate.used) {
        candidate.used = false;
        this.byId.delete(oldest);
        this.byId.set(oldest, candidate);
        continue;
      }
      this.drop(oldest, candidate);
      return;
    }
    // Nothing else can go: the one just kept, if the database can answer it.
    if (entry.stored === entry.version && !this.writing.has(id)) this.drop(id, entry);
  }

  private drop(id: string, entry: Entry): void {
    this.dropped++;
    this.byId.delete(id);
    this.idBySecret.delete(entry.clientSecret);
  }
}

function entryOf(session: SessionRecord, version: number, json: string): Entry {
  return { json, version, stored: version, clientSecret: session.clientSecret, used: false };
}
