import { expect, it } from "vitest";
import { bytesDifference, expectExactly, type SuiteContext, setAll, utf8 } from "../context.js";

/** Largest value the suite allocates for the maxValueBytes tests. */
const MAX_TESTED_VALUE_BYTES = 64 * 1024 * 1024;

/** Value-shaped edge cases: every byte, empty, large, and the declared size limit. */
export function valueCases(context: SuiteContext): void {
  it("round-trips binary values byte-exact (every byte 0..255, NUL, 0xFF, CR, LF)", async () => {
    const tier = await context.open();
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const expected = new Map<string, Uint8Array>([
      [context.key("every-byte"), every],
      [context.key("every-byte-reversed"), every.slice().reverse()],
      [context.key("nul"), new Uint8Array(64)],
      [context.key("ff"), new Uint8Array(64).fill(0xff)],
      [context.key("crlf"), utf8("\r\nEND\r\nVALUE x 0 1\r\n\n\r")],
      [context.key("single-nul"), Uint8Array.of(0)],
    ]);
    await setAll(context, tier, expected);
    expectExactly(await tier.getMany([...expected.keys()], context.call()), expected);
  });

  it("round-trips an empty value as a hit, not a miss", async () => {
    const tier = await context.open();
    const key = context.key("empty");
    await tier.setMany([{ key, value: new Uint8Array(0), ttlSeconds: 0 }], context.call());
    const found = await tier.getMany([key], context.call());
    expect(found.has(key), "an empty value must be a hit").toBe(true);
    expect(found.get(key)).toBeInstanceOf(Uint8Array);
    expect(found.get(key)?.byteLength).toBe(0);
  });

  it("round-trips a large value (256 KiB, or maxValueBytes if smaller)", async () => {
    const tier = await context.open();
    const size = Math.min(256 * 1024, tier.capabilities.maxValueBytes ?? Number.POSITIVE_INFINITY);
    const value = patterned(size);
    const key = context.key("large");
    await tier.setMany([{ key, value, ttlSeconds: 0 }], context.call());
    const found = await tier.getMany([key], context.call());
    expect(bytesDifference(found.get(key), value)).toBeUndefined();
  });

  it("accepts a value of exactly capabilities.maxValueBytes", async ({ skip }) => {
    const tier = await context.open();
    const limit = tier.capabilities.maxValueBytes;
    if (limit === undefined) return skip("the tier declares no maxValueBytes");
    if (limit > MAX_TESTED_VALUE_BYTES) return skip(`maxValueBytes ${limit} is too large to test`);
    const value = patterned(limit);
    const key = context.key("at-limit");
    await tier.setMany([{ key, value, ttlSeconds: 0 }], context.call());
    const found = await tier.getMany([key], context.call());
    expect(bytesDifference(found.get(key), value)).toBeUndefined();
  });

  it("refuses a value over capabilities.maxValueBytes with E_VALUE_TOO_LARGE, keeping other entries", async ({
    skip,
  }) => {
    const tier = await context.open();
    const limit = tier.capabilities.maxValueBytes;
    if (limit === undefined) return skip("the tier declares no maxValueBytes");
    if (limit >= MAX_TESTED_VALUE_BYTES) return skip(`maxValueBytes ${limit} is too large to test`);
    const kept = new Map([
      [context.key("kept-1"), utf8("one")],
      [context.key("kept-2"), utf8("two")],
    ]);
    await setAll(context, tier, kept);
    const tooLarge = new Uint8Array(limit + 1);
    const error = await tier
      .setMany([{ key: context.key("too-large"), value: tooLarge, ttlSeconds: 0 }], context.call())
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error, "setMany of an oversized value must reject").toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: "E_VALUE_TOO_LARGE" });
    expectExactly(
      await tier.getMany([...kept.keys(), context.key("too-large")], context.call()),
      kept,
    );
    // Still usable afterwards.
    const after = new Map([[context.key("after"), utf8("after")]]);
    await setAll(context, tier, after);
    expectExactly(await tier.getMany([...after.keys()], context.call()), after);
  });
}

/** Bytes that differ from their neighbours and from any shifted copy, so a misplaced chunk shows. */
function patterned(size: number): Uint8Array {
  const value = new Uint8Array(size);
  for (let i = 0; i < size; i++) value[i] = (i * 7 + (i >>> 8) + (i >>> 16)) & 0xff;
  return value;
}
