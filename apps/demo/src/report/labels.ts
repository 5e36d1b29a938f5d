/** Words for the report's identifiers: a run name or phase name becomes what a reader expects. */

const runLabels: Readonly<Record<string, string>> = {
  "with-tt": "with Tokyo Tyrant",
  "without-tt": "without Tokyo Tyrant",
};

const phaseLabels: Readonly<Record<string, string>> = {
  cold: "cold start",
  warm: "warm",
  "memcached-restart": "memcached restart",
  "memcached-overload": "memcached overload",
  "tt-down": "TT down",
  recovered: "recovered",
};

export function runLabel(name: string): string {
  return runLabels[name] ?? name;
}

/** Short enough to sit above a phase band of a chart. */
export function phaseLabel(phase: string): string {
  return phaseLabels[phase] ?? phase;
}
