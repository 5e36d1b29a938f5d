import {
  decodeEnvelope,
  encodeAbsence,
  encodeEnvelope,
  type StoredEntry,
} from "../codec/envelope.js";
import { SourceError } from "../errors.js";
import { AdmissionRefusedError } from "../resilience/admission-gate.js";
import { callWithDeadline } from "../resilience/deadline.js";
import { BackfillPlan } from "./backfill-plan.js";
import type { KeyLoad } from "./key-load.js";
import { LeaseLedger } from "./lease-ledger.js";
import type { ChainRuntime } from "./runtime.js";
import type { TierSlot } from "./tier-slot.js";

/**
 * Settles every load in `loads`: each tier in turn is asked, in one call, for what is still
 * missing; then the source, in batches of `maxBatch`; what was found below a tier is written back
 * into it afterwards. A tier's failure is only a miss; only the source can fail a key.
 */
export async function readThrough<V>(
  runtime: ChainRuntime<V>,
  loads: readonly KeyLoad<V>[],
): Promise<void> {
  const plan = new BackfillPlan(runtime.slots, runtime.negativeTtlSeconds, runtime.backfill);
  const leases = new LeaseLedger<V>();
  let remaining = loads;
  try {
    for (let i = 0; i < runtime.slots.length && remaining.length > 0; i++) {
      remaining = await readTier(runtime, runtime.slots[i]!, i, remaining, plan, leases);
    }
    // What the tiers found goes up now, not after the source's (slower) answer for the rest.
    plan.submit();
    if (leases.anyHeld) {
      // Keys nobody else is loading are loaded while the others are waited for, and written back
      // as soon as they arrive: two processes that each won some keys and waited for the other's
      // before loading their own would stall each other until the wait runs out.
      const held = leases.heldLoads();
      const free = remaining.filter((load) => !held.has(load));
      await Promise.all([
        free.length > 0 ? loadFromSource(runtime, free, plan).then(() => plan.submit()) : undefined,
        awaitLeases(runtime, leases, plan).then(() => plan.submit()),
      ]);
      remaining = remaining.filter(isPending);
    }
    if (remaining.length > 0) await loadFromSource(runtime, remaining, plan);
  } catch (error) {
    // Only a bug can land here (every step above reports its own failures); still, no caller
    // may be left waiting.
    for (const load of loads) settleFailed(runtime, load, error);
  } finally {
    for (const load of loads) runtime.registry.release(load);
    plan.submit();
    if (leases.anyWon) leases.releaseUnwritten(runtime.slots, plan);
  }
}

async function readTier<V>(
  runtime: ChainRuntime<V>,
  slot: TierSlot,
  index: number,
  loads: readonly KeyLoad<V>[],
  plan: BackfillPlan,
  leases: LeaseLedger<V>,
): Promise<readonly KeyLoad<V>[]> {
  const permission = slot.acquireRead();
  if (permission !== "ok") {
    slot.counters.skipped++;
    if (runtime.events.has("skip")) {
      runtime.events.emit("skip", { tier: slot.name, reason: permission, keys: loads.map(keyOf) });
    }
    return loads;
  }
  let hits: Map<string, Uint8Array> | undefined;
  if (slot.options.leases === undefined) {
    hits = await slot.read(loads.map(keyOf));
  } else {
    const answer = await slot.readLeased(loads.map(keyOf));
    if (answer !== undefined) {
      leases.record(index, answer, loads);
      plan.track(index);
    }
    hits = answer?.hits;
  }
  if (hits === undefined) return loads;
  const missed = takeHits(runtime, slot, index, loads, hits, plan);
  const hitCount = loads.length - missed.length;
  slot.counters.misses += missed.length;
  if (runtime.events.has("hit") && hitCount > 0) {
    const missedKeys = new Set(missed.map(keyOf));
    runtime.events.emit("hit", {
      tier: slot.name,
      keys: loads.map(keyOf).filter((k) => !missedKeys.has(k)),
    });
  }
  if (runtime.events.has("miss") && missed.length > 0) {
    runtime.events.emit("miss", { tier: slot.name, keys: missed.map(keyOf) });
  }
  return missed;
}

/**
 * Settles the loads that `hits` answers, plans their write into the tiers above, and returns the
 * loads still missing (undecodable and soft-expired entries included).
 */
function takeHits<V>(
  runtime: ChainRuntime<V>,
  slot: TierSlot,
  index: number,
  loads: readonly KeyLoad<V>[],
  hits: Map<string, Uint8Array>,
  plan: BackfillPlan,
): KeyLoad<V>[] {
  const now = runtime.now();
  const missed: KeyLoad<V>[] = [];
  let hitCount = 0;
  for (const load of loads) {
    if (load.settled) continue;
    const bytes = hits.get(load.key);
    if (bytes === undefined) {
      missed.push(load);
      continue;
    }
    let entry: StoredEntry<V>;
    try {
      entry = decodeEnvelope(load.key, runtime.codec, bytes);
    } catch (error) {
      slot.counters.decodeErrors++;
      if (runtime.events.has("decodeError"))
        runtime.events.emit("decodeError", { tier: slot.name, key: load.key, error });
      missed.push(load);
      continue;
    }
    if (entry.softExpiresAt !== 0 && entry.softExpiresAt <= now) {
      if (!entry.absent && load.stale === undefined) load.stale = entry;
      missed.push(load);
      continue;
    }
    hitCount++;
    if (entry.absent) load.absent();
    else load.found(entry.value);
    if (index > 0 && !load.blocked) plan.add(load.key, bytes, entry.absent, index);
  }
  slot.counters.hits += hitCount;
  runtime.requests.sourceLoadsAvoided += hitCount;
  return missed;
}

/**
 * Waits for the keys other processes hold the lease for, asking their tier again every `pollMs`
 * for up to `waitMs`. A key whose value arrives is a hit; one whose lease passes to this caller,
 * or that is still held when the wait runs out, is left for the source.
 */
async function awaitLeases<V>(
  runtime: ChainRuntime<V>,
  leases: LeaseLedger<V>,
  plan: BackfillPlan,
): Promise<void> {
  await Promise.all(
    leases.heldByTier().map(async ([index, held]) => {
      const slot = runtime.slots[index]!;
      const { waitMs, pollMs } = slot.options.leases!;
      const started = performance.now();
      let waiting = held.filter(isPending);
      const found: string[] = [];
      slot.counters.leaseWaits += waiting.length;
      for (;;) {
        const left = waitMs - (performance.now() - started);
        if (waiting.length === 0 || left <= 0) break;
        await delay(Math.min(pollMs, left));
        waiting = waiting.filter(isPending);
        if (waiting.length === 0 || slot.acquireRead() !== "ok") break;
        const answer = await slot.readLeased(waiting.map(keyOf));
        if (answer === undefined) break;
        leases.record(index, answer, waiting);
        const missed = takeHits(runtime, slot, index, waiting, answer.hits, plan);
        for (const load of waiting) if (!load.blocked && load.settled) found.push(load.key);
        waiting = missed.filter((load) => answer.heldElsewhere.has(load.key));
      }
      slot.counters.leaseWaitHits += found.length;
      if (runtime.events.has("leaseWait")) {
        runtime.events.emit("leaseWait", {
          tier: slot.name,
          found,
          loading: held.filter(isPending).map(keyOf),
          waitedMs: performance.now() - started,
        });
      }
    }),
  );
}

async function loadFromSource<V>(
  runtime: ChainRuntime<V>,
  loads: readonly KeyLoad<V>[],
  plan: BackfillPlan,
): Promise<void> {
  const batches: Promise<void>[] = [];
  for (let start = 0; start < loads.length; start += runtime.maxBatch) {
    batches.push(loadBatch(runtime, loads.slice(start, start + runtime.maxBatch), plan));
  }
  await Promise.all(batches);
}

async function loadBatch<V>(
  runtime: ChainRuntime<V>,
  loads: readonly KeyLoad<V>[],
  plan: BackfillPlan,
): Promise<void> {
  const { source, sourceCounters: counters } = runtime;
  const keys = loads.map(keyOf);
  try {
    await runtime.admission.acquire();
  } catch (error) {
    counters.overloaded++;
    const reason = error instanceof AdmissionRefusedError ? error.reason : "refused";
    if (runtime.events.has("sourceOverload"))
      runtime.events.emit("sourceOverload", { source: source.name, keys, reason });
    failOrServeStale(
      runtime,
      loads,
      new SourceError("E_SOURCE_OVERLOADED", source.name, keys, { cause: error }),
    );
    return;
  }
  const started = performance.now();
  let rows: Map<string, V>;
  try {
    counters.queries++;
    counters.keysRequested += keys.length;
    rows = await callWithDeadline(
      (signal) => source.loadMany(keys, { signal }),
      runtime.sourceTimeoutMs,
      () => new SourceError("E_SOURCE_TIMEOUT", source.name, keys),
    );
    if (!(rows instanceof Map))
      throw new TypeError(`source "${source.name}" loadMany did not return a Map`);
  } catch (error) {
    const durationMs = performance.now() - started;
    counters.latency.record(durationMs);
    const failure =
      error instanceof SourceError
        ? error
        : new SourceError("E_SOURCE_FAILED", source.name, keys, { cause: error });
    if (failure.code === "E_SOURCE_TIMEOUT") counters.timeouts++;
    else counters.failures++;
    if (runtime.events.has("sourceLoad")) {
      runtime.events.emit("sourceLoad", {
        source: source.name,
        keys,
        found: 0,
        durationMs,
        error: failure,
      });
    }
    failOrServeStale(runtime, loads, failure);
    return;
  } finally {
    runtime.admission.release();
  }
  const durationMs = performance.now() - started;
  counters.latency.record(durationMs);
  const softExpiresAt = runtime.softTtlMs === 0 ? 0 : runtime.now() + runtime.softTtlMs;
  const everyTier = runtime.slots.length;
  let found = 0;
  for (const load of loads) {
    const row = rows.get(load.key);
    if (row === undefined) {
      load.absent();
      if (!load.blocked && runtime.negativeTtlSeconds > 0) {
        plan.add(load.key, encodeAbsence(load.key, runtime.codec.id, 0), true, everyTier);
      }
      continue;
    }
    found++;
    load.found(row);
    if (load.blocked || everyTier === 0) continue;
    let bytes: Uint8Array;
    try {
      bytes = encodeEnvelope(load.key, runtime.codec, row, softExpiresAt);
    } catch (error) {
      if (runtime.events.has("encodeError"))
        runtime.events.emit("encodeError", { key: load.key, error });
      continue;
    }
    plan.add(load.key, bytes, false, everyTier);
  }
  counters.keysFound += found;
  if (runtime.events.has("sourceLoad"))
    runtime.events.emit("sourceLoad", { source: source.name, keys, found, durationMs });
}

/** Fail-safe: a soft-expired value still inside its grace period beats an error. */
function failOrServeStale<V>(
  runtime: ChainRuntime<V>,
  loads: readonly KeyLoad<V>[],
  error: SourceError,
): void {
  const now = runtime.now();
  let staleKeys: string[] | undefined;
  for (const load of loads) {
    const stale = load.stale;
    if (
      stale !== undefined &&
      runtime.staleIfErrorMs > 0 &&
      now < stale.softExpiresAt + runtime.staleIfErrorMs
    ) {
      runtime.requests.staleServed++;
      load.found(stale.value);
      staleKeys ??= [];
      staleKeys.push(load.key);
    } else {
      settleFailed(runtime, load, error);
    }
  }
  if (staleKeys !== undefined && runtime.events.has("stale"))
    runtime.events.emit("stale", { keys: staleKeys, error });
}

function settleFailed<V>(runtime: ChainRuntime<V>, load: KeyLoad<V>, error: unknown): void {
  if (load.settled) return;
  load.fail(
    error instanceof SourceError
      ? error
      : new SourceError("E_SOURCE_FAILED", runtime.source.name, [load.key], { cause: error }),
  );
}

function keyOf(load: KeyLoad<unknown>): string {
  return load.key;
}

function isPending(load: KeyLoad<unknown>): boolean {
  return !load.settled;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
