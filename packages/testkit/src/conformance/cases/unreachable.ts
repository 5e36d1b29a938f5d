import type { Tier, TierCallOptions } from "@tier/core";
import { expect, it } from "vitest";
import { expectRejectedWithError, type SuiteContext, settleWithin, utf8 } from "../context.js";

/** Extra time past the deadline before a call counts as hanging, for a slow test machine. */
const ALLOWANCE_MS = 1_000;

/** A tier whose server is down: every call rejects in time, none hangs. */
export function unreachableCases(context: SuiteContext): void {
  const { createUnreachable, deadlineMs, concurrency } = context.options;
  const skip = createUnreachable === undefined;
  const suffix = skip ? " (skipped: no createUnreachable)" : "";
  const bound = deadlineMs + ALLOWANCE_MS;
  const timeout = 4 * bound + 5_000;
  const call = (): TierCallOptions => ({ signal: AbortSignal.timeout(deadlineMs) });

  const operations: readonly [string, (tier: Tier) => Promise<unknown>][] = [
    ["getMany", (tier) => tier.getMany([context.key("down")], call())],
    [
      "setMany",
      (tier) =>
        tier.setMany([{ key: context.key("down"), value: utf8("x"), ttlSeconds: 0 }], call()),
    ],
    ["deleteMany", (tier) => tier.deleteMany([context.key("down")], call())],
  ];

  for (const [name, operation] of operations) {
    it.skipIf(skip)(
      `server down: ${name} rejects with an Error within the deadline${suffix}`,
      async () => {
        const tier = await context.openUnreachable();
        expectRejectedWithError(await settleWithin(operation(tier), bound), name);
      },
      timeout,
    );
  }

  it.skipIf(skip)(
    `server down: concurrent calls all reject within the deadline${suffix}`,
    async () => {
      const tier = await context.openUnreachable();
      const count = Math.min(concurrency, 100);
      const calls = Array.from({ length: count }, (_, i) => operations[i % 3]![1](tier));
      const settled = await Promise.all(calls.map((promise) => settleWithin(promise, bound)));
      settled.forEach((result, i) => {
        expectRejectedWithError(result, `call ${i}`);
      });
    },
    timeout,
  );

  it.skipIf(skip)(
    `server down: calls keep rejecting after a first failure${suffix}`,
    async () => {
      const tier = await context.openUnreachable();
      for (let round = 0; round < 3; round++) {
        const [name, operation] = operations[round]!;
        expectRejectedWithError(await settleWithin(operation(tier), bound), `${name} #${round}`);
      }
    },
    timeout,
  );

  it.skipIf(skip)(
    `server down: close resolves within the deadline${suffix}`,
    async () => {
      const tier = await context.openUnreachable();
      const pending = tier.getMany([context.key("down")], call());
      const settled = await settleWithin(tier.close(), bound);
      expect(settled.state, "close of an unreachable tier").toBe("resolved");
      expect((await settleWithin(pending, bound)).state, "a call in flight at close").not.toBe(
        "pending",
      );
    },
    timeout,
  );
}
