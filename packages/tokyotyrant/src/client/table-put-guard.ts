import { invalidArgument } from "../errors.js";
import type { Bytes } from "../protocol/bytes.js";
import { assertTablePutIsSafe } from "../protocol/request-safety.js";
import type { TableColumns } from "../protocol/table-columns.js";
import {
  TABLE_INDEX_TYPE_NAMES,
  TABLE_INDEX_TYPES,
  type TableIndexType,
} from "../protocol/table-index.js";

/** Index kinds that put a column under the guard; `optimize` and `void` are actions. */
const INDEX_KINDS: ReadonlySet<TableIndexType> = new Set(["lexical", "decimal", "token", "qgram"]);

/**
 * The crash guard of table puts (README of the protocol reference: an empty primary key, or an
 * empty value in a column with a lexical or decimal index, takes the real server down). It knows
 * the indexes declared in the options and those this client creates; when it knows nothing
 * (`"unknown"`, the default) every column counts as indexed.
 */
export class TablePutGuard {
  private readonly indexes: Map<string, TableIndexType> | "unknown";

  constructor(indexes: ReadonlyMap<string, TableIndexType> | "unknown") {
    this.indexes = indexes === "unknown" ? "unknown" : new Map(indexes);
  }

  /** Throws `E_TT_UNSAFE_REQUEST` for a record the server would crash on. */
  checkRecord(primaryKey: Bytes, columns: TableColumns | Uint8Array): void {
    assertTablePutIsSafe(primaryKey, columns, this.indexes);
  }

  /**
   * Before `setindex` is sent: from now on a put racing with it must already be checked against
   * the new index. A kind that cannot be read counts as lexical (guarded).
   */
  indexComing(column: string, type: TableIndexType | undefined): void {
    if (this.indexes === "unknown") return;
    if (type !== undefined && !INDEX_KINDS.has(type)) return;
    this.indexes.set(column, type ?? "lexical");
  }

  /** After `setindex ... void` succeeded. */
  indexDropped(column: string): void {
    if (this.indexes !== "unknown") this.indexes.delete(column);
  }

  /** `setindex` with `keep` failed: an index exists, of a kind nobody told us. */
  indexOfUnknownKind(column: string): void {
    if (this.indexes !== "unknown") this.indexes.set(column, "lexical");
  }

  /**
   * A raw `misc` call on a table database: checks the records of `put`, `putkeep`, `putcat` and
   * `putlist`, and notes the columns of `setindex` as indexed (it cannot tell when they are
   * dropped, so they stay guarded).
   */
  checkMisc(name: string, args: readonly Bytes[]): void {
    switch (name) {
      case "put":
      case "putkeep":
      case "putcat":
        if (args.length > 0) this.checkRecord(args[0]!, pairsToColumns(args.slice(1)));
        return;
      case "putlist":
        for (let i = 0; i + 1 < args.length; i += 2) {
          this.checkRecord(args[i]!, asBytes(args[i + 1]!));
        }
        return;
      case "setindex":
        for (let i = 0; i + 1 < args.length; i += 2) {
          this.indexComing(text(args[i]!), indexTypeOf(text(args[i + 1]!)));
        }
        return;
    }
  }
}

/** `name, value, name, value...` as the misc `put` arguments give them; a lone last name is dropped. */
function pairsToColumns(args: readonly Bytes[]): Map<string, Bytes> {
  const columns = new Map<string, Bytes>();
  for (let i = 0; i + 1 < args.length; i += 2) columns.set(text(args[i]!), args[i + 1]!);
  return columns;
}

/** The kind a `setindex` type argument names; `undefined` when it names none we know. */
function indexTypeOf(argument: string): TableIndexType | undefined {
  const bare = argument.replace(/^\+/, "").toUpperCase();
  const number = /^\d+$/.test(bare) ? Number(bare) & 0xffffff : undefined;
  for (const [kind, value] of Object.entries(TABLE_INDEX_TYPES) as [TableIndexType, number][]) {
    if (value === number || TABLE_INDEX_TYPE_NAMES[kind] === bare) return kind;
  }
  return undefined;
}

function text(data: Bytes): string {
  return typeof data === "string" ? data : Buffer.from(data).toString("utf8");
}

function asBytes(data: Bytes): Uint8Array {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (data instanceof Uint8Array) return data;
  throw invalidArgument("misc arguments must be strings or Uint8Arrays");
}
