import { ProtocolError } from "@tier/core";
import { seededRandom } from "@tier/testkit";
import { describe, expect, it } from "vitest";
import { StatusCheckedDecoder } from "../../src/client/checked-decoders.js";
import { DEFAULT_REPLY_LIMITS, getRequest } from "../../src/protocol/index.js";
import { cutsOf, decodeInTwo } from "../protocol/support/feed.js";

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

const getDecoder = () =>
  new StatusCheckedDecoder(getRequest("k").createDecoder(DEFAULT_REPLY_LIMITS));
describe("status-checked decoder", () => {
  it("pass a good reply through, split at every byte", () => {
    const value = Buffer.concat([Buffer.from([0]), u32(3), Buffer.from("abc")]);
    for (const cut of cutsOf(value.length)) {
      expect(decodeInTwo(getDecoder(), value, cut)).toEqual({
        ok: true,
        value: Buffer.from("abc"),
      });
    }
    expect(decodeInTwo(getDecoder(), Buffer.from([1]), 0)).toEqual({ ok: false, status: 1 });
  });

  it("refuse a status byte other than 0 and 1", () => {
    for (let status = 2; status < 256; status++) {
      expect(() => getDecoder().decode(Buffer.from([status, 0, 0, 0, 0]), 0, 5)).toThrow(
        ProtocolError,
      );
    }
  });

  it("throw only protocol errors on random garbage", () => {
    const random = seededRandom(7);
    for (let round = 0; round < 2000; round++) {
      const bytes = Buffer.from(
        Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 256)),
      );
      if (round % 2 === 0) bytes[0] = 0;
      try {
        getDecoder().decode(bytes, 0, bytes.length);
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
      }
    }
  });
});
