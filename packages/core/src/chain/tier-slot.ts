import type { LeasedRead, Tier, TierCallOptions, TierEntry } from "../contracts/tier.js";
import { isTierError, TierTimeoutError } from "../errors.js";
import type { ChainEvents, TierOperation } from "../observe/chain-events.js";
import { TierCounters } from "../observe/chain-stats.js";
import type { EventBus } from "../observe/event-bus.js";
import { CircuitBreaker } from "../resilience/circuit-breaker.js";
import { DeadlineQueue } from "../resilience/deadline-queue.js";
import type { ResolvedTierOptions } from "./options.js";

export type ReadPermission = "ok" | "disabled" | "breaker-open";

/**
 * A tier in its place in the chain: its settings, breaker, operator switch and counters. Every
 * call goes through here, so every call has a deadline and every failure is counted, reported and
 * turned into a value the chain can act on instead of an exception.
 */
export class TierSlot {
  readonly name: string;
  readonly tier: Tier;
  readonly counters = new TierCounters();
  readonly breaker: CircuitBreaker | undefined;
  enabled: boolean;
  private readonly maxValueBytes: number;
  private readonly deadlines: DeadlineQueue;

  constructor(
    readonly options: ResolvedTierOptions,
    private readonly events: EventBus<ChainEvents>,
    now: () => number,
  ) {
    this.tier = options.tier;
    this.name = options.tier.name;
    this.enabled = options.enabled;
    this.maxValueBytes = options.tier.capabilities.maxValueBytes ?? Number.POSITIVE_INFINITY;
    this.deadlines = new DeadlineQueue(options.timeoutMs);
    this.breaker =
      options.breaker === false
        ? undefined
        : new CircuitBreaker(
            options.breaker,
            (from, to) => {
              if (events.has("breaker")) events.emit("breaker", { tier: this.name, from, to });
            },
            now,
          );
  }

  /** Asks to read; when "ok" is returned in half-open state, this call is the breaker's probe. */
  acquireRead(): ReadPermission {
    if (!this.enabled) return "disabled";
    if (this.breaker !== undefined && !this.breaker.tryAcquire()) return "breaker-open";
    return "ok";
  }

  canWrite(): boolean {
    return this.enabled && (this.breaker === undefined || this.breaker.allowsWrites());
  }

  /** TTL for one write, with jitter, in whole seconds; 0 = no expiry. */
  ttlSeconds(): number {
    const ttl = this.options.ttlSeconds;
    if (ttl === 0 || this.options.ttlJitter === 0) return ttl;
    return Math.max(1, Math.round(ttl - ttl * this.options.ttlJitter * Math.random()));
  }

  /** The hits, or `undefined` when the call failed or timed out (a miss for every key). */
  read(keys: readonly string[]): Promise<Map<string, Uint8Array> | undefined> {
    return this.timedRead(keys, async (callOptions) => {
      const answer = await this.tier.getMany(keys, callOptions);
      if (!(answer instanceof Map))
        throw new TypeError(`tier "${this.name}" getMany did not return a Map`);
      return answer;
    });
  }

  /** A read with leases (see `Tier.getManyLeased`); `undefined` when it failed or timed out. */
  readLeased(keys: readonly string[]): Promise<LeasedRead | undefined> {
    return this.timedRead(keys, async (callOptions) => {
      const answer = await (this.tier.getManyLeased as NonNullable<Tier["getManyLeased"]>)(
        keys,
        callOptions,
      );
      if (!(answer?.hits instanceof Map) || !(answer.won instanceof Set))
        throw new TypeError(`tier "${this.name}" getManyLeased did not return a LeasedRead`);
      if (!(answer.heldElsewhere instanceof Set))
        throw new TypeError(`tier "${this.name}" getManyLeased did not return a LeasedRead`);
      this.counters.leasesWon += answer.won.size;
      return answer;
    });
  }

  /** Gives leases back without waiting; a failure only means they run out on their own. */
  releaseLeases(keys: readonly string[]): void {
    if (keys.length === 0 || this.tier.releaseLeases === undefined) return;
    const release = this.tier.releaseLeases.bind(this.tier);
    this.call("release", keys, (callOptions) => release(keys, callOptions)).catch(() => {});
  }

  private async timedRead<T>(
    keys: readonly string[],
    run: (callOptions: TierCallOptions) => Promise<T>,
  ): Promise<T | undefined> {
    const started = performance.now();
    try {
      const answer = await this.call("get", keys, run);
      this.counters.latency.record(performance.now() - started);
      this.breaker?.recordSuccess();
      return answer;
    } catch (_error) {
      this.counters.latency.record(performance.now() - started);
      this.breaker?.recordFailure();
      return undefined;
    }
  }

  /** Writes the entries that fit; resolves with the error, or `undefined` on success. */
  async write(entries: readonly TierEntry[], operation: TierOperation): Promise<unknown> {
    const fitting = this.fitting(entries);
    if (fitting.length === 0) return undefined;
    try {
      await this.call(operation, fitting.map(keyOf), (callOptions) =>
        this.tier.setMany(fitting, callOptions),
      );
      if (operation === "backfill") this.counters.backfilled += fitting.length;
      return undefined;
    } catch (error) {
      if (operation === "backfill") this.counters.backfillFailed += fitting.length;
      if (!isTierError(error) || error.code !== "E_VALUE_TOO_LARGE") this.breaker?.recordFailure();
      return error;
    }
  }

  /** Deletes; resolves with the error, or `undefined` on success. */
  async remove(keys: readonly string[]): Promise<unknown> {
    try {
      await this.call("delete", keys, (callOptions) => this.tier.deleteMany(keys, callOptions));
      return undefined;
    } catch (error) {
      this.breaker?.recordFailure();
      return error;
    }
  }

  /** Whether the tier takes a value of this size (see `TierCapabilities.maxValueBytes`). */
  fits(value: Uint8Array): boolean {
    return value.byteLength <= this.maxValueBytes;
  }

  private readonly timeoutError = (): Error =>
    new TierTimeoutError(this.name, this.options.timeoutMs);

  private fitting(entries: readonly TierEntry[]): readonly TierEntry[] {
    if (this.maxValueBytes === Number.POSITIVE_INFINITY) return entries;
    const fitting = entries.filter((entry) => this.fits(entry.value));
    this.counters.oversized += entries.length - fitting.length;
    return fitting;
  }

  private async call<T>(
    operation: TierOperation,
    keys: readonly string[],
    run: (callOptions: TierCallOptions) => Promise<T>,
  ): Promise<T> {
    const timeoutMs = this.options.timeoutMs;
    try {
      return await this.deadlines.run(run, this.timeoutError);
    } catch (error) {
      this.counters.errors++;
      if (error instanceof TierTimeoutError && error.tier === this.name) {
        this.counters.timeouts++;
        if (this.events.has("timeout"))
          this.events.emit("timeout", { tier: this.name, operation, keys, timeoutMs });
      } else if (this.events.has("tierError")) {
        this.events.emit("tierError", { tier: this.name, operation, keys, error });
      }
      throw error;
    }
  }
}

function keyOf(entry: TierEntry): string {
  return entry.key;
}
