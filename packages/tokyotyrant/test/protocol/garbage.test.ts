import { ProtocolError } from "@tier/core";
import { seededRandom } from "@tier/testkit";
import { describe, expect, it } from "vitest";
import {
  addDoubleRequest,
  addIntRequest,
  extRequest,
  fwmKeysRequest,
  getRequest,
  iterNextRequest,
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
  sizeRequest,
  statRequest,
  TableQuery,
  type TtRequest,
  tableGenUidRequest,
  tableGetListRequest,
  tableGetRequest,
  tableIterNextRequest,
  tableMetaSearchRequest,
  tableSearchCountRequest,
  tableSearchGetRequest,
  tableSearchRequest,
  vsizRequest,
} from "../../src/protocol/index.js";

/*
 * Random bytes fed to every decoder: a decoder may return undefined (incomplete) or a reply that
 * ends inside the input, or throw a ProtocolError; anything else (a TypeError, a RangeError from
 * reading past the end, an endless loop, a huge allocation) fails the test. Small limits make the
 * caps reachable by random lengths.
 */

const query = new TableQuery().addCondition("a", "STREQ", "b");
const REQUESTS: [string, () => TtRequest<unknown>][] = [
  ["status", () => putRequest("k", "v")],
  ["get", () => getRequest("k")],
  ["iternext", () => iterNextRequest()],
  ["ext", () => extRequest("f", "k", "v")],
  ["vsiz", () => vsizRequest("k")],
  ["addint", () => addIntRequest("k", 1)],
  ["adddouble", () => addDoubleRequest("k", 1)],
  ["rnum", () => rnumRequest()],
  ["size", () => sizeRequest()],
  ["stat", () => statRequest()],
  ["mget", () => mgetRequest(["k"])],
  ["fwmkeys", () => fwmKeysRequest("k")],
  ["misc", () => miscRequest("f", [])],
  ["misc get", () => miscGetRequest("k")],
  ["misc getlist", () => miscGetListRequest(["k"])],
  ["misc iternext", () => miscIterNextRequest()],
  ["misc error", () => miscErrorRequest()],
  ["table get", () => tableGetRequest("k")],
  ["table getlist", () => tableGetListRequest(["k"])],
  ["table iternext", () => tableIterNextRequest()],
  ["genuid", () => tableGenUidRequest()],
  ["search", () => tableSearchRequest(query, { hint: true })],
  ["search get", () => tableSearchGetRequest(query, [], { hint: true })],
  ["search count", () => tableSearchCountRequest(query)],
  ["metasearch", () => tableMetaSearchRequest([query, query], "union")],
];

const LIMITS = resolveReplyLimits({
  maxValueBytes: 64,
  maxRecords: 16,
  maxElements: 16,
  maxReplyBytes: 512,
  maxStatBytes: 64,
});

/** Mostly plausible replies (a status, a small count, small lengths), some pure noise. */
function garbage(random: () => number): Buffer {
  const length = Math.floor(random() * 96);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  if (random() < 0.7) {
    // Small numbers where lengths and counts go, so decoders get past their headers.
    for (let i = 0; i < length; i++)
      if (random() < 0.6) bytes[i] = random() < 0.5 ? 0 : bytes[i]! & 7;
  }
  return bytes;
}

function checkOutcome(
  request: () => TtRequest<unknown>,
  limits: ReplyLimits,
  bytes: Buffer,
  byteByByte: boolean,
): "undefined" | "reply" | "error" {
  const decoder = request().createDecoder(limits);
  try {
    if (byteByByte) {
      for (let end = 0; end < bytes.length; end++) {
        const early = decoder.decode(bytes, 0, end);
        if (early !== undefined) return checkEnd(early.end, end);
      }
    }
    const decoded = decoder.decode(bytes, 0, bytes.length);
    if (decoded === undefined) return "undefined";
    return checkEnd(decoded.end, bytes.length);
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    expect(error.code).toBe("E_PROTOCOL");
    expect(error.message).toMatch(/^\[tier\] \[tokyotyrant\] /);
    return "error";
  }
}

function checkEnd(end: number, available: number): "reply" {
  expect(end).toBeGreaterThan(0);
  expect(end).toBeLessThanOrEqual(available);
  return "reply";
}

describe("random garbage only ever yields undefined, a reply, or a ProtocolError", () => {
  for (const [name, request] of REQUESTS) {
    it(name, () => {
      const random = seededRandom(0x7777 + name.length * 131 + name.charCodeAt(0));
      const seen = { undefined: 0, reply: 0, error: 0 };
      for (let i = 0; i < 3000; i++) {
        const bytes = garbage(random);
        seen[checkOutcome(request, LIMITS, bytes, i % 10 === 0)]++;
      }
      // The generator must reach every outcome, or the test proves little.
      expect(seen.reply).toBeGreaterThan(0);
      expect(seen.undefined).toBeGreaterThan(0);
    });
  }

  it("reaches the protocol errors of the list and sized decoders", () => {
    const random = seededRandom(99);
    for (const [name, request] of REQUESTS.filter(([n]) =>
      /get|misc|mget|fwmkeys|^stat$/.test(n),
    )) {
      let errors = 0;
      for (let i = 0; i < 2000; i++) {
        if (checkOutcome(request, LIMITS, garbage(random), false) === "error") errors++;
      }
      expect(errors, name).toBeGreaterThan(0);
    }
  });
});

describe("huge claimed lengths and counts are rejected from the header alone", () => {
  const random = seededRandom(2024);
  it("every length or count above the default caps throws with no data behind it", () => {
    const defaults = resolveReplyLimits();
    for (let i = 0; i < 2000; i++) {
      const claimed = 0x1000_0001 + Math.floor(random() * (0xffff_ffff - 0x1000_0001));
      const header = Buffer.alloc(5);
      header.writeUInt32BE(claimed, 1);
      for (const request of [getRequest("k"), mgetRequest(["k"]), miscRequest("f", [])]) {
        const decoder = request.createDecoder(defaults);
        expect(() => decoder.decode(header, 0, header.length)).toThrow(ProtocolError);
      }
    }
  });
});
