import type { TierError } from "@tier/core";
import type { ServerFailure } from "../client/results.js";
import type { MemcachedClient } from "../client.js";

/**
 * How server failures become a tier's answer. The chain treats a tier call that throws as a miss
 * for every key and counts it against the tier's circuit breaker, so with several servers one
 * failing server must not make the whole tier look down:
 *
 * - A read throws only when no server could answer: every key failed and every server failed in
 *   this call or is ejected. Otherwise a failed server's keys are misses and the others' hits
 *   are returned.
 * - A write throws for any key that may not have been written, except keys of an ejected server
 *   while other servers work: nothing was sent to it, and while ejected its keys are misses
 *   anyway (the server is out of the ring's service, as libmemcached's auto-eject does).
 */
export function readFailure(
  client: MemcachedClient,
  failures: readonly ServerFailure[],
  keyCount: number,
): TierError | undefined {
  if (failures.length === 0) return undefined;
  const failedKeys = new Set<string>();
  for (const failure of failures) for (const key of failure.keys) failedKeys.add(key);
  if (failedKeys.size < keyCount || !unavailableEverywhere(client, failures)) return undefined;
  return failures[0]?.error;
}

export function writeFailure(
  client: MemcachedClient,
  failures: readonly ServerFailure[],
): TierError | undefined {
  if (failures.length === 0) return undefined;
  const everywhere = unavailableEverywhere(client, failures);
  const counted = failures.filter(
    (failure) => everywhere || failure.error.code !== "E_NET_UNAVAILABLE",
  );
  // A network failure first: the chain's breaker counts it, while it forgives E_VALUE_TOO_LARGE.
  const first = counted.find((failure) => failure.error.code !== "E_VALUE_TOO_LARGE") ?? counted[0];
  return first?.error;
}

function unavailableEverywhere(
  client: MemcachedClient,
  failures: readonly ServerFailure[],
): boolean {
  const failed = new Set(failures.map((failure) => failure.server));
  return client.stats().every((server) => failed.has(server.server) || server.state === "ejected");
}
