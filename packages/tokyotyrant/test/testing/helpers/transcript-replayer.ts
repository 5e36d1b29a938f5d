import { expect } from "vitest";
import { RawClient } from "./raw-client.js";
import { type ReplyRule, replyRule } from "./replay-rules.js";
import {
  asSortedHex,
  parseElementList,
  parseRecordList,
  parseStatText,
  readElementList,
  readRecordList,
  readSizedText,
  readStatusAndBytes,
} from "./reply-shapes.js";
import { connectionOutcome, type Exchange } from "./transcripts.js";

/** How long "no reply" is watched: long enough to catch a reply, short enough for a unit test. */
export const SILENCE_WINDOW_MS = 150;

/**
 * Replays recorded exchanges on one connection at a time, as the recording did: after an exchange
 * that made the server close the connection, or left it waiting on a half request, the next
 * exchange goes on a new connection.
 */
export class TranscriptReplayer {
  private client: RawClient | undefined;
  private group: { recorded: Buffer[]; replayed: Buffer[] } | undefined;
  /** Every reply in order, as bytes, for comparing other ways of sending the same requests. */
  readonly replies: Buffer[] = [];

  constructor(private readonly port: number) {}

  async play(exchange: Exchange, next: Exchange | undefined): Promise<void> {
    const client = await this.connection();
    await this.send(client, exchange);
    const rule = replyRule(exchange);
    const reply = await this.readReply(client, exchange, rule);
    this.replies.push(reply);
    this.check(exchange, rule, reply, next);
    await this.settle(client, exchange);
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
  }

  private async connection(): Promise<RawClient> {
    if (!this.client) this.client = await RawClient.open(this.port);
    return this.client;
  }

  private async send(client: RawClient, exchange: Exchange): Promise<void> {
    if (exchange.name === "split_frame_two_writes") {
      // As recorded: 7 bytes, a pause with no reply, then the rest.
      await client.sendAndFlush(exchange.request.subarray(0, 7));
      expect(await client.silenceFor(SILENCE_WINDOW_MS), "reply to a partial frame").toBe(0);
      client.send(exchange.request.subarray(7));
      return;
    }
    client.send(exchange.request);
    if (exchange.name === "truncated_frame_then_fin") client.finish();
  }

  private async readReply(client: RawClient, exchange: Exchange, rule: ReplyRule): Promise<Buffer> {
    if (exchange.response.length === 0) return Buffer.alloc(0);
    switch (rule) {
      case "stat-field-names":
        return readSizedText(client);
      case "iteration-group":
        return readStatusAndBytes(client);
      case "key-set":
      case "element-pairs-set":
      case "error-status-only":
        return encodeElementList(await readElementList(client));
      case "record-set":
        return encodeRecordList(await readRecordList(client));
      default:
        return client.read(exchange.response.length);
    }
  }

  private check(
    exchange: Exchange,
    rule: ReplyRule,
    reply: Buffer,
    next: Exchange | undefined,
  ): void {
    const recorded = exchange.response;
    const what = `${exchange.db}:${exchange.name}`;
    switch (rule) {
      case "exact":
        expect(reply.toString("hex"), what).toBe(recorded.toString("hex"));
        return;
      case "stat-field-names": {
        const fields = parseStatText(reply);
        const recordedFields = parseStatText(recorded);
        expect([...fields.keys()].sort(), what).toEqual([...recordedFields.keys()].sort());
        for (const name of ["version", "libver", "protver", "type", "rnum", "bigend", "sid"]) {
          expect(fields.get(name), `${what} ${name}`).toBe(recordedFields.get(name));
        }
        for (const name of recordedFields.keys()) {
          if (name.startsWith("cnt_"))
            expect(fields.get(name), `${what} ${name}`).toBe(recordedFields.get(name));
        }
        return;
      }
      case "size-shape":
        expect(reply.length, what).toBe(9);
        expect(reply[0], what).toBe(recorded[0]);
        return;
      case "status-only":
      case "error-status-only":
        expect(reply[0], what).toBe(recorded[0]);
        return;
      case "key-set": {
        const mine = parseElementList(reply);
        const theirs = parseElementList(recorded);
        expect(mine.status, what).toBe(theirs.status);
        expect(asSortedHex(mine.elements), what).toEqual(asSortedHex(theirs.elements));
        return;
      }
      case "element-pairs-set": {
        const mine = parseElementList(reply);
        const theirs = parseElementList(recorded);
        expect(mine.status, what).toBe(theirs.status);
        expect(asSortedHex(pairs(mine.elements)), what).toEqual(
          asSortedHex(pairs(theirs.elements)),
        );
        return;
      }
      case "record-set": {
        const mine = parseRecordList(reply);
        const theirs = parseRecordList(recorded);
        expect(mine.status, what).toBe(theirs.status);
        expect(asSortedHex(mine.records.map(joinPair)), what).toEqual(
          asSortedHex(theirs.records.map(joinPair)),
        );
        return;
      }
      case "iteration-group": {
        this.group ??= { recorded: [], replayed: [] };
        this.group.recorded.push(recorded);
        this.group.replayed.push(reply);
        if (next && replyRule(next) === "iteration-group") return;
        // The group ends: the same keys, and the end marker, in any order.
        expect(asSortedHex(this.group.replayed), `${what} (the whole iteration)`).toEqual(
          asSortedHex(this.group.recorded),
        );
        this.group = undefined;
        return;
      }
    }
  }

  private async settle(client: RawClient, exchange: Exchange): Promise<void> {
    const what = `${exchange.db}:${exchange.name}`;
    switch (connectionOutcome(exchange)) {
      case "closed-by-server": {
        const late = await client.readToClose();
        expect(late.length, `${what}: bytes before the close`).toBe(0);
        this.close();
        return;
      }
      case "left-open-idle":
        expect(await client.silenceFor(SILENCE_WINDOW_MS), `${what}: unexpected reply`).toBe(0);
        expect(client.closedByServer, `${what}: connection closed`).toBe(false);
        this.close();
        return;
      case "kept":
        if (exchange.response.length === 0) {
          expect(await client.silenceFor(SILENCE_WINDOW_MS), `${what}: unexpected reply`).toBe(0);
        }
        expect(client.closedByServer, `${what}: connection closed`).toBe(false);
        return;
    }
  }
}

function pairs(elements: readonly Buffer[]): Buffer[] {
  const joined: Buffer[] = [];
  for (let i = 0; i < elements.length; i += 2)
    joined.push(joinPair([elements[i]!, elements[i + 1] ?? Buffer.alloc(0)]));
  return joined;
}

function joinPair(pair: readonly Buffer[]): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(pair[0]!.length, 0);
  return Buffer.concat([size, ...pair]);
}

function encodeElementList({ status, elements }: { status: number; elements: Buffer[] }): Buffer {
  const parts = [Buffer.from([status]), uint32(elements.length)];
  for (const element of elements) parts.push(uint32(element.length), element);
  return Buffer.concat(parts);
}

function encodeRecordList({ status, records }: { status: number; records: Buffer[][] }): Buffer {
  const parts = [Buffer.from([status]), uint32(records.length)];
  for (const [key, value] of records)
    parts.push(uint32(key!.length), uint32(value!.length), key!, value!);
  return Buffer.concat(parts);
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value, 0);
  return out;
}
