import { escapeHtml } from "../escape.js";
import { formatCount, formatShare } from "../format.js";
import { phaseLabel } from "../labels.js";
import type { DemoSettings } from "../model.js";

/** The knobs of this run, so a reader can replay it. */
export function renderSettings(settings: DemoSettings): string {
  const entries: [string, string][] = [
    ["items", formatCount(settings.items)],
    ["seconds per phase", formatCount(settings.phaseSeconds)],
    [
      "target rate",
      settings.rate === 0 ? "as fast as possible" : `${formatCount(settings.rate)} calls/s`,
    ],
    ["concurrency", formatCount(settings.concurrency)],
    ["getMany share", formatShare(settings.getManyShare, 1)],
    ["getMany size", `${formatCount(settings.getManySize)} keys`],
    ["Zipf exponent", String(settings.zipfExponent)],
    ["memcached deadline", `${formatCount(settings.memcachedTimeoutMs)} ms`],
    ["baseline without TT", settings.ttBaseline ? "yes" : "no"],
    ["phases", settings.phases.map(phaseLabel).join(", ")],
  ];
  const items = entries
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join("");
  return `<section><h2>Settings</h2><dl class="settings">${items}</dl></section>`;
}
