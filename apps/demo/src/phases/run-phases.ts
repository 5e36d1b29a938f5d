import type { Chain } from "@tier/core";
import type { DemoItem } from "../item.js";
import { LoadGenerator, type LoadSettings } from "../load/load-generator.js";
import type { CountingSource } from "../metrics/counting-source.js";
import { RunRecorder } from "../metrics/run-recorder.js";
import type { DemoOutput } from "../output.js";
import { formatProgress } from "../print/progress.js";
import type { PhaseName, PhaseResult, RunResult } from "../report/model.js";
import { PHASE_STEPS, type PhaseContext } from "./phase-plan.js";
import { waitUntil } from "./wait.js";

export interface PhaseRunSettings {
  readonly name: RunResult["name"];
  readonly phases: readonly PhaseName[];
  readonly phaseSeconds: number;
  readonly load: LoadSettings;
}

/**
 * Runs the phases against one chain: the load starts after the cold phase has emptied the caches
 * and runs without a pause across phase boundaries, as production traffic would; each phase's
 * action happens while it runs. An aborted signal ends the phase under way at once: its numbers so
 * far are kept.
 */
export async function runPhases(
  chain: Chain<DemoItem>,
  tiers: readonly string[],
  source: CountingSource,
  context: PhaseContext,
  settings: PhaseRunSettings,
  output: DemoOutput,
  signal: AbortSignal,
): Promise<RunResult> {
  const readIds = new Uint8Array(settings.load.items + 1);
  const recorder = new RunRecorder(chain, source, readIds);
  const load = new LoadGenerator(
    chain,
    settings.load,
    (outcome) => recorder.record(outcome),
    readIds,
  );
  const phases: PhaseResult[] = [];
  const ticker = setInterval(
    () => output.progress(formatProgress(settings.name, recorder.tick())),
    1_000,
  );
  const phaseMs = settings.phaseSeconds * 1_000;
  try {
    for (const phase of settings.phases) {
      if (signal.aborted) break;
      const step = PHASE_STEPS[phase];
      recorder.beginPhase(phase);
      const startedAt = performance.now();
      let action = "";
      try {
        action = await step.begin(context);
        load.start();
        if (step.halfway !== undefined) {
          await waitUntil(startedAt + phaseMs / 2, signal);
          if (!signal.aborted) action += `; ${await step.halfway(context)}`;
        }
        await waitUntil(startedAt + phaseMs, signal);
        await step.end?.(context);
      } finally {
        if (signal.aborted) await load.stop();
        phases.push(
          recorder.endPhase(step.title, signal.aborted ? `${action} (interrupted)` : action),
        );
      }
    }
  } finally {
    clearInterval(ticker);
    await load.stop();
    output.endProgress();
    recorder.close();
  }
  return { name: settings.name, tiers, phases, timeline: recorder.timeline };
}
