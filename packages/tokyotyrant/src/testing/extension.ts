/**
 * A function the test server runs for the `ext` command, in place of the Lua function a real
 * ttserver loads with `-ext`. It gets the key and value of the request and returns the result.
 *
 * The result becomes the reply like a Lua result does: a string (sent as UTF-8) or bytes as they
 * are, a number as its `%.14g` text, `true` as `"true"`, an array as its first element. `null`,
 * `undefined`, `false`, any other value, or a thrown error make the server answer with status 1.
 * The function runs synchronously, between requests, like one Lua call under ttserver's locks.
 */
export type TokyoTyrantExtension = (key: string, value: string, call: ExtensionCall) => unknown;

/** Details of one `ext` request. */
export interface ExtensionCall {
  /** The function name as sent. */
  readonly name: string;
  /** The key as sent; `key` is its UTF-8 reading. */
  readonly keyBytes: Uint8Array;
  /** The value as sent; `value` is its UTF-8 reading. */
  readonly valueBytes: Uint8Array;
  /** The `opts` field: 1 asks to lock the record, 2 to lock all records (always honoured). */
  readonly options: number;
  /** The server's database, as the Lua functions `_get`, `_put` and `_out` see it. */
  readonly database: ExtensionDatabase;
}

/** Record access for extensions. Strings are encoded as UTF-8. */
export interface ExtensionDatabase {
  /** The record's value, `undefined` when there is none (Lua's `_get`). */
  get(key: string | Uint8Array): Uint8Array | undefined;
  /** Stores the record (Lua's `_put`); true on success. */
  put(key: string | Uint8Array, value: string | Uint8Array): boolean;
  /** Removes the record (Lua's `_out`); false when there was none. */
  out(key: string | Uint8Array): boolean;
}
