import { invalidArgument, TokyoTyrantError, TokyoTyrantFailedError } from "../errors.js";
import type { Bytes } from "../protocol/bytes.js";
import { miscOutListRequest } from "../protocol/misc-hash.js";
import {
  type TableRecordInput,
  tableGenUidRequest,
  tableGetRequest,
  tableOutRequest,
  tablePutCatRequest,
  tablePutKeepRequest,
  tablePutListRequest,
  tablePutRequest,
  tableSetIndexRequest,
} from "../protocol/misc-table.js";
import type { TtRequest } from "../protocol/request.js";
import { decodeTableColumns, type TableColumns } from "../protocol/table-columns.js";
import type { TableIndexType } from "../protocol/table-index.js";
import { TableQuery } from "../protocol/table-query.js";
import {
  type SetOperation,
  tableMetaSearchRequest,
  tableSearchCountRequest,
  tableSearchGetRequest,
  tableSearchOutRequest,
  tableSearchRequest,
} from "../protocol/table-search.js";
import type { CallContext, CallOptions } from "./call-context.js";
import {
  concat,
  OUTLIST,
  PUTLIST,
  sum,
  TABLE_GENUID,
  TABLE_GET,
  TABLE_METASEARCH,
  TABLE_OUT,
  TABLE_PUT,
  TABLE_PUTCAT,
  TABLE_PUTKEEP,
  TABLE_SEARCH,
  TABLE_SETINDEX,
} from "./command-labels.js";
import type { Dispatcher, Target } from "./dispatcher.js";
import { type GetManySettled, getManySettled } from "./get-many.js";
import { checkKey, checkKeys } from "./key-check.js";
import type { PutManyOptions, ServerCallOptions, SetIndexCallOptions } from "./method-options.js";
import type { ServerNode } from "./server-node.js";
import type { TablePutGuard } from "./table-put-guard.js";

const nothing = (): void => {};

/**
 * Table database helpers: records are column maps, stored and read through `misc` as the C
 * client's `tcrdbtbl*` functions do. Every put passes the crash guard first. On shards a record
 * lives where its primary key hashes; searches run on every shard (or the `server` named) and
 * their results are concatenated in server order: `setOrder` and `setLimit` apply per shard.
 */
export class TokyoTyrantTable {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly guard: TablePutGuard,
  ) {}

  /** Stores a record, replacing all its columns. */
  async put(primaryKey: Bytes, columns: TableColumns, options?: CallOptions): Promise<void> {
    const d = this.dispatcher;
    await this.store(primaryKey, columns, tablePutRequest, options, (target, request, call) =>
      d.value(target, request, "idempotent", call, TABLE_PUT),
    );
  }

  /** Stores a record only if its primary key is absent; `false` when it exists. */
  async putKeep(primaryKey: Bytes, columns: TableColumns, options?: CallOptions): Promise<boolean> {
    const d = this.dispatcher;
    return this.store(primaryKey, columns, tablePutKeepRequest, options, (target, request, call) =>
      d.done(target, request, "unsent", call, TABLE_PUTKEEP),
    );
  }

  /** Adds or replaces the given columns, keeping the others (creates the record if missing). */
  async putCat(primaryKey: Bytes, columns: TableColumns, options?: CallOptions): Promise<void> {
    const d = this.dispatcher;
    await this.store(primaryKey, columns, tablePutCatRequest, options, (target, request, call) =>
      d.value(target, request, "unsent", call, TABLE_PUTCAT),
    );
  }

  /** Removes a record; `false` when there was none. */
  async out(primaryKey: Bytes, options?: CallOptions): Promise<boolean> {
    checkKey(primaryKey, "primary key");
    const request = tableOutRequest(primaryKey);
    const d = this.dispatcher;
    return d.done(d.locate(primaryKey), request, "unsent", d.call(options), TABLE_OUT);
  }

  /** A record's columns; `undefined` when there is none. */
  async get(primaryKey: Bytes, options?: CallOptions): Promise<Map<string, Buffer> | undefined> {
    checkKey(primaryKey, "primary key");
    const request = tableGetRequest(primaryKey);
    const d = this.dispatcher;
    return d.optional(d.locate(primaryKey), request, "idempotent", d.call(options), TABLE_GET);
  }

  /**
   * The records found among `primaryKeys`, through one `mget` per server (a table record comes
   * back as its NUL-joined columns, decoded here). Absent keys are simply missing.
   */
  async getMany(
    primaryKeys: readonly string[],
    options?: CallOptions,
  ): Promise<Map<string, Map<string, Buffer>>> {
    const { values, failures } = await this.getManySettled(primaryKeys, options);
    if (failures.length > 0) throw failures[0]!.error;
    return values;
  }

  /** `getMany` that keeps the records of the servers that answered and lists the failures. */
  async getManySettled(
    primaryKeys: readonly string[],
    options?: CallOptions,
  ): Promise<GetManySettled<Map<string, Buffer>>> {
    const d = this.dispatcher;
    const { values, failures } = await getManySettled(d, primaryKeys, d.call(options));
    const records = new Map<string, Map<string, Buffer>>();
    for (const [key, value] of values) records.set(key, decodeTableColumns(value));
    return { values: records, failures };
  }

  /** Stores several records, one `misc putlist` per server. */
  async putMany(records: readonly TableRecordInput[], options?: PutManyOptions): Promise<void> {
    if (!Array.isArray(records)) throw invalidArgument("records must be an array");
    for (const record of records) {
      checkKey(record.primaryKey, "primary key");
      this.guard.checkRecord(record.primaryKey, record.columns);
    }
    const d = this.dispatcher;
    const build = (batch: TableRecordInput[]) => tablePutListRequest(batch, options);
    await d.writeInBatches(records, (r) => r.primaryKey, build, d.call(options), PUTLIST);
  }

  /** Removes several records (absent ones are fine), one `misc outlist` per server. */
  async outMany(primaryKeys: readonly Bytes[], options?: PutManyOptions): Promise<void> {
    checkKeys(primaryKeys, "primary key");
    const d = this.dispatcher;
    const build = (batch: Bytes[]) => miscOutListRequest(batch, options);
    await d.writeInBatches(primaryKeys, (key) => key, build, d.call(options), OUTLIST);
  }

  /**
   * Gives `column` an index of `type` (`"void"` drops it, `"optimize"` rebuilds it), on every
   * server or the one named. The crash guard counts the index from the moment it is requested.
   */
  async setIndex(
    column: string,
    type: TableIndexType,
    options?: SetIndexCallOptions,
  ): Promise<void> {
    const keep = options?.keep === true;
    const request = tableSetIndexRequest(column, type, { keep });
    const d = this.dispatcher;
    const nodes = d.everywhere(options?.server);
    const call = d.call(options);
    this.guard.indexComing(column, type);
    if ((type === "lexical" || type === "decimal") && column !== "") {
      await this.refuseEmptyValuesIn(column, nodes, call);
    }
    try {
      await d.onEach(nodes, request, call, TABLE_SETINDEX);
    } catch (error) {
      if (keep && error instanceof TokyoTyrantFailedError) this.guard.indexOfUnknownKind(column);
      throw error;
    }
    if (type === "void") this.guard.indexDropped(column);
  }

  /** One record: built (arguments checked), guarded, then sent by `send`. */
  private async store<R>(
    primaryKey: Bytes,
    columns: TableColumns,
    build: (primaryKey: Bytes, columns: TableColumns) => TtRequest<void>,
    options: CallOptions | undefined,
    send: (target: Target, request: TtRequest<void>, call: CallContext) => Promise<R>,
  ): Promise<R> {
    checkKey(primaryKey, "primary key");
    const request = build(primaryKey, columns);
    this.guard.checkRecord(primaryKey, columns);
    return send(this.dispatcher.locate(primaryKey), request, this.dispatcher.call(options));
  }

  /**
   * Building a lexical or decimal index over a record whose column is empty aborts the server as
   * a put of such a record would, so the records are counted first (one `search count` per
   * server; a condition on a column matches only records that have it).
   */
  private async refuseEmptyValuesIn(
    column: string,
    nodes: readonly ServerNode[],
    call: CallContext,
  ): Promise<void> {
    const request = tableSearchCountRequest(new TableQuery().addCondition(column, "STREQ", ""));
    const empty = sum(await this.dispatcher.onEach(nodes, request, call, TABLE_SEARCH));
    if (empty > 0) {
      throw new TokyoTyrantError(
        "E_TT_UNSAFE_REQUEST",
        `${empty} record(s) have an empty value in column "${column}"; indexing them crashes the server`,
      );
    }
  }

  /**
   * A new unique number for a primary key. Each server counts on its own, so on shards name the
   * `server` (and store the record there yourself: the ring may place it elsewhere).
   */
  async genUid(options?: ServerCallOptions): Promise<number> {
    const d = this.dispatcher;
    const target = d.anywhere(options?.server, "table.genUid");
    return d.value(target, tableGenUidRequest(), "unsent", d.call(options), TABLE_GENUID);
  }

  /** The primary keys of the matching records. */
  async search(query: TableQuery, options?: ServerCallOptions): Promise<Buffer[]> {
    const d = this.dispatcher;
    return d.gather(
      options?.server,
      tableSearchRequest(query),
      d.call(options),
      TABLE_SEARCH,
      concat,
    );
  }

  /**
   * The matching records' columns: with no `columns`, every column plus the primary key under
   * the name `""`; with `columns`, only those.
   */
  async searchGet(
    query: TableQuery,
    columns: readonly string[] = [],
    options?: ServerCallOptions,
  ): Promise<Map<string, Buffer>[]> {
    const d = this.dispatcher;
    const request = tableSearchGetRequest(query, columns);
    return d.gather(options?.server, request, d.call(options), TABLE_SEARCH, concat);
  }

  /** How many records match (summed over the shards). */
  async searchCount(query: TableQuery, options?: ServerCallOptions): Promise<number> {
    const d = this.dispatcher;
    return d.gather(
      options?.server,
      tableSearchCountRequest(query),
      d.call(options),
      TABLE_SEARCH,
      sum,
    );
  }

  /**
   * Removes the matching records. Tokyo Tyrant does not say what it removed; use `searchCount`
   * or `search` first if you need to know (and mind that records may change in between).
   */
  async searchOut(query: TableQuery, options?: ServerCallOptions): Promise<void> {
    const d = this.dispatcher;
    await d.gather(
      options?.server,
      tableSearchOutRequest(query),
      d.call(options),
      TABLE_SEARCH,
      nothing,
    );
  }

  /** The primary keys from combining `queries` by `operation` (the first query's order and limit apply). */
  async metaSearch(
    queries: readonly TableQuery[],
    operation: SetOperation,
    options?: ServerCallOptions,
  ): Promise<Buffer[]> {
    const d = this.dispatcher;
    const request = tableMetaSearchRequest(queries, operation);
    return d.gather(options?.server, request, d.call(options), TABLE_METASEARCH, concat);
  }
}
