/** Colours the report uses, chosen to stay apart for the colour-blind (Okabe–Ito) and in print. */

export const runColors: Readonly<Record<string, string>> = {
  "with-tt": "#0072b2",
  "without-tt": "#d55e00",
};

const originColors: Readonly<Record<string, string>> = {
  memory: "#cc79a7",
  memcached: "#56b4e9",
  tokyotyrant: "#009e73",
  mysql: "#e69f00",
};

const spare = ["#f0e442", "#999999", "#7f3c8d", "#3969ac", "#11a579"];

export function runColor(name: string): string {
  return runColors[name] ?? "#555555";
}

/**
 * One colour per origin; the well-known ones (memory, memcached, Tokyo Tyrant, MySQL) always get
 * the same colour so the charts of two reports compare at a glance.
 */
export function originColor(origin: string, index: number): string {
  if (Object.hasOwn(originColors, origin)) return originColors[origin]!;
  if (origin.startsWith("mysql")) return originColors.mysql!;
  return spare[index % spare.length]!;
}
