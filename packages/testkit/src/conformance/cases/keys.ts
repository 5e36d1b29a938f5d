import { it } from "vitest";
import { expectExactly, type SuiteContext, setAll, utf8 } from "../context.js";

/**
 * Keys a text protocol cannot carry as they are. A tier must encode them, and encode distinct
 * keys to distinct server keys: several of these differ only where a careless encoding would
 * merge them (NFC versus NFD, "a b" versus "a_b" and "a%20b", case).
 */
export function keyCases(context: SuiteContext): void {
  const skipped = context.options.capabilities.unsupportedKeys ?? {};

  keyCase(
    context,
    "stores UTF-8 keys (emoji, CJK, combining characters, NFC and NFD kept apart)",
    skipped.utf8,
    [
      "emoji-😀🎉",
      "family-👨‍👩‍👧",
      "日本語のキー",
      "中文键",
      "한국어",
      "caf\u00e9",
      "cafe\u0301",
      "Ωmega≈√",
      "\u{10FFFF}",
      "ﬁ",
      "fi",
    ],
  );

  keyCase(
    context,
    "stores keys with spaces, CR, LF and other control characters",
    skipped.control,
    [
      "a b",
      "a_b",
      "a%20b",
      "a+b",
      " ",
      "  ",
      " leading",
      "trailing ",
      "\r",
      "\n",
      "\r\n",
      "a\r\nb",
      "k\r\nset x 0 0 1\r\nX\r\n",
      "k\r\nflush_all\r\n",
      "\t",
      "\0",
      "a\0b",
      "\x7f",
      "Key",
      "key",
      "KEY",
    ],
  );

  keyCase(context, "stores long keys (1,000 characters) distinctly", skipped.long, [
    `${"x".repeat(999)}a`,
    `${"x".repeat(999)}b`,
    `a${"x".repeat(999)}`,
    "x".repeat(1000),
  ]);
}

function keyCase(
  context: SuiteContext,
  title: string,
  skipReason: string | undefined,
  names: readonly string[],
): void {
  const fullTitle = skipReason === undefined ? title : `${title} (skipped: ${skipReason})`;
  it.skipIf(skipReason !== undefined)(fullTitle, async () => {
    const tier = await context.open();
    const expected = new Map(
      names.map((name, i) => [context.key(name), utf8(`value ${i} of ${JSON.stringify(name)}`)]),
    );
    await setAll(context, tier, expected);
    expectExactly(await tier.getMany([...expected.keys()], context.call()), expected);
    // Read one at a time too: a batch may be encoded differently from a single get.
    for (const [key, value] of expected) {
      expectExactly(await tier.getMany([key], context.call()), new Map([[key, value]]));
    }
    // And deleting one must not delete a look-alike.
    const [first, ...rest] = expected.keys();
    if (first !== undefined) {
      await tier.deleteMany([first], context.call());
      expected.delete(first);
      expectExactly(await tier.getMany([first, ...rest], context.call()), expected);
    }
  });
}
