import { expect, it } from "vitest";
import { expectExactly, type SuiteContext, setAll, utf8 } from "../context.js";

/** getMany, setMany and deleteMany with several keys: partial hits, duplicates, empty lists. */
export function batchCases(context: SuiteContext): void {
  it("getMany of a never-written key is a miss (absent from the Map)", async () => {
    const tier = await context.open();
    const found = await tier.getMany([context.key("never-written")], context.call());
    expectExactly(found, new Map());
  });

  it("partial getMany returns exactly the present keys, byte-exact", async () => {
    const tier = await context.open();
    const present = new Map([
      [context.key("p1"), utf8("first")],
      [context.key("p3"), utf8("third, longer than the others")],
      [context.key("p5"), utf8("5")],
    ]);
    await setAll(context, tier, present);
    // Written but not asked for: must not come back either.
    await setAll(context, tier, new Map([[context.key("not-asked"), utf8("no")]]));
    const asked = ["p0", "p1", "p2", "p3", "p4", "p5", "p6"].map((name) => context.key(name));
    expectExactly(await tier.getMany(asked, context.call()), present);
  });

  it("getMany with duplicate keys returns each hit once", async () => {
    const tier = await context.open();
    const key = context.key("dup");
    const missing = context.key("dup-missing");
    const expected = new Map([[key, utf8("duplicated")]]);
    await setAll(context, tier, expected);
    expectExactly(await tier.getMany([key, missing, key, missing, key], context.call()), expected);
  });

  it("getMany of an empty list resolves to an empty Map", async () => {
    const tier = await context.open();
    await setAll(context, tier, new Map([[context.key("unrelated"), utf8("x")]]));
    const found = await tier.getMany([], context.call());
    expect(found).toBeInstanceOf(Map);
    expect(found.size).toBe(0);
  });

  it("setMany and deleteMany of an empty list resolve and change nothing", async () => {
    const tier = await context.open();
    const expected = new Map([[context.key("still-here"), utf8("x")]]);
    await setAll(context, tier, expected);
    await expect(tier.setMany([], context.call())).resolves.toBeUndefined();
    await expect(tier.deleteMany([], context.call())).resolves.toBeUndefined();
    expectExactly(await tier.getMany([...expected.keys()], context.call()), expected);
  });

  it("overwrite replaces the whole value (longer, then shorter, then empty)", async () => {
    const tier = await context.open();
    const key = context.key("overwritten");
    for (const value of [
      utf8("short"),
      utf8("a much longer second value"),
      utf8("3rd"),
      utf8(""),
    ]) {
      await tier.setMany([{ key, value, ttlSeconds: 0 }], context.call());
      expectExactly(await tier.getMany([key], context.call()), new Map([[key, value]]));
    }
  });

  it("setMany writes every entry of a batch", async () => {
    const tier = await context.open();
    const expected = new Map(
      Array.from({ length: 50 }, (_, i) => [context.key(`batch-${i}`), utf8(`value ${i}`)]),
    );
    await setAll(context, tier, expected);
    expectExactly(await tier.getMany([...expected.keys()], context.call()), expected);
  });

  it("deleteMany removes present keys, ignores absent ones, and later getMany misses", async () => {
    const tier = await context.open();
    const a = context.key("del-a");
    const b = context.key("del-b");
    const c = context.key("del-c");
    const absent = context.key("del-absent");
    await setAll(
      context,
      tier,
      new Map([
        [a, utf8("a")],
        [b, utf8("b")],
        [c, utf8("c")],
      ]),
    );
    await tier.deleteMany([a, absent, c], context.call());
    expectExactly(await tier.getMany([a, b, c, absent], context.call()), new Map([[b, utf8("b")]]));
    // Deleting only absent keys resolves too.
    await expect(tier.deleteMany([absent, a], context.call())).resolves.toBeUndefined();
  });

  it("a deleted key can be written again", async () => {
    const tier = await context.open();
    const key = context.key("reborn");
    await setAll(context, tier, new Map([[key, utf8("before")]]));
    await tier.deleteMany([key], context.call());
    expectExactly(await tier.getMany([key], context.call()), new Map());
    await setAll(context, tier, new Map([[key, utf8("after")]]));
    expectExactly(await tier.getMany([key], context.call()), new Map([[key, utf8("after")]]));
  });
}
