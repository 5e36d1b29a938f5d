import { ProtocolError } from "@tier/core";
import { describe, expect, it } from "vitest";
import {
  addDoubleRequest,
  addIntRequest,
  DEFAULT_REPLY_LIMITS,
  fwmKeysRequest,
  getRequest,
  mgetRequest,
  miscErrorRequest,
  miscGetListRequest,
  miscGetRequest,
  miscIterNextRequest,
  miscRequest,
  putRequest,
  type ReplyLimits,
  resolveReplyLimits,
  rnumRequest,
  statRequest,
  TableQuery,
  type TtRequest,
  tableGenUidRequest,
  tableGetRequest,
  tableSearchCountRequest,
  tableSearchRequest,
  vsizRequest,
} from "../../src/protocol/index.js";
import { decodeByteByByte, decodeInTwo } from "./support/feed.js";

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const sized = (data: string | Buffer) => {
  const bytes = Buffer.from(data);
  return Buffer.concat([u32(bytes.length), bytes]);
};
const miscReply = (status: number, elements: (string | Buffer)[]) =>
  Buffer.concat([Buffer.from([status]), u32(elements.length), ...elements.map(sized)]);

function decode<T>(
  req: TtRequest<T>,
  bytes: Buffer,
  limits: ReplyLimits = DEFAULT_REPLY_LIMITS,
  start = 0,
) {
  return req.createDecoder(limits).decode(bytes, start, bytes.length);
}

describe("status byte", () => {
  it("a status other than 0 is a typed failure that consumes only that byte", () => {
    const bytes = hex("01 02 00");
    expect(decode(putRequest("k", "v"), bytes)).toEqual({
      value: { ok: false, status: 1 },
      end: 1,
    });
    expect(decode(getRequest("k"), bytes, DEFAULT_REPLY_LIMITS, 1)).toEqual({
      value: { ok: false, status: 2 },
      end: 2,
    });
    expect(decode(putRequest("k", "v"), bytes, DEFAULT_REPLY_LIMITS, 2)).toEqual({
      value: { ok: true, value: undefined },
      end: 3,
    });
  });

  it("mget, fwmkeys and misc read their count even on failure: 01 00000000 is 5 bytes", () => {
    const bytes = hex("01 00000000 01");
    expect(decode(miscGetRequest("k"), bytes)).toEqual({ value: { ok: false, status: 1 }, end: 5 });
    expect(decode(fwmKeysRequest("k"), bytes)).toEqual({ value: { ok: false, status: 1 }, end: 5 });
    expect(decode(mgetRequest([]), bytes)).toEqual({ value: { ok: false, status: 1 }, end: 5 });
  });
});

describe("replies back to back in one buffer", () => {
  it("each decoder stops at its own end and the next starts there", () => {
    const bytes = Buffer.concat([
      hex("00"),
      hex("00"),
      sized("lined"),
      hex("01"),
      miscReply(0, ["a", "1", "b", "2"]),
      hex("00 0000000000000007"),
    ]);
    const requests: TtRequest<unknown>[] = [
      putRequest("k", "v"),
      getRequest("k"),
      getRequest("missing"),
      miscGetListRequest(["a", "b"]),
      rnumRequest(),
    ];
    const values: unknown[] = [];
    let at = 0;
    for (const req of requests) {
      const decoded = req.createDecoder(DEFAULT_REPLY_LIMITS).decode(bytes, at, bytes.length)!;
      values.push(decoded.value);
      at = decoded.end;
    }
    expect(at).toBe(bytes.length);
    expect(values).toEqual([
      { ok: true, value: undefined },
      { ok: true, value: Buffer.from("lined") },
      { ok: false, status: 1 },
      {
        ok: true,
        value: [
          { key: Buffer.from("a"), value: Buffer.from("1") },
          { key: Buffer.from("b"), value: Buffer.from("2") },
        ],
      },
      { ok: true, value: 7 },
    ]);
  });

  it("a list decoder resumes where it stopped, even when its reply has moved in the buffer", () => {
    const reply = miscReply(0, ["one", "two", "three"]);
    const decoder = miscRequest("x", []).createDecoder(DEFAULT_REPLY_LIMITS);
    expect(decoder.decode(reply, 0, 14)).toBeUndefined();
    const moved = Buffer.concat([Buffer.from("junk"), reply]);
    expect(decoder.decode(moved, 4, moved.length)).toEqual({
      value: { ok: true, value: ["one", "two", "three"].map((s) => Buffer.from(s)) },
      end: moved.length,
    });
  });
});

describe("numbers", () => {
  it("addint sums are int32, vsiz sizes u32, rnum u64", () => {
    expect(decode(addIntRequest("k", 1), hex("00 fffffffd"))?.value).toEqual({
      ok: true,
      value: -3,
    });
    expect(decode(vsizRequest("k"), hex("00 80000000"))?.value).toEqual({
      ok: true,
      value: 2 ** 31,
    });
    expect(decode(rnumRequest(), hex("00 001fffffffffffff"))?.value).toEqual({
      ok: true,
      value: Number.MAX_SAFE_INTEGER,
    });
  });

  it("an rnum or size past 2^53 is impossible and refused", () => {
    expect(() => decode(rnumRequest(), hex("00 0020000000000000"))).toThrow(ProtocolError);
  });

  it("adddouble decodes integ + fract / 1e12 and the special values", () => {
    const reply = (integ: bigint, fract: bigint) => {
      const b = Buffer.alloc(17);
      b.writeBigInt64BE(integ, 1);
      b.writeBigInt64BE(fract, 9);
      return decode(addDoubleRequest("k", 0), b)?.value;
    };
    const min = -(2n ** 63n);
    const max = 2n ** 63n - 1n;
    expect(reply(1n, 500_000_000_000n)).toEqual({ ok: true, value: 1.5 });
    expect(reply(-1n, -250_000_000_000n)).toEqual({ ok: true, value: -1.25 });
    expect(reply(min, min)).toEqual({ ok: true, value: Number.NaN });
    expect(reply(max, 0n)).toEqual({ ok: true, value: Number.POSITIVE_INFINITY });
    expect(reply(min, 0n)).toEqual({ ok: true, value: Number.NEGATIVE_INFINITY });
  });
});

describe("stat", () => {
  it("parses name\\tvalue lines by name, keeping a line without a tab with an empty value", () => {
    const text = "version\t1.1.41\nodd\ntype\ttable\n\nfatal\t22: no record found\n";
    const value = decode(statRequest(), Buffer.concat([hex("00"), sized(text)]))?.value;
    expect(value).toEqual({
      ok: true,
      value: new Map([
        ["version", "1.1.41"],
        ["odd", ""],
        ["type", "table"],
        ["fatal", "22: no record found"],
      ]),
    });
  });

  it("refuses a stat text of 64 KiB or more, as the C client does", () => {
    expect(() => decode(statRequest(), Buffer.concat([hex("00"), u32(65_536)]))).toThrow(
      ProtocolError,
    );
  });
});

describe("limits: lengths and counts are checked before anything waits or allocates", () => {
  const small = resolveReplyLimits({
    maxValueBytes: 10,
    maxRecords: 100,
    maxElements: 100,
    maxReplyBytes: 1000,
  });

  it("a value length above the cap throws as soon as the length is readable", () => {
    expect(() => decode(getRequest("k"), hex("00 7fffffff"))).toThrow(ProtocolError);
    expect(() => decode(getRequest("k"), hex("00 ffffffff"))).toThrow(/negative as int32/);
    expect(() => decode(getRequest("k"), hex("00 0000000b"), small)).toThrow(ProtocolError);
    expect(decode(getRequest("k"), hex("00 0000000a"), small)).toBeUndefined();
  });

  it("a count of 2^31 records is refused from the 5-byte header alone", () => {
    const requests: TtRequest<unknown>[] = [
      mgetRequest(["k"]),
      fwmKeysRequest("k"),
      miscRequest("f", []),
    ];
    for (const req of requests) {
      expect(() => decode(req, hex("00 80000000"))).toThrow(ProtocolError);
      expect(() => decode(req, hex("00 7fffffff"))).toThrow(ProtocolError);
    }
  });

  it("a count whose smallest possible size exceeds the reply cap is refused at once", () => {
    // Records need at least 8 bytes each: 100 need 805 bytes, which fit; 125 need 1005.
    const roomy = resolveReplyLimits({ maxRecords: 1000, maxReplyBytes: 1000 });
    expect(decode(mgetRequest(["k"]), hex("00 00000064"), roomy)).toBeUndefined();
    expect(() => decode(mgetRequest(["k"]), hex("00 0000007d"), roomy)).toThrow(/at least 1005/);
    expect(() => decode(miscRequest("f", []), hex("00 00000065"), small)).toThrow(/limit is 100/);
  });

  it("items that together grow past the reply cap are refused before their bytes arrive", () => {
    const limits = resolveReplyLimits({ maxValueBytes: 100, maxReplyBytes: 120 });
    const start = Buffer.concat([hex("00 00000002"), sized(Buffer.alloc(90)), u32(40)]);
    expect(() => decode(miscRequest("f", []), start, limits)).toThrow(/byte limit/);
  });

  it("mget checks both lengths of a record before waiting for its key", () => {
    expect(() => decode(mgetRequest(["k"]), hex("00 00000001 00000001 7fffffff"))).toThrow(
      ProtocolError,
    );
  });

  it("limits must be positive 32-bit integers", () => {
    expect(() => resolveReplyLimits({ maxValueBytes: 0 })).toThrow(/maxValueBytes/);
    expect(() => resolveReplyLimits({ maxRecords: 2 ** 31 })).toThrow(/maxRecords/);
    expect(() => resolveReplyLimits({ maxElements: 1.5 })).toThrow(/maxElements/);
    expect(resolveReplyLimits({})).toEqual(DEFAULT_REPLY_LIMITS);
    expect(DEFAULT_REPLY_LIMITS).toEqual({
      maxValueBytes: 268_435_456,
      maxRecords: 1_048_576,
      maxElements: 2_097_152,
      maxReplyBytes: 536_870_912,
      maxStatBytes: 65_535,
    });
  });
});

describe("misc results", () => {
  it("a success without the elements a reading function always returns is Failed status 0", () => {
    const masked = hex("00 00000000");
    expect(decode(miscGetRequest("k"), masked)?.value).toEqual({ ok: false, status: 0 });
    expect(decode(miscIterNextRequest(), masked)?.value).toEqual({ ok: false, status: 0 });
    expect(decode(tableGenUidRequest(), masked)?.value).toEqual({ ok: false, status: 0 });
    expect(decode(miscErrorRequest(), masked)?.value).toEqual({ ok: false, status: 0 });
  });

  it("element counts no server sends are protocol errors", () => {
    expect(() => decode(miscGetRequest("k"), miscReply(0, ["a", "b"]))).toThrow(ProtocolError);
    expect(() => decode(miscGetListRequest(["a"]), miscReply(0, ["a"]))).toThrow(/odd count/);
    expect(() => decode(tableGetRequest("p"), miscReply(0, ["name"]))).toThrow(/odd count/);
    expect(() => decode(miscIterNextRequest(), miscReply(0, ["k"]))).toThrow(ProtocolError);
  });

  it("numbers must be decimal; a negative genuid is the server's failure", () => {
    expect(decode(tableGenUidRequest(), miscReply(0, ["42"]))?.value).toEqual({
      ok: true,
      value: 42,
    });
    expect(decode(tableGenUidRequest(), miscReply(0, ["-1"]))?.value).toEqual({
      ok: false,
      status: 0,
    });
    expect(() => decode(tableGenUidRequest(), miscReply(0, ["4x"]))).toThrow(ProtocolError);
  });

  it("error reports the fatal flag", () => {
    expect(decode(miscErrorRequest(), miscReply(0, ["9999: x", "fatal"]))?.value).toEqual({
      ok: true,
      value: { message: "9999: x", fatal: true },
    });
  });

  it("strips the hint only when the request sent hint", () => {
    const hint = Buffer.from("\0\0[[HINT]]\nplan");
    const reply = miscReply(0, ["p1", hint]);
    const query = new TableQuery().addCondition("a", "STREQ", "b");
    expect(decode(tableSearchRequest(query, { hint: true }), reply)?.value).toEqual({
      ok: true,
      value: [Buffer.from("p1")],
    });
    expect(decode(tableSearchRequest(query), reply)?.value).toEqual({
      ok: true,
      value: [Buffer.from("p1"), hint],
    });
    expect(
      decode(tableSearchCountRequest(query, { hint: true }), miscReply(0, ["7", hint]))?.value,
    ).toEqual({ ok: true, value: 7 });
    // A masked server sends no hint: nothing to strip, nothing to fail on.
    expect(decode(tableSearchRequest(query, { hint: true }), hex("00 00000000"))?.value).toEqual({
      ok: true,
      value: [],
    });
  });
});

describe("split input for synthetic replies", () => {
  const cases: [string, TtRequest<unknown>, Buffer][] = [
    ["misc with empty elements", miscRequest("f", []), miscReply(0, ["", "x", ""])],
    [
      "mget with empty key and value",
      mgetRequest(["", "k"]),
      Buffer.concat([hex("00 00000002 00000000 00000000"), u32(1), u32(2), Buffer.from("kvv")]),
    ],
    ["failed misc", miscRequest("f", []), hex("01 00000000")],
  ];
  for (const [name, req, bytes] of cases) {
    it(name, () => {
      const whole = req.createDecoder(DEFAULT_REPLY_LIMITS).decode(bytes, 0, bytes.length)!.value;
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(decodeInTwo(req.createDecoder(DEFAULT_REPLY_LIMITS), bytes, cut)).toEqual(whole);
      }
      expect(decodeByteByByte(req.createDecoder(DEFAULT_REPLY_LIMITS), bytes)).toEqual(whole);
    });
  }
});
