import { isTierError, ProtocolError, type TierError } from "@tier/core";
import type { ServerFailure } from "./results.js";
import type { ServerGroup } from "./server-groups.js";

/**
 * Runs `task` for every server's group at once and collects what failed, per server, instead of
 * letting one server's failure hide the others' answers. A task reports failures of single keys
 * (an error reply) through `failures` itself. When the caller's signal aborted, the call rejects
 * with its reason.
 */
export async function fanOut<T>(
  groups: readonly ServerGroup<T>[],
  task: (group: ServerGroup<T>, failures: ServerFailure[]) => Promise<void>,
  signal: AbortSignal | undefined,
): Promise<ServerFailure[]> {
  const failures: ServerFailure[] = [];
  const run = (group: ServerGroup<T>): Promise<void> =>
    task(group, failures).catch((error: unknown) => {
      failures.push({ server: group.node.address, keys: group.keys, error: asTierError(error) });
    });
  if (groups.length === 1) await run(groups[0] as ServerGroup<T>);
  else await Promise.all(groups.map(run));
  if (signal?.aborted) throw signal.reason;
  return failures;
}

export function asTierError(error: unknown): TierError {
  if (isTierError(error)) return error;
  // Not expected: the transport and the codec only throw TierErrors. Kept typed all the same.
  return new ProtocolError("memcached", "unexpected failure", { cause: error });
}
