import { cString } from "./binary-string.js";

/**
 * A POSIX extended regular expression (`regcomp` with `REG_EXTENDED | REG_NOSUB`) as a JavaScript
 * `RegExp` over byte strings. A leading `*` asks for case-insensitive matching, as Tokyo Cabinet's
 * `regex` function and `STRRX` condition read it. `undefined` when the pattern does not compile.
 *
 * Differences that cannot change a match/no-match answer (leftmost-longest versus leftmost-first)
 * are ignored; the GNU escapes `\w \W \s \S \b \B \< \>` are kept, any other escaped character is
 * taken literally, and a bracket expression may use the `[:class:]` names.
 */
export function compilePosixPattern(pattern: Uint8Array): RegExp | undefined {
  let source = cString(pattern).toString("latin1");
  let flags = "s";
  if (source.startsWith("*")) {
    source = source.slice(1);
    flags += "i";
  }
  try {
    return new RegExp(translate(source), flags);
  } catch {
    return undefined;
  }
}

/** Whether `text` (read as a C string) matches. */
export function matchesPosixPattern(pattern: RegExp, text: Uint8Array): boolean {
  return pattern.test(cString(text).toString("latin1"));
}

const GNU_ESCAPES = new Set(["w", "W", "s", "S", "b", "B"]);

const CHARACTER_CLASSES: Readonly<Record<string, string>> = {
  alpha: "a-zA-Z",
  digit: "0-9",
  alnum: "a-zA-Z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  print: " -~",
  graph: "!-~",
  cntrl: "\\x00-\\x1f\\x7f",
  xdigit: "0-9A-Fa-f",
};

function translate(source: string): string {
  let out = "";
  let at = 0;
  while (at < source.length) {
    const char = source[at]!;
    if (char === "\\") {
      const next = source[at + 1];
      if (next === undefined) throw new SyntaxError("trailing backslash");
      if (GNU_ESCAPES.has(next)) out += `\\${next}`;
      else if (next === "<" || next === ">") out += "\\b";
      else out += escapeLiteral(next);
      at += 2;
    } else if (char === "[") {
      const bracket = translateBracket(source, at);
      out += bracket.text;
      at = bracket.end;
    } else {
      out += char;
      at++;
    }
  }
  return out;
}

/** A bracket expression from `start` (its `[`); POSIX takes a backslash inside it literally. */
function translateBracket(source: string, start: number): { text: string; end: number } {
  let at = start + 1;
  let text = "[";
  if (source[at] === "^") {
    text += "^";
    at++;
  }
  let first = true;
  while (at < source.length) {
    const char = source[at]!;
    if (char === "]" && !first) return { text: `${text}]`, end: at + 1 };
    first = false;
    if (char === "[" && source[at + 1] === ":") {
      const close = source.indexOf(":]", at + 2);
      if (close < 0) throw new SyntaxError("unterminated character class");
      const name = source.slice(at + 2, close);
      const range = CHARACTER_CLASSES[name];
      if (range === undefined) throw new SyntaxError(`unknown character class ${name}`);
      text += range;
      at = close + 2;
      continue;
    }
    text += char === "\\" || char === "]" || char === "[" ? `\\${char}` : char;
    at++;
  }
  throw new SyntaxError("unterminated bracket expression");
}

function escapeLiteral(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}
