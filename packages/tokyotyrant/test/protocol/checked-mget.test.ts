import { ProtocolError } from "@tier/core";
import { seededRandom } from "@tier/testkit";
import { describe, expect, it } from "vitest";
import { CheckedMgetDecoder, type MgetHits } from "../../src/protocol/decoders/checked-mget.js";
import {
  DEFAULT_REPLY_LIMITS,
  type KeyValue,
  mgetRequest,
  type Reply,
  type ReplyLimits,
  resolveReplyLimits,
} from "../../src/protocol/index.js";
import { checkedMgetRequest, mgetFrame } from "../../src/protocol/mget-frame.js";
import {
  concatRequest,
  cutsOf,
  decodeByteByByte,
  decodeEmbedded,
  decodeInTwo,
} from "./support/feed.js";
import { DATABASES, loadTranscript } from "./support/transcripts.js";

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

function mgetReply(records: [string, string][], status = 0): Buffer {
  return Buffer.concat([
    Buffer.from([status]),
    u32(records.length),
    ...records.flatMap(([k, v]) => [
      u32(Buffer.byteLength(k)),
      u32(Buffer.byteLength(v)),
      Buffer.from(k),
      Buffer.from(v),
    ]),
  ]);
}

const decoderFor = (keys: readonly string[], limits: ReplyLimits = DEFAULT_REPLY_LIMITS) =>
  new CheckedMgetDecoder(limits, mgetFrame(keys));

/** The records as (asked key, value text) pairs, to compare with what was sent. */
function pairs(keys: readonly string[], reply: Reply<MgetHits>): [string, string][] {
  if (!reply.ok) throw new Error(`failed with status ${reply.status}`);
  return reply.value.values.map((v, i) => [keys[reply.value.positions[i]!]!, v.toString("latin1")]);
}

/** The `mget` exchanges ttserver answered, with the keys each asked for. */
function recordedMgets(): { name: string; keys: string[]; request: Buffer; reply: Buffer }[] {
  const found = [];
  for (const db of DATABASES) {
    for (const exchange of loadTranscript(db)) {
      const request = Buffer.from(exchange.request_hex, "hex");
      if (request[1] !== 0x31 || exchange.response_hex === "") continue;
      const keys: string[] = [];
      for (let at = 6, n = 0; n < request.readUInt32BE(2); n++) {
        const length = request.readUInt32BE(at);
        keys.push(request.toString("utf8", at + 4, at + 4 + length));
        at += 4 + length;
      }
      found.push({
        name: `${db}/${exchange.name}`,
        keys,
        request,
        reply: Buffer.from(exchange.response_hex, "hex"),
      });
    }
  }
  return found;
}

describe("mget frame", () => {
  it("is byte for byte the generic mget frame, multi-byte keys included", () => {
    const asciiOnly = [
      "x".repeat(255),
      "y".repeat(256),
      "z".repeat(70_000),
      "\u0000\u007f ctl",
      "",
    ];
    // Lengths whose u32 bytes reach 0x80 and above, next to keys with characters in 0x80-0xff
    // (one UTF-8 byte more each) and beyond: none may pass for an ASCII frame.
    const highLengths = ["x".repeat(0x80), "y".repeat(0x8080), "z".repeat(0xff)];
    const cases = [
      [],
      ["a"],
      ["key1", "nokey", "キー", ""],
      ["x".repeat(70_000), "é"],
      asciiOnly,
      highLengths,
      [...highLengths, "ü"],
      ["\u0080", "x".repeat(0x80)],
      ["ÿ".repeat(0x80), "plain"],
      ["😀", "a"],
    ];
    for (const keys of cases) {
      const frame = mgetFrame(keys);
      expect(frame.bytes.equals(concatRequest(mgetRequest(keys).bytes))).toBe(true);
      keys.forEach((key, i) => {
        const at = frame.keyStart[i]!;
        expect(frame.bytes.toString("utf8", at, at + frame.keyLength[i]!)).toBe(key);
      });
    }
  });
});

describe("mget frame refusals", () => {
  it("refuses a key with a lone surrogate, which has no UTF-8 form", () => {
    for (const keys of [["ok", "\udc00"], ["\ud800x"], ["a".repeat(200), "\udfff"]]) {
      expect(() => mgetFrame(keys)).toThrowError(
        expect.objectContaining({ code: "E_TT_INVALID_ARGUMENT" }),
      );
    }
  });
});

describe("checked mget decoder", () => {
  const recorded = recordedMgets();

  it("finds the recorded mget exchanges", () => {
    expect(recorded.length).toBeGreaterThanOrEqual(5);
  });

  it("reads every recorded reply as the generic decoder does: whole, split, byte by byte", () => {
    for (const { name, keys, request, reply } of recorded) {
      expect(mgetFrame(keys).bytes.equals(request), name).toBe(true);
      const generic = mgetRequest(keys)
        .createDecoder(DEFAULT_REPLY_LIMITS)
        .decode(reply, 0, reply.length);
      const records = (generic!.value as { value: KeyValue[] }).value;
      const expected = records.map((r) => [r.key.toString("utf8"), r.value.toString("latin1")]);
      expect(pairs(keys, decodeEmbedded(decoderFor(keys), reply).value), name).toEqual(expected);
      for (const cut of cutsOf(reply.length)) {
        expect(pairs(keys, decodeInTwo(decoderFor(keys), reply, cut)), `${name} @${cut}`).toEqual(
          expected,
        );
      }
      expect(pairs(keys, decodeByteByByte(decoderFor(keys), reply)), name).toEqual(expected);
    }
  });

  it("gives values that share no memory with the receive buffer", () => {
    const keys = ["a", "b", "c"];
    const reply = mgetReply([
      ["a", "1"],
      ["c", "333"],
    ]);
    // decodeEmbedded overwrites the receive buffer after decoding.
    expect(pairs(keys, decodeEmbedded(decoderFor(keys), reply).value)).toEqual([
      ["a", "1"],
      ["c", "333"],
    ]);
  });

  it("maps records to the keys asked by position, skipping the missing ones", () => {
    const keys = ["a", "b", "c", "d"];
    const decoded = decodeInTwo(
      decoderFor(keys),
      mgetReply([
        ["b", "2"],
        ["d", "4"],
      ]),
      3,
    );
    expect(decoded.ok && decoded.value.positions).toEqual([1, 3]);
    expect(pairs(keys, decoded)).toEqual([
      ["b", "2"],
      ["d", "4"],
    ]);
  });

  it("reads a failure status with its records as a failure", () => {
    const reply = mgetReply([], 1);
    expect(decodeInTwo(decoderFor(["a"]), reply, 2)).toEqual({ ok: false, status: 1 });
  });

  it("refuses records for keys not asked, out of order, repeated, or more records than keys", () => {
    const keys = ["a", "b", "c"];
    for (const records of [
      [["x", "1"]],
      [["ab", "1"]],
      [["", "1"]],
      [
        ["c", "3"],
        ["a", "1"],
      ],
      [
        ["a", "1"],
        ["a", "1"],
      ],
      [
        ["a", "1"],
        ["b", "2"],
        ["c", "3"],
        ["c", "3"],
      ],
    ] as [string, string][][]) {
      const reply = mgetReply(records);
      expect(
        () => decoderFor(keys).decode(reply, 0, reply.length),
        JSON.stringify(records),
      ).toThrow(ProtocolError);
    }
    // A repeated key asked twice may come back twice.
    const twice = mgetReply([
      ["a", "1"],
      ["a", "1"],
    ]);
    expect(pairs(["a", "a"], decodeInTwo(decoderFor(["a", "a"]), twice, 9))).toEqual([
      ["a", "1"],
      ["a", "1"],
    ]);
  });

  it("compares short and long keys to their last byte", () => {
    for (const length of [1, 63, 64, 65, 300]) {
      const key = "k".repeat(length - 1);
      const keys = [`${key}a`, `${key}b`];
      const reply = mgetReply([[`${key}b`, "2"]]);
      expect(pairs(keys, decodeInTwo(decoderFor(keys), reply, 7))).toEqual([[`${key}b`, "2"]]);
      const wrong = mgetReply([[`${key}c`, "3"]]);
      expect(() => decoderFor(keys).decode(wrong, 0, wrong.length)).toThrow(ProtocolError);
    }
  });

  it("refuses a count above the keys asked or the record limit from the header alone", () => {
    const header = (count: number) => Buffer.concat([Buffer.from([0]), u32(count)]);
    expect(() => decoderFor(["a", "b"]).decode(header(3), 0, 5)).toThrow(/3 records for 2 keys/);
    const keys = Array.from({ length: 10 }, (_, i) => `k${i}`);
    const fewRecords = resolveReplyLimits({ maxRecords: 4 });
    expect(() => decoderFor(keys, fewRecords).decode(header(5), 0, 5)).toThrow(/limit is 4/);
    const fewBytes = resolveReplyLimits({ maxReplyBytes: 40 });
    expect(() => decoderFor(keys, fewBytes).decode(header(5), 0, 5)).toThrow(ProtocolError);
    expect(() => decoderFor(["a"]).decode(header(0xffff_ffff), 0, 5)).toThrow(ProtocolError);
  });

  it("refuses a key, value or record above the limits before waiting for its bytes", () => {
    const limits = resolveReplyLimits({ maxValueBytes: 16, maxReplyBytes: 64 });
    const recordHeader = (keyLength: number, valueLength: number) =>
      Buffer.concat([Buffer.from([0]), u32(1), u32(keyLength), u32(valueLength)]);
    for (const [keyLength, valueLength] of [
      [17, 0],
      [1, 17],
      [0x8000_0000, 1],
      [1, 0xffff_ffff],
    ]) {
      const bytes = recordHeader(keyLength!, valueLength!);
      expect(() => decoderFor(["a"], limits).decode(bytes, 0, bytes.length)).toThrow(ProtocolError);
    }
    // Each length within its cap, but two records together past the reply's.
    const keys = ["a", "b"];
    const reply = mgetReply([
      ["a", "x".repeat(16)],
      ["b", "y".repeat(16)],
    ]);
    const tight = resolveReplyLimits({ maxValueBytes: 16, maxReplyBytes: 40 });
    expect(() => decoderFor(keys, tight).decode(reply, 0, 5 + 8 + 1 + 16 + 8)).toThrow(
      /byte limit/,
    );
  });

  it("throws only protocol errors (or waits) on random garbage and damaged replies", () => {
    const random = seededRandom(11);
    const keys = ["key1", "nokey", "key2", "キー"];
    const good = mgetReply([
      ["key1", "VALUE1"],
      ["key2", "v2"],
      ["キー", "x"],
    ]);
    const limits = resolveReplyLimits({ maxValueBytes: 1 << 20, maxReplyBytes: 1 << 21 });
    for (let round = 0; round < 4000; round++) {
      let bytes: Buffer;
      if (round % 2 === 0) {
        bytes = Buffer.from(
          Array.from({ length: 1 + Math.floor(random() * 60) }, () => Math.floor(random() * 256)),
        );
        if (round % 4 === 0) bytes[0] = 0;
      } else {
        bytes = Buffer.from(good);
        for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) {
          bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        }
      }
      try {
        const decoded = decoderFor(keys, limits).decode(bytes, 0, bytes.length);
        if (decoded?.value.ok) {
          // Whatever passes names only keys asked, in order.
          const { positions } = decoded.value.value;
          for (let i = 1; i < positions.length; i++) {
            expect(positions[i]!).toBeGreaterThan(positions[i - 1]!);
          }
        }
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
      }
    }
  });

  it("gives each attempt a fresh decoder over the same frame", () => {
    const request = checkedMgetRequest(["a", "b"]);
    const reply = mgetReply([["b", "2"]]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const decoded = request.createDecoder(DEFAULT_REPLY_LIMITS).decode(reply, 0, reply.length);
      expect(pairs(["a", "b"], decoded!.value)).toEqual([["b", "2"]]);
    }
  });
});
