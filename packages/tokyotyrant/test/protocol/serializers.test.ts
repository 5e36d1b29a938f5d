import { describe, expect, it } from "vitest";
import { TokyoTyrantError } from "../../src/errors.js";
import {
  addDoubleRequest,
  addIntRequest,
  BY_REFERENCE_MIN_BYTES,
  decodeTableColumns,
  encodeTableColumns,
  extRequest,
  fwmKeysRequest,
  getRequest,
  mgetRequest,
  miscGetPartRequest,
  miscRequest,
  packDouble,
  putNrRequest,
  putRequest,
  putShlRequest,
  restoreRequest,
  setMasterRequest,
  tablePutListRequest,
  tablePutRequest,
  unpackDouble,
} from "../../src/protocol/index.js";
import { concatRequest } from "./support/feed.js";
import { readFrame } from "./support/request-reader.js";

const frameOf = (bytes: Uint8Array | readonly Uint8Array[]) => {
  const read = readFrame(concatRequest(bytes), 0);
  if ("malformed" in read) throw new Error(read.malformed);
  return read.frame;
};

function expectInvalid(make: () => unknown, message: RegExp): void {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(TokyoTyrantError);
    expect((error as TokyoTyrantError).code).toBe("E_TT_INVALID_ARGUMENT");
    expect((error as Error).message).toMatch(/^\[tier\] \[tokyotyrant\] /);
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error("expected E_TT_INVALID_ARGUMENT");
}

describe("keys and values", () => {
  it("strings go out as UTF-8 with byte lengths, identical to the same bytes as Uint8Array", () => {
    const key = "キー-🔑";
    const asText = concatRequest(putRequest(key, "välue").bytes);
    const asBytes = concatRequest(
      putRequest(new Uint8Array(Buffer.from(key)), new Uint8Array(Buffer.from("välue"))).bytes,
    );
    expect(asText).toEqual(asBytes);
    const frame = frameOf(asText);
    expect(frame.fields.key).toEqual(Buffer.from(key));
    expect(asText.readUInt32BE(2)).toBe(Buffer.byteLength(key));
    expect(asText.readUInt32BE(6)).toBe(6);
  });

  it("binary keys and values keep every byte, a Uint8Array view included", () => {
    const backing = new Uint8Array([9, 0, 255, 10, 13, 0, 9]);
    const frame = frameOf(getRequest(backing.subarray(1, 6)).bytes);
    expect([...frame.fields.key!]).toEqual([0, 255, 10, 13, 0]);
  });

  it(`sends Uint8Array values of ${BY_REFERENCE_MIN_BYTES} bytes or more by reference`, () => {
    const big = new Uint8Array(BY_REFERENCE_MIN_BYTES).fill(7);
    const bytes = putRequest("k", big).bytes;
    expect(Array.isArray(bytes)).toBe(true);
    expect((bytes as readonly Uint8Array[]).includes(big)).toBe(true);
    expect(frameOf(bytes).fields.value).toEqual(Buffer.from(big));
    const smaller = big.subarray(1);
    expect(Array.isArray(putRequest("k", smaller).bytes)).toBe(false);
    // Strings are always encoded into the frame.
    expect(Array.isArray(putRequest("k", "x".repeat(BY_REFERENCE_MIN_BYTES)).bytes)).toBe(false);
    // Big data in the middle of a frame: the bytes after it follow in their own chunk.
    const ext = extRequest("f", big, "tail");
    expect((ext.bytes as readonly Uint8Array[]).length).toBe(3);
    expect(frameOf(ext.bytes).fields.value).toEqual(Buffer.from("tail"));
  });

  it("putnr has no reply to decode", () => {
    expect(putNrRequest("k", "v").createDecoder).toBeNull();
  });

  it("refuses what is not a string or a Uint8Array", () => {
    expectInvalid(() => getRequest(42 as unknown as string), /string or a Uint8Array/);
  });
});

describe("limits of the server, checked before sending", () => {
  it("a key above 256 MiB", () => {
    // Never written to, so the pages are not touched.
    const huge = new Uint8Array(268_435_457);
    expectInvalid(() => getRequest(huge), /268435457 bytes/);
  });

  it("function names of 1024 bytes or more", () => {
    expect(() => miscRequest("x".repeat(1023), [])).not.toThrow();
    expectInvalid(() => miscRequest("x".repeat(1024), []), /shorter than 1024/);
    expectInvalid(() => extRequest("é".repeat(512), "k", "v"), /1024 bytes/);
  });

  it("more than 2^20 keys or arguments", () => {
    const many = new Array<string>(1_048_577).fill("");
    expectInvalid(() => mgetRequest(many), /1048577 keys/);
    expectInvalid(() => miscRequest("putlist", many), /1048577 misc arguments/);
  });

  it("numbers outside their fields", () => {
    expectInvalid(() => addIntRequest("k", 2 ** 31), /addint number/);
    expectInvalid(() => addIntRequest("k", 1.5), /addint number/);
    expectInvalid(() => putShlRequest("k", "v", -1), /putshl width/);
    expectInvalid(() => fwmKeysRequest("k", 2 ** 31), /fwmkeys max/);
    expectInvalid(() => setMasterRequest("h", -1), /master port/);
    expectInvalid(() => restoreRequest("/d", -1), /restore timestamp/);
    expectInvalid(() => restoreRequest("/d", 2n ** 64n), /restore timestamp/);
    expectInvalid(() => miscGetPartRequest("k", -1), /getpart offset/);
    expectInvalid(() => addDoubleRequest("k", 2 ** 63), /±2\^63/);
  });

  it("the widest values that fit", () => {
    expect(frameOf(addIntRequest("k", -(2 ** 31)).bytes).numbers.num).toBe(-(2n ** 31n));
    expect(frameOf(restoreRequest("/d", 2n ** 64n - 1n).bytes).numbers.ts).toBe(2n ** 64n - 1n);
    expect(frameOf(fwmKeysRequest("k").bytes).numbers.max).toBe(-1n);
    expect(frameOf(setMasterRequest("h", 65535, 12).bytes).numbers).toEqual({
      port: 65535n,
      ts: 12n,
      opts: 0n,
    });
  });
});

describe("ext options", () => {
  it("lock none / record / global are opts 0 / 1 / 2", () => {
    expect(frameOf(extRequest("f", "k", "v").bytes).numbers.opts).toBe(0n);
    expect(frameOf(extRequest("f", "k", "v", { lock: "record" }).bytes).numbers.opts).toBe(1n);
    expect(frameOf(extRequest("f", "k", "v", { lock: "global" }).bytes).numbers.opts).toBe(2n);
  });
});

describe("adddouble numbers (fraction times 10^12 in two int64 fields)", () => {
  const min = -(2n ** 63n);
  const max = 2n ** 63n - 1n;
  it.each([
    [1.5, 1n, 500_000_000_000n],
    [-2.75, -2n, -750_000_000_000n],
    [1e-6, 0n, 1_000_000n],
    [-0, 0n, 0n],
    [123456789.125, 123456789n, 125_000_000_000n],
    // The fraction is truncated toward zero, not rounded.
    [0.1234567890126, 0n, 123_456_789_012n],
    [-2.7e-12, 0n, -2n],
    [Number.NaN, min, min],
    [Number.POSITIVE_INFINITY, max, 0n],
    [Number.NEGATIVE_INFINITY, min, 0n],
  ])("%d packs as %d, %d", (value, integ, fract) => {
    expect(packDouble(value)).toEqual({ integ, fract });
    const frame = frameOf(addDoubleRequest("k", value).bytes);
    expect(frame.numbers).toEqual({ integ, fract });
    if (Number.isFinite(value)) expect(unpackDouble(integ, fract)).toBeCloseTo(value, 9);
    else expect(unpackDouble(integ, fract)).toEqual(value);
  });
});

describe("table columns", () => {
  it("encode NUL-joined without a trailing NUL, in insertion order", () => {
    const columns = new Map<string, string | Uint8Array>([
      ["name", "alice"],
      ["age", new Uint8Array(Buffer.from("30"))],
      ["empty", ""],
    ]);
    expect(encodeTableColumns(columns).toString("latin1")).toBe("name\0alice\0age\x0030\0empty\0");
    expect(encodeTableColumns({}).length).toBe(0);
  });

  it("decode drops an odd trailing field and reads the search primary key column", () => {
    const text = (m: Map<string, Buffer>) => [...m].map(([k, v]) => [k, v.toString()]);
    expect(text(decodeTableColumns(Buffer.from("name\0x\0orphan")))).toEqual([["name", "x"]]);
    expect(text(decodeTableColumns(Buffer.from("\0p4\0name\0dave")))).toEqual([
      ["", "p4"],
      ["name", "dave"],
    ]);
    expect(text(decodeTableColumns(Buffer.from("a\0")))).toEqual([["a", ""]]);
    expect(decodeTableColumns(Buffer.alloc(0)).size).toBe(0);
  });

  it("round-trips", () => {
    const columns = { name: "ボブ", city: "osaka", note: "" };
    const decoded = decodeTableColumns(encodeTableColumns(columns));
    expect(Object.fromEntries([...decoded].map(([k, v]) => [k, v.toString()]))).toEqual(columns);
  });

  it("refuse NUL where it would split columns", () => {
    expectInvalid(() => encodeTableColumns({ "na\0me": "x" }), /contains NUL/);
    expectInvalid(() => encodeTableColumns({ name: "a\0b" }), /NUL byte/);
    expectInvalid(() => tablePutListRequest([{ primaryKey: "p", columns: { a: "\0" } }]), /NUL/);
    expectInvalid(() => tablePutRequest("p", { "a\0": "x" }), /contains NUL/);
    // misc put sends each column as its own argument, so a NUL inside a value travels intact.
    const frame = frameOf(tablePutRequest("p", { a: "x\0y" }).bytes);
    expect(frame.list.map((b) => b.toString("latin1"))).toEqual(["p", "a", "x\0y"]);
  });
});
