import { NetError, TierError } from "@tier/core";
import {
  Backoff,
  type EndpointState,
  type ReplyDecoder,
  type RequestBytes,
  ServerEndpoint,
} from "@tier/core/net";
import type { ReplyLimits } from "../protocol/index.js";
import { GetBatcher, MAX_BATCH_KEYS } from "./get-batcher.js";
import type { ResolvedClientOptions } from "./options.js";
import type { MemcachedServerAddress } from "./server-address.js";

/** Counters and state of one server, as `client.stats()` reports them. */
export interface MemcachedServerStats {
  /** `host:port`. */
  readonly server: string;
  /** `ready` (connected), `idle` (not connected yet), `connecting`, `ejected`, or `closed`. */
  readonly state: EndpointState | "ejected";
  readonly connects: number;
  readonly connectFailures: number;
  /** Connections that ended other than by `close()`: reset, timed out, or closed after bad bytes. */
  readonly connectionsLost: number;
  /** Times the server was ejected (a failed connect, or a request past its deadline). */
  readonly ejections: number;
  /** Requests failed at once with `E_NET_UNAVAILABLE` while the server was ejected. */
  readonly refusedWhileEjected: number;
  /** Requests failed with `E_NET_TIMEOUT`. */
  readonly timeouts: number;
}

/** Opaque tokens stay below this, so they are short on the wire and exact as numbers. */
const OPAQUE_LIMIT = 0x7fffffff;

/**
 * One memcached server as the client sees it: core's `ServerEndpoint` (pool, lazy connect, one
 * connect at a time, deadlines) plus ejection. A server whose connect fails, or that lets a request
 * pass its deadline (a hung or overloaded host), is left alone for `ejectMs`: requests for its
 * keys fail at once instead of each waiting out a deadline. A lost connection (a restart) does not
 * eject: the next request reconnects at once.
 */
export class ServerNode {
  readonly address: string;
  /** The plain `get`s of the current tick, sent as one batch. */
  readonly gets: GetBatcher;
  private readonly endpoint: ServerEndpoint;
  private readonly ejection: Backoff;
  private opaque = 0;
  private counters = { ejections: 0, refusedWhileEjected: 0, timeouts: 0 };

  constructor(
    readonly server: MemcachedServerAddress,
    options: ResolvedClientOptions,
    limits: ReplyLimits,
  ) {
    this.address = server.address;
    this.gets = new GetBatcher(this, limits, options.maxValueBytes);
    const backoff = { initialMs: options.ejectMs, maxMs: options.ejectMs, jitter: 0.2 };
    this.ejection = new Backoff(backoff);
    this.endpoint = new ServerEndpoint({
      host: server.host,
      port: server.port,
      protocol: "memcached",
      poolSize: options.poolSize,
      timeoutMs: options.timeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
      backoff,
      // Room for the replies of a full batch of the largest values, which are decoded at once.
      maxBufferedBytes: Math.max(80 * 1024 * 1024, MAX_BATCH_KEYS * (options.maxValueBytes + 1024)),
    });
  }

  /** Reserves `count` consecutive opaque tokens and returns the first. */
  reserveOpaque(count: number): number {
    if (this.opaque + count >= OPAQUE_LIMIT) this.opaque = 0;
    const first = this.opaque;
    this.opaque += count;
    return first;
  }

  /** Whether requests to this server currently fail at once. */
  get ejected(): boolean {
    return this.ejection.isWaiting(performance.now()) || this.endpoint.isBackingOff;
  }

  /** Sends one request, after the gets gathered so far, so that requests keep their order. */
  send<T>(request: RequestBytes, decoder: ReplyDecoder<T>, signal?: AbortSignal): Promise<T> {
    this.gets.flush();
    return this.transmit(request, decoder, signal);
  }

  /** Sends one request now. */
  transmit<T>(request: RequestBytes, decoder: ReplyDecoder<T>, signal?: AbortSignal): Promise<T> {
    if (this.ejection.retryAt !== 0 && this.ejection.isWaiting(performance.now())) {
      this.counters.refusedWhileEjected++;
      return Promise.reject(
        new NetError("E_NET_UNAVAILABLE", this.address, "server is ejected after a timeout"),
      );
    }
    const sent = this.endpoint.send(
      request,
      decoder,
      signal === undefined ? undefined : { signal },
    );
    return sent.then(this.succeeded, this.failed) as Promise<T>;
  }

  stats(): MemcachedServerStats {
    const endpoint = this.endpoint.stats();
    const state =
      this.ejected && this.endpoint.state !== "closed" ? "ejected" : this.endpoint.state;
    return {
      server: this.address,
      state,
      connects: endpoint.connects,
      connectFailures: endpoint.connectFailures,
      connectionsLost: endpoint.connectionsLost,
      ejections: this.counters.ejections + endpoint.connectFailures,
      refusedWhileEjected: this.counters.refusedWhileEjected + endpoint.refusedInBackoff,
      timeouts: this.counters.timeouts,
    };
  }

  /** Sends the gets gathered so far, then closes once what is in flight has settled. */
  close(): Promise<void> {
    this.gets.flush();
    return this.endpoint.close();
  }

  private readonly succeeded = <T>(value: T): T => {
    if (this.ejection.consecutiveFailures !== 0) this.ejection.succeeded();
    return value;
  };

  private readonly failed = (error: unknown): never => {
    if (error instanceof TierError && error.code === "E_NET_TIMEOUT") {
      this.counters.timeouts++;
      // Everything in flight on the connection times out together: that is one ejection.
      const now = performance.now();
      if (!this.ejection.isWaiting(now)) {
        this.counters.ejections++;
        this.ejection.failed(now);
      }
    }
    throw error;
  };
}
