import { TokyoTyrantError } from "../errors.js";
import type { CallContext } from "./call-context.js";
import { type FailoverPolicy, isServerFailure, mayFailOver } from "./failover-policy.js";
import type { ServerNode } from "./server-node.js";

/**
 * Servers that each hold the whole dataset (dual master). A request goes to the first server in
 * the configured order that is not being passed over; when it fails in a way `policy` allows, the
 * next one is tried with the time left. A server that failed is passed over for its backoff
 * window, so while it is down requests go straight to the other one, and once the window is over
 * the first server is tried first again: writes land on the server that answers, and go back to
 * the preferred one as soon as it is back.
 */
export class ReplicaSet {
  private failoverCount = 0;

  constructor(private readonly nodes: readonly ServerNode[]) {}

  /** Requests repeated on another replica since the client started. */
  get failovers(): number {
    return this.failoverCount;
  }

  async run<R>(
    attempt: (node: ServerNode) => Promise<R>,
    policy: FailoverPolicy,
    call: CallContext,
  ): Promise<R> {
    const candidates = this.inPreferenceOrder();
    let lastError: unknown;
    for (let i = 0; i < candidates.length; i++) {
      const node = candidates[i]!;
      if (i > 0) this.failoverCount += 1;
      try {
        const result = await attempt(node);
        node.succeeded();
        return result;
      } catch (error) {
        if (!isServerFailure(error)) {
          // The server answered (a failure status is an answer) or the caller gave up.
          if (error instanceof TokyoTyrantError) node.succeeded();
          throw error;
        }
        node.failed(performance.now());
        if (!mayFailOver(error, policy) || call.remainingMs() < 1 || call.signal?.aborted) {
          throw error;
        }
        lastError = error;
      }
    }
    throw lastError;
  }

  /** Healthy servers in the configured order, then those passed over, the soonest back first. */
  private inPreferenceOrder(): readonly ServerNode[] {
    if (this.nodes.length === 1) return this.nodes;
    const now = performance.now();
    const healthy = this.nodes.filter((node) => !node.isPassedOver(now));
    if (healthy.length === this.nodes.length) return this.nodes;
    const waiting = this.nodes
      .filter((node) => node.isPassedOver(now))
      .sort((a, b) => a.retryAt - b.retryAt);
    return [...healthy, ...waiting];
  }
}
