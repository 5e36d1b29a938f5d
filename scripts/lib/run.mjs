// Runs a command with inherited output and stops the script when it fails, naming the command.
import { spawnSync } from "node:child_process";

export class CommandFailedError extends Error {
  constructor(command, status, options) {
    super(`\`${command}\` failed (exit ${status})`, options);
    this.name = "CommandFailedError";
    this.code = "E_COMMAND_FAILED";
  }
}

/** Runs `command args` and throws {@link CommandFailedError} unless it exits 0. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  const shown = [command, ...args].join(" ");
  if (result.error !== undefined)
    throw new CommandFailedError(shown, "none", { cause: result.error });
  if (result.status !== 0) throw new CommandFailedError(shown, result.status ?? result.signal);
  return result;
}
