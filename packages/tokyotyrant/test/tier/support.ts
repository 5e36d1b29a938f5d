import type { TierCallOptions } from "@tier/core";
import { expect } from "vitest";
import type { TokyoTyrantGcReport, TokyoTyrantTier } from "../../src/tier.js";

/** Call options with a generous deadline, so a hang fails the test instead of timing it out. */
export function call(ms = 5_000): TierCallOptions {
  return { signal: AbortSignal.timeout(ms) };
}

export function bytes(text: string): Buffer {
  return Buffer.from(text, "utf8");
}

/** A wall clock the tier reads, moved by the test instead of waited for. */
export class TestClock {
  ms = Date.UTC(2030, 0, 1);
  readonly now = (): number => this.ms;

  advance(ms: number): void {
    this.ms += ms;
  }
}

/** `n` entries `{prefix}{i}` with values that name their key. */
export function entries(
  prefix: string,
  n: number,
  ttlSeconds: number,
): { key: string; value: Buffer; ttlSeconds: number }[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `${prefix}${i}`,
    value: bytes(`value of ${prefix}${i}`),
    ttlSeconds,
  }));
}

export function keysOf(list: readonly { key: string }[]): string[] {
  return list.map((entry) => entry.key);
}

/** Polls `check` until it returns true or `ms` pass. */
export async function eventually(check: () => boolean, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) expect.fail("the condition did not become true in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function expectComplete(report: TokyoTyrantGcReport): void {
  expect(report.complete, JSON.stringify(report.perServer)).toBe(true);
}

/**
 * Writes three entries with a 1-second TTL, writes two of them again (one with an hour, one
 * without a TTL), lets `advance` move the clock past the first expiry, and collects. Only the third
 * entry may go.
 */
export async function collectAfterRewrites(
  tier: TokyoTyrantTier,
  advance: () => void,
): Promise<TokyoTyrantGcReport> {
  await tier.setMany(entries("r", 3, 1), call());
  await tier.setMany(
    [
      { key: "r0", value: bytes("later"), ttlSeconds: 3600 },
      { key: "r1", value: bytes("never"), ttlSeconds: 0 },
    ],
    call(),
  );
  advance();
  const report = await tier.gc();
  const found = await tier.getMany(["r0", "r1", "r2"], call());
  expect(found).toEqual(
    new Map([
      ["r0", bytes("later")],
      ["r1", bytes("never")],
    ]),
  );
  return report;
}
