import { ProtocolError } from "@tier/core";
import { describe, expect, it } from "vitest";
import { MgetCheckedDecoder, StatusCheckedDecoder } from "../../src/client/checked-decoders.js";
import { DEFAULT_REPLY_LIMITS, getRequest, mgetRequest } from "../../src/protocol/index.js";
import { cutsOf, decodeInTwo } from "../protocol/support/feed.js";
import { seededRandom } from "../protocol/support/prng.js";

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

function mgetReply(records: [string, string][]): Buffer {
  return Buffer.concat([
    Buffer.from([0]),
    u32(records.length),
    ...records.flatMap(([k, v]) => [u32(k.length), u32(v.length), Buffer.from(k), Buffer.from(v)]),
  ]);
}

const getDecoder = () =>
  new StatusCheckedDecoder(getRequest("k").createDecoder(DEFAULT_REPLY_LIMITS));
const asked = ["a", "b", "c"].map((k) => Buffer.from(k));
const mgetDecoder = () =>
  new MgetCheckedDecoder(
    new StatusCheckedDecoder(mgetRequest(asked).createDecoder(DEFAULT_REPLY_LIMITS)),
    asked,
  );

describe("checked decoders", () => {
  it("pass a good reply through, split at every byte", () => {
    const value = Buffer.concat([Buffer.from([0]), u32(3), Buffer.from("abc")]);
    for (const cut of cutsOf(value.length)) {
      expect(decodeInTwo(getDecoder(), value, cut)).toEqual({
        ok: true,
        value: Buffer.from("abc"),
      });
    }
    expect(decodeInTwo(getDecoder(), Buffer.from([1]), 0)).toEqual({ ok: false, status: 1 });
    const reply = mgetReply([
      ["a", "1"],
      ["c", "3"],
    ]);
    for (const cut of cutsOf(reply.length)) {
      const decoder = mgetDecoder();
      const decoded = decodeInTwo(decoder, reply, cut);
      expect(decoded.ok && decoded.value.map((r) => r.value.toString())).toEqual(["1", "3"]);
      expect(decoder.positions).toEqual([0, 2]);
    }
  });

  it("refuse a status byte other than 0 and 1", () => {
    for (let status = 2; status < 256; status++) {
      expect(() => getDecoder().decode(Buffer.from([status, 0, 0, 0, 0]), 0, 5)).toThrow(
        ProtocolError,
      );
    }
  });

  it("refuse mget records for keys not asked for, or out of order", () => {
    for (const records of [
      [["x", "1"]],
      [
        ["c", "3"],
        ["a", "1"],
      ],
      [
        ["a", "1"],
        ["a", "1"],
      ],
    ] as [string, string][][]) {
      const reply = mgetReply(records);
      expect(() => mgetDecoder().decode(reply, 0, reply.length)).toThrow(ProtocolError);
    }
  });

  it("throw only protocol errors on random garbage", () => {
    const random = seededRandom(7);
    for (let round = 0; round < 2000; round++) {
      const bytes = Buffer.from(
        Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 256)),
      );
      if (round % 2 === 0) bytes[0] = 0;
      for (const decoder of [getDecoder(), mgetDecoder()]) {
        try {
          decoder.decode(bytes, 0, bytes.length);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }
    }
  });
});
