import type { PhaseName } from "../report/model.js";
import type { MemcachedService } from "../services/memcached-service.js";
import type { TokyoTyrantService } from "../services/tokyotyrant-service.js";

/** What a phase may act on. `tokyoTyrant` is undefined in the run without TT. */
export interface PhaseContext {
  readonly memcached: MemcachedService;
  readonly tokyoTyrant: TokyoTyrantService | undefined;
  /** Empties what the chain of this run reads, before any load. */
  readonly emptyCaches: () => Promise<string>;
}

export interface PhaseStep {
  readonly phase: PhaseName;
  readonly title: string;
  /** Runs at the start of the phase, load still running (except cold: before it starts). */
  readonly begin: (context: PhaseContext) => Promise<string>;
  /** Runs halfway through; returns what it did, appended to the action. */
  readonly halfway?: (context: PhaseContext) => Promise<string>;
  /** Runs at the end of the phase. */
  readonly end?: (context: PhaseContext) => Promise<void>;
}

/** The production story, one step per phase. */
export const PHASE_STEPS: Readonly<Record<PhaseName, PhaseStep>> = {
  cold: {
    phase: "cold",
    title: "1. cold start",
    begin: (context) => context.emptyCaches(),
  },
  warm: {
    phase: "warm",
    title: "2. warm steady state",
    begin: async () => "nothing: the same load on warm caches",
  },
  "memcached-restart": {
    phase: "memcached-restart",
    title: "3. memcached restarted",
    begin: (context) => context.memcached.restart(),
  },
  "memcached-overload": {
    phase: "memcached-overload",
    title: "4. memcached overloaded",
    begin: async (context) => {
      await context.memcached.stall();
      return "memcached stalled (requests accepted, never answered)";
    },
    halfway: async (context) => {
      await context.memcached.refuse();
      return "then refusing connections";
    },
    end: async (context) => context.memcached.clearFaults(),
  },
  "tt-down": {
    phase: "tt-down",
    title: "5. Tokyo Tyrant down",
    begin: async (context) =>
      context.tokyoTyrant === undefined
        ? "nothing: this chain has no Tokyo Tyrant"
        : context.tokyoTyrant.takeDown(),
  },
  recovered: {
    phase: "recovered",
    title: "6. everything back",
    begin: async (context) => {
      await context.memcached.clearFaults();
      await context.memcached.ensureRunning();
      return context.tokyoTyrant === undefined
        ? "nothing left to restore"
        : context.tokyoTyrant.bringBack();
    },
  },
};
