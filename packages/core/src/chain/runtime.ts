import type { Codec } from "../contracts/codec.js";
import type { Source } from "../contracts/source.js";
import type { ChainEvents } from "../observe/chain-events.js";
import type { RequestCounters, SourceCounters } from "../observe/chain-stats.js";
import type { EventBus } from "../observe/event-bus.js";
import type { AdmissionGate } from "../resilience/admission-gate.js";
import type { BackfillQueue } from "../resilience/backfill-queue.js";
import type { LoadRegistry } from "./load-registry.js";
import type { TierSlot } from "./tier-slot.js";

/** What the read and write paths share: the chain's state, with every option resolved. */
export interface ChainRuntime<V> {
  readonly slots: readonly TierSlot[];
  readonly source: Source<V>;
  readonly codec: Codec<V>;
  readonly maxBatch: number;
  readonly sourceTimeoutMs: number;
  readonly negativeTtlSeconds: number;
  readonly softTtlMs: number;
  readonly staleIfErrorMs: number;
  readonly now: () => number;
  readonly events: EventBus<ChainEvents>;
  readonly requests: RequestCounters;
  readonly sourceCounters: SourceCounters;
  readonly admission: AdmissionGate;
  readonly backfill: BackfillQueue;
  readonly registry: LoadRegistry<V>;
}
