import { type SessionRecord, withSessionDefaults } from '../sessions/session.js';
import type { Versioned } from './store.js';

/**
 * The sessions this process last wrote or read on a database that other
 * processes write too, by client secret: hints, not answers. Another process
 * may have changed a session since, so a hint is only for a caller whose
 * write compares versions and starts over from a real read when that fails
 * (a confirm, which then saves its first read).
 *
 * Kept as JSON, as the writes and reads had it anyway, so every hint is a
 * fresh object and nothing a caller does to one changes the next.
 */
export class SessionHints {
  private readonly bySecret = new Map<string, { json: string; version: number }>();

  constructor(private readonly capacity: number) {}

  get(clientSecret: string): Versioned<SessionRecord> | undefined {
    const hint = this.bySecret.get(clientSecret);
    return hint && { value: withSessionDefaults(JSON.parse(hint.json)), version: hint.version };
  }

  /** Records the session as stored at `version`, unless a later version is known here. */
  remember(clientSecret: string, json: string, version: number): void {
    const known = this.bySecret.get(clientSecret);
    if (known && known.version > version) return;
    // Most recently seen last, so the oldest goes first when full.
    this.bySecret.delete(clientSecret);
    this.bySecret.set(clientSecret, { json, version });
    if (this.bySecret.size > this.capacity)
      this.bySecret.delete(this.bySecret.keys().next().value!);
  }

  /** A compare-and-set on `expectedVersion` failed: a hint at or below it is stale. */
  forgetUpTo(clientSecret: string, expectedVersion: number): void {
    const known = this.bySecret.get(clientSecret);
    if (known && known.version <= expectedVersion) this.bySecret.delete(clientSecret);
  }
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
