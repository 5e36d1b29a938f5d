import { type Bytes, field } from "./bytes.js";
import { statReply, statusReply, uint64Reply } from "./decoders/reply-shapes.js";
import { bareFrame, FrameWriter, singleFieldFrame } from "./frame-writer.js";
import { nonNegativeInt32, uint64 } from "./numbers.js";
import { Opcode } from "./opcodes.js";
import { ReplicationOption } from "./option-bits.js";
import { request, type TtRequest } from "./request.js";

/* Database management commands (PROTOCOL.md §4). */

const SYNC_FRAME = bareFrame(Opcode.sync);
const VANISH_FRAME = bareFrame(Opcode.vanish);
const RNUM_FRAME = bareFrame(Opcode.rnum);
const SIZE_FRAME = bareFrame(Opcode.size);
const STAT_FRAME = bareFrame(Opcode.stat);

/** `sync`: flush the database to its device. */
export function syncRequest(): TtRequest<void> {
  return request(SYNC_FRAME, statusReply);
}

/** `optimize`: rebuild with `params` (`#`-separated `name=value` tuning); "" keeps the tuning. */
export function optimizeRequest(params: Bytes = ""): TtRequest<void> {
  return request(pathFrame(Opcode.optimize, params, "optimize params"), statusReply);
}

/** `vanish`: remove every record (table index definitions survive). */
export function vanishRequest(): TtRequest<void> {
  return request(VANISH_FRAME, statusReply);
}

/**
 * `copy`: copy the database to `path` on the server host. A path starting with `@` makes the
 * server run it as a command: see `assertCopyPathIsSafe`.
 */
export function copyRequest(path: Bytes): TtRequest<void> {
  return request(pathFrame(Opcode.copy, path, "copy path"), statusReply);
}

/** Options of `restore` and `setmst`, which replay or follow another server's update log. */
export interface ReplicationOptions {
  /** `RDBROCHKCON`: stop at the first inconsistent update-log entry. */
  readonly checkConsistency?: boolean;
}

/**
 * `restore`: replay the update logs in the server-side directory `path` from `timestamp`
 * (microseconds since the epoch).
 */
export function restoreRequest(
  path: Bytes,
  timestamp: number | bigint,
  options: ReplicationOptions = {},
): TtRequest<void> {
  const p = field(path, "restore path");
  const bytes = new FrameWriter(Opcode.restore, 16, [p])
    .u32(p.size)
    .u64(uint64(timestamp, "restore timestamp"))
    .u32(replicationOptions(options))
    .data(p)
    .finish();
  return request(bytes, statusReply);
}

/**
 * `setmst`: replicate from `host:port` starting at `timestamp` (microseconds). An empty host or
 * port 0 stops replication. Setting a master makes the server open connections to it.
 */
export function setMasterRequest(
  host: Bytes,
  port: number,
  timestamp: number | bigint = 0,
  options: ReplicationOptions = {},
): TtRequest<void> {
  const h = field(host, "master host");
  const bytes = new FrameWriter(Opcode.setmst, 20, [h])
    .u32(h.size)
    .u32(nonNegativeInt32(port, "master port"))
    .u64(uint64(timestamp, "replication timestamp"))
    .u32(replicationOptions(options))
    .data(h)
    .finish();
  return request(bytes, statusReply);
}

/** `rnum`: the number of records. */
export function rnumRequest(): TtRequest<number> {
  return request(RNUM_FRAME, uint64Reply);
}

/** `size`: the database file size, or memory use for an on-memory database. */
export function sizeRequest(): TtRequest<number> {
  return request(SIZE_FRAME, uint64Reply);
}

/** `stat`: the server's status fields by name (`version`, `type`, `rnum`, `cnt_get`, ...). */
export function statRequest(): TtRequest<Map<string, string>> {
  return request(STAT_FRAME, statReply);
}

function pathFrame(opcode: number, path: Bytes, what: string) {
  return singleFieldFrame(opcode, field(path, what));
}

function replicationOptions(options: ReplicationOptions): number {
  return options.checkConsistency === true ? ReplicationOption.checkConsistency : 0;
}
