import { describe, expect, it } from "vitest";
import type { TierCallOptions } from "../../src/index.js";
import { DeadlineQueue } from "../../src/resilience/deadline-queue.js";

const timeout = (): Error => new Error("deadline passed");

describe("DeadlineQueue", () => {
  it("passes through answers that come in time", async () => {
    const queue = new DeadlineQueue(1_000);
    expect(await queue.run(async () => 42, timeout)).toBe(42);
    await expect(queue.run(async () => Promise.reject(new Error("boom")), timeout)).rejects.toThrow(
      "boom",
    );
    await expect(
      queue.run(() => {
        throw new Error("sync");
      }, timeout),
    ).rejects.toThrow("sync");
  });

  it("rejects at the deadline, aborts the signal, and drops the late answer", async () => {
    const queue = new DeadlineQueue(20);
    let seen: TierCallOptions | undefined;
    let answer: ((value: string) => void) | undefined;
    const pending = queue.run(
      (options) =>
        new Promise<string>((resolve) => {
          seen = options;
          answer = resolve;
        }),
      timeout,
    );
    await expect(pending).rejects.toThrow("deadline passed");
    expect(seen!.signal.aborted).toBe(true);
    expect(seen!.signal.reason).toBeInstanceOf(Error);
    answer!("late");
    await expect(pending).rejects.toThrow("deadline passed");
  });

  it("times out each of many overlapping calls, and only the ones that hang", async () => {
    const queue = new DeadlineQueue(30);
    const calls = Array.from({ length: 20 }, (_, i) =>
      queue.run(
        () =>
          i % 2 === 0
            ? new Promise<number>(() => {})
            : new Promise<number>((r) => setTimeout(() => r(i), 5)),
        timeout,
      ),
    );
    const results = await Promise.allSettled(calls);
    results.forEach((result, i) => {
      if (i % 2 === 0) expect(result.status).toBe("rejected");
      else expect(result).toEqual({ status: "fulfilled", value: i });
    });
  });

  it("a call that asks for its signal after the deadline gets an aborted one", async () => {
    const queue = new DeadlineQueue(10);
    let options: TierCallOptions | undefined;
    await expect(
      queue.run(async (o) => {
        options = o;
        await new Promise((r) => setTimeout(r, 40));
        return 1;
      }, timeout),
    ).rejects.toThrow();
    expect(options!.signal.aborted).toBe(true);
  });
});
