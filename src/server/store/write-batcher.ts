interface Pending<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Writes asked for in the same turn of the event loop, made by one statement.
 * Under load many confirms claim a key and a session at once; one statement
 * for all of them saves the database a statement, and a commit, per write.
 *
 * Each write is independent (one row each, its own compare-and-set), so one
 * statement gives every write the answer its own statement would. Two writes
 * to the same row never share a statement: the later one goes in the next,
 * which waits for the earlier one's row lock and then sees its result, as it
 * would had they come one after the other. `write` must take its rows' locks
 * in one order (sorted), so statements sharing rows cannot deadlock. Writes
 * that differ in `groupOf` (a statement parameter they must share) go in
 * separate statements.
 */
export class WriteBatcher<Item, Result> {
  private waiting: Pending<Item, Result>[] = [];
  private scheduled = false;

  constructor(
    /** Makes the writes (at most `limit`, rows all different), answering each in order. */
    private readonly write: (items: Item[]) => Promise<Result[]>,
    /** The row (or rows) an item writes. */
    private readonly rowsOf: (item: Item) => string | readonly string[],
    private readonly groupOf: (item: Item) => string = () => '',
    private readonly limit = 100,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const batches = new Map<string, { rows: Set<string>; items: Pending<Item, Result>[] }>();
    const later: Pending<Item, Result>[] = [];
    for (const pending of this.waiting) {
      const group = this.groupOf(pending.item);
      let batch = batches.get(group);
      if (!batch) {
        batch = { rows: new Set(), items: [] };
        batches.set(group, batch);
      }
      const rows = [this.rowsOf(pending.item)].flat();
      if (rows.some((row) => batch.rows.has(row)) || batch.items.length >= this.limit) {
        later.push(pending);
        continue;
      }
      for (const row of rows) batch.rows.add(row);
      batch.items.push(pending);
    }
    this.waiting = later;
    if (later.length > 0) this.schedule();
    for (const { items } of batches.values()) {
      this.write(items.map((pending) => pending.item)).then(
        (results) => {
          for (const [index, pending] of items.entries()) pending.resolve(results[index]!);
        },
        (error) => {
          for (const pending of items) pending.reject(error);
        },
      );
    }
  }
}
