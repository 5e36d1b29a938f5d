/**
 * Keys are strings; ids are whatever the id column holds. Two rules keep a row from ever being
 * returned for a key that is not exactly its id, whatever MySQL's comparison would accept:
 *
 * 1. What is sent: for an `integer` id column only keys in canonical integer form within BIGINT
 *    range (`"0"`, `"42"`, `"-7"`, `"18446744073709551615"`) are sent. `"007"`,
 *    `"1abc"`, `" 1"`, `"1.0"` or `""` name no row and are never sent (MySQL would read `"1abc"`
 *    as 1). For a `string` id column every key is sent as it is. Either way ids are bound
 *    parameters of a prepared statement, never SQL text.
 * 2. What is kept: every returned row's id is turned back into text and must equal the key
 *    exactly, byte for byte. A row that matched only through a case-insensitive collation
 *    (`'ABC'` for `'abc'`), trailing-space padding or a numeric coercion is dropped.
 */
export type MysqlIdType = "integer" | "string";

const CANONICAL_INTEGER = /^(?:0|-?[1-9][0-9]{0,19})$/;
const BIGINT_MIN = -(2n ** 63n);
const BIGUNSIGNED_MAX = 2n ** 64n - 1n;
/** Up to 18 digits every canonical integer is within BIGINT range; only longer ones are checked. */
const ALWAYS_IN_RANGE_DIGITS = 18;

/**
 * Whether a row can have exactly `key` as its id; only then is the key sent, as the id itself.
 * Integer ids are bound as their canonical text, which the server converts exactly for an
 * integer column (a JS number would lose ids beyond 2^53).
 */
export function canBeId(key: string, type: MysqlIdType): boolean {
  if (type === "string") return true;
  if (!CANONICAL_INTEGER.test(key)) return false;
  const digits = key.startsWith("-") ? key.length - 1 : key.length;
  if (digits <= ALWAYS_IN_RANGE_DIGITS) return true;
  const id = BigInt(key);
  return id >= BIGINT_MIN && id <= BIGUNSIGNED_MAX;
}

/**
 * The exact text of an id value as mysql2 returns it, or `undefined` when it has no exact text
 * (a number beyond 2^53, which a pool's own type casting could produce, or bytes that are not
 * UTF-8).
 */
export function idText(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return Number.isSafeInteger(value) ? String(value) : undefined;
    case "bigint":
      return value.toString();
    default:
      return value instanceof Uint8Array ? utf8Exactly(value) : undefined;
  }
}

/** The bytes as text, if decoding and re-encoding gives the same bytes. */
function utf8Exactly(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString("utf8");
  return Buffer.byteLength(text) === buffer.length && Buffer.from(text).equals(buffer)
    ? text
    : undefined;
}
