import { DemoError } from "../errors.js";
import type { PhaseName } from "../report/model.js";

export const ALL_PHASES: readonly PhaseName[] = [
  "cold",
  "warm",
  "memcached-restart",
  "memcached-overload",
  "tt-down",
  "recovered",
];

/** Everything the demo can be told, with the defaults filled in. */
export interface DemoOptions {
  readonly memcachedUrl: string;
  readonly ttUrl: string;
  readonly mysqlUrl: string;
  /** The demo's own table in that database. */
  readonly table: string;
  readonly items: number;
  readonly phaseSeconds: number;
  readonly rate: number;
  readonly concurrency: number;
  readonly zipfExponent: number;
  readonly getManyShare: number;
  readonly getManySize: number;
  readonly phases: readonly PhaseName[];
  readonly ttBaseline: boolean;
  readonly jsonPath: string | undefined;
  readonly htmlPath: string | undefined;
  /** Print the table and the progress line, or stay quiet (tests). */
  readonly quiet: boolean;
}

export type ParsedCommand =
  | { readonly kind: "help" }
  | { readonly kind: "run"; readonly options: DemoOptions };

export const DEFAULTS = {
  memcachedUrl: "memcached://127.0.0.1:11211",
  ttUrl: "tt://127.0.0.1:1978",
  mysqlUrl: "mysql://root@127.0.0.1:3306/test",
  table: "tier_demo_items",
  items: 100_000,
  phaseSeconds: 5,
  rate: 2_000,
  concurrency: 32,
  zipfExponent: 1.0,
  getManyShare: 0.2,
  getManySize: 10,
} as const;

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads the command line (without `node` and the script) and the environment. Flags win over
 * environment variables, which win over the defaults. Throws `DemoError` `E_USAGE` naming the
 * flag for anything unknown or out of range.
 */
export function parseCommand(argv: readonly string[], env: Environment): ParsedCommand {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    // `pnpm demo -- --flag` hands the separator on: it separates nothing here.
    if (argument === "--") continue;
    if (argument === "--help" || argument === "-h") return { kind: "help" };
    if (!argument.startsWith("--")) throw usage(`unexpected argument "${argument}"`);
    const equals = argument.indexOf("=");
    const name = equals === -1 ? argument.slice(2) : argument.slice(2, equals);
    if (SWITCHES.has(name)) {
      if (equals !== -1) throw usage(`--${name} takes no value`);
      switches.add(name);
      continue;
    }
    if (!VALUED.has(name)) throw usage(`unknown flag --${name}`);
    const value = equals === -1 ? argv[++i] : argument.slice(equals + 1);
    if (value === undefined || (equals === -1 && value.startsWith("--"))) {
      throw usage(`--${name} needs a value`);
    }
    values.set(name, value);
  }

  return {
    kind: "run",
    options: {
      memcachedUrl:
        values.get("memcached-url") ?? nonEmpty(env.TIER_MEMCACHED_URL) ?? DEFAULTS.memcachedUrl,
      ttUrl: values.get("tt-url") ?? nonEmpty(env.TIER_TOKYOTYRANT_URL) ?? DEFAULTS.ttUrl,
      mysqlUrl: values.get("mysql-url") ?? nonEmpty(env.TIER_MYSQL_URL) ?? DEFAULTS.mysqlUrl,
      table: tableName(values.get("table")),
      items: integer(values, "items", DEFAULTS.items, 100, 10_000_000),
      phaseSeconds: decimal(values, "duration", DEFAULTS.phaseSeconds, 0.5, 3_600),
      rate: integer(values, "rate", DEFAULTS.rate, 0, 1_000_000),
      concurrency: integer(values, "concurrency", DEFAULTS.concurrency, 1, 10_000),
      zipfExponent: decimal(values, "zipf", DEFAULTS.zipfExponent, 0, 5),
      getManyShare: decimal(values, "get-many-share", DEFAULTS.getManyShare, 0, 1),
      getManySize: integer(values, "get-many-size", DEFAULTS.getManySize, 1, 1_000),
      phases: phaseList(values.get("phases")),
      ttBaseline: !switches.has("no-tt-baseline"),
      jsonPath: values.get("json"),
      htmlPath: values.get("html"),
      quiet: switches.has("quiet"),
    },
  };
}

const SWITCHES = new Set(["no-tt-baseline", "quiet"]);
const VALUED = new Set([
  "memcached-url",
  "tt-url",
  "mysql-url",
  "table",
  "items",
  "duration",
  "rate",
  "concurrency",
  "zipf",
  "get-many-share",
  "get-many-size",
  "phases",
  "json",
  "html",
]);

function usage(message: string): DemoError {
  return new DemoError("E_USAGE", `${message} (see --help)`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function integer(
  values: Map<string, string>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = values.get(name);
  if (text === undefined) return fallback;
  const cleaned = text.replaceAll("_", "").replaceAll(",", "");
  if (!/^\d+$/.test(cleaned)) throw usage(`--${name} must be a whole number, got "${text}"`);
  const value = Number(cleaned);
  if (value < min || value > max) {
    throw usage(`--${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function decimal(
  values: Map<string, string>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = values.get(name);
  if (text === undefined) return fallback;
  if (!/^\d+(\.\d+)?$/.test(text)) throw usage(`--${name} must be a number, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max) {
    throw usage(`--${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function phaseList(text: string | undefined): readonly PhaseName[] {
  if (text === undefined) return ALL_PHASES;
  const chosen = new Set<PhaseName>();
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "")) {
    const byNumber = /^[1-6]$/.test(part) ? ALL_PHASES[Number(part) - 1] : undefined;
    const phase = byNumber ?? ALL_PHASES.find((name) => name === part);
    if (phase === undefined) {
      throw usage(`--phases: unknown phase "${part}"; use 1-6 or ${ALL_PHASES.join(", ")}`);
    }
    chosen.add(phase);
  }
  if (chosen.size === 0) throw usage("--phases needs at least one phase");
  // The story only makes sense in its own order, whatever order the list gave.
  return ALL_PHASES.filter((phase) => chosen.has(phase));
}

function tableName(text: string | undefined): string {
  if (text === undefined) return DEFAULTS.table;
  // The demo drops and recreates this table: only a plain name, never something to escape.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(text)) {
    throw usage(`--table must be a plain table name (letters, digits, _), got "${text}"`);
  }
  return text;
}
