import { InvalidOptionError } from "@tier/core";

/**
 * Table and column names go into the SQL text, so they are the one place where configuration
 * could inject SQL. They are checked once, at construction, against a deliberately narrow set
 * (letters, digits, `_` and `$`, as in an unquoted MySQL identifier, at most 64 characters) and
 * then quoted with backticks anyway. A name outside that set is refused, not escaped: a table
 * called "x`; DROP TABLE y" is a configuration mistake or an attack, never a real table.
 */
const IDENTIFIER = /^[\p{L}\p{N}_$]{1,64}$/u;
const ALL_DIGITS = /^[0-9]+$/;
/** MySQL identifiers cannot hold characters beyond the Basic Multilingual Plane. */
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;

/** Checks one identifier and returns it quoted, or throws naming the option it came from. */
export function quoteIdentifier(name: unknown, option: string): string {
  if (
    typeof name !== "string" ||
    !IDENTIFIER.test(name) ||
    ALL_DIGITS.test(name) ||
    ASTRAL.test(name)
  ) {
    throw new InvalidOptionError(
      `[mysql] ${option} must be a plain identifier (letters, digits, _ or $, at most 64 ` +
        `characters, not only digits), got ${describe(name)}; names are never escaped into SQL`,
    );
  }
  return `\`${name}\``;
}

/** A table name, optionally qualified by its database: `articles` or `shop.articles`. */
export function quoteTableName(name: unknown, option: string): string {
  if (typeof name !== "string") return quoteIdentifier(name, option);
  const parts = name.split(".");
  // More than one dot: refused whole, as no identifier may contain a dot.
  if (parts.length > 2) return quoteIdentifier(name, option);
  return parts.map((part) => quoteIdentifier(part, option)).join(".");
}

function describe(value: unknown): string {
  if (typeof value !== "string") return typeof value;
  return value.length > 80 ? `${JSON.stringify(value.slice(0, 80))}...` : JSON.stringify(value);
}
