interface Reply<Value> {
  resolve(value: Value | null): void;
  reject(error: unknown): void;
}

/**
 * Reads asked for in the same turn of the event loop, answered by one query.
 * Under load many requests read a session at once; one round trip for all of
 * them saves the database a statement and each socket a write per read.
 * While the database is idle (by default: no batch of these out), a read
 * goes as soon as the current task is done, with any asked for in it:
 * nothing is gained by waiting, and a lone request saves the trip round the
 * loop. While it is busy, reads gather until the loop's next check phase.
 * A store across a network may say it is never idle: then the reads of a
 * whole turn (every request whose bytes arrived together) go as one.
 * Each sees what was committed when its batch ran: never older than when it
 * was asked.
 */
export class ReadBatcher<Value, Key = string> {
  private waiting = new Map<string, { key: Key; replies: Reply<Value>[] }>();
  /** Loads sent and not answered yet. */
  private loading = 0;

  constructor(
    /** Answers every key it found, by `keyOf`; keys it did not find read as null. */
    private readonly load: (keys: Key[]) => Promise<Map<string, Value>>,
    /** Most keys in one query; a larger batch is split. */
    private readonly limit = 100,
    /** Equal keys are read once. */
    private readonly keyOf: (key: Key) => string = String,
    /** Whether nothing is asked of the database now, so a read need not wait for company. */
    private readonly idle: () => boolean = () => this.loading === 0,
  ) {}

  read(key: Key): Promise<Value | null> {
    if (this.waiting.size === 0) {
      if (this.idle()) queueMicrotask(() => this.flush());
      else setImmediate(() => this.flush());
    }
    return new Promise((resolve, reject) => {
      const id = this.keyOf(key);
      const waiting = this.waiting.get(id);
      if (waiting) waiting.replies.push({ resolve, reject });
      else this.waiting.set(id, { key, replies: [{ resolve, reject }] });
    });
  }

  private flush(): void {
    const batch = [...this.waiting];
    this.waiting = new Map();
    for (let start = 0; start < batch.length; start += this.limit) {
      const part = batch.slice(start, start + this.limit);
      this.loading++;
      this.load(part.map(([, { key }]) => key))
        .finally(() => this.loading--)
        .then(
          (found) => {
            for (const [id, { replies }] of part) {
              const value = found.get(id) ?? null;
              // Each reader gets its own copy, as its own query would give it.
              for (const [index, reply] of replies.entries()) {
                reply.resolve(index === 0 ? value : structuredClone(value));
              }
            }
          },
          (error) => {
            for (const [, { replies }] of part) for (const reply of replies) reply.reject(error);
          },
        );
    }
  }
}
