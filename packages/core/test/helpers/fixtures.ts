import { encodeEnvelope } from "../../src/codec/envelope.js";
import {
  type Chain,
  type ChainOptions,
  type ChainTierOptions,
  createChain,
  jsonCodec,
  type TierCapabilities,
} from "../../src/index.js";
import { CountingSource, type Row, rowFor } from "./counting-source.js";
import { ScriptedTier } from "./scripted-tier.js";

const codec = jsonCodec<Row>();

/** The bytes the chain itself would store for `key`. */
export function storedRow(key: string, softExpiresAt = 0): Uint8Array {
  return encodeEnvelope(key, codec, rowFor(key), softExpiresAt);
}

/** Puts `keys` into a tier the way the chain writes them. */
export function seed(tier: ScriptedTier, keys: Iterable<string>, softExpiresAt = 0): void {
  for (const key of keys) tier.data.set(key, storedRow(key, softExpiresAt));
}

export function keysFrom(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

export interface TierSettings {
  readonly l1?: Omit<ChainTierOptions, "tier">;
  /** `false` leaves l2 out of the chain. */
  readonly l2?: Omit<ChainTierOptions, "tier"> | false;
  /** Capabilities the scripted tiers declare (read by the chain when it is created). */
  readonly l1Capabilities?: Partial<TierCapabilities>;
  readonly l2Capabilities?: Partial<TierCapabilities>;
}

/** A chain over two scripted tiers (l1, l2) and a counting source, with overridable options. */
export function twoTierChain(options: Partial<ChainOptions<Row>> = {}, tiers: TierSettings = {}) {
  const journal: string[] = [];
  const l1 = new ScriptedTier("l1", tiers.l1Capabilities, journal);
  const l2 = new ScriptedTier("l2", tiers.l2Capabilities, journal);
  const source = new CountingSource();
  const chain = createChain<Row>({
    tiers: [
      { tier: l1, ttlJitter: 0, ...tiers.l1 },
      ...(tiers.l2 === false ? [] : [{ tier: l2, ttlJitter: 0, ...tiers.l2 }]),
    ],
    source,
    ...options,
  });
  return { chain, l1, l2, source, journal };
}

/** Closes every chain a test made, after each test. */
export function chainTracker() {
  let open: Chain<Row>[] = [];
  return {
    track<T extends { chain: Chain<Row> }>(setup: T): T {
      open.push(setup.chain);
      return setup;
    },
    async closeAll(): Promise<void> {
      await Promise.all(open.map((c) => c.close()));
      open = [];
    },
  };
}

/** Resolves once the chain's queued backfill has run. */
export async function settleBackfill(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export { CountingSource, rowFor, ScriptedTier };
