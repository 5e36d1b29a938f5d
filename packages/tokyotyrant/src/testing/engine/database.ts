/**
 * Which database a server holds; public as `TokyoTyrantDatabaseKind`.
 *
 * @inline
 */
export type DatabaseKind = "hash" | "table" | "memory";

/** The elements a `misc` function returns, or `undefined` where Tokyo Cabinet returns NULL. */
export type MiscResult = readonly Buffer[] | undefined;

/**
 * What the protocol handlers ask of a database. Each method behaves like the Tokyo Cabinet call
 * ttserver 1.1.41 makes for the command (through `tcadb`), including its failure cases, so a
 * handler only turns the result into reply bytes.
 */
export interface Database {
  readonly kind: DatabaseKind;
  /** The `type` line of `stat`. */
  readonly statType: string;
  /** The `path` line of `stat`. */
  readonly statPath: string;
  /** Records held (`rnum`). */
  readonly recordCount: number;
  /** What `size` reports: the file size of a hash or table database, memory use otherwise. */
  readonly sizeInBytes: number;

  put(key: Buffer, value: Buffer): boolean;
  putKeep(key: Buffer, value: Buffer): boolean;
  putCat(key: Buffer, value: Buffer): boolean;
  /** Appends `value` and keeps the rightmost `width` bytes; a new record keeps `value` whole. */
  putShiftLeft(key: Buffer, value: Buffer, width: number): boolean;
  out(key: Buffer): boolean;
  get(key: Buffer): Buffer | undefined;
  /** The stored size of the value, -1 when the record is missing. */
  valueSize(key: Buffer): number;
  initIterator(): boolean;
  /** The next key of the iterator every connection shares, `undefined` at its end. */
  nextKey(): Buffer | undefined;
  /** Keys starting with `prefix` in storage order; a negative `max` means no limit. */
  forwardMatchingKeys(prefix: Buffer, max: number): Buffer[];
  /** The new sum, or INT_MIN (-2^31) on failure, as `tcadbaddint` returns it. */
  addInt(key: Buffer, increment: number): number;
  /** The new sum, or NaN on failure, as `tcadbadddouble` returns it. */
  addDouble(key: Buffer, increment: number): number;
  sync(): boolean;
  optimize(params: Buffer): boolean;
  vanish(): boolean;
  /** Whether `tcadbcopy` would succeed; the test server never writes the file. */
  copy(path: Buffer): boolean;
  misc(name: Buffer, args: readonly Buffer[]): MiscResult;
  /** The value of the `fatal` line of `stat`, when the database is flagged fatal. */
  fatalDescription(): string | undefined;
  /** What a restarted ttserver sees: the stored data, but no iterator and no fatal flag. */
  reopen(): void;
}
