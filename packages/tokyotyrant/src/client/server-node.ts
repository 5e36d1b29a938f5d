import { Backoff, type EndpointState, type EndpointStats, ServerEndpoint } from "@tier/core/net";
import { PROTOCOL } from "../protocol/decoders/protocol-error.js";
import type { ResolvedClientOptions } from "./options.js";
import type { ServerAddress } from "./server-address.js";

/** What `stats()` reports for one server. */
export interface TokyoTyrantServerStats extends EndpointStats {
  /** `host:port`, as the `server` option names it. */
  readonly server: string;
  readonly state: EndpointState;
  /** Whether a replica set passes this server over for now, after it failed a request. */
  readonly passedOver: boolean;
}

/**
 * One configured server: its connection pool, and how it has been doing lately. The pool's own
 * backoff only covers failed connects; `health` also remembers timeouts, lost connections and
 * broken replies, so a replica set can prefer the other server for a while.
 */
export class ServerNode {
  readonly address: string;
  readonly endpoint: ServerEndpoint;
  private readonly health: Backoff;

  constructor(server: ServerAddress, options: ResolvedClientOptions) {
    this.address = server.address;
    this.endpoint = new ServerEndpoint({
      host: server.host,
      port: server.port,
      protocol: PROTOCOL,
      poolSize: options.poolSize,
      connectTimeoutMs: options.connectTimeoutMs,
      timeoutMs: options.timeoutMs,
      backoff: options.backoff,
      // Room for the largest reply the decoders allow plus the replies pipelined behind it.
      maxBufferedBytes: 2 * options.limits.maxReplyBytes,
    });
    this.health = new Backoff(options.backoff);
  }

  /** True while this server should be passed over in favour of one that is not failing. */
  isPassedOver(now: number): boolean {
    return this.health.isWaiting(now);
  }

  /** When it may be tried first again (0 when it is not passed over). */
  get retryAt(): number {
    return this.health.retryAt;
  }

  /**
   * Many requests in flight fail together when a server goes away; only the first failure of an
   * episode lengthens the window, so the wait grows per episode, not per request.
   */
  failed(now: number): void {
    if (!this.health.isWaiting(now)) this.health.failed(now);
  }

  succeeded(): void {
    if (this.health.consecutiveFailures > 0) this.health.succeeded();
  }

  stats(): TokyoTyrantServerStats {
    return {
      ...this.endpoint.stats(),
      server: this.address,
      state: this.endpoint.state,
      passedOver: this.isPassedOver(performance.now()),
    };
  }
}
