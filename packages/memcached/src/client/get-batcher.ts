import type { WireKey } from "../keys/key-encoder.js";
import {
  encodeMetaGetBatch,
  type MetaGetBatchOptions,
  type MetaGetReply,
  metaGetBatchDecoder,
  type ReplyLimits,
} from "../protocol/index.js";
import { isLeasePlaceholder } from "./placeholder.js";
import { errorFromReply } from "./reply-errors.js";

/** Flags of every plain read: the value, and the client flags that tell a placeholder apart. */
export const VALUE_FLAGS: MetaGetBatchOptions = Object.freeze({
  returnValue: true,
  returnClientFlags: true,
});

/**
 * Keys per `mg` batch at most. A batch is decoded once its `mn` arrives, so its replies are held
 * until then: with values up to `maxValueBytes` this bounds what one batch can make a connection
 * buffer. More keys go as several batches, pipelined in the same write.
 */
export const MAX_BATCH_KEYS = 128;

/** Where a batch goes: one server's transport. */
export interface BatchTransport {
  readonly address: string;
  reserveOpaque(count: number): number;
  transmit(
    request: Uint8Array,
    decoder: ReturnType<typeof metaGetBatchDecoder>,
  ): Promise<readonly MetaGetReply[]>;
}

/** A get waiting for its batch: how to settle it, and its abort listener when it has a signal. */
interface Waiter {
  readonly key: string;
  readonly resolve: Resolve;
  readonly reject: Reject;
  readonly signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  done: boolean;
}

type Resolve = (value: Uint8Array | undefined) => void;
type Reject = (error: unknown) => void;

/**
 * The `get`s made in one tick for one server, sent as one quiet `mg` batch ended by `mn`: one
 * request, one decoder and one deadline for all of them instead of one each, and misses cost the
 * server no reply. Each get still settles on its own: with its value, `undefined`, its own error
 * reply, or the batch's failure; an aborted signal rejects its get at once.
 */
export class GetBatcher {
  private wire: WireKey[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  private capturedResolve: Resolve | undefined;
  private capturedReject: Reject | undefined;
  /** One promise executor for every get rather than a closure each: it hands out the resolvers. */
  private readonly capture = (resolve: Resolve, reject: Reject): void => {
    this.capturedResolve = resolve;
    this.capturedReject = reject;
  };

  constructor(
    private readonly transport: BatchTransport,
    private readonly limits: ReplyLimits,
    private readonly maxValueBytes: number,
  ) {}

  add(
    key: string,
    wire: WireKey,
    signal: AbortSignal | undefined,
  ): Promise<Uint8Array | undefined> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.waiters.length === MAX_BATCH_KEYS) this.flush();
    const promise = new Promise<Uint8Array | undefined>(this.capture);
    const waiter: Waiter = {
      key,
      resolve: this.capturedResolve as Resolve,
      reject: this.capturedReject as Reject,
      signal,
      onAbort: undefined,
      done: false,
    };
    if (signal !== undefined) {
      waiter.onAbort = () => this.settle(waiter, undefined, signal.reason);
      signal.addEventListener("abort", waiter.onAbort, { once: true });
    }
    this.wire.push(wire);
    this.waiters.push(waiter);
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(this.flush);
    }
    return promise;
  }

  /**
   * Sends what was gathered now. Also called before any other request to the same server, so
   * requests leave in the order they were made.
   */
  readonly flush = (): void => {
    this.scheduled = false;
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    const wire = this.wire;
    this.wire = [];
    this.waiters = [];
    const opaqueBase = this.transport.reserveOpaque(wire.length + 1);
    let request: Uint8Array;
    let decoder: ReturnType<typeof metaGetBatchDecoder>;
    try {
      request = encodeMetaGetBatch(wire, VALUE_FLAGS, opaqueBase);
      decoder = metaGetBatchDecoder(wire, VALUE_FLAGS, opaqueBase, this.limits);
    } catch (error) {
      for (const waiter of waiters) this.settle(waiter, undefined, error);
      return;
    }
    this.transport.transmit(request, decoder).then(
      (replies) => {
        for (let i = 0; i < waiters.length; i++) {
          this.answer(waiters[i] as Waiter, replies[i] as MetaGetReply);
        }
      },
      (error: unknown) => {
        for (const waiter of waiters) this.settle(waiter, undefined, error);
      },
    );
  };

  private answer(waiter: Waiter, reply: MetaGetReply): void {
    if (reply.kind === "hit") {
      const value = reply.value as Uint8Array;
      this.settle(waiter, isLeasePlaceholder(value, reply.flags) ? undefined : value, undefined);
    } else if (reply.kind === "miss") {
      this.settle(waiter, undefined, undefined);
    } else {
      const error = errorFromReply(
        reply,
        this.transport.address,
        waiter.key,
        undefined,
        this.maxValueBytes,
      );
      this.settle(waiter, undefined, error);
    }
  }

  private settle(waiter: Waiter, value: Uint8Array | undefined, error: unknown): void {
    if (waiter.done) return;
    waiter.done = true;
    if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener("abort", waiter.onAbort);
    if (error === undefined) waiter.resolve(value);
    else waiter.reject(error);
  }
}
