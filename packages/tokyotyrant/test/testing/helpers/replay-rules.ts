import type { Exchange } from "./transcripts.js";

/**
 * How a replayed reply is compared with the recording. Everything is byte-exact except what the
 * fixtures' README exempts:
 * - `stat`: content describes the recording machine; compare the set of field names.
 * - `size`: the database size is an engine detail; compare status and shape.
 * - hash and on-memory iteration order (`iternext_*`, `misc_iternext*`, `fwmkeys_*`, `mget` result
 *   order): compare as sets of records.
 * - `copy`, `restore`, `setmst`, `optimize`: act on files and replication; compare the status.
 * - `misc error`: names the last error of one server thread; compare the status.
 */
export type ReplyRule =
  | "exact"
  | "stat-field-names"
  | "size-shape"
  | "status-only"
  | "error-status-only"
  | "iteration-group"
  | "key-set"
  | "record-set"
  | "element-pairs-set";

const FILE_AND_REPLICATION_COMMANDS = new Set([0x71, 0x73, 0x74, 0x78]);

export function replyRule(exchange: Exchange): ReplyRule {
  const { name, db } = exchange;
  if (name === "stat") return "stat-field-names";
  if (name === "size") return "size-shape";
  if (exchange.request[0] === 0xc8 && FILE_AND_REPLICATION_COMMANDS.has(exchange.request[1]!)) {
    return "status-only";
  }
  if (name === "misc_optimize") return "status-only";
  if (name === "misc_error" || name === "tbl_misc_error") return "error-status-only";
  if (db === "table") return "exact";
  if (/^iternext_\d+$/.test(name)) return "iteration-group";
  if (name.startsWith("fwmkeys_")) return "key-set";
  if (name.startsWith("mget_")) return "record-set";
  if (name.startsWith("misc_iternext")) return "element-pairs-set";
  return "exact";
}
