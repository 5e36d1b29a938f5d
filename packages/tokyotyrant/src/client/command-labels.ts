import type { CommandLabel } from "./failure.js";

/*
 * Which command each method sends, for errors: the name, and for `misc` the function, from which
 * the failure is mapped as the C client maps it.
 */

export const GET: CommandLabel = { command: "get" };
export const MGET: CommandLabel = { command: "mget" };
export const PUT: CommandLabel = { command: "put" };
export const PUTKEEP: CommandLabel = { command: "putkeep" };
export const PUTCAT: CommandLabel = { command: "putcat" };
export const PUTSHL: CommandLabel = { command: "putshl" };
export const PUTLIST: CommandLabel = { command: "misc", miscFunction: "putlist" };
export const OUT: CommandLabel = { command: "out" };
export const OUTLIST: CommandLabel = { command: "misc", miscFunction: "outlist" };
export const VSIZ: CommandLabel = { command: "vsiz" };
export const FWMKEYS: CommandLabel = { command: "fwmkeys" };
export const ADDINT: CommandLabel = {
  command: "addint",
  reason: "failed: the stored value is not a 4-byte counter",
};
export const ADDDOUBLE: CommandLabel = {
  command: "adddouble",
  reason: "failed: the stored value is not an 8-byte double",
};
export const EXT: CommandLabel = {
  command: "ext",
  reason: "failed: no such function, or it returned nil or false or raised an error",
};
export const ITERINIT: CommandLabel = { command: "iterinit" };
export const ITERNEXT: CommandLabel = { command: "iternext" };
export const SYNC: CommandLabel = { command: "sync" };
export const OPTIMIZE: CommandLabel = { command: "optimize" };
export const VANISH: CommandLabel = { command: "vanish" };
export const RNUM: CommandLabel = { command: "rnum" };
export const SIZE: CommandLabel = { command: "size" };
export const STAT: CommandLabel = { command: "stat" };
export const COPY: CommandLabel = { command: "copy" };
export const RESTORE: CommandLabel = { command: "restore" };
export const SETMST: CommandLabel = { command: "setmst" };

/* The table helpers, all through `misc`. */
export const TABLE_PUT: CommandLabel = { command: "misc", miscFunction: "put" };
export const TABLE_PUTKEEP: CommandLabel = { command: "misc", miscFunction: "putkeep" };
export const TABLE_PUTCAT: CommandLabel = { command: "misc", miscFunction: "putcat" };
export const TABLE_OUT: CommandLabel = { command: "misc", miscFunction: "out" };
export const TABLE_GET: CommandLabel = { command: "misc", miscFunction: "get" };
export const TABLE_SETINDEX: CommandLabel = { command: "misc", miscFunction: "setindex" };
export const TABLE_GENUID: CommandLabel = { command: "misc", miscFunction: "genuid" };
export const TABLE_SEARCH: CommandLabel = { command: "misc", miscFunction: "search" };
export const TABLE_METASEARCH: CommandLabel = { command: "misc", miscFunction: "metasearch" };

/** Combiners for results gathered from every shard. */
export const sum = (counts: number[]): number => counts.reduce((a, b) => a + b, 0);
export const concat = <T>(lists: T[][]): T[] => lists.flat();
