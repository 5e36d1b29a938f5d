import type { ColumnMap } from "./column-map.js";
import type { TableIndex } from "./table-index.js";

/** What a query reads from its table. */
export interface QueryTarget {
  /** Indexes in the order they were created. */
  readonly indexes: readonly TableIndex[];
  readonly recordCount: number;
  columnsOf(primaryKey: Buffer): ColumnMap | undefined;
  /** Every record in the order of the database file, as a table scan meets them. */
  recordsInFileOrder(): Iterable<{ readonly primaryKey: Buffer; readonly columns: ColumnMap }>;
}
