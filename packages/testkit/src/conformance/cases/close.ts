import type { Tier, TierCallOptions } from "@tier/core";
import { expect, it } from "vitest";
import {
  expectRejectedWithError,
  type SuiteContext,
  setAll,
  settleWithin,
  utf8,
} from "../context.js";

/** close(): resolves, is idempotent, and leaves a tier whose calls reject rather than hang. */
export function closeCases(context: SuiteContext): void {
  const { deadlineMs } = context.options;
  const timeout = 6 * deadlineMs + 5_000;
  // A signal that never aborts: a closed tier must reject by itself, not when a deadline fires.
  const untimed = (): TierCallOptions => ({ signal: new AbortController().signal });

  it(
    "close resolves, and a second close resolves too",
    async () => {
      const tier = await context.open();
      await setAll(context, tier, new Map([[context.key("before-close"), utf8("x")]]));
      expect((await settleWithin(tier.close(), deadlineMs)).state, "first close").toBe("resolved");
      expect((await settleWithin(tier.close(), deadlineMs)).state, "second close").toBe("resolved");
    },
    timeout,
  );

  it(
    "two concurrent closes both resolve",
    async () => {
      const tier = await context.open();
      const settled = await settleWithin(Promise.all([tier.close(), tier.close()]), deadlineMs);
      expect(settled.state).toBe("resolved");
    },
    timeout,
  );

  it(
    "getMany, setMany and deleteMany after close reject promptly with an Error",
    async () => {
      const tier = await context.open();
      const key = context.key("after-close");
      await setAll(context, tier, new Map([[key, utf8("x")]]));
      await tier.close();
      const operations: [string, (t: Tier) => Promise<unknown>][] = [
        ["getMany", (t) => t.getMany([key], untimed())],
        ["setMany", (t) => t.setMany([{ key, value: utf8("y"), ttlSeconds: 0 }], untimed())],
        ["deleteMany", (t) => t.deleteMany([key], untimed())],
      ];
      for (const [name, operation] of operations) {
        expectRejectedWithError(
          await settleWithin(operation(tier), deadlineMs),
          `${name} after close`,
        );
      }
    },
    timeout,
  );

  it(
    "calls in flight when close is called settle",
    async () => {
      const tier = await context.open();
      const key = context.key("in-flight");
      await setAll(context, tier, new Map([[key, utf8("x")]]));
      const inFlight: Promise<unknown>[] = [
        tier.getMany([key], untimed()),
        tier.setMany([{ key, value: utf8("y"), ttlSeconds: 0 }], untimed()),
        tier.deleteMany([context.key("other")], untimed()),
      ];
      const closed = settleWithin(tier.close(), deadlineMs);
      const settled = await Promise.all(inFlight.map((p) => settleWithin(p, deadlineMs)));
      settled.forEach((result, i) => {
        expect(result.state, `call ${i} in flight at close`).not.toBe("pending");
      });
      expect((await closed).state, "close").toBe("resolved");
    },
    timeout,
  );

  it(
    "Symbol.asyncDispose, when the tier has it, closes the tier",
    async ({ skip }) => {
      const tier = await context.open();
      const dispose = (tier as Partial<AsyncDisposable>)[Symbol.asyncDispose];
      if (typeof dispose !== "function") return skip("the tier has no Symbol.asyncDispose");
      expect((await settleWithin(dispose.call(tier), deadlineMs)).state).toBe("resolved");
      expectRejectedWithError(
        await settleWithin(tier.getMany([context.key("disposed")], untimed()), deadlineMs),
        "getMany after dispose",
      );
    },
    timeout,
  );
}
