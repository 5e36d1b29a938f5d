import type { CallContext, CallOptions } from "./client/call-context.js";
import {
  ADDDOUBLE,
  ADDINT,
  COPY,
  EXT,
  FWMKEYS,
  GET,
  ITERINIT,
  ITERNEXT,
  MGET,
  OPTIMIZE,
  OUT,
  OUTLIST,
  PUT,
  PUTCAT,
  PUTKEEP,
  PUTLIST,
  PUTSHL,
  RESTORE,
  RNUM,
  SETMST,
  SIZE,
  STAT,
  SYNC,
  sum,
  VANISH,
  VSIZ,
} from "./client/command-labels.js";
import { DatabaseKind } from "./client/database-kind.js";
import { Dispatcher, type Target } from "./client/dispatcher.js";
import type { CommandLabel } from "./client/failure.js";
import { type GetManySettled, getManySettled, getManyStrict } from "./client/get-many.js";
import { checkKey, checkKeys } from "./client/key-check.js";
import type {
  ExtCallOptions,
  MiscCallOptions,
  PutManyOptions,
  ReplicationCallOptions,
  ServerCallOptions,
} from "./client/method-options.js";
import { resolveClientOptions, type TokyoTyrantClientOptions } from "./client/options.js";
import type { TokyoTyrantServerStats } from "./client/server-node.js";
import { TokyoTyrantTable } from "./client/table-operations.js";
import { TablePutGuard } from "./client/table-put-guard.js";
import { invalidArgument, TokyoTyrantError } from "./errors.js";
import type { Bytes } from "./protocol/bytes.js";
import {
  copyRequest,
  optimizeRequest,
  restoreRequest,
  rnumRequest,
  setMasterRequest,
  sizeRequest,
  statRequest,
  syncRequest,
  vanishRequest,
} from "./protocol/database-commands.js";
import type { KeyValue } from "./protocol/decoders/item-readers.js";
import { miscRequest } from "./protocol/misc-command.js";
import { miscOutListRequest, miscPutListRequest } from "./protocol/misc-hash.js";
import {
  addDoubleRequest,
  addIntRequest,
  extRequest,
  fwmKeysRequest,
  getRequest,
  iterInitRequest,
  iterNextRequest,
  mgetRequest,
  outRequest,
  putCatRequest,
  putKeepRequest,
  putNrRequest,
  putRequest,
  putShlRequest,
  vsizRequest,
} from "./protocol/record-commands.js";
import type { TtRequest } from "./protocol/request.js";
import { assertCopyPathIsSafe } from "./protocol/request-safety.js";

/** One entry of `putMany`. */
export interface TokyoTyrantEntry {
  readonly key: Bytes;
  readonly value: Bytes;
}

/** What `stats()` reports. */
export interface TokyoTyrantClientStats {
  readonly servers: readonly TokyoTyrantServerStats[];
  /** Requests repeated on another replica after the first one failed. */
  readonly failovers: number;
}

/**
 * A Tokyo Tyrant client: one promise-returning method per command, pipelined connections, and
 * replicas or shards. See the package README for what each method does on failure.
 */
export function createTokyoTyrantClient(options: TokyoTyrantClientOptions): TokyoTyrantClient {
  return new TokyoTyrantClient(options);
}

/**
 * Keys and values are `Uint8Array` or strings (sent as UTF-8); results are `Buffer`s. Every
 * method takes an optional last `options` with `timeoutMs` (this call's deadline) and `signal`.
 * Status 1 becomes a value where the command has a natural "no" (`get`, `vsiz` and `iterNext`:
 * `undefined`; `putKeep` and `out`: `false`) and an `E_TT_FAILED` error everywhere else.
 */
export class TokyoTyrantClient implements AsyncDisposable {
  /** Table database helpers (`misc put`, `get`, `setindex`, `search`, ...). */
  readonly table: TokyoTyrantTable;
  /** The servers as `host:port`, in the configured order: the names the `server` option takes. */
  readonly servers: readonly string[];
  private readonly dispatcher: Dispatcher;
  private readonly databaseKind: DatabaseKind;
  private readonly guard: TablePutGuard;
  private closing: Promise<void> | undefined;

  constructor(options: TokyoTyrantClientOptions) {
    const resolved = resolveClientOptions(options);
    this.dispatcher = new Dispatcher(resolved);
    this.databaseKind = new DatabaseKind(resolved.database);
    this.guard = new TablePutGuard(resolved.indexes);
    this.table = new TokyoTyrantTable(this.dispatcher, this.guard);
    this.servers = this.dispatcher.nodes.map((node) => node.address);
  }

  // ---- record commands ------------------------------------------------------------------------

  /** The value of `key`; `undefined` when it is not there. */
  async get(key: Bytes, options?: CallOptions): Promise<Buffer | undefined> {
    checkKey(key);
    const d = this.dispatcher;
    return d.optional(d.locate(key), getRequest(key), "idempotent", d.call(options), GET);
  }

  /**
   * `mget` as it is: the records found among `keys`, each with its key, in the order asked
   * (server by server on shards). Missing keys are left out; a repeated key comes back again.
   */
  async mget(keys: readonly Bytes[], options?: CallOptions): Promise<KeyValue[]> {
    checkKeys(keys);
    const d = this.dispatcher;
    const call = d.call(options);
    const batches = d.partition(keys, (key) => key);
    const results = await Promise.all(
      batches.map((batch) =>
        d.value(batch.target, mgetRequest(batch.items), "idempotent", call, MGET),
      ),
    );
    return results.flat();
  }

  /**
   * The values of `keys`, keyed by the strings given; absent keys are simply missing. One `mget`
   * per server involved. If any server fails, the call rejects with that failure: use
   * `getManySettled` to keep what the other servers answered.
   */
  async getMany(keys: readonly string[], options?: CallOptions): Promise<Map<string, Buffer>> {
    return getManyStrict(this.dispatcher, keys, this.dispatcher.call(options));
  }

  /** `getMany` that resolves with the hits of the servers that answered and a list of failures. */
  async getManySettled(
    keys: readonly string[],
    options?: CallOptions,
  ): Promise<GetManySettled<Buffer>> {
    return getManySettled(this.dispatcher, keys, this.dispatcher.call(options));
  }

  /** Stores `value` under `key`, replacing any value. */
  async put(key: Bytes, value: Bytes, options?: CallOptions): Promise<void> {
    const d = this.dispatcher;
    await this.plainPut(key, value, putRequest, options, (target, request, call) =>
      d.value(target, request, "idempotent", call, PUT),
    );
  }

  /** Stores `value` only if `key` is absent; `false` when it exists. */
  async putKeep(key: Bytes, value: Bytes, options?: CallOptions): Promise<boolean> {
    const d = this.dispatcher;
    return this.plainPut(key, value, putKeepRequest, options, (target, request, call) =>
      d.done(target, request, "unsent", call, PUTKEEP),
    );
  }

  /** Appends `value` to the stored value (creating the record when missing). */
  async putCat(key: Bytes, value: Bytes, options?: CallOptions): Promise<void> {
    const d = this.dispatcher;
    await this.plainPut(key, value, putCatRequest, options, (target, request, call) =>
      d.value(target, request, "unsent", call, PUTCAT),
    );
  }

  /**
   * Appends `value`, then keeps the last `width` bytes. Refused on a table database, where it
   * would mangle the record's columns.
   */
  async putShl(key: Bytes, value: Bytes, width: number, options?: CallOptions): Promise<void> {
    checkKey(key);
    const request = putShlRequest(key, value, width);
    const d = this.dispatcher;
    const target = d.locate(key);
    const call = d.call(options);
    if (await this.isTable(target, call)) {
      throw new TokyoTyrantError(
        "E_TT_UNSAFE_REQUEST",
        "putshl on a table database shifts the record's column string and destroys its columns",
      );
    }
    await d.value(target, request, "unsent", call, PUTSHL);
  }

  /**
   * `put` without a reply: resolves once the request is written. The server never says whether
   * it stored the value; a later command on the same server shows it.
   */
  async putNr(key: Bytes, value: Bytes, options?: CallOptions): Promise<void> {
    const d = this.dispatcher;
    await this.plainPut(key, value, putNrRequest, options, (target, request, call) =>
      d.noReply(target, request, call),
    );
  }

  /** Stores every entry, one `misc putlist` per server involved. Later entries win. */
  async putMany(entries: readonly TokyoTyrantEntry[], options?: PutManyOptions): Promise<void> {
    if (!Array.isArray(entries)) throw invalidArgument("entries must be an array");
    for (const entry of entries) checkKey(entry.key);
    const call = this.dispatcher.call(options);
    await this.dispatcher.writeInBatches(
      entries,
      (entry) => entry.key,
      (batch) =>
        miscPutListRequest(
          batch.map((e) => [e.key, e.value] as const),
          options,
        ),
      call,
      PUTLIST,
      // Every record is checked before any request leaves: a refusal never half-writes a batch.
      (first) =>
        this.guardPlainPuts(
          first,
          call,
          entries.map((e) => [e.key, e.value]),
        ),
    );
  }

  /** Removes `key`; `false` when it was not there. */
  async out(key: Bytes, options?: CallOptions): Promise<boolean> {
    checkKey(key);
    const d = this.dispatcher;
    return d.done(d.locate(key), outRequest(key), "unsent", d.call(options), OUT);
  }

  /** Removes every key (absent ones are fine), one `misc outlist` per server involved. */
  async outMany(keys: readonly Bytes[], options?: PutManyOptions): Promise<void> {
    checkKeys(keys);
    const d = this.dispatcher;
    const build = (batch: Bytes[]) => miscOutListRequest(batch, options);
    await d.writeInBatches(keys, (key) => key, build, d.call(options), OUTLIST);
  }

  /** The size of the value of `key`; `undefined` when it is not there. */
  async vsiz(key: Bytes, options?: CallOptions): Promise<number | undefined> {
    checkKey(key);
    const d = this.dispatcher;
    return d.optional(d.locate(key), vsizRequest(key), "idempotent", d.call(options), VSIZ);
  }

  /**
   * Keys starting with `prefix`, at most `max` (negative: all). On shards every shard is asked
   * (unless `server` is named) and the lists are joined in server order, cut to `max`.
   */
  async fwmKeys(prefix: Bytes, max = -1, options?: ServerCallOptions): Promise<Buffer[]> {
    const d = this.dispatcher;
    const request = fwmKeysRequest(prefix, max);
    const keys = await d.gather(options?.server, request, d.call(options), FWMKEYS, (lists) =>
      lists.flat(),
    );
    return max >= 0 && keys.length > max ? keys.slice(0, max) : keys;
  }

  /**
   * Adds `delta` to the 4-byte counter under `key` (created when missing) and returns the sum.
   * A stored value that is not 4 bytes long is an `E_TT_FAILED` error (`record-exists`, as the
   * C client names it).
   */
  async addInt(key: Bytes, delta: number, options?: CallOptions): Promise<number> {
    checkKey(key);
    const d = this.dispatcher;
    return d.value(d.locate(key), addIntRequest(key, delta), "unsent", d.call(options), ADDINT);
  }

  /** Like `addInt` for the 8-byte double under `key` (fractions are kept to 12 digits). */
  async addDouble(key: Bytes, delta: number, options?: CallOptions): Promise<number> {
    checkKey(key);
    const d = this.dispatcher;
    const request = addDoubleRequest(key, delta);
    return d.value(d.locate(key), request, "unsent", d.call(options), ADDDOUBLE);
  }

  /**
   * Calls the server's Lua function `name` with `key` and `value`. A missing function, or one
   * that returns nil or false, is an `E_TT_FAILED` error. The crash guards cannot see what the
   * function does.
   */
  async ext(name: string, key: Bytes, value: Bytes, options?: ExtCallOptions): Promise<Buffer> {
    checkKey(key);
    const lock =
      options?.lockGlobal === true ? "global" : options?.lockRecord === true ? "record" : undefined;
    const request = extRequest(name, key, value, lock === undefined ? {} : { lock });
    const d = this.dispatcher;
    return d.value(d.locate(key), request, "unsent", d.call(options), EXT);
  }

  /**
   * Restarts the database's iterator, which every connection shares. Iteration needs one server:
   * with several, name it with `server`.
   */
  async iterInit(options?: ServerCallOptions): Promise<void> {
    const d = this.dispatcher;
    const node = d.single(options?.server, "iteration");
    await d.value(node, iterInitRequest(), "unsent", d.call(options), ITERINIT);
  }

  /** The next key of the shared iterator; `undefined` at the end. */
  async iterNext(options?: ServerCallOptions): Promise<Buffer | undefined> {
    const d = this.dispatcher;
    const node = d.single(options?.server, "iteration");
    return d.optional(node, iterNextRequest(), "unsent", d.call(options), ITERNEXT);
  }

  // ---- database commands ----------------------------------------------------------------------

  /** Flushes every server's database to its device (or the one named). */
  async sync(options?: ServerCallOptions): Promise<void> {
    await this.onEveryServer(syncRequest(), options, SYNC);
  }

  /** Rebuilds every server's database with `params` (or the one named). */
  async optimize(params = "", options?: ServerCallOptions): Promise<void> {
    await this.onEveryServer(optimizeRequest(params), options, OPTIMIZE);
  }

  /** Removes every record on every server (or the one named). */
  async vanish(options?: ServerCallOptions): Promise<void> {
    await this.onEveryServer(vanishRequest(), options, VANISH);
  }

  /** The number of records: of one replica, of the sum of the shards, or of the server named. */
  async rnum(options?: ServerCallOptions): Promise<number> {
    const d = this.dispatcher;
    return d.gather(options?.server, rnumRequest(), d.call(options), RNUM, sum);
  }

  /** The database size in bytes, counted like `rnum`. */
  async size(options?: ServerCallOptions): Promise<number> {
    const d = this.dispatcher;
    return d.gather(options?.server, sizeRequest(), d.call(options), SIZE, sum);
  }

  /** One server's status fields by name. On shards, name the `server`. */
  async stat(options?: ServerCallOptions): Promise<Map<string, string>> {
    const d = this.dispatcher;
    const target = d.anywhere(options?.server, "stat");
    return d.value(target, statRequest(), "idempotent", d.call(options), STAT);
  }

  /**
   * Copies the database to `path` on the server host. A path starting with `@` (which the server
   * would run as a command) is refused with `E_TT_UNSAFE_REQUEST`. Needs `server` when there are
   * several.
   */
  async copy(path: string, options?: ServerCallOptions): Promise<void> {
    assertCopyPathIsSafe(path);
    const d = this.dispatcher;
    const node = d.single(options?.server, "copy");
    await d.value(node, copyRequest(path), "unsent", d.call(options), COPY);
  }

  /** Replays the update logs in the server directory `path` from `timestamp` (µs). */
  async restore(
    path: string,
    timestamp: bigint | number,
    options?: ReplicationCallOptions,
  ): Promise<void> {
    const request = restoreRequest(path, timestamp, replication(options));
    const d = this.dispatcher;
    const node = d.single(options?.server, "restore");
    await d.value(node, request, "unsent", d.call(options), RESTORE);
  }

  /**
   * Makes the server replicate from `host:port` from `timestamp` (µs); an empty host stops it.
   * The server then connects out on its own. Needs `server` when there are several.
   */
  async setMaster(
    host: string,
    port: number,
    timestamp: bigint | number = 0,
    options?: ReplicationCallOptions,
  ): Promise<void> {
    const request = setMasterRequest(host, port, timestamp, replication(options));
    const d = this.dispatcher;
    const node = d.single(options?.server, "setMaster");
    await d.value(node, request, "unsent", d.call(options), SETMST);
  }

  /**
   * Calls the database function `name` with `args` and returns its result elements. It goes to
   * the server named, else to a replica; on shards name the `server`. On a table database the
   * records of `put`, `putkeep`, `putcat` and `putlist` pass the crash guard first. A failure is
   * an `E_TT_FAILED` error.
   */
  async misc(name: string, args: readonly Bytes[], options?: MiscCallOptions): Promise<Buffer[]> {
    if (!Array.isArray(args)) throw invalidArgument("misc arguments must be an array");
    const request = miscRequest(name, args, options);
    const d = this.dispatcher;
    const target = d.anywhere(options?.server, `misc ${name}`);
    const call = d.call(options);
    if (GUARDED_MISC.has(name) && (await this.isTable(target, call))) {
      this.guard.checkMisc(name, args);
    }
    return d.value(target, request, "unsent", call, { command: "misc", miscFunction: name });
  }

  // ---- the client itself ----------------------------------------------------------------------

  /** Each server's connection counters and health, and the failovers to another replica so far. */
  stats(): TokyoTyrantClientStats {
    return {
      servers: this.dispatcher.nodes.map((node) => node.stats()),
      failovers: this.dispatcher.failovers,
    };
  }

  /**
   * Refuses new calls (`E_NET_CLOSED`), lets those in flight finish within their deadlines and
   * closes every connection. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.closing ??= this.dispatcher.close();
    return this.closing;
  }

  /** `await using` closes the client, as {@link close} does. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private async onEveryServer(
    request: TtRequest<void>,
    options: ServerCallOptions | undefined,
    label: CommandLabel,
  ): Promise<void> {
    const d = this.dispatcher;
    await d.onEach(d.everywhere(options?.server), request, d.call(options), label);
  }

  /** Whether plain puts go to a table database; may ask `stat` the first time. */
  private isTable(target: Target, call: CallContext): Promise<boolean> {
    return this.databaseKind.isTable(() =>
      this.dispatcher.value(target, statRequest(), "idempotent", call, STAT),
    );
  }

  /** A plain put of one record: built (arguments checked), guarded, then sent by `send`. */
  private async plainPut<Q, R>(
    key: Bytes,
    value: Bytes,
    build: (key: Bytes, value: Bytes) => Q,
    options: CallOptions | undefined,
    send: (target: Target, request: Q, call: CallContext) => Promise<R>,
  ): Promise<R> {
    checkKey(key);
    const request = build(key, value);
    const target = this.dispatcher.locate(key);
    const call = this.dispatcher.call(options);
    await this.guardPlainPuts(target, call, [[key, value]]);
    return send(target, request, call);
  }

  /** On a table database a plain put's value is the record's columns: check each record. */
  private async guardPlainPuts(
    target: Target,
    call: CallContext,
    records: readonly (readonly [Bytes, Bytes])[],
  ): Promise<void> {
    const table = this.databaseKind.known ?? (await this.isTable(target, call));
    if (!table) return;
    for (const [key, value] of records) {
      this.guard.checkRecord(key, typeof value === "string" ? Buffer.from(value, "utf8") : value);
    }
  }
}

function replication(options: ReplicationCallOptions | undefined) {
  return { checkConsistency: options?.checkConsistency === true };
}

const GUARDED_MISC: ReadonlySet<string> = new Set([
  "put",
  "putkeep",
  "putcat",
  "putlist",
  "setindex",
]);
