import { it } from "vitest";
import { expectExactly, type SuiteContext, utf8 } from "../context.js";

/** Expiry, observed by making time pass with `advanceTime` (or by really waiting). */
export function ttlCases(context: SuiteContext): void {
  const { capabilities, ttlExpiryMs, callTimeoutMs } = context.options;
  const skip = !capabilities.ttl;
  const suffix = skip ? " (skipped: the tier does not support TTL)" : "";
  // Real waits plus a few calls, each with its own deadline.
  const timeout = ttlExpiryMs + 4 * callTimeoutMs;

  it.skipIf(skip)(
    `an entry with ttlSeconds 1 is a hit at once and a miss once the time passed${suffix}`,
    async () => {
      const tier = await context.open();
      const key = context.key("ttl-1");
      const value = utf8("short-lived");
      await tier.setMany([{ key, value, ttlSeconds: 1 }], context.call());
      expectExactly(await tier.getMany([key], context.call()), new Map([[key, value]]));
      await context.options.advanceTime(ttlExpiryMs);
      expectExactly(await tier.getMany([key], context.call()), new Map());
    },
    timeout,
  );

  it.skipIf(skip)(
    `entries with ttlSeconds 0 or a long TTL outlive a short one${suffix}`,
    async () => {
      const tier = await context.open();
      const forever = context.key("ttl-0");
      const long = context.key("ttl-3600");
      const short = context.key("ttl-1");
      await tier.setMany(
        [
          { key: forever, value: utf8("forever"), ttlSeconds: 0 },
          { key: long, value: utf8("an hour"), ttlSeconds: 3600 },
          { key: short, value: utf8("a second"), ttlSeconds: 1 },
        ],
        context.call(),
      );
      await context.options.advanceTime(ttlExpiryMs);
      expectExactly(
        await tier.getMany([forever, long, short], context.call()),
        new Map([
          [forever, utf8("forever")],
          [long, utf8("an hour")],
        ]),
      );
    },
    timeout,
  );

  it.skipIf(skip)(
    `an overwrite replaces the TTL (ttl 1 -> 0 keeps the entry, 0 -> 1 expires it)${suffix}`,
    async () => {
      const tier = await context.open();
      const keep = context.key("ttl-1-then-0");
      const expire = context.key("ttl-0-then-1");
      await tier.setMany(
        [
          { key: keep, value: utf8("v1"), ttlSeconds: 1 },
          { key: expire, value: utf8("v1"), ttlSeconds: 0 },
        ],
        context.call(),
      );
      await tier.setMany(
        [
          { key: keep, value: utf8("v2"), ttlSeconds: 0 },
          { key: expire, value: utf8("v2"), ttlSeconds: 1 },
        ],
        context.call(),
      );
      await context.options.advanceTime(ttlExpiryMs);
      expectExactly(
        await tier.getMany([keep, expire], context.call()),
        new Map([[keep, utf8("v2")]]),
      );
    },
    timeout,
  );
}
