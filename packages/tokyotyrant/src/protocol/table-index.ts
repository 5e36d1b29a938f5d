/** Index kinds of a table column (`TDBIT*`), plus the two actions `setindex` takes. */
export type TableIndexType = "lexical" | "decimal" | "token" | "qgram" | "optimize" | "void";

/** The numbers the C client sends for each kind. */
export const TABLE_INDEX_TYPES: Readonly<Record<TableIndexType, number>> = Object.freeze({
  lexical: 0,
  decimal: 1,
  token: 2,
  qgram: 3,
  optimize: 9998,
  void: 9999,
});

/** The names the server also accepts (`tctdbstrtoindextype`). */
export const TABLE_INDEX_TYPE_NAMES: Readonly<Record<TableIndexType, string>> = Object.freeze({
  lexical: "LEX",
  decimal: "DEC",
  token: "TOK",
  qgram: "QGR",
  optimize: "OPT",
  void: "VOID",
});

/** `TDBITKEEP`: fail instead of rebuilding when the index exists. */
export const TABLE_INDEX_KEEP = 1 << 24;

/** Options of `setindex`. */
export interface SetIndexOptions {
  /** Fail (status 1) when the column already has an index. */
  readonly keep?: boolean;
  /** Send the type as its name (`"LEX"`, `"+DEC"`) instead of its number. */
  readonly typeAsName?: boolean;
}

/** The `type` argument of `setindex`: a decimal number, or a name with `+` for keep. */
export function encodeIndexType(type: TableIndexType, options: SetIndexOptions = {}): string {
  const keep = options.keep === true;
  if (options.typeAsName === true) return `${keep ? "+" : ""}${TABLE_INDEX_TYPE_NAMES[type]}`;
  return String(TABLE_INDEX_TYPES[type] | (keep ? TABLE_INDEX_KEEP : 0));
}
