import type { FieldPacket, PoolConnection, QueryOptions, RowDataPacket } from "mysql2/promise";
import type { ChunkPlan } from "./chunks.js";
import type { ConnectionProvider, Lease } from "./connections.js";
import { MysqlError } from "./errors.js";
import { abortFailure, fromDriverError } from "./failures.js";
import { collectRows, type MysqlRow } from "./result-rows.js";
import { listLength, paddedIds, type Statement } from "./statement.js";

/** What every load of one source shares. */
export interface LoadContext<Row> {
  readonly provider: ConnectionProvider;
  readonly statement: Statement;
  readonly mapRow: ((row: MysqlRow) => Row) | undefined;
  readonly timeoutMs: number;
  readonly maxBatch: number;
  readonly maxConcurrentQueries: number;
  readonly counters: LoadCounters;
}

export interface LoadCounters {
  queries: number;
  ids: number;
  rows: number;
  droppedRows: number;
  replicaFallbacks: number;
}

/**
 * Statement options that hold whatever pool the source is given: BIGINT values exact (numbers up
 * to 2^53, strings beyond, all made strings by `collectRows`), rows as plain objects keyed by
 * column name, and `?` as the only placeholder.
 */
function statementOptions(sql: string): QueryOptions {
  return {
    sql,
    supportBigNumbers: true,
    rowsAsArray: false,
    nestTables: false,
    namedPlaceholders: false,
  };
}

/**
 * Runs the chunks of one load, at most `maxConcurrentQueries` at once, and settles with every
 * row found, or with the first failure. The whole load, waits for a connection included, has
 * `timeoutMs`; when it passes or `signal` aborts, the connections still busy with the load are
 * destroyed (a connection whose reply is still coming cannot be reused), and connections that
 * arrive later go straight back to the pool. After a plain failure, queries already running
 * finish and their connections return to the pool as usual.
 */
export function runLoad<Row>(
  context: LoadContext<Row>,
  plan: ChunkPlan,
  signal: AbortSignal | undefined,
): Promise<Map<string, Row>> {
  return new Promise((resolve, reject) => {
    const { provider, counters } = context;
    const { chunks, chunkOf } = plan;
    const found = new Map<string, Row>();
    const busy = new Set<PoolConnection>();
    let next = 0;
    let running = 0;
    let waitingForConnection = 0;
    let settled = false;

    const settle = (error?: unknown): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (error === undefined) resolve(found);
      else reject(error);
      return true;
    };
    const cancel = (error: MysqlError): void => {
      if (!settle(error)) return;
      for (const connection of busy) destroy(connection);
      busy.clear();
    };
    const onAbort = (): void => cancel(abortFailure(signal?.reason));
    const timer = setTimeout(() => {
      const querying = busy.size;
      cancel(
        new MysqlError(
          "E_MYSQL_TIMEOUT",
          `no answer within ${context.timeoutMs} ms (${querying} ${querying === 1 ? "query" : "queries"} ` +
            `running, ${waitingForConnection} waiting for a connection)`,
        ),
      );
    }, context.timeoutMs);
    signal?.addEventListener("abort", onAbort, { once: true });

    /** A lease, or `undefined` when the load settled while waiting (the lease is given back). */
    const acquire = async (fromReplica: boolean): Promise<Lease | undefined> => {
      waitingForConnection++;
      let lease: Lease;
      try {
        lease = await provider.acquire(fromReplica);
      } catch (error) {
        throw fromDriverError(error, "connect", provider.redact);
      } finally {
        waitingForConnection--;
      }
      if (settled) {
        lease.connection.release();
        return undefined;
      }
      busy.add(lease.connection);
      return lease;
    };

    /** Gives a connection back, unless `cancel` destroyed it already. */
    const giveBack = (connection: PoolConnection): boolean => {
      if (!busy.delete(connection)) return false;
      // After a fatal error mysql2 has already removed the connection; release is then a no-op.
      connection.release();
      return true;
    };

    const runChunk = async (chunk: number, fromReplica: boolean): Promise<void> => {
      const ids = chunks[chunk]!;
      const lease = await acquire(fromReplica);
      if (lease === undefined) return;
      counters.queries++;
      counters.ids += ids.length;
      const length = listLength(ids.length, context.maxBatch);
      const options = statementOptions(context.statement.sqlFor(length));
      let result: [RowDataPacket[], FieldPacket[]];
      try {
        // Prepared and executed: the server binds every id, whatever the session's sql_mode or
        // character set, so no id is ever parsed as SQL.
        result = await lease.connection.execute<RowDataPacket[]>(options, paddedIds(ids, length));
      } catch (error) {
        if (!giveBack(lease.connection)) return;
        const failure = fromDriverError(error, "query", provider.redact);
        if (lease.replica && failure.code === "E_MYSQL_CONNECTION" && !settled) {
          // Reads are safe to repeat: the replica broke, so the primary answers this chunk.
          counters.replicaFallbacks++;
          return runChunk(chunk, false);
        }
        throw failure;
      }
      if (!giveBack(lease.connection) || settled) return;
      const [rows, fields] = result;
      counters.droppedRows += collectRows(rows, fields, {
        idColumn: context.statement.idColumn,
        chunk,
        chunkOf,
        mapRow: context.mapRow,
        into: found,
      });
      counters.rows += rows.length;
    };

    const launch = (): void => {
      while (!settled && running < context.maxConcurrentQueries && next < chunks.length) {
        const chunk = next++;
        running++;
        runChunk(chunk, provider.hasReplicas).then(
          () => {
            running--;
            if (next === chunks.length && running === 0) settle();
            else launch();
          },
          (error: unknown) => {
            running--;
            settle(error);
          },
        );
      }
    };

    if (signal?.aborted === true) onAbort();
    else if (chunks.length === 0) settle();
    else launch();
  });
}

/**
 * Closes a connection for good, at once. mysql2's `destroy()` only half-closes the socket, so a
 * stalled server would keep it open; destroying the socket too frees it now.
 */
function destroy(connection: PoolConnection): void {
  connection.destroy();
  (connection.connection as { stream?: { destroy?: () => void } }).stream?.destroy?.();
}
