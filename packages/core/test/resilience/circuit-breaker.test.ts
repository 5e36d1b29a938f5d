import { describe, expect, it } from "vitest";
import { type BreakerState, CircuitBreaker } from "../../src/resilience/circuit-breaker.js";

function breaker(options: ConstructorParameters<typeof CircuitBreaker>[0]) {
  let now = 0;
  const changes: string[] = [];
  const b = new CircuitBreaker(
    options,
    (from: BreakerState, to: BreakerState) => changes.push(`${from}->${to}`),
    () => now,
  );
  return {
    b,
    changes,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe("CircuitBreaker", () => {
  it("closed -> open after N consecutive failures; a success in between resets the run", () => {
    const { b, changes } = breaker({ consecutiveFailures: 3 });
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    b.recordFailure();
    expect(b.state).toBe("closed");
    b.recordFailure();
    expect(changes).toEqual(["closed->open"]);
    expect(b.tryAcquire()).toBe(false);
    expect(b.allowsWrites()).toBe(false);
  });

  it("half-open lets exactly one probe through; its success closes", () => {
    const { b, changes, advance } = breaker({ consecutiveFailures: 1, cooldownMs: 100 });
    b.recordFailure();
    advance(99);
    expect(b.tryAcquire()).toBe(false);
    advance(1);
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    expect(b.allowsWrites()).toBe(false);
    b.recordSuccess();
    expect(changes).toEqual(["closed->open", "open->half-open", "half-open->closed"]);
    expect(b.tryAcquire()).toBe(true);
  });

  it("a failed probe re-opens for a new cool-down", () => {
    const { b, advance } = breaker({ consecutiveFailures: 1, cooldownMs: 100 });
    b.recordFailure();
    advance(100);
    expect(b.tryAcquire()).toBe(true);
    b.recordFailure();
    expect(b.state).toBe("open");
    advance(50);
    expect(b.tryAcquire()).toBe(false);
  });

  it("opens on the failure rate of a window once it has enough calls; the window rolls over", () => {
    const { b, advance } = breaker({
      consecutiveFailures: 1000,
      failureRate: 0.5,
      minimumCalls: 4,
      windowMs: 1000,
    });
    b.recordSuccess();
    b.recordFailure();
    b.recordSuccess();
    expect(b.state).toBe("closed");
    advance(1000);
    // A new window: the successes of the last one no longer dilute its failures.
    b.recordFailure();
    b.recordSuccess();
    b.recordSuccess();
    b.recordSuccess();
    b.recordFailure();
    expect(b.state).toBe("closed"); // 2 of 5
    b.recordFailure();
    expect(b.state).toBe("open"); // 3 of 6
  });

  it("reset closes and forgets", () => {
    const { b } = breaker({ consecutiveFailures: 1 });
    b.recordFailure();
    b.reset();
    expect(b.state).toBe("closed");
    expect(b.tryAcquire()).toBe(true);
  });
});
