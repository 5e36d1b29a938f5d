import { describe, expect, it } from "vitest";
import { startTokyoTyrantTestServer } from "../../src/testing/index.js";
import { requestOnce } from "./helpers/exchange.js";
import {
  addDoubleFrame,
  addIntFrame,
  getFrame,
  putFrame,
  valueReply,
  vsizFrame,
} from "./helpers/frames.js";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const FAILURE = Buffer.from([1]);

function doubleBytes(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeDoubleLE(value, 0);
  return out;
}

function fixedPoint(integral: bigint, fraction: bigint): Buffer {
  const out = Buffer.alloc(17);
  out.writeBigInt64BE(integral, 1);
  out.writeBigInt64BE(fraction, 9);
  return out;
}

describe.each(["hash", "memory"] as const)("number commands on a %s database", (database) => {
  it("answers an addint sum of INT_MIN with status 1, as ttserver does, though it stored it", async () => {
    await using server = await startTokyoTyrantTestServer({ database });
    expect(await requestOnce(server.port, addIntFrame("c", -0x7fffffff), 5)).toEqual(
      Buffer.from("0080000001", "hex"),
    );
    expect(await requestOnce(server.port, addIntFrame("c", -1), 1)).toEqual(FAILURE);
    expect(await requestOnce(server.port, getFrame("c"), 9)).toEqual(
      valueReply(Buffer.from("00000080", "hex")),
    );
  });

  it("wraps an addint sum around like a C int", async () => {
    await using server = await startTokyoTyrantTestServer({ database });
    await requestOnce(server.port, addIntFrame("c", 0x7fffffff), 5);
    expect(await requestOnce(server.port, addIntFrame("c", 2), 5)).toEqual(
      Buffer.from("0080000001", "hex"),
    );
  });

  it("adds to any stored 8-byte value as a double: +Infinity stays +Infinity", async () => {
    await using server = await startTokyoTyrantTestServer({ database });
    await requestOnce(server.port, putFrame("d", doubleBytes(Number.POSITIVE_INFINITY)), 1);
    expect(await requestOnce(server.port, addDoubleFrame("d", 1n, 0n), 17)).toEqual(
      fixedPoint(INT64_MAX, 0n),
    );
    await requestOnce(server.port, putFrame("d", doubleBytes(Number.NEGATIVE_INFINITY)), 1);
    expect(await requestOnce(server.port, addDoubleFrame("d", 1n, 0n), 17)).toEqual(
      fixedPoint(INT64_MIN, 0n),
    );
  });

  it("answers a NaN sum with status 1 and still stores it", async () => {
    await using server = await startTokyoTyrantTestServer({ database });
    expect(await requestOnce(server.port, addDoubleFrame("n", INT64_MIN, INT64_MIN), 1)).toEqual(
      FAILURE,
    );
    expect(await requestOnce(server.port, vsizFrame("n"), 5)).toEqual(
      Buffer.from("0000000008", "hex"),
    );
    expect(await requestOnce(server.port, addDoubleFrame("n", 1n, 0n), 1)).toEqual(FAILURE);
  });
});

describe("number commands on a table database", () => {
  it("count in column _num as text without trailing zeros", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "table" });
    await requestOnce(server.port, addDoubleFrame("t", 2n, 250_000_000_000n), 17);
    expect(await requestOnce(server.port, getFrame("t"), 5 + 9)).toEqual(
      valueReply("_num\x002.25"),
    );
    expect(await requestOnce(server.port, addIntFrame("t", 3), 5)).toEqual(
      Buffer.from("0000000005", "hex"),
    );
    expect(await requestOnce(server.port, getFrame("t"), 5 + 9)).toEqual(
      valueReply("_num\x005.25"),
    );
  });
});
