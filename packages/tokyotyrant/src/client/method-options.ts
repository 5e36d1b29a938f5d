import type { CallOptions } from "./call-context.js";

/** For calls about no key in particular: which server, by its `host:port` as configured. */
export interface ServerCallOptions extends CallOptions {
  /** Send to this server only (`host:port`, as in `servers`). */
  readonly server?: string;
}

/** Per-call option of the writes that can stay out of replication. */
export interface NoUpdateLogOption {
  /** Keep the call out of the update log (`RDBMONOULOG`): it is then not replicated. Default false. */
  readonly noUpdateLog?: boolean;
}

export interface PutManyOptions extends CallOptions, NoUpdateLogOption {}

export interface MiscCallOptions extends ServerCallOptions, NoUpdateLogOption {}

export interface ExtCallOptions extends CallOptions {
  /** Lock the record (by key) while the function runs. */
  readonly lockRecord?: boolean;
  /** Lock every record while the function runs; wins over `lockRecord`. */
  readonly lockGlobal?: boolean;
}

export interface ReplicationCallOptions extends ServerCallOptions {
  /** Stop at the first inconsistent update-log entry (`RDBROCHKCON`). */
  readonly checkConsistency?: boolean;
}

export interface SetIndexCallOptions extends ServerCallOptions {
  /** Fail (`E_TT_FAILED`) instead of rebuilding when the column already has an index. */
  readonly keep?: boolean;
}
