import { type ChildProcess, spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const MAIN = resolve(dirname(fileURLToPath(import.meta.url)), "../../dist/main.js");

export interface CliRun {
  readonly child: ChildProcess;
  /** Everything written so far. */
  readonly output: () => { stdout: string; stderr: string };
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Resolves once stdout or stderr contains `text`. */
  readonly waitFor: (text: string) => Promise<void>;
}

/** Runs `node dist/main.js args` with the environment given on top of this one. */
export function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): CliRun {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const watchers: { text: string; resolve: () => void }[] = [];
  const check = (): void => {
    for (const watcher of [...watchers]) {
      if (stdout.includes(watcher.text) || stderr.includes(watcher.text)) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  };
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
    check();
  });
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
    check();
  });
  const exited = new Promise<number | null>((resolveExit) =>
    child.once("exit", (code) => resolveExit(code)),
  );
  return {
    child,
    output: () => ({ stdout, stderr }),
    exited,
    waitFor: (text) =>
      new Promise<void>((resolveWait, reject) => {
        watchers.push({ text, resolve: resolveWait });
        check();
        void exited.then(() =>
          reject(new Error(`exited before printing "${text}":\n${stdout}\n${stderr}`)),
        );
      }),
  };
}

/** Whether a process with this id still exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
