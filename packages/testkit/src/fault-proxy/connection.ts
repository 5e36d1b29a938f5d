import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { appliesTo, type Direction, type Fault, type GarbageFault } from "./fault.js";
import { garbageBytes } from "./garbage.js";

/** Counters for one client connection and its connection to the target. */
export interface FaultProxyConnectionStats {
  /** Sequence number, 1 for the first connection the proxy accepted. */
  readonly id: number;
  /** The client's port, to match a proxied connection with a client socket's `localPort`. */
  readonly clientPort: number | undefined;
  /** Bytes written to the server. */
  readonly bytesUp: number;
  /** Bytes written to the client, injected garbage included. */
  readonly bytesDown: number;
  /** Bytes read from the client and not yet forwarded (held by stall or latency). */
  readonly bufferedUp: number;
  /** Bytes read from the server and not yet forwarded (held by stall or latency). */
  readonly bufferedDown: number;
}

/** What a connection needs from the proxy that owns it. */
export interface ConnectionHost {
  /** The fault in force now; read for every chunk, so a change applies from the next chunk on. */
  readonly fault: Fault | undefined;
  readonly maxBufferedBytes: number;
  forwarded(dir: Direction, bytes: number): void;
  /** Counts what a fault did, for `stats()`. */
  record(event: "reset" | "truncate" | "garbage" | "targetError", bytes?: number): void;
  closed(connection: Connection): void;
}

interface Chunk {
  readonly bytes: Buffer;
  /** `performance.now()` when read, which latency is measured from. */
  readonly at: number;
  /** The sender's FIN, queued behind its data so that it is forwarded in order too. */
  readonly eof: boolean;
}

/** One direction of a connection pair. */
interface Lane {
  readonly dir: Direction;
  readonly from: Socket;
  readonly to: Socket;
  readonly queue: Chunk[];
  queued: number;
  forwarded: number;
  /** Bytes of the original stream passed on since the current fault was applied. */
  seen: number;
  timer: NodeJS.Timeout | undefined;
  paused: boolean;
  /** EOF forwarded: nothing more may be written this way. */
  done: boolean;
}

const EMPTY = Buffer.alloc(0);

/**
 * How long a reset waits after its last bytes: long enough for a client, even in another
 * process, to read them in a poll of its own, short enough not to matter to any timeout.
 */
const RESET_GRACE_MS = 10;

/**
 * A client socket and the socket the proxy opened to the target for it, and the two lanes between
 * them. Every chunk goes through the lane's queue, even with no fault, so that order is the same
 * whatever faults come and go.
 */
export class Connection {
  readonly id: number;
  /** Kept from the start, because a socket forgets its peer's port once it is destroyed. */
  private readonly clientPort: number | undefined;
  /** Resolves once both sockets have closed. */
  readonly done: Promise<void>;
  private readonly client: Socket;
  private readonly target: Socket;
  private readonly host: ConnectionHost;
  private readonly up: Lane;
  private readonly down: Lane;
  private targetConnected = false;
  /**
   * A fault (or `resetAll`/`close`) has decided how this pair ends; nothing more is forwarded and
   * whatever arrives is read and dropped, so that the sockets can still reach their `close`.
   */
  private terminal = false;
  private garbageDone = false;
  /** Response bytes a `replace` garbage has still to overwrite in chunks yet to come. */
  private overwrite = 0;
  private openSockets = 2;
  private readonly closedSockets = new Set<Socket>();
  /** See `expectCloses`. */
  private closeFallback: NodeJS.Timeout | undefined;
  private resetTimer: NodeJS.Timeout | undefined;
  private resolveDone!: () => void;

  constructor(id: number, client: Socket, target: Socket, host: ConnectionHost) {
    this.id = id;
    this.clientPort = client.remotePort;
    this.client = client;
    this.target = target;
    this.host = host;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    this.up = lane("up", client, target);
    this.down = lane("down", target, client);
    target.once("connect", () => {
      this.targetConnected = true;
    });
    for (const l of [this.up, this.down]) {
      l.from.on("data", (bytes: Buffer) => this.onData(l, bytes));
      l.from.on("end", () => this.onData(l, EMPTY, true));
      l.to.on("drain", () => this.drain(l));
    }
    client.on("error", () => this.onError(client));
    target.on("error", () => this.onError(target));
    client.once("close", () => this.onClose(client));
    target.once("close", () => this.onClose(target));
  }

  stats(): FaultProxyConnectionStats {
    return {
      id: this.id,
      clientPort: this.clientPort,
      bytesUp: this.up.forwarded,
      bytesDown: this.down.forwarded,
      bufferedUp: this.up.queued,
      bufferedDown: this.down.queued,
    };
  }

  get pendingTimers(): number {
    let n = this.resetTimer === undefined ? 0 : 1;
    for (const l of [this.up, this.down]) if (l.timer !== undefined) n++;
    return n;
  }

  /**
   * Byte budgets and one-shot garbage start again for the new fault, and held chunks are
   * reconsidered at once: a cleared stall releases them, a shorter latency may make them due.
   */
  faultChanged(): void {
    this.up.seen = 0;
    this.down.seen = 0;
    this.garbageDone = false;
    this.overwrite = 0;
    this.drain(this.up);
    this.drain(this.down);
  }

  /** Ends the pair now: `reset` sends RSTs both ways, `close` closes both sockets normally. */
  destroy(how: "reset" | "close"): void {
    this.stop();
    if (this.resetTimer !== undefined) clearTimeout(this.resetTimer);
    this.resetTimer = undefined;
    if (how === "reset") {
      this.resetBoth();
    } else {
      this.client.destroy();
      this.target.destroy();
      this.expectCloses();
    }
  }

  private onData(l: Lane, bytes: Buffer, eof = false): void {
    if (this.terminal || l.done) return;
    l.queue.push({ bytes, at: performance.now(), eof });
    l.queued += bytes.length;
    this.drain(l);
  }

  private drain(l: Lane): void {
    if (l.timer !== undefined) {
      clearTimeout(l.timer);
      l.timer = undefined;
    }
    while (!this.terminal && !l.done && l.queue.length > 0) {
      if (l.to.destroyed) {
        // Nothing can be delivered any more; the error or close handler ends the pair.
        l.queue.length = 0;
        l.queued = 0;
        break;
      }
      // Backpressure: wait for 'drain' rather than let the socket buffer grow without bound.
      if (l.to.writableNeedDrain) break;
      const fault = this.host.fault;
      if (fault?.kind === "stall") break;
      const head = l.queue[0]!;
      if (fault?.kind === "latency" && appliesTo(fault.direction ?? "both", l.dir)) {
        const wait = head.at + fault.ms - performance.now();
        if (wait > 0) {
          // Re-checked when the timer fires, because timers may fire a little early against
          // performance.now(), and the delay is promised as a minimum.
          l.timer = setTimeout(() => {
            l.timer = undefined;
            this.drain(l);
          }, Math.ceil(wait));
          break;
        }
      }
      l.queue.shift();
      l.queued -= head.bytes.length;
      if (head.eof) {
        l.done = true;
        l.to.end();
        break;
      }
      this.forward(l, head.bytes, fault);
    }
    this.updateReading(l);
  }

  /**
   * Stops reading from a sender whose lane holds too much, so that it meets TCP backpressure as it
   * would with a stopped server, instead of the proxy buffering without limit.
   */
  private updateReading(l: Lane): void {
    const full = !this.terminal && l.queued >= this.host.maxBufferedBytes;
    if (full && !l.paused) {
      l.paused = true;
      l.from.pause();
    } else if (!full && l.paused) {
      l.paused = false;
      l.from.resume();
    }
  }

  private forward(l: Lane, bytes: Buffer, fault: Fault | undefined): void {
    switch (fault?.kind) {
      case "reset":
        if (appliesTo(fault.direction ?? "down", l.dir)) {
          const used = fault.direction === "both" ? this.up.seen + this.down.seen : l.seen;
          const allowed = Math.max(0, (fault.afterBytes ?? 0) - used);
          if (bytes.length > allowed) {
            this.resetAfter(l, bytes.subarray(0, allowed));
            return;
          }
        }
        break;
      case "truncate":
        if (l.dir === "down") {
          const allowed = Math.max(0, fault.afterBytes - l.seen);
          if (bytes.length > allowed) {
            this.host.record("truncate");
            this.finishAfter(bytes.subarray(0, allowed));
            return;
          }
        }
        break;
      case "garbage":
        if (l.dir === "down") {
          this.corrupt(l, bytes, fault);
          return;
        }
        break;
      default:
        break;
    }
    this.pass(l, bytes);
  }

  private corrupt(l: Lane, chunk: Buffer, fault: GarbageFault): void {
    let rest = chunk;
    if (this.overwrite > 0) {
      const n = Math.min(this.overwrite, rest.length);
      this.overwrite -= n;
      l.seen += n;
      rest = rest.subarray(n);
    }
    // Injecting when the offset is exactly at the end of this chunk would put the garbage after a
    // complete reply rather than where the next one is expected; the next chunk gets it instead.
    const at = (fault.afterBytes ?? 0) - l.seen;
    if (this.garbageDone || at >= rest.length) {
      this.pass(l, rest);
      return;
    }
    this.garbageDone = true;
    const garbage = garbageBytes(fault);
    this.pass(l, rest.subarray(0, at));
    let after = rest.subarray(at);
    if (fault.mode === "replace") {
      const n = Math.min(garbage.length, after.length);
      l.seen += n;
      this.overwrite = garbage.length - n;
      after = after.subarray(n);
    }
    this.host.record("garbage", garbage.length);
    switch (fault.then ?? "forward") {
      case "forward":
        this.write(l, garbage);
        this.pass(l, after);
        break;
      case "close":
        this.finishAfter(garbage);
        break;
      case "reset":
        this.resetAfter(l, garbage);
        break;
    }
  }

  /** Forwards bytes of the original stream, counting them against the fault's budget. */
  private pass(l: Lane, bytes: Buffer): void {
    l.seen += bytes.length;
    this.write(l, bytes);
  }

  private write(l: Lane, bytes: Buffer, onWritten?: () => void): void {
    if (bytes.length === 0 || l.to.destroyed || l.to.writableEnded) {
      onWritten?.();
      return;
    }
    l.forwarded += bytes.length;
    this.host.forwarded(l.dir, bytes.length);
    if (onWritten === undefined) l.to.write(bytes);
    else l.to.write(bytes, () => onWritten());
  }

  /**
   * Writes the last bytes and resets only once they have reached the kernel (an RST discards
   * whatever is still queued in Node), and then only after a short grace: when the bytes and the
   * RST reach a Node client in the same poll, libuv reports the hang-up after a short read as a
   * clean EOF, and the client would see 'end' instead of ECONNRESET. With no bytes to deliver the
   * reset is immediate.
   */
  private resetAfter(l: Lane, last: Buffer): void {
    this.stop();
    this.host.record("reset");
    if (last.length === 0) {
      this.resetBoth();
      return;
    }
    this.write(l, last, () => {
      if (this.client.destroyed && this.target.destroyed) return;
      this.resetTimer = setTimeout(() => {
        this.resetTimer = undefined;
        this.resetBoth();
      }, RESET_GRACE_MS);
    });
  }

  /** Ends the client side with a FIN after `last`, and drops whatever else either side sends. */
  private finishAfter(last: Buffer): void {
    this.stop();
    this.down.forwarded += last.length;
    if (last.length > 0) this.host.forwarded("down", last.length);
    if (!this.client.writableEnded) this.client.end(last);
    this.target.end();
  }

  private resetBoth(): void {
    for (const socket of [this.client, this.target]) {
      // A socket still connecting would be reset only once connected, which for a target that
      // never answers is never; closing it is as good, since no client has seen it.
      if (socket.connecting) socket.destroy();
      else socket.resetAndDestroy();
    }
    this.expectCloses();
  }

  /**
   * A socket reset after it errored sometimes never emits 'close' (seen on Node 20), which would
   * leave the pair, and the proxy's `close()`, waiting forever. Once both sockets are destroyed,
   * a socket whose 'close' has not come within a moment counts as closed.
   */
  private expectCloses(): void {
    if (this.closeFallback !== undefined) return;
    this.closeFallback = setTimeout(() => {
      this.closeFallback = undefined;
      for (const socket of [this.client, this.target]) {
        if (socket.destroyed) this.onClose(socket);
      }
    }, 500);
    this.closeFallback.unref();
  }

  /** Enters the terminal state: no timers left behind, and both senders read (and dropped). */
  private stop(): void {
    this.terminal = true;
    for (const l of [this.up, this.down]) {
      if (l.timer !== undefined) clearTimeout(l.timer);
      l.timer = undefined;
      l.queue.length = 0;
      l.queued = 0;
      this.updateReading(l);
    }
  }

  private onError(socket: Socket): void {
    if (socket === this.target && !this.targetConnected) this.host.record("targetError");
    // Pass the failure on as a failure: a client whose server vanished should see a reset, not a
    // clean end it could mistake for a complete reply.
    this.stop();
    this.resetBoth();
  }

  private onClose(socket: Socket): void {
    if (this.closedSockets.has(socket)) return;
    this.closedSockets.add(socket);
    this.openSockets--;
    if (this.openSockets === 0) {
      if (this.closeFallback !== undefined) clearTimeout(this.closeFallback);
      this.closeFallback = undefined;
      this.stop();
      if (this.resetTimer !== undefined) clearTimeout(this.resetTimer);
      this.resetTimer = undefined;
      this.host.closed(this);
      this.resolveDone();
      return;
    }
    // After a truncation the client is closing cleanly; the target only needs to go away, and
    // waiting for a server that may never answer a FIN would keep the pair active forever.
    if (this.terminal && socket === this.client) this.target.destroy();
  }
}

function lane(dir: Direction, from: Socket, to: Socket): Lane {
  return {
    dir,
    from,
    to,
    queue: [],
    queued: 0,
    forwarded: 0,
    seen: 0,
    timer: undefined,
    paused: false,
    done: false,
  };
}
