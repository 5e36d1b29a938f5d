import { connect, createServer, isIP, type Server, type Socket } from "node:net";
import { Connection, type ConnectionHost, type FaultProxyConnectionStats } from "./connection.js";
import { FaultProxyError } from "./errors.js";
import { type Direction, type Fault, validateFault } from "./fault.js";

/** Where the proxy connects for each client connection. */
export interface FaultProxyTarget {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  readonly port: number;
}

/** Where the proxy listens. */
export interface FaultProxyListen {
  /** Default `127.0.0.1`, so that a test proxy is never reachable from outside the machine. */
  readonly host?: string;
  /**
   * Default 0: the system picks a free port, which is what parallel test files need. The port
   * picked is kept for `resumeListening`.
   */
  readonly port?: number;
}

export interface FaultProxyOptions {
  /** The real server: memcached, the Tokyo Tyrant test server, MariaDB… */
  readonly target: FaultProxyTarget;
  readonly listen?: FaultProxyListen;
  /** A fault in force from the first connection on, as if `setFault` had been called. */
  readonly fault?: Fault;
  /**
   * Per connection and direction, how many bytes the proxy holds (under stall or latency) before
   * it stops reading from the sender, which then meets TCP backpressure as it would with a
   * stopped server. Default 4 MiB.
   */
  readonly maxBufferedBytes?: number;
}

/** Counters since the proxy started. Byte counts are what the proxy wrote, not what it read. */
export interface FaultProxyStats {
  /** Connections accepted, refused ones included. */
  readonly accepted: number;
  /** Connection pairs not yet fully closed; 0 after `close()`. */
  readonly active: number;
  /** Connections reset on arrival by a `refuse` fault. */
  readonly refused: number;
  /** Pairs reset by a `reset` fault or a garbage fault's `then: "reset"`. */
  readonly resets: number;
  /** Pairs cut short by a `truncate` fault. */
  readonly truncations: number;
  /** Garbage bytes injected. */
  readonly garbageBytes: number;
  /** Connections to the target that failed; their clients were reset. */
  readonly targetErrors: number;
  /** Bytes written to the target. */
  readonly bytesUp: number;
  /** Bytes written to clients, injected garbage included. */
  readonly bytesDown: number;
  /** Bytes held from clients, not yet forwarded. */
  readonly bufferedUp: number;
  /** Bytes held from the target, not yet forwarded. */
  readonly bufferedDown: number;
  /** Latency timers armed; 0 whenever nothing is held and always after `close()`. */
  readonly pendingTimers: number;
  /** Whether the listening socket is open (false while paused and after close). */
  readonly listening: boolean;
  readonly fault: Fault | undefined;
  readonly connections: readonly FaultProxyConnectionStats[];
}

export interface FaultProxy {
  /** The host the proxy listens on; point the client under test here. */
  readonly host: string;
  /** The port the proxy listens on (the one the system picked when `listen.port` was 0). */
  readonly port: number;
  /** `tcp://host:port`, for clients configured by URL. */
  readonly url: string;
  /** The fault in force, if any. */
  readonly fault: Fault | undefined;
  /**
   * Applies a fault to every open connection and every new one, from the next chunk on. It
   * replaces any fault in force; byte budgets (`afterBytes`) and one-shot garbage start again.
   * Throws `FaultProxyError` `E_INVALID_FAULT` for a fault it cannot apply.
   */
  setFault(fault: Fault): void;
  /** Back to plain forwarding; bytes held by stall or latency are released in order. */
  clearFault(): void;
  /** Resets (RST) both sockets of every open pair; returns how many pairs there were. */
  resetAll(): number;
  stats(): FaultProxyStats;
  /**
   * Closes the listening socket so that new connects fail with `ECONNREFUSED`, as with a server
   * that is down. Open connections are left alone.
   */
  pauseListening(): Promise<void>;
  /**
   * Listens again on the same host and port. Rejects with `E_LISTEN_FAILED` if something else
   * took the port meanwhile, and `E_CLOSED` after `close()`.
   */
  resumeListening(): Promise<void>;
  /** Resolves when no pair is open (`active` is 0), so tests wait on an event, not a sleep. */
  whenIdle(): Promise<void>;
  /** Closes the listener and every connection; resolves when all are closed. Idempotent. */
  close(): Promise<void>;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_MAX_BUFFERED = 4 * 1024 * 1024;

function checkPort(name: string, port: unknown, allowZero: boolean): void {
  if (
    typeof port !== "number" ||
    !Number.isInteger(port) ||
    port < (allowZero ? 0 : 1) ||
    port > 65535
  ) {
    throw new FaultProxyError(
      "E_INVALID_OPTION",
      `${name} must be a TCP port, got ${String(port)}`,
    );
  }
}

class TcpFaultProxy implements FaultProxy, ConnectionHost {
  readonly host: string;
  port = 0;
  fault: Fault | undefined;
  readonly maxBufferedBytes: number;
  private readonly targetHost: string;
  private readonly targetPort: number;
  private server: Server | undefined;
  /** Close events of every listener ever opened, so that `close()` waits for all of them. */
  private readonly serverClosed: Promise<unknown>[] = [];
  private readonly connections = new Set<Connection>();
  /** Refused sockets until they are gone, so that `close()` leaves none behind either. */
  private readonly refusing = new Set<Socket>();
  private idleWaiters: (() => void)[] = [];
  private nextId = 0;
  private closing: Promise<void> | undefined;
  private counts = {
    accepted: 0,
    refused: 0,
    resets: 0,
    truncations: 0,
    garbageBytes: 0,
    targetErrors: 0,
    bytesUp: 0,
    bytesDown: 0,
  };

  constructor(options: FaultProxyOptions) {
    this.host = options.listen?.host ?? DEFAULT_HOST;
    this.targetHost = options.target.host ?? DEFAULT_HOST;
    this.targetPort = options.target.port;
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
    if (options.fault !== undefined) this.fault = validateFault(options.fault);
  }

  get url(): string {
    return isIP(this.host) === 6
      ? `tcp://[${this.host}]:${this.port}`
      : `tcp://${this.host}:${this.port}`;
  }

  setFault(fault: Fault): void {
    this.fault = validateFault(fault);
    this.faultChanged();
  }

  clearFault(): void {
    this.fault = undefined;
    this.faultChanged();
  }

  private faultChanged(): void {
    for (const c of this.connections) c.faultChanged();
  }

  resetAll(): number {
    const n = this.connections.size;
    for (const c of this.connections) c.destroy("reset");
    return n;
  }

  stats(): FaultProxyStats {
    const connections = [...this.connections].map((c) => c.stats());
    let bufferedUp = 0;
    let bufferedDown = 0;
    for (const c of connections) {
      bufferedUp += c.bufferedUp;
      bufferedDown += c.bufferedDown;
    }
    let pendingTimers = 0;
    for (const c of this.connections) pendingTimers += c.pendingTimers;
    return {
      ...this.counts,
      active: this.connections.size,
      bufferedUp,
      bufferedDown,
      pendingTimers,
      listening: this.server !== undefined,
      fault: this.fault,
      connections,
    };
  }

  async listen(port: number): Promise<void> {
    const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) =>
      this.accept(socket),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen({ host: this.host, port }, () => {
          server.off("error", reject);
          resolve();
        });
      });
    } catch (err) {
      throw new FaultProxyError(
        "E_LISTEN_FAILED",
        `cannot listen on ${this.host}:${port}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    // A listener that is already open reports nothing worth failing a test for, but an
    // 'error' without a listener would crash the process.
    server.on("error", () => {});
    const address = server.address();
    if (address !== null && typeof address === "object") this.port = address.port;
    this.serverClosed.push(new Promise((resolve) => server.once("close", resolve)));
    this.server = server;
  }

  async pauseListening(): Promise<void> {
    // The handle closes synchronously, so connects fail as soon as this returns; the server's
    // 'close' event waits for its connections, which close() awaits instead.
    this.server?.close();
    this.server = undefined;
  }

  async resumeListening(): Promise<void> {
    if (this.closing !== undefined) {
      throw new FaultProxyError("E_CLOSED", "the proxy is closed");
    }
    if (this.server === undefined) await this.listen(this.port);
  }

  whenIdle(): Promise<void> {
    if (this.connections.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.server?.close();
    this.server = undefined;
    const pending: Promise<unknown>[] = [...this.serverClosed];
    for (const c of this.connections) {
      pending.push(c.done);
      c.destroy("close");
    }
    for (const s of this.refusing) {
      pending.push(new Promise((resolve) => s.once("close", resolve)));
      s.destroy();
    }
    await Promise.all(pending);
    // A server's 'close' event comes before libuv has released its handle, which happens in
    // the close phase of the loop; two turns guarantee one such phase has run, so nothing of
    // the proxy is still alive when close() resolves.
    await turn();
    await turn();
  }

  private accept(client: Socket): void {
    this.counts.accepted++;
    // Without a listener an RST from the client would crash the process.
    client.on("error", () => {});
    if (this.closing !== undefined) {
      client.destroy();
      return;
    }
    if (this.fault?.kind === "refuse") {
      this.counts.refused++;
      this.refusing.add(client);
      client.once("close", () => this.refusing.delete(client));
      client.resetAndDestroy();
      return;
    }
    client.setNoDelay(true);
    const target = connect({
      host: this.targetHost,
      port: this.targetPort,
      allowHalfOpen: true,
      noDelay: true,
    });
    this.connections.add(new Connection(++this.nextId, client, target, this));
  }

  forwarded(dir: Direction, bytes: number): void {
    if (dir === "up") this.counts.bytesUp += bytes;
    else this.counts.bytesDown += bytes;
  }

  record(event: "reset" | "truncate" | "garbage" | "targetError", bytes = 0): void {
    switch (event) {
      case "reset":
        this.counts.resets++;
        break;
      case "truncate":
        this.counts.truncations++;
        break;
      case "garbage":
        this.counts.garbageBytes += bytes;
        break;
      case "targetError":
        this.counts.targetErrors++;
        break;
    }
  }

  closed(connection: Connection): void {
    this.connections.delete(connection);
    if (this.connections.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/**
 * Starts a TCP proxy in front of a real server, through which tests inject network faults
 * (latency, stall, reset, truncation, garbage, refused connections). Resolves once it listens.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  checkPort("target.port", options.target?.port, false);
  if (options.listen?.port !== undefined) checkPort("listen.port", options.listen.port, true);
  const max = options.maxBufferedBytes;
  if (max !== undefined && !(Number.isSafeInteger(max) && max > 0)) {
    throw new FaultProxyError(
      "E_INVALID_OPTION",
      `maxBufferedBytes must be a positive integer, got ${String(max)}`,
    );
  }
  const proxy = new TcpFaultProxy(options);
  await proxy.listen(options.listen?.port ?? 0);
  return proxy;
}
