import type { Tier, TierCallOptions } from "@tier/core";
import { afterEach, beforeEach, expect } from "vitest";
import type { ResolvedConformanceOptions } from "./options.js";

/** What every case file gets: the options, and tiers and keys scoped to the running test. */
export interface SuiteContext {
  readonly options: ResolvedConformanceOptions;
  /** A fresh tier from `create()`, closed after the test. */
  open(): Promise<Tier>;
  /** A tier from `createUnreachable()`, closed after the test. Only call when it is defined. */
  openUnreachable(): Promise<Tier>;
  /** `name` in this test's own key namespace. */
  key(name: string): string;
  /** Call options with a fresh `callTimeoutMs` deadline. */
  call(): TierCallOptions;
}

/** Registers the hooks that scope keys and close tiers per test; call inside the suite's describe. */
export function createSuiteContext(options: ResolvedConformanceOptions): SuiteContext {
  let opened: Tier[] = [];
  let testNumber = 0;
  let namespace = "";

  beforeEach(() => {
    testNumber += 1;
    namespace = `${options.keyPrefix}${testNumber}:`;
  });

  afterEach(async () => {
    const tiers = opened;
    opened = [];
    // Close them all even if one fails, then report the first failure: close must not reject.
    const results = await Promise.allSettled(tiers.map((tier) => tier.close()));
    for (const result of results) {
      if (result.status === "rejected") throw result.reason;
    }
  });

  return {
    options,
    async open() {
      const tier = await options.create();
      opened.push(tier);
      return tier;
    },
    async openUnreachable() {
      const create = options.createUnreachable;
      if (create === undefined) throw new Error("conformance: createUnreachable is not defined");
      const tier = await create();
      opened.push(tier);
      return tier;
    },
    key(name) {
      return namespace + name;
    },
    call() {
      return { signal: AbortSignal.timeout(options.callTimeoutMs) };
    },
  };
}

export type Settled<T> =
  | { readonly state: "resolved"; readonly value: T }
  | { readonly state: "rejected"; readonly error: unknown }
  | { readonly state: "pending" };

/**
 * How `promise` settles within `ms`: "pending" means it did not, which the suite treats as a hang.
 * The timer is cleared either way, so a fast answer leaves nothing behind.
 */
export async function settleWithin<T>(promise: PromiseLike<T>, ms: number): Promise<Settled<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ state: "pending" }), ms);
  });
  try {
    return await Promise.race([
      Promise.resolve(promise).then(
        (value): Settled<T> => ({ state: "resolved", value }),
        (error: unknown): Settled<T> => ({ state: "rejected", error }),
      ),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts that a call rejected with an `Error` (not a string, not undefined) in time. */
export function expectRejectedWithError(settled: Settled<unknown>, what: string): void {
  if (settled.state === "pending") {
    expect.fail(`${what} did not settle in time (it hangs)`);
  }
  if (settled.state === "resolved") {
    expect.fail(`${what} resolved; it should have rejected`);
  }
  expect(settled.error, `${what} should reject with an Error`).toBeInstanceOf(Error);
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * A value that encodes `key` and `index`, with a length and filler that vary with `index`, so a
 * value that came back under the wrong key, or truncated, or padded, is detected.
 */
export function valueFor(key: string, index: number): Uint8Array {
  const head = utf8(`${key}#${index}|`);
  const value = new Uint8Array(head.byteLength + (index % 61));
  value.set(head, 0);
  value.fill((index * 31 + 7) & 0xff, head.byteLength);
  return value;
}

/** Describes the first difference between two byte strings, or undefined when they are equal. */
export function bytesDifference(actual: unknown, expected: Uint8Array): string | undefined {
  if (!(actual instanceof Uint8Array)) {
    return `expected a Uint8Array, got ${actual === undefined ? "a miss" : typeof actual}`;
  }
  const length = Math.min(actual.byteLength, expected.byteLength);
  for (let i = 0; i < length; i++) {
    if (actual[i] !== expected[i]) {
      return `byte ${i} is 0x${hex(actual[i])}, expected 0x${hex(expected[i])}`;
    }
  }
  if (actual.byteLength !== expected.byteLength) {
    return `${actual.byteLength} bytes, expected ${expected.byteLength}`;
  }
  return undefined;
}

function hex(byte: number | undefined): string {
  return (byte ?? 0).toString(16).padStart(2, "0");
}

/** Asserts that `found` holds exactly `expected`'s keys, each with byte-identical value. */
export function expectExactly(
  found: Map<string, Uint8Array>,
  expected: ReadonlyMap<string, Uint8Array>,
): void {
  expect(found, "getMany must resolve to a Map").toBeInstanceOf(Map);
  expect([...found.keys()].sort(), "the keys getMany returned").toEqual(
    [...expected.keys()].sort(),
  );
  for (const [key, value] of expected) {
    expect(
      bytesDifference(found.get(key), value),
      `value of ${JSON.stringify(key)}`,
    ).toBeUndefined();
  }
}

/** Sets each `[key, value]` with no expiry, in one call. */
export async function setAll(
  context: SuiteContext,
  tier: Tier,
  entries: ReadonlyMap<string, Uint8Array>,
  ttlSeconds = 0,
): Promise<void> {
  await tier.setMany(
    [...entries].map(([key, value]) => ({ key, value, ttlSeconds })),
    context.call(),
  );
}
