import type { Source, SourceCallOptions } from "@tier/core";
import { planChunks } from "./chunks.js";
import { type ConnectionProvider, connectionProvider } from "./connections.js";
import { MysqlError, toSourceError } from "./errors.js";
import { type LoadContext, type LoadCounters, runLoad } from "./load-run.js";
import { type MysqlSourceOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import type { MysqlRow } from "./result-rows.js";

/** Counters since the source was created. */
export interface MysqlSourceStats {
  /** `loadMany` calls. */
  readonly loads: number;
  /** Queries sent: one per chunk of at most `maxBatch` ids (more when a replica fell back). */
  readonly queries: number;
  /** Ids bound in those queries. */
  readonly ids: number;
  /** Rows the server returned. */
  readonly rows: number;
  /** Rows dropped because their id was not exactly a key asked for (collation, coercion). */
  readonly droppedRows: number;
  /** Keys never sent because no row can have them (`"007"` for an integer id). */
  readonly skippedKeys: number;
  /** Chunks that failed on a replica and were run again on the primary. */
  readonly replicaFallbacks: number;
  /** Loads that failed, timeouts included. */
  readonly failures: number;
  /** Loads that failed with `E_SOURCE_TIMEOUT`. */
  readonly timeouts: number;
}

/** The source {@link mysqlSource} returns: a chain's `Source`, plus its own counters. */
export interface MysqlSource<Row> extends Source<Row> {
  /** As `Source.loadMany`; the signal may be left out when calling the source directly. */
  loadMany(
    keys: readonly string[],
    options?: Partial<SourceCallOptions>,
  ): Promise<Map<string, Row>>;
  /** Ends the pool if the source created it (a pool you gave stays open); idempotent. */
  close(): Promise<void>;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
  /** Counters since the source was created. */
  stats(): MysqlSourceStats;
}

/**
 * MySQL as the source of truth of a chain: `loadMany(keys)` reads the rows of many ids with
 * `SELECT ... WHERE id IN (...)`, in chunks of at most `maxBatch` ids run in parallel up to the
 * pool's size, and returns the rows found keyed by the caller's keys. See the README for
 * options, type mapping, safety rules and failure behaviour.
 */
export function mysqlSource<Row = MysqlRow>(options: MysqlSourceOptions<Row>): MysqlSource<Row> {
  const resolved = resolveOptions(options);
  const provider = connectionProvider(options.connection, resolved.timeoutMs);
  return new MysqlRowSource(resolved, provider);
}

class MysqlRowSource<Row> implements MysqlSource<Row> {
  readonly name: string;
  // Private fields stay out of util.inspect and JSON: the provider knows connection settings.
  readonly #options: ResolvedOptions<Row>;
  readonly #provider: ConnectionProvider;
  readonly #context: LoadContext<Row>;
  readonly #counters: LoadCounters = {
    queries: 0,
    ids: 0,
    rows: 0,
    droppedRows: 0,
    replicaFallbacks: 0,
  };
  #loads = 0;
  #skippedKeys = 0;
  #failures = 0;
  #timeouts = 0;
  #closing: Promise<void> | undefined;

  constructor(options: ResolvedOptions<Row>, provider: ConnectionProvider) {
    this.name = options.name;
    this.#options = options;
    this.#provider = provider;
    this.#context = {
      provider,
      statement: options.statement,
      mapRow: options.mapRow,
      timeoutMs: options.timeoutMs,
      maxBatch: options.maxBatch,
      maxConcurrentQueries: options.maxConcurrentQueries ?? provider.poolSize,
      counters: this.#counters,
    };
  }

  async loadMany(
    keys: readonly string[],
    options?: Partial<SourceCallOptions>,
  ): Promise<Map<string, Row>> {
    this.#loads++;
    try {
      if (this.#closing !== undefined) {
        throw new MysqlError("E_MYSQL_CLOSED", "the source is closed");
      }
      const plan = planChunks(keys, this.#options.idType, this.#options.maxBatch);
      this.#skippedKeys += plan.skipped;
      return await runLoad(this.#context, plan, options?.signal);
    } catch (error) {
      const failure = toSourceError(error, this.name, keys);
      this.#failures++;
      if (failure.code === "E_SOURCE_TIMEOUT") this.#timeouts++;
      throw failure;
    }
  }

  stats(): MysqlSourceStats {
    return {
      loads: this.#loads,
      ...this.#counters,
      skippedKeys: this.#skippedKeys,
      failures: this.#failures,
      timeouts: this.#timeouts,
    };
  }

  close(): Promise<void> {
    this.#closing ??= this.#provider.close();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
