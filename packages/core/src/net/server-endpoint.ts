import { NetError } from "../errors.js";
import { Fifo } from "../resilience/fifo.js";
import { Backoff, type BackoffOptions } from "./backoff.js";
import {
  PipelinedConnection,
  type PipelinedConnectionOptions,
  type RequestBytes,
} from "./pipelined-connection.js";
import type { ReplyDecoder } from "./reply-decoder.js";

/** Options of a {@link ServerEndpoint}. */
export interface ServerEndpointOptions {
  /** The server's host name or address. */
  readonly host: string;
  /** The server's port. */
  readonly port: number;
  /** Names the protocol in errors: `"memcached"`, `"tokyotyrant"`. */
  readonly protocol: string;
  /** Connections kept to this server; requests go to the least busy one. Default 2. */
  readonly poolSize?: number;
  /** Deadline of each connect, in ms. Default 1000. */
  readonly connectTimeoutMs?: number;
  /** Deadline of each request, from the call until its reply, in ms. Default 1000. */
  readonly timeoutMs?: number;
  /** How long a server that refused a connect is left alone before the next try. */
  readonly backoff?: BackoffOptions;
  /** See `PipelinedConnectionOptions.maxBufferedBytes`. Default 80 MiB. */
  readonly maxBufferedBytes?: number;
}

/** Options of one {@link ServerEndpoint.send}. */
export interface SendOptions {
  /** Overrides the endpoint's `timeoutMs` for this request. */
  readonly timeoutMs?: number;
  /** Aborting rejects the request with the signal's reason; a reply that comes later is dropped. */
  readonly signal?: AbortSignal;
}

/**
 * `idle` (no connection yet), `connecting`, `ready` (a connection is open), `backoff` (a connect
 * failed; requests fail at once) or `closed`.
 */
export type EndpointState = "idle" | "connecting" | "ready" | "backoff" | "closed";

/** Counters of one {@link ServerEndpoint}, since it was created. */
export interface EndpointStats {
  /** Connects that succeeded. */
  readonly connects: number;
  /** Connects that were refused or timed out. */
  readonly connectFailures: number;
  /** Connections that ended other than by `close()`: lost, timed out, or broken by bad bytes. */
  readonly connectionsLost: number;
  /** Requests refused without trying because the server was in its backoff window. */
  readonly refusedInBackoff: number;
}

/**
 * One server: a small pool of pipelined connections, opened lazily, at most one connect in flight
 * at a time, and a backoff after a failed connect during which requests fail at once with
 * `E_NET_UNAVAILABLE` instead of each waiting for a connect of its own. A connection that is lost
 * is simply replaced by the next request: no backoff unless the new connect fails too, so a
 * restarted server is used again at once.
 */
export class ServerEndpoint {
  /** `host:port`. */
  readonly address: string;
  private readonly poolSize: number;
  private readonly timeoutMs: number;
  private readonly connectionOptions: PipelinedConnectionOptions;
  private readonly backoff: Backoff;
  private readonly connections: PipelinedConnection[] = [];
  private readonly waiting = new Fifo<WaitingRequest>();
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  private connecting: Promise<void> | undefined;
  private closedWith: NetError | undefined;
  private counters = { connects: 0, connectFailures: 0, connectionsLost: 0, refusedInBackoff: 0 };

  constructor(options: ServerEndpointOptions) {
    this.address = `${options.host}:${options.port}`;
    this.poolSize = Math.max(1, options.poolSize ?? 2);
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.connectionOptions = {
      host: options.host,
      port: options.port,
      protocol: options.protocol,
      connectTimeoutMs: options.connectTimeoutMs ?? 1000,
      maxBufferedBytes: options.maxBufferedBytes ?? 80 * 1024 * 1024,
    };
    this.backoff = new Backoff(options.backoff);
  }

  /** Where the endpoint stands now. */
  get state(): EndpointState {
    if (this.closedWith !== undefined) return "closed";
    if (this.connections.length > 0) return "ready";
    if (this.connecting !== undefined) return "connecting";
    if (this.backoff.isWaiting(performance.now())) return "backoff";
    return "idle";
  }

  /** True while the server is in its backoff window: requests to it would fail at once. */
  get isBackingOff(): boolean {
    return this.connections.length === 0 && this.backoff.isWaiting(performance.now());
  }

  /** A copy of the counters. */
  stats(): EndpointStats {
    return { ...this.counters };
  }

  /**
   * Sends `request` on the least busy connection (opening one if needed) and resolves with what
   * `decoder` reads from its reply; with a `null` decoder, resolves once the request is written
   * (for requests the server never answers). Rejects with a `NetError` (at once with
   * `E_NET_UNAVAILABLE` while the server is in its backoff) or a `ProtocolError`.
   */
  send<T>(
    request: RequestBytes,
    decoder: ReplyDecoder<T> | null,
    options?: SendOptions,
  ): Promise<T> {
    if (this.closedWith !== undefined) return Promise.reject(this.closedWith);
    const timeoutMs = options?.timeoutMs ?? this.timeoutMs;
    const connection = this.pick();
    if (connection !== undefined) {
      return connection.send(request, decoder, timeoutMs, options?.signal);
    }
    const now = performance.now();
    if (this.connecting === undefined && this.backoff.isWaiting(now)) {
      this.counters.refusedInBackoff += 1;
      return Promise.reject(
        new NetError(
          "E_NET_UNAVAILABLE",
          this.address,
          `server is unavailable after a failed connect; next try in ${Math.ceil(this.backoff.retryAt - now)} ms`,
        ),
      );
    }
    this.connect();
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        request,
        decoder: decoder as ReplyDecoder<unknown> | null,
        deadline: now + timeoutMs,
        signal: options?.signal,
        resolve: resolve as (value: unknown) => void,
        reject,
        done: false,
      });
      this.armWaitTimer();
    });
  }

  /**
   * Refuses new requests, lets those in flight finish within their deadlines, and closes every
   * connection.
   */
  async close(): Promise<void> {
    if (this.closedWith === undefined) {
      this.closedWith = new NetError("E_NET_CLOSED", this.address, "the client was closed");
    }
    await this.connecting;
    this.rejectWaiting(this.closedWith);
    await Promise.all(this.connections.splice(0).map((connection) => connection.close()));
  }

  /** The least busy open connection, unless a new one should be opened first. */
  private pick(): PipelinedConnection | undefined {
    let best: PipelinedConnection | undefined;
    for (const connection of this.connections) {
      if (best === undefined || connection.pending < best.pending) best = connection;
    }
    if (
      best !== undefined &&
      best.pending > 0 &&
      this.connections.length < this.poolSize &&
      this.connecting === undefined &&
      !this.backoff.isWaiting(performance.now())
    ) {
      // Busy: grow the pool in the background and keep pipelining on what is open meanwhile.
      this.connect();
    }
    return best;
  }

  private connect(): void {
    if (this.connecting !== undefined || this.closedWith !== undefined) return;
    this.connecting = PipelinedConnection.open(this.connectionOptions).then(
      (connection) => {
        this.connecting = undefined;
        this.counters.connects += 1;
        this.backoff.succeeded();
        if (this.closedWith !== undefined) {
          void connection.close();
          return;
        }
        this.connections.push(connection);
        connection.onClose((closed) => this.forget(closed));
        this.flushWaiting();
      },
      (error: unknown) => {
        this.connecting = undefined;
        this.counters.connectFailures += 1;
        this.backoff.failed(performance.now());
        this.rejectWaiting(
          error instanceof NetError
            ? error
            : new NetError("E_NET_CONNECT_FAILED", this.address, "connect failed", {
                cause: error,
              }),
        );
      },
    );
  }

  private forget(connection: PipelinedConnection): void {
    const index = this.connections.indexOf(connection);
    if (index === -1) return;
    this.connections.splice(index, 1);
    if (this.closedWith === undefined) this.counters.connectionsLost += 1;
  }

  private flushWaiting(): void {
    const now = performance.now();
    for (let entry = this.waiting.shift(); entry !== undefined; entry = this.waiting.shift()) {
      if (entry.done) continue;
      entry.done = true;
      const connection = this.pick();
      if (connection === undefined) {
        entry.reject(new NetError("E_NET_CONNECTION_LOST", this.address, "connection lost"));
        continue;
      }
      connection
        .send(entry.request, entry.decoder, Math.max(1, entry.deadline - now), entry.signal)
        .then(entry.resolve, entry.reject);
    }
  }

  private rejectWaiting(error: NetError): void {
    for (let entry = this.waiting.shift(); entry !== undefined; entry = this.waiting.shift()) {
      if (entry.done) continue;
      entry.done = true;
      entry.reject(error);
    }
  }

  /** Requests waiting for a connect still end at their own deadline, not the connect's. */
  private armWaitTimer(): void {
    if (this.waitTimer !== undefined) return;
    const first = this.waiting.peek();
    if (first === undefined) return;
    this.waitTimer = setTimeout(
      () => {
        this.waitTimer = undefined;
        const now = performance.now();
        this.waiting.dropWhile((entry) => {
          if (entry.done) return true;
          if (entry.signal?.aborted) {
            entry.done = true;
            entry.reject(entry.signal.reason);
            return true;
          }
          if (entry.deadline > now) return false;
          entry.done = true;
          entry.reject(
            new NetError("E_NET_TIMEOUT", this.address, "no connection within the deadline"),
          );
          return true;
        });
        this.armWaitTimer();
      },
      Math.max(1, Math.ceil(first.deadline - performance.now())),
    );
    this.waitTimer.unref();
  }
}

interface WaitingRequest {
  readonly request: RequestBytes;
  readonly decoder: ReplyDecoder<unknown> | null;
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  done: boolean;
}
