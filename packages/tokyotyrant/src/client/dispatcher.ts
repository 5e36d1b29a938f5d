import type { ReplyDecoder } from "@tier/core/net";
import { invalidArgument } from "../errors.js";
import type { Bytes } from "../protocol/bytes.js";
import type { ReplyLimits } from "../protocol/limits.js";
import type { Failed, Reply } from "../protocol/reply.js";
import type { TtNoReplyRequest, TtRequest } from "../protocol/request.js";
import { CallContext, type CallOptions } from "./call-context.js";
import { StatusCheckedDecoder } from "./checked-decoders.js";
import type { FailoverPolicy } from "./failover-policy.js";
import { type CommandLabel, failedError } from "./failure.js";
import { keyBytes } from "./key-check.js";
import type { ResolvedClientOptions } from "./options.js";
import { ReplicaSet } from "./replica-set.js";
import { ServerNode } from "./server-node.js";
import { ShardRing } from "./shard-ring.js";

/** Whichever replica answers: the replica set picks one and fails over. */
export const ANY_REPLICA = "any-replica";

/** Where a request goes: one server, or any replica. */
export type Target = ServerNode | typeof ANY_REPLICA;

/** What a reply reader returns for a reply that is an error. */
const FAILED: unique symbol = Symbol("failed");

/** Items that go to one target in one request. */
export interface Batch<T> {
  readonly target: Target;
  readonly items: T[];
}

/**
 * Sends requests where the topology says, with the operation's deadline, and turns replies into
 * values: every method of the client goes through here. A failure status becomes `undefined`,
 * `false` or an `E_TT_FAILED` error, as each method documents.
 */
export class Dispatcher {
  readonly nodes: readonly ServerNode[];
  /** Several servers, each holding part of the keys. */
  readonly sharded: boolean;
  private readonly replicas: ReplicaSet;
  private readonly ring: ShardRing | undefined;
  private readonly limits: ReplyLimits;
  private readonly timeoutMs: number;

  constructor(options: ResolvedClientOptions) {
    this.nodes = options.servers.map((server) => new ServerNode(server, options));
    this.sharded = options.topology === "shards" && this.nodes.length > 1;
    this.ring = this.sharded ? new ShardRing(this.nodes.map((n) => n.address)) : undefined;
    this.replicas = new ReplicaSet(this.sharded ? [] : this.nodes);
    this.limits = options.limits;
    this.timeoutMs = options.timeoutMs;
  }

  get failovers(): number {
    return this.replicas.failovers;
  }

  call(options: CallOptions | undefined): CallContext {
    return CallContext.start(options, this.timeoutMs);
  }

  /** Where `key` lives: its shard, or any replica. */
  locate(key: Bytes): Target {
    if (this.ring === undefined) return ANY_REPLICA;
    return this.nodes[this.ring.ownerOf(keyBytes(key))]!;
  }

  /**
   * The target of a request that is about no key in particular: the server named, else any
   * replica. Shards hold different data, so there `what` needs a server named.
   */
  anywhere(server: string | undefined, what: string): Target {
    if (server !== undefined) return this.node(server);
    if (this.sharded) {
      throw invalidArgument(`${what} on shards needs the \`server\` option: each shard differs`);
    }
    return ANY_REPLICA;
  }

  /** The server named, or every server. */
  everywhere(server: string | undefined): readonly ServerNode[] {
    return server === undefined ? this.nodes : [this.node(server)];
  }

  /** The server named, or the only one; `what` needs exactly one. */
  single(server: string | undefined, what: string): ServerNode {
    if (server !== undefined) return this.node(server);
    if (this.nodes.length > 1) {
      throw invalidArgument(`${what} with several servers needs the \`server\` option`);
    }
    return this.nodes[0]!;
  }

  node(address: string): ServerNode {
    const node = this.nodes.find((n) => n.address === address);
    if (node === undefined) {
      throw invalidArgument(
        `server ${JSON.stringify(address)} is not one of ${this.nodes.map((n) => n.address).join(", ")}`,
      );
    }
    return node;
  }

  /** Groups `items` by the target of their key, in the order of the servers. */
  partition<T>(items: readonly T[], keyOf: (item: T) => Bytes): Batch<T>[] {
    if (this.ring === undefined)
      return items.length === 0 ? [] : [{ target: ANY_REPLICA, items: [...items] }];
    const groups = new Map<ServerNode, T[]>();
    for (const item of items) {
      const node = this.locate(keyOf(item)) as ServerNode;
      const group = groups.get(node);
      if (group === undefined) groups.set(node, [item]);
      else group.push(item);
    }
    return this.nodes.flatMap((node) => {
      const group = groups.get(node);
      return group === undefined ? [] : [{ target: node, items: group }];
    });
  }

  /**
   * One write per target for the items that live there, built by `build`, all sent at once
   * (`putlist`, `outlist`): idempotent, so a replica set may repeat it on the next replica.
   * Every request is built before any is sent, so an argument refused by `build` sends nothing.
   */
  async writeInBatches<T>(
    items: readonly T[],
    keyOf: (item: T) => Bytes,
    build: (items: T[]) => TtRequest<void>,
    call: CallContext,
    label: CommandLabel,
    beforeSending?: (first: Target) => Promise<void>,
  ): Promise<void> {
    const batches = this.partition(items, keyOf);
    const requests = batches.map((batch) => build(batch.items));
    const first = batches[0];
    if (first === undefined) return;
    await beforeSending?.(first.target);
    await Promise.all(
      batches.map((batch, i) => this.value(batch.target, requests[i]!, "idempotent", call, label)),
    );
  }

  /** Runs `attempt` on `target`, failing over between replicas as `policy` allows. */
  run<R>(
    target: Target,
    attempt: (node: ServerNode) => Promise<R>,
    policy: FailoverPolicy,
    call: CallContext,
  ): Promise<R> {
    if (target === ANY_REPLICA) return this.replicas.run(attempt, policy, call);
    return attempt(target);
  }

  /** One request on one server, its reply as it came. */
  send<T>(
    node: ServerNode,
    request: TtRequest<T>,
    call: CallContext,
    decoder: ReplyDecoder<Reply<T>> = this.decoderFor(request),
  ): Promise<Reply<T>> {
    return node.endpoint.send(request.bytes, decoder, call.sendOptions());
  }

  /** A fresh decoder for `request`'s reply, with the client's limits and the status check. */
  decoderFor<T>(request: TtRequest<T>): ReplyDecoder<Reply<T>> {
    return new StatusCheckedDecoder(request.createDecoder(this.limits));
  }

  /** The result; a failure status is an `E_TT_FAILED` error. */
  value<T>(
    target: Target,
    request: TtRequest<T>,
    policy: FailoverPolicy,
    call: CallContext,
    label: CommandLabel,
  ): Promise<T> {
    return this.answer(target, request, policy, call, label, (reply) =>
      reply.ok ? reply.value : FAILED,
    );
  }

  /**
   * The result, or `undefined` for status 1 (not found, end of iteration). Status 0 without a
   * result (a `-mask`ed `misc`) is still an error: it says nothing about the record.
   */
  optional<T>(
    target: Target,
    request: TtRequest<T>,
    policy: FailoverPolicy,
    call: CallContext,
    label: CommandLabel,
  ): Promise<T | undefined> {
    return this.answer(target, request, policy, call, label, (reply) =>
      reply.ok ? reply.value : reply.status === 1 ? undefined : FAILED,
    );
  }

  /** Whether it was done: `false` for status 1 (the record exists, or is not there). */
  done(
    target: Target,
    request: TtRequest<void>,
    policy: FailoverPolicy,
    call: CallContext,
    label: CommandLabel,
  ): Promise<boolean> {
    return this.answer(target, request, policy, call, label, (reply) =>
      reply.ok ? true : reply.status === 1 ? false : FAILED,
    );
  }

  private answer<T, R>(
    target: Target,
    request: TtRequest<T>,
    policy: FailoverPolicy,
    call: CallContext,
    label: CommandLabel,
    read: (reply: Reply<T>) => R | typeof FAILED,
  ): Promise<R> {
    // `.then` rather than an async arrow: no async frame to suspend and resume on every call.
    return this.run(
      target,
      (node) =>
        this.send(node, request, call).then((reply) => {
          const result = read(reply);
          if (result !== FAILED) return result;
          throw failedError(reply as Failed, node.address, label);
        }),
      policy,
      call,
    );
  }

  /** A request without a reply (`putnr`): resolves once it is written. */
  noReply(target: Target, request: TtNoReplyRequest, call: CallContext): Promise<void> {
    return this.run(
      target,
      (node) => node.endpoint.send<void>(request.bytes, null, call.sendOptions()),
      "unsent",
      call,
    );
  }

  /** The same request on each of `nodes` at once; the results in the order of `nodes`. */
  onEach<T>(
    nodes: readonly ServerNode[],
    request: TtRequest<T>,
    call: CallContext,
    label: CommandLabel,
  ): Promise<T[]> {
    return Promise.all(nodes.map((node) => this.value(node, request, "unsent", call, label)));
  }

  /**
   * A read about no key in particular: on the server named; else, on shards, on every shard with
   * the results combined by `combine`; else on any replica.
   */
  async gather<T>(
    server: string | undefined,
    request: TtRequest<T>,
    call: CallContext,
    label: CommandLabel,
    combine: (results: T[]) => T,
  ): Promise<T> {
    if (server === undefined && this.sharded) {
      return combine(await this.onEach(this.nodes, request, call, label));
    }
    return this.value(this.anywhere(server, label.command), request, "idempotent", call, label);
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.endpoint.close()));
  }
}
