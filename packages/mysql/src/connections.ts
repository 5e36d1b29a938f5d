import { InvalidOptionError } from "@tier/core";
import {
  createPool,
  createPoolCluster,
  type Pool,
  type PoolCluster,
  type PoolClusterOptions,
  type PoolConnection,
  type PoolOptions,
} from "mysql2/promise";
import { createRedactor, type Redactor } from "./redact.js";

/** A pool you created; you keep ownership: the source never ends it. */
export interface MysqlPoolConnection {
  /** A `mysql2/promise` pool (for a callback pool, pass `pool.promise()`). */
  readonly pool: Pool;
}

/**
 * A pool cluster you created; you keep ownership. Reads go to a node matching `replicas` and fall
 * back to the node matching `primary` when no replica gives a connection. Give the cluster a
 * `restoreNodeTimeout` (mysql2's default of 0 removes a failing node for good) and a small
 * `removeNodeErrorCount`, or every read retries a dead replica several times first.
 */
export interface MysqlClusterConnection {
  /** A `mysql2/promise` pool cluster. */
  readonly cluster: PoolCluster;
  /** Pattern of the primary's node id. Default `"PRIMARY"`. */
  readonly primary?: string;
  /** Pattern of the replicas' node ids. Default `"REPLICA*"`. */
  readonly replicas?: string;
  /** How a replica is picked: mysql2's `"RR"` (default), `"RANDOM"` or `"ORDER"`. */
  readonly selector?: MysqlReplicaSelector;
}

/**
 * How a replica is picked for each read: round robin (`RR`), at random (`RANDOM`), or the first
 * available in list order (`ORDER`).
 */
export type MysqlReplicaSelector = "RR" | "RANDOM" | "ORDER";

/**
 * A primary and its replicas; the source creates the pool cluster and ends it on `close()`. Reads
 * go to the replicas and fall back to the primary. A replica that fails to connect is skipped for
 * `cluster.restoreNodeTimeout` ms (default 1,000) after `cluster.removeNodeErrorCount` failures
 * (default 1).
 */
export interface MysqlReplicaSetConnection {
  /**
   * The primary: a URI or mysql2 pool options. It serves reads when no replica gives a connection.
   */
  readonly primary: string | PoolOptions;
  /** The replicas: URIs or mysql2 pool options. */
  readonly replicas: readonly (string | PoolOptions)[];
  /** How a replica is picked. Default `"RR"`. */
  readonly selector?: MysqlReplicaSelector;
  /**
   * Options of the pool cluster the source creates. Default `{ removeNodeErrorCount: 1,
   * restoreNodeTimeout: 1000 }`.
   */
  readonly cluster?: PoolClusterOptions;
}

/**
 * Where the rows are. A URI (`mysql://user:password@127.0.0.1:3306/db`) or mysql2 pool options
 * make the source create its own pool and end it on `close()`; a `{ pool }` or `{ cluster }` you
 * created stays yours.
 */
export type MysqlConnection =
  | string
  | PoolOptions
  | MysqlPoolConnection
  | MysqlClusterConnection
  | MysqlReplicaSetConnection;

/** A connection lent to one chunk of a load, and whether it came from a replica. */
export interface Lease {
  readonly connection: PoolConnection;
  readonly replica: boolean;
}

/** Hands out connections to loads, whatever stands behind: one pool or a cluster. */
export interface ConnectionProvider {
  /** Connections the pool may open: how many chunks of one load are worth running at once. */
  readonly poolSize: number;
  /** Removes every credential this provider knows of from a message. */
  readonly redact: Redactor;
  /** Whether a failed read may be tried again on the primary. */
  readonly hasReplicas: boolean;
  acquire(fromReplica: boolean): Promise<Lease>;
  /** Ends the pool if the source created it; a pool you gave is left alone. */
  close(): Promise<void>;
}

/** mysql2's own default, used when the pool's size cannot be read. */
const DEFAULT_POOL_SIZE = 10;

/** Settings under which a pool the source creates starts, unless the options say otherwise. */
function ownedPoolDefaults(timeoutMs: number): PoolOptions {
  return {
    // A connect that hangs is abandoned at about the time the load gives up on it.
    connectTimeout: timeoutMs,
  };
}

export function connectionProvider(connection: unknown, timeoutMs: number): ConnectionProvider {
  if (typeof connection === "string") {
    return poolProvider(createOwnedPool(connection, timeoutMs, "connection"), true);
  }
  if (connection === null || typeof connection !== "object") {
    throw new InvalidOptionError(
      "[mysql] connection must be a URI, mysql2 pool options, { pool }, { cluster } or { primary, replicas }",
    );
  }
  if ("pool" in connection) return poolProvider(borrowedPool(connection.pool), false);
  if ("cluster" in connection) return borrowedClusterProvider(connection as MysqlClusterConnection);
  if ("primary" in connection || "replicas" in connection) {
    return ownedClusterProvider(connection as MysqlReplicaSetConnection, timeoutMs);
  }
  return poolProvider(createOwnedPool(connection as PoolOptions, timeoutMs, "connection"), true);
}

interface PoolWithSecrets {
  readonly pool: Pool;
  readonly secrets: readonly string[];
}

function poolProvider({ pool, secrets }: PoolWithSecrets, owned: boolean): ConnectionProvider {
  return {
    poolSize: readPoolSize(pool) ?? DEFAULT_POOL_SIZE,
    redact: createRedactor(secrets),
    hasReplicas: false,
    acquire: async () => ({ connection: await pool.getConnection(), replica: false }),
    close: async () => {
      if (owned) await pool.end();
    },
  };
}

interface ClusterSetup {
  readonly cluster: PoolCluster;
  readonly primary: string;
  /** Pattern of the replicas' node ids, or `undefined` when there are none. */
  readonly replicas: string | undefined;
  readonly selector: MysqlReplicaSelector;
  readonly secrets: readonly string[];
  readonly owned: boolean;
}

function clusterProvider(setup: ClusterSetup): ConnectionProvider {
  const { cluster, owned } = setup;
  const replicas =
    setup.replicas === undefined ? undefined : cluster.of(setup.replicas, setup.selector);
  const primary = cluster.of(setup.primary);
  return {
    poolSize: DEFAULT_POOL_SIZE,
    redact: createRedactor(setup.secrets),
    hasReplicas: replicas !== undefined,
    async acquire(fromReplica) {
      if (fromReplica && replicas !== undefined) {
        try {
          return { connection: await replicas.getConnection(), replica: true };
        } catch {
          // No replica could give a connection (down, offline, none configured): the primary
          // answers instead, which is the point of falling back.
        }
      }
      return { connection: await primary.getConnection(), replica: false };
    },
    close: async () => {
      if (owned) await cluster.end();
    },
  };
}

function borrowedClusterProvider(options: MysqlClusterConnection): ConnectionProvider {
  const { cluster } = options;
  if (cluster === null || typeof cluster !== "object" || typeof cluster.of !== "function") {
    throw new InvalidOptionError(
      "[mysql] connection.cluster must be a mysql2/promise pool cluster (createPoolCluster)",
    );
  }
  return clusterProvider({
    cluster,
    primary: options.primary ?? "PRIMARY",
    replicas: options.replicas ?? "REPLICA*",
    selector: checkSelector(options.selector),
    secrets: [],
    owned: false,
  });
}

const PRIMARY_NODE = "PRIMARY";
const REPLICA_NODE = "REPLICA";

function ownedClusterProvider(
  options: MysqlReplicaSetConnection,
  timeoutMs: number,
): ConnectionProvider {
  if (!Array.isArray(options.replicas) || options.primary === undefined) {
    throw new InvalidOptionError(
      "[mysql] a replica set needs connection.primary and an array connection.replicas",
    );
  }
  const selector = checkSelector(options.selector);
  const nodes: [string, PoolOptions][] = [
    [PRIMARY_NODE, ownedPoolOptions(options.primary, timeoutMs, "connection.primary")],
  ];
  options.replicas.forEach((replica, i) => {
    // A replica that hangs on connect must leave time for the primary within the same load.
    const budget = Math.max(1, Math.floor(timeoutMs / 2));
    nodes.push([
      `${REPLICA_NODE}${i}`,
      ownedPoolOptions(replica, budget, `connection.replicas[${i}]`),
    ]);
  });
  const cluster = createPoolCluster({
    removeNodeErrorCount: 1,
    restoreNodeTimeout: 1000,
    ...options.cluster,
  });
  for (const [id, poolOptions] of nodes) cluster.add(id, poolOptions);
  return clusterProvider({
    cluster,
    primary: PRIMARY_NODE,
    replicas: options.replicas.length === 0 ? undefined : `${REPLICA_NODE}*`,
    selector,
    secrets: nodes.flatMap(([, o]) => secretsOf(o)),
    owned: true,
  });
}

function createOwnedPool(
  connection: string | PoolOptions,
  timeoutMs: number,
  option: string,
): PoolWithSecrets {
  const options = ownedPoolOptions(connection, timeoutMs, option);
  return { pool: createPool(options), secrets: secretsOf(options) };
}

/** mysql2 pool options for a URI or options object, with the source's defaults underneath. */
function ownedPoolOptions(
  connection: string | PoolOptions,
  timeoutMs: number,
  option: string,
): PoolOptions {
  const given: PoolOptions = typeof connection === "string" ? { uri: connection } : connection;
  if (given === null || typeof given !== "object") {
    throw new InvalidOptionError(`[mysql] ${option} must be a URI or mysql2 pool options`);
  }
  if (given.uri !== undefined) checkUri(given.uri, option);
  return { ...ownedPoolDefaults(timeoutMs), ...given };
}

/**
 * Refuses a URI mysql2 could not parse before mysql2 sees it: its parse error would carry the
 * whole URI, password included. The message never repeats the URI.
 */
function checkUri(uri: unknown, option: string): void {
  let url: URL | undefined;
  try {
    url = typeof uri === "string" ? new URL(uri) : undefined;
    if (url !== undefined) {
      decodeURIComponent(url.username);
      decodeURIComponent(url.password);
      decodeURIComponent(url.pathname);
    }
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "mysql:" && url.protocol !== "mariadb:")) {
    throw new InvalidOptionError(
      `[mysql] ${option} is not a valid URI of the form mysql://user:password@host:port/database ` +
        "(not repeated here, as it may hold a password)",
    );
  }
}

/** Every password a pool's options hold, however they are given. */
function secretsOf(options: PoolOptions): string[] {
  const secrets: string[] = [];
  for (const value of [options.password, options.password1, options.password2, options.password3]) {
    if (typeof value === "string") secrets.push(value);
  }
  if (typeof options.uri === "string") {
    const password = new URL(options.uri).password;
    if (password !== "") secrets.push(password);
  }
  return secrets;
}

function borrowedPool(pool: unknown): PoolWithSecrets {
  const candidate = pool as Partial<Pool> | null;
  if (candidate === null || typeof candidate !== "object") {
    throw new InvalidOptionError("[mysql] connection.pool must be a mysql2/promise pool");
  }
  if (typeof candidate.getConnection !== "function" || candidate.getConnection.length !== 0) {
    // A callback pool's getConnection takes a callback; awaiting it would never settle.
    throw new InvalidOptionError(
      "[mysql] connection.pool must be a mysql2/promise pool (for a callback pool, pass pool.promise())",
    );
  }
  const config = readPoolConfig(candidate as Pool);
  return {
    pool: candidate as Pool,
    secrets: config === undefined ? [] : secretsOf(config.connectionConfig ?? {}),
  };
}

/** The parts of mysql2's runtime pool config (not in its typings) that the source reads. */
interface RuntimePoolConfig {
  readonly connectionLimit?: unknown;
  readonly connectionConfig?: PoolOptions;
}

function readPoolConfig(pool: Pool): RuntimePoolConfig | undefined {
  const config = (pool.pool as { config?: unknown } | undefined)?.config;
  return config !== null && typeof config === "object" ? (config as RuntimePoolConfig) : undefined;
}

function readPoolSize(pool: Pool): number | undefined {
  const limit = readPoolConfig(pool)?.connectionLimit;
  // mysql2 reads a limit of 0 as "no limit"; chunks then run with the default parallelism.
  return typeof limit === "number" && Number.isSafeInteger(limit) && limit > 0 ? limit : undefined;
}

function checkSelector(selector: unknown): MysqlReplicaSelector {
  if (selector === undefined) return "RR";
  if (selector === "RR" || selector === "RANDOM" || selector === "ORDER") return selector;
  throw new InvalidOptionError(
    `[mysql] connection.selector must be "RR", "RANDOM" or "ORDER", got ${String(selector)}`,
  );
}
