import { describe, expect, it } from "vitest";
import { ALL_PHASES, DEFAULTS, parseCommand } from "../src/cli/options.js";
import { DemoError } from "../src/errors.js";

function run(argv: string[], env: Record<string, string> = {}) {
  const command = parseCommand(argv, env);
  if (command.kind !== "run") throw new Error("expected a run");
  return command.options;
}

function usageError(argv: string[]): DemoError {
  try {
    parseCommand(argv, {});
  } catch (error) {
    if (error instanceof DemoError) return error;
    throw error;
  }
  throw new Error(`${argv.join(" ")} was accepted`);
}

describe("the demo's command line", () => {
  it("defaults to every phase, 100,000 items and the localhost URLs", () => {
    const options = run([]);
    expect(options.items).toBe(100_000);
    expect(options.phases).toEqual(ALL_PHASES);
    expect(options.ttBaseline).toBe(true);
    expect(options.mysqlUrl).toBe(DEFAULTS.mysqlUrl);
    expect(options.memcachedUrl).toBe(DEFAULTS.memcachedUrl);
    expect(options.ttUrl).toBe(DEFAULTS.ttUrl);
  });

  it("reads the URLs from the environment, and flags win over it", () => {
    const env = {
      TIER_MEMCACHED_URL: "memcached://10.0.0.1:11211,10.0.0.2:11211",
      TIER_TOKYOTYRANT_URL: "tt://10.0.0.5:1978",
      TIER_MYSQL_URL: "mysql://app@db:3306/shop",
    };
    expect(run([], env).memcachedUrl).toBe(env.TIER_MEMCACHED_URL);
    expect(run([], env).ttUrl).toBe(env.TIER_TOKYOTYRANT_URL);
    const flagged = run(["--mysql-url", "mysql://other@db2/x", "--tt-url=tt://h:1"], env);
    expect(flagged.mysqlUrl).toBe("mysql://other@db2/x");
    expect(flagged.ttUrl).toBe("tt://h:1");
  });

  it("takes numbers with either spelling and phases by number or name, in story order", () => {
    const options = run([
      "--items=2,000",
      "--duration",
      "1.5",
      "--rate",
      "0",
      "--phases",
      "memcached-restart,1",
      "--no-tt-baseline",
      "--json",
      "out.json",
    ]);
    expect(options.items).toBe(2_000);
    expect(options.phaseSeconds).toBe(1.5);
    expect(options.rate).toBe(0);
    expect(options.phases).toEqual(["cold", "memcached-restart"]);
    expect(options.ttBaseline).toBe(false);
    expect(options.jsonPath).toBe("out.json");
  });

  it("ignores the -- that pnpm passes on", () => {
    expect(run(["--", "--items", "500"]).items).toBe(500);
  });

  it("answers --help before looking at anything else", () => {
    expect(parseCommand(["--items", "x", "--help"], {}).kind).toBe("help");
  });

  it.each([
    [["--bogus"], /unknown flag --bogus/],
    [["--items"], /--items needs a value/],
    [["--items", "ten"], /--items must be a whole number/],
    [["--items", "5"], /--items must be between 100/],
    [["--duration", "-1"], /--duration needs a value|--duration must be a number/],
    [["--concurrency", "0"], /--concurrency must be between 1/],
    [["--phases", "7"], /unknown phase "7"/],
    [["--no-tt-baseline=yes"], /takes no value/],
    [["items"], /unexpected argument "items"/],
    [["--table", "x`; DROP TABLE y"], /--table must be a plain table name/],
  ])("refuses %j with a usage error naming the problem", (argv, message) => {
    const error = usageError(argv);
    expect(error.code).toBe("E_USAGE");
    expect(error.message).toMatch(message);
  });
});
