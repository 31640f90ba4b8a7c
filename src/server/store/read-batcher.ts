interface Reply<Value> {
  resolve(value: Value | null): void;
  reject(error: unknown): void;
}

/**
 * Reads asked for in the same turn of the event loop, answered by one query.
 * Under load many requests read a session at once; one round trip for all of
 * them saves the database a statement and each socket a write per read.
 * A read waits at most until the loop's next check phase, and sees what was
 * committed when its batch ran: never older than when it was asked.
 */
export class ReadBatcher<Value> {
  private waiting = new Map<string, Reply<Value>[]>();

  constructor(
    /** Answers every key it found; keys it did not find read as null. */
    private readonly load: (keys: string[]) => Promise<Map<string, Value>>,
    /** Most keys in one query; a larger batch is split. */
    private readonly limit = 100,
  ) {}

  read(key: string): Promise<Value | null> {
    if (this.waiting.size === 0) setImmediate(() => this.flush());
    return new Promise((resolve, reject) => {
      const replies = this.waiting.get(key);
      if (replies) replies.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
    });
  }

  private flush(): void {
    const batch = [...this.waiting];
    this.waiting = new Map();
    for (let start = 0; start < batch.length; start += this.limit) {
      const part = batch.slice(start, start + this.limit);
      this.load(part.map(([key]) => key)).then(
        (found) => {
          for (const [key, replies] of part) {
            const value = found.get(key) ?? null;
            // Each reader gets its own copy, as its own query would give it.
            for (const [index, reply] of replies.entries()) {
              reply.resolve(index === 0 ? value : structuredClone(value));
            }
          }
        },
        (error) => {
          for (const [, replies] of part) for (const reply of replies) reply.reject(error);
        },
      );
    }
  }
}
