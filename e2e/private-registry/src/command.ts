import { spawn } from "node:child_process";

/** Output kept for an error message: the end of it, where the cause usually is. */
const OUTPUT_KEPT = 6_000;

/** A command that exited with a status other than 0, or could not start. */
export class CommandFailedError extends Error {
  readonly code = "E_COMMAND_FAILED";

  constructor(
    readonly command: string,
    readonly output: string,
    options?: { cause?: unknown },
  ) {
    super(`[e2e] \`${command}\` failed:\n${output.slice(-OUTPUT_KEPT)}`, options);
    this.name = "CommandFailedError";
  }
}

export interface CommandOptions {
  readonly cwd: string;
  /** Variables added to (or, when `undefined`, removed from) {@link cleanEnvironment}. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The environment a command gets: this process's, without what `pnpm test` put there for its
 * own scripts (`npm_config_*`, `npm_package_*`, `npm_lifecycle_*`), so that every command reads
 * its configuration from its own directory, as in a fresh shell.
 */
export function cleanEnvironment(
  extra: Readonly<Record<string, string | undefined>> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_(config|package|lifecycle)_/i.test(name)) continue;
    env[name] = value;
  }
  env.COREPACK_ENABLE_DOWNLOAD_PROMPT = "0";
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export interface CommandResult {
  readonly stdout: string;
  /** stdout and stderr as they came. */
  readonly output: string;
}

/** Runs a command to its end and resolves with what it printed; rejects with {@link CommandFailedError}. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  const shown = [command, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: cleanEnvironment(options.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.once("error", (error) => reject(new CommandFailedError(shown, output, { cause: error })));
    child.once("close", (status, signal) => {
      if (status === 0) resolve({ stdout, output });
      else reject(new CommandFailedError(shown, `${output}\n(exit ${status ?? signal})`));
    });
  });
}
