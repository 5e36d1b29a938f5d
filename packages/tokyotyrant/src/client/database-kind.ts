import type { TokyoTyrantDatabase } from "./options.js";

/**
 * Whether the servers hold a table database, which decides whether a plain put is a table put
 * (its value read as NUL-joined columns) and so whether the crash guards apply to it. Given by
 * the `database` option, or learned from the first `stat` answer and kept: a server does not
 * change its database while it runs, and replicas and shards all hold the same kind.
 */
export class DatabaseKind {
  private table: boolean | undefined;
  private asking: Promise<boolean> | undefined;

  constructor(database: TokyoTyrantDatabase) {
    if (database !== "auto") this.table = database === "table";
  }

  /** Known without asking: `true`/`false`; `undefined` until a `stat` has answered. */
  get known(): boolean | undefined {
    return this.table;
  }

  /**
   * Asks once through `stat` (concurrent callers share the answer). A `stat` without a `type`
   * line (under `-mask`) counts as a table database: the guard then errs on the safe side.
   */
  isTable(stat: () => Promise<ReadonlyMap<string, string>>): Promise<boolean> {
    if (this.table !== undefined) return Promise.resolve(this.table);
    if (this.asking === undefined) {
      this.asking = stat().then(
        (fields) => {
          const type = fields.get("type");
          this.table = type === undefined || type === "table";
          return this.table;
        },
        (error: unknown) => {
          // Asked again by the next put: a server that was down may be back.
          this.asking = undefined;
          throw error;
        },
      );
    }
    return this.asking;
  }
}
