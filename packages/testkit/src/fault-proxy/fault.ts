import { FaultProxyError } from "./errors.js";

/**
 * Which way bytes travel through the proxy: `up` is client → server (requests), `down` is
 * server → client (responses).
 */
export type Direction = "up" | "down";

/** The directions a fault applies to; `both` means requests and responses alike. */
export type FaultDirection = Direction | "both";

/**
 * Holds every chunk back by `ms`, measured from when the proxy read it, like a long or congested
 * link. Chunks keep their order: a chunk never overtakes an earlier one, even if `ms` changes
 * while both are queued. Delays overlap (a pipe, not a queue of sleeps), so a burst of chunks all
 * arrive about `ms` late rather than `n × ms` late.
 */
export interface LatencyFault {
  readonly kind: "latency";
  /** Delay in milliseconds, at least this long (timers never fire early here). */
  readonly ms: number;
  /** Which way to delay. Default `both`, so a round trip costs at least `2 × ms`. */
  readonly direction?: FaultDirection;
}

/**
 * The server stopped answering without closing anything, as with `kill -STOP`: the proxy keeps
 * accepting connections and reading bytes from both sides but forwards nothing, FIN included.
 * Clearing or replacing the fault releases what was held, in order, so a client sees replies
 * arrive after it has given up on them.
 */
export interface StallFault {
  readonly kind: "stall";
}

/**
 * Tears the connection down with an RST part-way through a response (or request): the proxy
 * forwards `afterBytes` bytes of the chosen direction, counted from when the fault was applied to
 * that connection, and then resets both sockets, so the client reads those bytes and then gets
 * `ECONNRESET` (and the server sees a reset too).
 *
 * The reset waits until a byte beyond `afterBytes` would be forwarded; a connection that never
 * sends that many bytes is left alone. The RST follows the last forwarded byte by about 10 ms:
 * a Node client that gets bytes and RST in the same poll sees a clean `end`, not `ECONNRESET`
 * (libuv reads a hang-up after a short read as EOF), which is not the fault asked for. Bytes the kernel has not transmitted when the RST goes out
 * are discarded (that is what an RST does), which on loopback only matters when the receiver's
 * window is full; keep `afterBytes` well below the socket buffer sizes for exact counts.
 */
export interface ResetFault {
  readonly kind: "reset";
  /** Bytes to let through before the reset. Default 0: reset at the first byte. */
  readonly afterBytes?: number;
  /** Which bytes count towards `afterBytes`. Default `down`: reset in the middle of a response. */
  readonly direction?: FaultDirection;
}

/**
 * Cuts a response short but cleanly: the proxy forwards `afterBytes` bytes of server → client
 * bytes (counted from when the fault was applied to that connection), then ends the client side
 * with a FIN, so the client reads exactly those bytes and then `end`. The server side is ended too
 * and anything else it sends is dropped.
 */
export interface TruncateFault {
  readonly kind: "truncate";
  /** Response bytes to let through before the FIN. */
  readonly afterBytes: number;
}

/**
 * Corrupts the server → client stream once per connection, to drive a protocol parser's error
 * paths (bad header, bad length, bad payload) against a real server.
 *
 * The garbage goes in when the response stream reaches offset `afterBytes` (counted from when the
 * fault was applied to that connection), so by default just before the next response byte. An
 * idle connection gets nothing until the server sends something, so the garbage always arrives
 * where a reply is expected. It is injected once per connection and per `setFault` call; set the
 * fault again to corrupt the next response.
 */
export interface GarbageFault {
  readonly kind: "garbage";
  /**
   * The garbage itself, or how many bytes of it. A number gives the first that many bytes of
   * {@link deterministicGarbage}, the same on every run, so a failing parser test reproduces.
   * Default 16.
   */
  readonly bytes?: Uint8Array | number;
  /** Response offset at which to put the garbage. Default 0: before the next response byte. */
  readonly afterBytes?: number;
  /**
   * `insert` (default) adds the garbage to the stream, shifting everything after it, as a
   * desynchronised or buggy server would. `replace` overwrites as many response bytes as it has,
   * so lengths and framing stay aligned but the content is wrong (a corrupted value).
   */
  readonly mode?: "insert" | "replace";
  /**
   * What happens after the garbage: `forward` (default) keeps passing the real stream through, so
   * a parser that resynchronises or closes can be tested; `close` ends the client side with a FIN
   * right after it (garbage, then EOF); `reset` resets both sockets right after it.
   */
  readonly then?: "forward" | "close" | "reset";
}

/**
 * New connections are accepted and immediately reset. A listening socket cannot make a connect
 * fail with `ECONNREFUSED`, so clients see `ECONNRESET` (often after their `connect` event,
 * since the kernel completed the handshake before the proxy saw the connection). Connections
 * that were already open keep working. For a real `ECONNREFUSED` use
 * {@link FaultProxy.pauseListening}.
 */
export interface RefuseFault {
  readonly kind: "refuse";
}

/** One fault, applied by {@link FaultProxy.setFault} until it is cleared or replaced. */
export type Fault =
  | LatencyFault
  | StallFault
  | ResetFault
  | TruncateFault
  | GarbageFault
  | RefuseFault;

export type FaultKind = Fault["kind"];

/** Whether a fault with this direction setting acts on bytes travelling `dir`. */
export function appliesTo(direction: FaultDirection, dir: Direction): boolean {
  return direction === "both" || direction === dir;
}

function isByteCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function checkDirection(value: unknown): void {
  if (value !== undefined && value !== "up" && value !== "down" && value !== "both") {
    throw new FaultProxyError(
      "E_INVALID_FAULT",
      `direction must be "up", "down" or "both", got ${String(value)}`,
    );
  }
}

function checkByteCount(name: string, value: unknown, required: boolean): void {
  if (value === undefined && !required) return;
  if (!isByteCount(value)) {
    throw new FaultProxyError(
      "E_INVALID_FAULT",
      `${name} must be a non-negative integer, got ${String(value)}`,
    );
  }
}

/**
 * Rejects faults that would otherwise misbehave silently (a NaN delay fires at once, a negative
 * byte count resets at once), and copies the fault so that a caller mutating its object later
 * cannot change a fault that is already in force.
 */
export function validateFault(fault: Fault): Fault {
  // Callers may come from untyped code, so the kind is checked at run time as well.
  const kind: unknown = (fault as { kind?: unknown } | null)?.kind;
  switch (kind) {
    case "latency": {
      const f = fault as LatencyFault;
      if (typeof f.ms !== "number" || !Number.isFinite(f.ms) || f.ms < 0) {
        throw new FaultProxyError(
          "E_INVALID_FAULT",
          `latency ms must be a finite number >= 0, got ${String(f.ms)}`,
        );
      }
      checkDirection(f.direction);
      return { ...f };
    }
    case "stall":
    case "refuse":
      return { kind } as Fault;
    case "reset": {
      const f = fault as ResetFault;
      checkByteCount("reset afterBytes", f.afterBytes, false);
      checkDirection(f.direction);
      return { ...f };
    }
    case "truncate": {
      const f = fault as TruncateFault;
      checkByteCount("truncate afterBytes", f.afterBytes, true);
      return { ...f };
    }
    case "garbage": {
      const f = fault as GarbageFault;
      checkByteCount("garbage afterBytes", f.afterBytes, false);
      if (f.bytes instanceof Uint8Array) {
        if (f.bytes.length === 0) {
          throw new FaultProxyError("E_INVALID_FAULT", "garbage bytes must not be empty");
        }
      } else if (f.bytes !== undefined && !(isByteCount(f.bytes) && f.bytes > 0)) {
        throw new FaultProxyError(
          "E_INVALID_FAULT",
          `garbage bytes must be a Uint8Array or a positive integer, got ${String(f.bytes)}`,
        );
      }
      if (f.mode !== undefined && f.mode !== "insert" && f.mode !== "replace") {
        throw new FaultProxyError(
          "E_INVALID_FAULT",
          `garbage mode must be "insert" or "replace", got ${String(f.mode)}`,
        );
      }
      if (
        f.then !== undefined &&
        f.then !== "forward" &&
        f.then !== "close" &&
        f.then !== "reset"
      ) {
        throw new FaultProxyError(
          "E_INVALID_FAULT",
          `garbage then must be "forward", "close" or "reset", got ${String(f.then)}`,
        );
      }
      const copy: GarbageFault = { ...f };
      return f.bytes instanceof Uint8Array ? { ...copy, bytes: Uint8Array.from(f.bytes) } : copy;
    }
    default:
      throw new FaultProxyError("E_INVALID_FAULT", `unknown fault kind ${String(kind)}`);
  }
}
