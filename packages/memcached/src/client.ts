import { ValueTooLargeError } from "@tier/core";
import type { ReplyDecoder } from "@tier/core/net";
import { asTierError, fanOut } from "./client/fan-out.js";
import { MAX_BATCH_KEYS, VALUE_FLAGS } from "./client/get-batcher.js";
import {
  type MemcachedClientOptions,
  type ResolvedClientOptions,
  resolveClientOptions,
} from "./client/options.js";
import { isLeasePlaceholder, LEASE_MISS, leaseLookupOf } from "./client/placeholder.js";
import { errorFromReply, isErrorReply } from "./client/reply-errors.js";
import type {
  CallOptions,
  CounterOptions,
  DeleteOptions,
  DeleteOutcome,
  GetItemOptions,
  GetManyItemsResult,
  GetManyLeasedResult,
  GetManyResult,
  LeaseLookup,
  LeaseOptions,
  ManyResult,
  MemcachedItem,
  ServerFailure,
  SetManyEntry,
  SetManyOptions,
  StoreOptions,
  StoreOutcome,
} from "./client/results.js";
import type { MemcachedServerAddress } from "./client/server-address.js";
import {
  distinct,
  groupByServer,
  identity,
  type Placement,
  type ServerGroup,
} from "./client/server-groups.js";
import { type MemcachedServerStats, ServerNode } from "./client/server-node.js";
import { wireTtl } from "./client/ttl.js";
import { invalidArgument, MemcachedClosedError } from "./errors.js";
import { KeyEncoder, type WireKey } from "./keys/key-encoder.js";
import {
  type ErrorReply,
  encodeMetaArithmetic,
  encodeMetaDelete,
  encodeMetaDeleteBatch,
  encodeMetaGet,
  encodeMetaGetBatch,
  encodeMetaSet,
  encodeMetaSetBatch,
  type MetaArithmeticOptions,
  type MetaDeleteOptions,
  type MetaGetBatchOptions,
  type MetaGetOptions,
  type MetaGetReply,
  type MetaSetEntry,
  type MetaSetMode,
  type MetaSetOptions,
  metaArithmeticReplyDecoder,
  metaDeleteBatchDecoder,
  metaDeleteReplyDecoder,
  metaGetBatchDecoder,
  metaGetReplyDecoder,
  metaSetBatchDecoder,
  metaSetReplyDecoder,
  type ReplyFlags,
  type ReplyLimits,
  replyLimits,
} from "./protocol/index.js";
import { KetamaRing } from "./ring.js";

/** Largest value a reply may announce (unless `maxValueBytes` is larger). */
const MAX_REPLY_VALUE_BYTES = 16 * 1024 * 1024;

/** A memcached client over the meta protocol: see the package README for every behaviour. */
export function createMemcachedClient(options: MemcachedClientOptions): MemcachedClient {
  return new MemcachedClient(options);
}

/**
 * A memcached client over the meta protocol: pipelined connections, ketama placement over several
 * servers, ejection of failed servers, deadlines on every call. Create it with
 * {@link createMemcachedClient}.
 */
export class MemcachedClient implements AsyncDisposable {
  /** The servers, in the order configured (the ring's order). */
  readonly servers: readonly MemcachedServerAddress[];
  /** Largest value a store accepts, in bytes. */
  readonly maxValueBytes: number;
  /** The options with their defaults applied. */
  readonly options: ResolvedClientOptions;
  private readonly placement: Placement;
  private readonly nodes: readonly ServerNode[];
  private readonly ring: KetamaRing | undefined;
  private readonly encoder: KeyEncoder;
  private readonly limits: ReplyLimits;
  private closing: Promise<void> | undefined;

  constructor(options: MemcachedClientOptions) {
    const resolved = resolveClientOptions(options);
    this.options = resolved;
    this.servers = resolved.servers;
    this.maxValueBytes = resolved.maxValueBytes;
    // Built even for one server: it checks the list (ports, weights, duplicates).
    const ring = new KetamaRing(resolved.servers);
    this.ring = resolved.servers.length > 1 ? ring : undefined;
    this.encoder = new KeyEncoder({ prefix: resolved.keyPrefix, longKeys: resolved.longKeys });
    // Replies may carry values other clients stored, under a server limit (-I) larger than ours:
    // the cap on an announced value size only guards against a broken stream.
    this.limits = replyLimits({
      maxValueBytes: Math.max(MAX_REPLY_VALUE_BYTES, resolved.maxValueBytes + 1024),
    });
    const limits = this.limits;
    this.nodes = resolved.servers.map((server) => new ServerNode(server, resolved, limits));
    this.placement = { nodes: this.nodes, ring: this.ring, encoder: this.encoder };
  }

  /** `host:port` of the server that holds `key`. */
  serverFor(key: string): string {
    return this.nodeFor(key).address;
  }

  /** The value of `key`, or `undefined` on a miss (a lease placeholder is a miss too). */
  get(key: string, options?: CallOptions): Promise<Uint8Array | undefined> {
    let node: ServerNode;
    let wire: WireKey;
    try {
      this.checkOpen();
      node = this.nodeFor(key);
      wire = this.encoder.encode(key);
    } catch (error) {
      return Promise.reject(error);
    }
    // Gets of one tick to one server leave as one batch (see GetBatcher).
    return node.gets.add(key, wire, options?.signal);
  }

  /**
   * The item with its flags (and CAS or TTL when asked for); `touchTtl` also sets a new TTL. A
   * lease placeholder is returned as it is (empty, client flags 0, `win` or `alreadyWon`).
   */
  async getItem(key: string, options: GetItemOptions = {}): Promise<MemcachedItem | undefined> {
    const reply = await this.request(
      key,
      itemFlags(options),
      encodeMetaGet,
      metaGetReplyDecoder,
      options.signal,
    );
    return reply.kind === "hit" ? itemOf(reply.value as Uint8Array, reply.flags) : undefined;
  }

  /** Get-and-touch: the value, with the item's TTL set to `ttlSeconds` on a hit. */
  async getAndTouch(
    key: string,
    ttlSeconds: number,
    options?: CallOptions,
  ): Promise<Uint8Array | undefined> {
    const item = await this.getItem(key, { ...options, touchTtl: ttlSeconds });
    return item === undefined || isLeasePlaceholder(item.value, item) ? undefined : item.value;
  }

  /** Sets the TTL of `key` without reading it; false when there is no such key. */
  async touch(key: string, ttlSeconds: number, options?: CallOptions): Promise<boolean> {
    const mg: MetaGetOptions = { touchTtl: wireTtl(ttlSeconds) };
    const reply = await this.request(key, mg, encodeMetaGet, metaGetReplyDecoder, options?.signal);
    return reply.kind === "hit";
  }

  /** Stores `value` under `key` (`ms`). See {@link StoreOptions} for TTL, flags and CAS. */
  set(key: string, value: Uint8Array, options?: StoreOptions): Promise<StoreOutcome> {
    return this.store("set", key, value, options);
  }

  /** Stores only if `key` does not exist; else `not-stored`. */
  add(key: string, value: Uint8Array, options?: StoreOptions): Promise<StoreOutcome> {
    return this.store("add", key, value, options);
  }

  /** Stores only if `key` exists; else `not-stored`. */
  replace(key: string, value: Uint8Array, options?: StoreOptions): Promise<StoreOutcome> {
    return this.store("replace", key, value, options);
  }

  /** Adds `value` after the existing value; `not-stored` if there is none. */
  append(key: string, value: Uint8Array, options?: StoreOptions): Promise<StoreOutcome> {
    return this.store("append", key, value, options);
  }

  /** Adds `value` before the existing value; `not-stored` if there is none. */
  prepend(key: string, value: Uint8Array, options?: StoreOptions): Promise<StoreOutcome> {
    return this.store("prepend", key, value, options);
  }

  /** Removes `key`, or with `invalidate` marks it stale. */
  async delete(key: string, options: DeleteOptions = {}): Promise<DeleteOutcome> {
    const md: MetaDeleteOptions = {
      ...(options.cas === undefined ? {} : { compareCas: options.cas }),
      ...(options.invalidate ? { invalidate: true } : {}),
      ...(options.staleTtl === undefined ? {} : { ttl: wireTtl(options.staleTtl) }),
    };
    const reply = await this.request(
      key,
      md,
      encodeMetaDelete,
      metaDeleteReplyDecoder,
      options.signal,
    );
    return reply.kind;
  }

  /** Adds `delta` (default 1) to a counter; `undefined` if there is no counter and no `create`. */
  incr(
    key: string,
    delta: bigint | number = 1,
    options?: CounterOptions,
  ): Promise<bigint | undefined> {
    return this.arithmetic("increment", key, delta, options);
  }

  /** Subtracts `delta` (default 1), stopping at 0; `undefined` if there is no counter and no `create`. */
  decr(
    key: string,
    delta: bigint | number = 1,
    options?: CounterOptions,
  ): Promise<bigint | undefined> {
    return this.arithmetic("decrement", key, delta, options);
  }

  /**
   * The values of many keys in one round trip per server: a quiet `mg` per key, then `mn`, to
   * every server at once. A server that fails makes its keys fail (in `failures`), not the call.
   * A key given twice is simply asked for twice.
   */
  async getMany(keys: readonly string[], options?: CallOptions): Promise<GetManyResult> {
    const hits = new Map<string, Uint8Array>();
    const failures = await this.readMany(
      keys,
      VALUE_FLAGS,
      options?.signal,
      (key, value, flags) => {
        if (!isLeasePlaceholder(value, flags)) hits.set(key, value);
      },
    );
    return { hits, failures };
  }

  /** Like {@link getMany}, with each item's flags (and CAS or TTL when asked for). */
  async getManyItems(
    keys: readonly string[],
    options: GetItemOptions = {},
  ): Promise<GetManyItemsResult> {
    const items = new Map<string, MemcachedItem>();
    const failures = await this.readMany(
      keys,
      itemFlags(options),
      options.signal,
      (key, value, flags) => {
        items.set(key, itemOf(value, flags));
      },
    );
    return { items, failures };
  }

  /**
   * A read that hands out leases (`mg` with `N`): for a missing key, exactly one caller across
   * every process sharing the server wins the right to load it; the others see it `held`.
   */
  async getWithLease(key: string, options: LeaseOptions): Promise<LeaseLookup> {
    const reply = await this.request(
      key,
      leaseFlags(options),
      encodeMetaGet,
      metaGetReplyDecoder,
      options.signal,
    );
    return reply.kind === "hit"
      ? leaseLookupOf(reply.value as Uint8Array, reply.flags)
      : LEASE_MISS;
  }

  /** {@link getWithLease} for many keys, in one round trip per server. */
  async getManyLeased(
    keys: readonly string[],
    options: LeaseOptions,
  ): Promise<GetManyLeasedResult> {
    const hits = new Map<string, Uint8Array>();
    const won = new Map<string, bigint>();
    const heldElsewhere = new Set<string>();
    // Each key once: a second placeholder read of the same key would find it held by this caller.
    const failures = await this.readMany(
      distinct(keys),
      leaseFlags(options),
      options.signal,
      (key, value, flags) => {
        const lookup = leaseLookupOf(value, flags);
        if (lookup.kind === "hit") hits.set(key, lookup.value);
        else if (lookup.kind === "won") won.set(key, lookup.cas);
        else if (lookup.kind === "held") heldElsewhere.add(key);
      },
    );
    return { hits, won, heldElsewhere, failures };
  }

  /**
   * Gives back leases won and not filled: deletes each placeholder only if it is still the one
   * the lease created (its CAS), so a value stored meanwhile is kept.
   */
  async releaseLeases(
    leases: ReadonlyMap<string, bigint>,
    options?: CallOptions,
  ): Promise<ManyResult> {
    this.checkOpen();
    // Releases are rare (leases nobody could fill), so plain pipelined deletes do: they leave in
    // one write all the same.
    const failures: ServerFailure[] = [];
    await Promise.all(
      Array.from(leases, async ([key, cas]) => {
        try {
          await this.delete(key, { cas, ...(options?.signal ? { signal: options.signal } : {}) });
        } catch (error) {
          failures.push({ server: this.serverFor(key), keys: [key], error: asTierError(error) });
        }
      }),
    );
    return { failures };
  }

  /**
   * Stores many entries in one round trip per server (quiet `ms` requests, then `mn`). An entry
   * over `maxValueBytes` is not sent: it fails with `E_VALUE_TOO_LARGE` in `failures`.
   */
  async setMany(
    entries: readonly SetManyEntry[],
    options: SetManyOptions = {},
  ): Promise<ManyResult> {
    this.checkOpen();
    const tooLarge: ServerFailure[] = [];
    const fitting: SetManyEntry[] = [];
    for (const entry of entries) {
      checkValue(entry.value);
      if (entry.value.length > this.maxValueBytes) {
        tooLarge.push({
          server: this.nodeFor(entry.key).address,
          keys: [entry.key],
          error: new ValueTooLargeError(
            "memcached",
            entry.key,
            entry.value.length,
            this.maxValueBytes,
          ),
        });
      } else {
        fitting.push(entry);
      }
    }
    const now = Date.now();
    const groups = groupByServer(fitting, keyOfEntry, this.placement);
    const failures = await fanOut(
      groups,
      async (group, failed) => {
        const batch: MetaSetEntry[] = group.items.map((entry, i) => ({
          key: group.wire[i] as WireKey,
          value: entry.value,
          options: {
            ttl: wireTtl(entry.ttl ?? options.ttl ?? 0, now),
            clientFlags: entry.clientFlags ?? options.clientFlags ?? 0,
          },
        }));
        const opaqueBase = group.node.reserveOpaque(batch.length + 1);
        const replies = await group.node.send(
          encodeMetaSetBatch(batch, opaqueBase),
          metaSetBatchDecoder(batch, opaqueBase, this.limits),
          options.signal,
        );
        replies.forEach((reply, i) => {
          if (isErrorReply(reply)) {
            failed.push(this.keyFailure(group, i, reply, group.items[i]?.value.length));
          }
        });
      },
      options.signal,
    );
    return { failures: [...tooLarge, ...failures] };
  }

  /** Deletes many keys in one round trip per server; a key that was not there is no failure. */
  async deleteMany(keys: readonly string[], options?: CallOptions): Promise<ManyResult> {
    this.checkOpen();
    const groups = groupByServer(keys, identity, this.placement);
    const failures = await fanOut(
      groups,
      async (group, failed) => {
        const opaqueBase = group.node.reserveOpaque(group.wire.length + 1);
        const replies = await group.node.send(
          encodeMetaDeleteBatch(group.wire, {}, opaqueBase),
          metaDeleteBatchDecoder(group.wire, {}, opaqueBase, this.limits),
          options?.signal,
        );
        replies.forEach((reply, i) => {
          if (isErrorReply(reply)) failed.push(this.keyFailure(group, i, reply));
        });
      },
      options?.signal,
    );
    return { failures };
  }

  /** Per server: state, connects, ejections, timeouts. */
  stats(): MemcachedServerStats[] {
    return this.nodes.map((node) => node.stats());
  }

  /**
   * Refuses new calls, lets those in flight finish (each within its deadline) and closes every
   * connection. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= Promise.all(this.nodes.map((node) => node.close())).then(() => undefined);
    return this.closing;
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private nodeFor(key: string): ServerNode {
    return this.nodes[this.ring === undefined ? 0 : this.ring.indexFor(key)] as ServerNode;
  }

  private checkOpen(): void {
    if (this.closing !== undefined) throw new MemcachedClosedError("client");
  }

  /**
   * Sends one request with a fresh opaque token and resolves with its reply; an error line the
   * server sent instead becomes a typed error.
   */
  private async request<
    O extends { readonly opaque?: number },
    R extends { readonly kind: string },
  >(
    key: string,
    options: O,
    encode: (wire: WireKey, options: O) => Uint8Array,
    decoder: (wire: WireKey, options: O, limits: ReplyLimits) => ReplyDecoder<R>,
    signal: AbortSignal | undefined,
    valueBytes?: number,
  ): Promise<Exclude<R, ErrorReply>> {
    this.checkOpen();
    const node = this.nodeFor(key);
    const wire = this.encoder.encode(key);
    const withOpaque = { ...options, opaque: node.reserveOpaque(1) };
    const reply = await node.send(
      encode(wire, withOpaque),
      decoder(wire, withOpaque, this.limits),
      signal,
    );
    if (isErrorReply(reply)) {
      throw errorFromReply(reply, node.address, key, valueBytes, this.maxValueBytes);
    }
    return reply as Exclude<R, ErrorReply>;
  }

  /**
   * One quiet `mg` batch per server, all at once; `onHit` sees every item found. Error replies
   * and failed servers end up in the failures returned.
   */
  private async readMany(
    keys: Iterable<string>,
    options: MetaGetBatchOptions,
    signal: AbortSignal | undefined,
    onHit: (key: string, value: Uint8Array, flags: ReplyFlags) => void,
  ): Promise<ServerFailure[]> {
    this.checkOpen();
    const groups = groupByServer(keys, identity, this.placement);
    return fanOut(
      groups,
      async (group, failed) => {
        const count = group.keys.length;
        if (count <= MAX_BATCH_KEYS) {
          return this.readBatch(group, 0, count, options, signal, onHit, failed);
        }
        // Several batches, pipelined; each reports its own keys if it fails.
        const batches: Promise<void>[] = [];
        for (let from = 0; from < count; from += MAX_BATCH_KEYS) {
          const to = Math.min(count, from + MAX_BATCH_KEYS);
          batches.push(
            this.readBatch(group, from, to, options, signal, onHit, failed).catch((error) => {
              const keys = group.keys.slice(from, to);
              failed.push({ server: group.node.address, keys, error: asTierError(error) });
            }),
          );
        }
        await Promise.all(batches);
      },
      signal,
    );
  }

  /** One quiet `mg` batch for the keys `from..to` of a server's group. */
  private async readBatch(
    group: ServerGroup<string>,
    from: number,
    to: number,
    options: MetaGetBatchOptions,
    signal: AbortSignal | undefined,
    onHit: (key: string, value: Uint8Array, flags: ReplyFlags) => void,
    failed: ServerFailure[],
  ): Promise<void> {
    const { node } = group;
    const wire = from === 0 && to === group.wire.length ? group.wire : group.wire.slice(from, to);
    const opaqueBase = node.reserveOpaque(wire.length + 1);
    const replies = await node.send(
      encodeMetaGetBatch(wire, options, opaqueBase),
      metaGetBatchDecoder(wire, options, opaqueBase, this.limits),
      signal,
    );
    for (let i = 0; i < replies.length; i++) {
      const reply = replies[i] as MetaGetReply;
      if (reply.kind === "hit") {
        onHit(group.keys[from + i] as string, reply.value as Uint8Array, reply.flags);
      } else if (reply.kind !== "miss") {
        failed.push(this.keyFailure(group, from + i, reply));
      }
    }
  }

  private async store(
    mode: MetaSetMode,
    key: string,
    value: Uint8Array,
    options: StoreOptions = {},
  ): Promise<StoreOutcome> {
    checkValue(value);
    if (value.length > this.maxValueBytes) {
      throw new ValueTooLargeError("memcached", key, value.length, this.maxValueBytes);
    }
    const ms: MetaSetOptions = {
      mode,
      ttl: wireTtl(options.ttl ?? 0),
      clientFlags: options.clientFlags ?? 0,
      ...(options.cas === undefined ? {} : { compareCas: options.cas }),
      ...(options.invalidate ? { invalidate: true } : {}),
    };
    const reply = await this.request(
      key,
      ms,
      (wire, withOpaque) => encodeMetaSet(wire, value, withOpaque),
      metaSetReplyDecoder,
      options.signal,
      value.length,
    );
    return reply.kind;
  }

  private async arithmetic(
    mode: "increment" | "decrement",
    key: string,
    delta: bigint | number,
    options: CounterOptions = {},
  ): Promise<bigint | undefined> {
    const create = options.create;
    const ma: MetaArithmeticOptions = {
      mode,
      delta,
      returnValue: true,
      ...(create === undefined
        ? {}
        : { autoCreateTtl: wireTtl(create.ttl ?? 0), initialValue: create.initial ?? 0 }),
    };
    const reply = await this.request(
      key,
      ma,
      encodeMetaArithmetic,
      metaArithmeticReplyDecoder,
      options.signal,
    );
    return reply.kind === "applied" ? reply.value : undefined;
  }

  private keyFailure<T>(
    group: ServerGroup<T>,
    index: number,
    reply: Parameters<typeof errorFromReply>[0],
    valueBytes?: number,
  ): ServerFailure {
    const key = group.keys[index] as string;
    return {
      server: group.node.address,
      keys: [key],
      error: errorFromReply(reply, group.node.address, key, valueBytes, this.maxValueBytes),
    };
  }
}

function itemFlags(options: GetItemOptions): MetaGetOptions {
  return {
    returnValue: true,
    returnClientFlags: true,
    ...(options.withCas ? { returnCas: true } : {}),
    ...(options.withTtl ? { returnTtl: true } : {}),
    ...(options.touchTtl === undefined ? {} : { touchTtl: wireTtl(options.touchTtl) }),
  };
}

function leaseFlags(options: LeaseOptions): MetaGetOptions {
  if (
    options === undefined ||
    !Number.isSafeInteger(options.leaseTtlSeconds) ||
    options.leaseTtlSeconds < 1
  ) {
    throw invalidArgument(
      `leaseTtlSeconds must be a whole number of seconds >= 1, got ${String(options?.leaseTtlSeconds)}`,
    );
  }
  return {
    vivifyOnMissTtl: wireTtl(options.leaseTtlSeconds),
    returnValue: true,
    returnCas: true,
    returnClientFlags: true,
  };
}

function itemOf(value: Uint8Array, flags: ReplyFlags): MemcachedItem {
  return {
    value,
    clientFlags: flags.clientFlags ?? 0,
    cas: flags.cas,
    ttl: flags.ttl,
    stale: flags.stale,
    win: flags.win,
    alreadyWon: flags.alreadyWon,
  };
}

function checkValue(value: Uint8Array): void {
  if (!(value instanceof Uint8Array)) {
    throw invalidArgument(`a value must be a Uint8Array, got ${typeof value}`);
  }
}

function keyOfEntry(entry: SetManyEntry): string {
  return entry.key;
}
