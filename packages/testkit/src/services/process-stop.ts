import { readdirSync, readFileSync } from "node:fs";

/**
 * Waits (synchronously, at most `limitMs`) until every thread of `pid` is stopped. `kill(SIGSTOP)`
 * returns before a thread running on another core has actually stopped, and memcached's worker
 * threads may still answer a request that arrives in that gap: a test that stalls the server and
 * then sends must know the stall has taken hold. Where `/proc` does not exist this returns at once.
 */
export function waitUntilStopped(pid: number, limitMs = 500): void {
  const until = performance.now() + limitMs;
  while (!allThreadsStopped(pid) && performance.now() < until) {
    // A busy wait of a few microseconds per look: the stop takes effect within a scheduler tick.
  }
}

function allThreadsStopped(pid: number): boolean {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return true;
  }
  return threads.every((tid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "latin1");
      // The state is the first field after the command name, which is in parentheses.
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      return state === "T" || state === "t";
    } catch {
      return true;
    }
  });
}
