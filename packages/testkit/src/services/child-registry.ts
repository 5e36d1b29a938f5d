import type { ChildProcess } from "node:child_process";

const children = new Set<ChildProcess>();
let installed = false;
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Remembers a server process until it exits, and kills every one still alive when this process
 * exits or is told to stop, so a crashed or interrupted test run leaves no server behind. (Only a
 * SIGKILL of this process escapes: nothing runs then.)
 */
export function track(child: ChildProcess): void {
  installExitHooks();
  children.add(child);
  child.once("exit", () => children.delete(child));
}

/** Server processes started here that have not exited yet. */
export function trackedCount(): number {
  return children.size;
}

function killAll(): void {
  for (const child of children) {
    // SIGKILL also ends a process stopped by SIGSTOP.
    child.kill("SIGKILL");
  }
  children.clear();
}

function installExitHooks(): void {
  if (installed) return;
  installed = true;
  process.once("exit", killAll);
  for (const signal of SIGNALS) {
    const onSignal = (): void => {
      killAll();
      process.off(signal, onSignal);
      // Nobody else handles it: let the signal do what it would have done without us.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
