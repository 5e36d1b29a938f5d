import { invalidArgument } from "../errors.js";
import type { MgetHits } from "../protocol/decoders/checked-mget.js";
import { checkedMgetRequest } from "../protocol/mget-frame.js";
import type { TtRequest } from "../protocol/request.js";
import type { CallContext } from "./call-context.js";
import { ANY_REPLICA, type Batch, type Dispatcher, type Target } from "./dispatcher.js";

/** The keys one server (or the replica set) could not answer for, and why. */
export interface GetManyFailure {
  /** `host:port` of the shard; `undefined` for a replica set (every replica was tried). */
  readonly server: string | undefined;
  readonly keys: readonly string[];
  readonly error: unknown;
}

/** What `getManySettled` resolves with: the hits of the servers that answered, and the failures. */
export interface GetManySettled<V> {
  readonly values: Map<string, V>;
  readonly failures: readonly GetManyFailure[];
}

/**
 * One `mget` per server involved, sent at once. Each record that comes back is matched to the key
 * it answers by position (the decoder has checked that every returned key was asked for, in
 * order), so results are keyed by the strings as given.
 */
export async function getManySettled(
  dispatcher: Dispatcher,
  keys: readonly string[],
  call: CallContext,
): Promise<GetManySettled<Buffer>> {
  const batches = batchesOf(dispatcher, keys);
  // Every frame is built (and every key checked) before any request goes out.
  const requests = batches.map((batch) => checkedMgetRequest(batch.items));
  const settled = await Promise.allSettled(
    batches.map((batch, i) => fetch(dispatcher, batch.target, requests[i]!, call)),
  );
  const values = new Map<string, Buffer>();
  const failures: GetManyFailure[] = [];
  settled.forEach((outcome, i) => {
    const batch = batches[i]!;
    if (outcome.status === "fulfilled") {
      addHits(values, batch.items, outcome.value);
    } else {
      const server = batch.target === ANY_REPLICA ? undefined : batch.target.address;
      failures.push({ server, keys: batch.items, error: outcome.reason });
    }
  });
  return { values, failures };
}

/** Like `getManySettled`, but any server failing fails the whole call with that server's error. */
export async function getManyStrict(
  dispatcher: Dispatcher,
  keys: readonly string[],
  call: CallContext,
): Promise<Map<string, Buffer>> {
  const batches = batchesOf(dispatcher, keys);
  // One server (or a replica set): its outcome is the call's, without settling a list of one.
  if (batches.length === 1) {
    const batch = batches[0]!;
    const request = checkedMgetRequest(batch.items);
    const values = new Map<string, Buffer>();
    addHits(values, batch.items, await fetch(dispatcher, batch.target, request, call));
    return values;
  }
  const { values, failures } = await getManySettled(dispatcher, keys, call);
  if (failures.length > 0) throw failures[0]!.error;
  return values;
}

/**
 * The keys, one batch per server. They are not de-duplicated: a repeated key is answered again by
 * the server, the decoder matches each record to its own place, and the result map holds the key
 * once. Callers that repeat keys pay a few bytes; the chain, which never does, pays no `Set`.
 */
function batchesOf(dispatcher: Dispatcher, keys: readonly string[]): Batch<string>[] {
  if (!Array.isArray(keys)) throw invalidArgument("keys must be an array");
  for (let i = 0; i < keys.length; i++) {
    // Results are keyed by the strings given; `mget` takes binary keys. Whether each string has
    // a UTF-8 form is checked where the frame is built, which measures every key anyway.
    if (typeof keys[i] !== "string") {
      throw invalidArgument("getMany takes string keys; use mget for binary keys");
    }
  }
  return dispatcher.partition(keys, (key) => key);
}

function addHits(values: Map<string, Buffer>, items: readonly string[], hits: MgetHits): void {
  const { positions, values: found } = hits;
  for (let i = 0; i < found.length; i++) values.set(items[positions[i]!]!, found[i]!);
}

const NO_HITS: MgetHits = Object.freeze({ positions: [], values: [] });

function fetch(
  dispatcher: Dispatcher,
  target: Target,
  request: TtRequest<MgetHits>,
  call: CallContext,
): Promise<MgetHits> {
  return dispatcher.run(
    target,
    async (node) => {
      const reply = await dispatcher.send(node, request, call);
      // mget always answers status 0; a -mask'ed one answers an empty list, a miss for every key.
      return reply.ok ? reply.value : NO_HITS;
    },
    "idempotent",
    call,
  );
}
