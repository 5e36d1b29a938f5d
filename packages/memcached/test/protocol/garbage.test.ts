import type { ReplyDecoder } from "@tier/core/net";
import { describe, expect, it } from "vitest";
import { KeyEncoder } from "../../src/keys/index.js";
import {
  metaArithmeticReplyDecoder,
  metaDeleteBatchDecoder,
  metaDeleteReplyDecoder,
  metaGetBatchDecoder,
  metaGetReplyDecoder,
  metaSetBatchDecoder,
  metaSetReplyDecoder,
  noopReplyDecoder,
  replyLimits,
} from "../../src/protocol/index.js";
import { framed, seededRandom } from "./feed.js";

const keys = new KeyEncoder();
const key = keys.encode("k");
const three = ["a", "b", "c"].map((k) => keys.encode(k));
const limits = replyLimits({ maxValueBytes: 4096, maxLineBytes: 256 });

const decoders: Record<string, () => ReplyDecoder<unknown>> = {
  "mg v": () => metaGetReplyDecoder(key, { returnValue: true, opaque: 1 }, limits),
  "mg with every flag": () =>
    metaGetReplyDecoder(
      key,
      {
        returnValue: true,
        returnCas: true,
        returnClientFlags: true,
        returnKey: true,
        returnTtl: true,
      },
      limits,
    ),
  "mg without value": () => metaGetReplyDecoder(key, { returnCas: true }, limits),
  ms: () => metaSetReplyDecoder(key, { opaque: 2 }, limits),
  md: () => metaDeleteReplyDecoder(key, {}, limits),
  ma: () => metaArithmeticReplyDecoder(key, { returnValue: true }, limits),
  mn: () => noopReplyDecoder(limits),
  "get batch": () => metaGetBatchDecoder(three, { returnValue: true }, 1, limits),
  "set batch": () =>
    metaSetBatchDecoder(
      three.map((k) => ({ key: k, value: new Uint8Array(1) })),
      1,
      limits,
    ),
  "delete batch": () => metaDeleteBatchDecoder(three, {}, 1, limits),
};

/** Pieces of real replies, so that garbage often gets past the first bytes and deep into the parser. */
const PIECES = [
  "VA ",
  "HD",
  "EN",
  "NF",
  "NS",
  "EX",
  "MN",
  "ME",
  " ",
  "\r\n",
  "\r",
  "\n",
  "0",
  "1",
  "2",
  "5",
  "10",
  "4096",
  "4097",
  "-1",
  " O1",
  " O2",
  " O3",
  " c",
  " f",
  " t",
  " s",
  " k",
  " kk",
  " b",
  " W",
  " X",
  " Z",
  " h1",
  " l",
  "SERVER_ERROR ",
  "CLIENT_ERROR ",
  "ERROR",
  "abc",
  "\u0000",
  "\u00ff",
  "18446744073709551616",
  " O01",
];

function garbage(random: () => number): Buffer {
  const length = Math.floor(random() * 80);
  if (random() < 0.3) {
    return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
  }
  let text = "";
  while (text.length < length) text += PIECES[Math.floor(random() * PIECES.length)];
  return Buffer.from(text, "latin1");
}

/** Runs `decode`, expecting a value, nothing yet, or a ProtocolError: never any other throw. */
function feed(
  decoder: ReplyDecoder<unknown>,
  bytes: Buffer,
  length: number,
  offset: number,
): "value" | "more" | "error" {
  try {
    const decoded = decoder.decode(framed(bytes, length, offset), offset, offset + length);
    if (decoded === undefined) return "more";
    expect(decoded.end).toBeGreaterThan(offset);
    expect(decoded.end).toBeLessThanOrEqual(offset + length);
    return "value";
  } catch (error) {
    expect(error, `decoding ${JSON.stringify(bytes.toString("latin1"))}`).toMatchObject({
      name: "ProtocolError",
      code: "E_PROTOCOL",
    });
    return "error";
  }
}

describe("seeded random garbage", () => {
  for (const [name, make] of Object.entries(decoders)) {
    it(`${name}: only ever decodes, waits for more, or throws ProtocolError`, () => {
      const random = seededRandom(name.length * 7919);
      const outcomes = { value: 0, more: 0, error: 0 };
      for (let round = 0; round < 3000; round++) {
        const bytes = garbage(random);
        const whole = feed(make(), bytes, bytes.length, round % 7);
        outcomes[whole]++;
        // The same bytes in two pieces must end the same way as whole.
        const split = Math.floor(random() * (bytes.length + 1));
        const decoder = make();
        const first = feed(decoder, bytes, split, 1);
        const second = first === "more" ? feed(decoder, bytes, bytes.length, 5) : first;
        expect(second).toBe(whole);
      }
      // The garbage reaches every outcome, so the parser was exercised beyond its first byte.
      expect(outcomes.error).toBeGreaterThan(100);
      expect(outcomes.more).toBeGreaterThan(10);
    });
  }
});
