import { Socket } from "node:net";
import { NetError, ProtocolError, TierError } from "../errors.js";
import { Fifo } from "../resilience/fifo.js";
import { followAbort } from "./abort-followers.js";
import { ReceiveBuffer } from "./receive-buffer.js";
import type { ReplyDecoder } from "./reply-decoder.js";

/** Options of {@link PipelinedConnection.open}. */
export interface PipelinedConnectionOptions {
  /** The server's host name or address. */
  readonly host: string;
  /** The server's port. */
  readonly port: number;
  /** Names the protocol in errors: `"memcached"`, `"tokyotyrant"`. */
  readonly protocol: string;
  /** A connect that has not finished by then fails with `E_NET_CONNECT_FAILED`. */
  readonly connectTimeoutMs: number;
  /**
   * Undecoded bytes the connection will hold before it gives up on the stream as broken. Decoders
   * cap each length they read; this catches a reply that never ends (a line without its newline).
   */
  readonly maxBufferedBytes: number;
}

/** Requests queued in one tick up to this size are copied into one buffer for one write. */
const COALESCED_WRITE_BYTES = 64 * 1024;

/** Bytes of one request: one buffer, or several that go out back to back (a value after its header). */
export type RequestBytes = Uint8Array | readonly Uint8Array[];

/**
 * One TCP connection on which requests are pipelined: written back to back without waiting, with
 * replies matched to requests by their order. This is only safe while both sides agree on where
 * each reply ends, so every doubt ends the connection: a decoder that throws, bytes nobody asked
 * for, a reply past its deadline. Whatever was in flight then fails with it, and a late reply can
 * never reach the caller of a later request.
 */
export class PipelinedConnection {
  private readonly inFlight = new Fifo<InFlightRequest>();
  private readonly received = new ReceiveBuffer();
  private readonly address: string;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private outgoing: Uint8Array[] = [];
  private outgoingBytes = 0;
  private writeCallbacks: ((error?: Error | null) => void)[] = [];
  private flushScheduled = false;
  private failure: NetError | undefined;
  private closing: NetError | undefined;
  private drained: (() => void) | undefined;
  private readonly closeListeners: ((connection: PipelinedConnection) => void)[] = [];
  private readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    private readonly options: PipelinedConnectionOptions,
  ) {
    this.address = `${options.host}:${options.port}`;
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error) => this.fail(this.lost("the connection failed", error)));
    socket.on("close", () => this.fail(this.lost("the server closed the connection")));
  }

  /** Connects, and resolves once the connection can take requests. */
  static open(options: PipelinedConnectionOptions): Promise<PipelinedConnection> {
    const address = `${options.host}:${options.port}`;
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 30_000);
      const onError = (error: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(
          new NetError("E_NET_CONNECT_FAILED", address, `connect failed: ${error.message}`, {
            cause: error,
          }),
        );
      };
      const timer = setTimeout(() => {
        socket.removeListener("error", onError);
        socket.on("error", () => {});
        socket.destroy();
        reject(
          new NetError(
            "E_NET_CONNECT_FAILED",
            address,
            `connect did not finish within ${options.connectTimeoutMs} ms`,
          ),
        );
      }, options.connectTimeoutMs);
      socket.once("error", onError);
      socket.connect(options.port, options.host, () => {
        clearTimeout(timer);
        socket.removeListener("error", onError);
        resolve(new PipelinedConnection(socket, options));
      });
    });
  }

  /** False once the connection failed or `close()` was called. */
  get isOpen(): boolean {
    return this.failure === undefined && this.closing === undefined;
  }

  /** Requests written and still waiting for their reply. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Calls `listener` once the connection has closed, for whatever reason. */
  onClose(listener: (connection: PipelinedConnection) => void): void {
    this.closeListeners.push(listener);
  }

  /**
   * Writes `request` and resolves with what `decoder` reads from its reply. With no decoder the
   * request expects no reply (a "no reply" command) and resolves once the bytes are handed to the
   * kernel. Past `timeoutMs` the connection is closed and this and every other request on it fail.
   * An aborted `signal` rejects this caller at once; its reply is still read and dropped when it
   * comes, so the stream stays in step.
   */
  send<T>(
    request: RequestBytes,
    decoder: ReplyDecoder<T> | null,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<T> {
    const refusal = this.failure ?? this.closing;
    if (refusal !== undefined) return Promise.reject(refusal);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      if (decoder === null) {
        // Nothing comes back to time out on, but a write to a peer that stopped reading waits
        // for buffer space forever: past the deadline the connection goes, as for a late reply.
        let settled = false;
        const timer = setTimeout(() => {
          settled = true;
          const timeout = new NetError(
            "E_NET_TIMEOUT",
            this.address,
            "the request could not be written within the deadline; the connection was closed",
          );
          reject(timeout);
          this.fail(this.lost("the connection was closed after a write timed out", timeout));
        }, timeoutMs);
        timer.unref();
        this.write(request, (error) => {
          clearTimeout(timer);
          if (settled) return;
          if (error) reject(this.failure ?? this.lost("the write failed", error));
          else resolve(undefined as T);
        });
        return;
      }
      const entry = new InFlightRequest(
        decoder as ReplyDecoder<unknown>,
        performance.now() + timeoutMs,
        resolve as (value: unknown) => void,
        reject,
      );
      if (signal !== undefined) entry.followAbort(signal);
      this.inFlight.push(entry);
      this.armFor(entry.deadline);
      this.write(request);
    });
  }

  /**
   * Lets the requests in flight finish (each within its deadline), then ends the connection.
   * New requests are refused from now on.
   */
  async close(): Promise<void> {
    if (this.failure === undefined && this.closing === undefined) {
      this.closing = new NetError("E_NET_CLOSED", this.address, "the connection was closed");
      if (this.inFlight.size > 0) {
        await new Promise<void>((resolve) => {
          this.drained = resolve;
        });
      }
      if (this.failure === undefined) {
        // Requests that expect no reply may still be queued for this tick's write.
        this.flush();
        this.failure = this.closing;
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.notifyClosed();
        this.socket.end();
      }
    }
    const forced = setTimeout(() => this.socket.destroy(), 1000);
    forced.unref();
    await this.closed;
    clearTimeout(forced);
  }

  /** Ends the connection now; everything in flight fails with `error`. */
  destroy(error: NetError): void {
    this.fail(error);
  }

  /**
   * Queues the request's bytes; everything sent in the same tick leaves in one `socket.write` at
   * the end of the tick. One call into the stream per tick instead of one per request is most of
   * what pipelining many small requests costs.
   */
  private write(request: RequestBytes, callback?: (error?: Error | null) => void): void {
    if (request instanceof Uint8Array) {
      this.outgoing.push(request);
      this.outgoingBytes += request.length;
    } else {
      for (const part of request) {
        this.outgoing.push(part);
        this.outgoingBytes += part.length;
      }
    }
    if (callback !== undefined) this.writeCallbacks.push(callback);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const chunks = this.outgoing;
    const callbacks = this.writeCallbacks;
    const total = this.outgoingBytes;
    if (chunks.length === 0 && callbacks.length === 0) return;
    this.outgoing = [];
    this.writeCallbacks = [];
    this.outgoingBytes = 0;
    const failure = this.failure;
    if (failure !== undefined) {
      // The connection ended after these were queued; their requests have failed with it.
      for (const callback of callbacks) callback(failure);
      return;
    }
    const done =
      callbacks.length === 0
        ? undefined
        : (error?: Error | null) => {
            for (const callback of callbacks) callback(error);
          };
    if (chunks.length === 1 || total <= COALESCED_WRITE_BYTES) {
      this.socket.write(
        chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks, total),
        done,
      );
      return;
    }
    // Large values are not copied once more into one buffer: the stream sends them in one writev.
    this.socket.cork();
    const last = chunks.length - 1;
    for (let i = 0; i < last; i++) this.socket.write(chunks[i] as Uint8Array);
    this.socket.write(chunks[last] ?? new Uint8Array(0), done);
    this.socket.uncork();
  };

  private onData(chunk: Buffer): void {
    if (this.failure !== undefined) return;
    const received = this.received;
    received.append(chunk);
    for (let entry = this.inFlight.peek(); entry !== undefined; entry = this.inFlight.peek()) {
      let reply: ReturnType<ReplyDecoder<unknown>["decode"]>;
      try {
        reply = entry.decoder.decode(received.bytes, received.start, received.end);
      } catch (error) {
        this.brokenStream(entry, error);
        return;
      }
      if (reply === undefined) break;
      received.consumeTo(reply.end);
      this.inFlight.shift();
      entry.settle(reply.value);
    }
    if (received.length === 0) {
      if (this.inFlight.size === 0 && this.drained !== undefined) {
        this.drained();
        this.drained = undefined;
      }
      return;
    }
    if (this.inFlight.size === 0) {
      this.brokenStream(
        undefined,
        new ProtocolError(
          this.options.protocol,
          `${received.length} bytes arrived that no request asked for`,
        ),
      );
    } else if (received.length > this.options.maxBufferedBytes) {
      this.brokenStream(
        undefined,
        new ProtocolError(
          this.options.protocol,
          `a reply grew past ${this.options.maxBufferedBytes} bytes without ending`,
        ),
      );
    }
  }

  private brokenStream(entry: InFlightRequest | undefined, error: unknown): void {
    const protocolError =
      error instanceof TierError
        ? error
        : new ProtocolError(this.options.protocol, "a reply could not be decoded", {
            cause: error,
          });
    if (entry !== undefined) {
      this.inFlight.shift();
      entry.fail(protocolError);
    }
    this.fail(this.lost("the connection was closed after a protocol error", protocolError));
  }

  private armFor(deadline: number): void {
    if (deadline >= this.timerAt) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = deadline;
    this.timer = setTimeout(
      this.checkDeadlines,
      Math.max(1, Math.ceil(deadline - performance.now())),
    );
    // The socket keeps the process alive while requests are out; the timer need not.
    this.timer.unref();
  }

  private readonly checkDeadlines = (): void => {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let earliest = Number.POSITIVE_INFINITY;
    let expired: InFlightRequest | undefined;
    for (const entry of this.inFlight) {
      if (entry.deadline <= now) {
        expired = entry;
        break;
      }
      if (entry.deadline < earliest) earliest = entry.deadline;
    }
    if (expired === undefined) {
      if (earliest !== Number.POSITIVE_INFINITY) this.armFor(earliest);
      return;
    }
    const timeout = new NetError(
      "E_NET_TIMEOUT",
      this.address,
      "no reply within the deadline; the connection was closed",
    );
    for (const entry of this.inFlight) if (entry.deadline <= now) entry.fail(timeout);
    this.fail(this.lost("the connection was closed after another request timed out", timeout));
  };

  private fail(error: NetError): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    for (let entry = this.inFlight.shift(); entry !== undefined; entry = this.inFlight.shift()) {
      entry.fail(error);
    }
    this.received.clear();
    this.socket.destroy();
    this.notifyClosed();
  }

  private notifyClosed(): void {
    for (const listener of this.closeListeners.splice(0)) listener(this);
    this.drained?.();
    this.drained = undefined;
  }

  private lost(reason: string, cause?: unknown): NetError {
    return new NetError("E_NET_CONNECTION_LOST", this.address, reason, { cause });
  }
}

class InFlightRequest {
  private done = false;
  private unfollow: (() => void) | undefined;

  constructor(
    readonly decoder: ReplyDecoder<unknown>,
    readonly deadline: number,
    private readonly resolve: (value: unknown) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  followAbort(signal: AbortSignal): void {
    this.unfollow = followAbort(signal, () => {
      if (this.done) return;
      this.done = true;
      this.unfollow = undefined;
      this.reject(signal.reason);
    });
  }

  settle(value: unknown): void {
    if (this.done) return;
    this.finish();
    this.resolve(value);
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.finish();
    this.reject(error);
  }

  private finish(): void {
    this.done = true;
    this.unfollow?.();
    this.unfollow = undefined;
  }
}
