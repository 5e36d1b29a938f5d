#!/usr/bin/env node
import { pathToFileURL } from "node:url";
import { HELP_TEXT } from "./cli/help.js";
import { parseCommand } from "./cli/options.js";
import { DemoError } from "./errors.js";
import { terminalOutput } from "./output.js";
import { runDemo } from "./run.js";
import { writeOutputs } from "./write-outputs.js";

export const EXIT = { ok: 0, failed: 1, usage: 2, mysqlUnreachable: 3, interrupted: 130 } as const;

/** The command line: parse, run, write, and say how it ended with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(argv, process.env);
  } catch (error) {
    if (error instanceof DemoError && error.code === "E_USAGE") {
      process.stderr.write(`tier demo: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  if (command.kind === "help") {
    process.stdout.write(HELP_TEXT);
    return EXIT.ok;
  }
  const options = command.options;
  const output = terminalOutput(options.quiet);
  const interrupt = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (interrupt.signal.aborted) return;
    output.endProgress();
    process.stderr.write(
      `\n${name}: stopping the load, restoring the servers, writing what was measured...\n`,
    );
    interrupt.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const report = await runDemo(options, output, interrupt.signal);
    const written = await writeOutputs(report, { json: options.jsonPath, html: options.htmlPath });
    for (const file of written) output.line(`wrote ${file}`);
    if (report.interrupted) return EXIT.interrupted;
    return report.wrongValues === 0 ? EXIT.ok : EXIT.failed;
  } catch (error) {
    output.endProgress();
    if (error instanceof DemoError) {
      process.stderr.write(`tier demo: ${error.message}\n`);
      return error.code === "E_MYSQL_UNREACHABLE"
        ? EXIT.mysqlUnreachable
        : error.code === "E_USAGE"
          ? EXIT.usage
          : EXIT.failed;
    }
    process.stderr.write(
      `tier demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.failed;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // Everything was closed; should a driver still hold a socket open, do not hang the terminal.
      setTimeout(() => process.exit(code), 2_000).unref();
    },
    (error: unknown) => {
      process.stderr.write(`tier demo failed: ${String(error)}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
