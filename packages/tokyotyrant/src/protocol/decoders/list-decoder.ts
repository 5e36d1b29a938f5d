import type { DecodedReply, ReplyDecoder } from "@tier/core/net";
import { failed, type Reply } from "../reply.js";
import { protocolError } from "./protocol-error.js";

/** Reads one item of a list reply. */
export interface ItemReader<Item> {
  /** The fewest bytes one item can take: a count needing more than the reply may hold is refused. */
  readonly minBytes: number;
  /**
   * The item at `at`, or `undefined` while incomplete. `budget` is how many bytes the reply may
   * still take from `at` on; an item claiming more must throw before anything waits for it.
   */
  read(bytes: Buffer, at: number, end: number, budget: number): DecodedItem<Item> | undefined;
}

export interface DecodedItem<Item> {
  readonly item: Item;
  readonly end: number;
}

export interface ListCaps {
  /** Most items the reply may claim. */
  readonly maxCount: number;
  /** Most bytes the whole reply may take. */
  readonly maxReplyBytes: number;
  /** What the items are, for error messages: "records", "keys", "elements". */
  readonly what: string;
}

/** Status byte plus item count. */
const HEADER_BYTES = 5;

/**
 * `status:u8 | count:u32 | count items`: the replies of `mget`, `fwmkeys` and `misc`, which carry
 * their count even on failure (`01 00000000`). The decoder keeps the items it has read, so a long
 * reply arriving in many pieces is read once, not again from its start for every piece.
 */
export class ListDecoder<Item, T> implements ReplyDecoder<Reply<T>> {
  private status = -1;
  private count = 0;
  /** Offset of the next unread item, relative to the reply's start. */
  private offset = 0;
  private readonly items: Item[] = [];

  constructor(
    private readonly reader: ItemReader<Item>,
    private readonly caps: ListCaps,
    private readonly finish: (items: Item[]) => Reply<T>,
  ) {}

  decode(bytes: Buffer, start: number, end: number): DecodedReply<Reply<T>> | undefined {
    if (this.status < 0 && !this.readHeader(bytes, start, end)) return undefined;
    while (this.items.length < this.count) {
      const at = start + this.offset;
      const next = this.reader.read(bytes, at, end, this.caps.maxReplyBytes - this.offset);
      if (next === undefined) return undefined;
      this.items.push(next.item);
      this.offset = next.end - start;
    }
    const value = this.status === 0 ? this.finish(this.items) : failed(this.status);
    return { value, end: start + this.offset };
  }

  private readHeader(bytes: Buffer, start: number, end: number): boolean {
    if (end - start < HEADER_BYTES) return false;
    const count = bytes.readUInt32BE(start + 1);
    const { maxCount, maxReplyBytes, what } = this.caps;
    if (count > maxCount) {
      throw protocolError(`the reply claims ${count} ${what}; the limit is ${maxCount}`);
    }
    const leastBytes = HEADER_BYTES + count * this.reader.minBytes;
    if (leastBytes > maxReplyBytes) {
      throw protocolError(
        `the reply claims ${count} ${what}, at least ${leastBytes} bytes; the limit is ${maxReplyBytes}`,
      );
    }
    this.status = bytes[start]!;
    this.count = count;
    this.offset = HEADER_BYTES;
    return true;
  }
}
