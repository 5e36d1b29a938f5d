import { describe, expect, it } from "vitest";
import { TokyoTyrantError } from "../../src/errors.js";
import {
  assertCopyPathIsSafe,
  assertTablePutIsSafe,
  encodeTableColumns,
  type TableIndexType,
} from "../../src/protocol/index.js";

function expectUnsafe(check: () => void, message: RegExp): void {
  expect(check).toThrow(TokyoTyrantError);
  expect(check).toThrow(message);
  try {
    check();
  } catch (error) {
    expect((error as TokyoTyrantError).code).toBe("E_TT_UNSAFE_REQUEST");
  }
}

describe("assertTablePutIsSafe (requests that crash ttserver 1.1.41)", () => {
  const indexes = new Map<string, TableIndexType>([
    ["name", "lexical"],
    ["age", "decimal"],
    ["body", "token"],
    ["text", "qgram"],
  ]);

  it("refuses an empty primary key, as a string or as bytes", () => {
    expectUnsafe(() => assertTablePutIsSafe("", { name: "x" }, indexes), /empty primary key/);
    expectUnsafe(() => assertTablePutIsSafe(new Uint8Array(0), {}, new Map()), /primary key/);
  });

  it("refuses an empty value in a lexical or decimal indexed column", () => {
    expectUnsafe(() => assertTablePutIsSafe("p", { name: "" }, indexes), /"name".*lexical/);
    expectUnsafe(
      () => assertTablePutIsSafe("p", new Map([["age", new Uint8Array(0)]]), indexes),
      /"age".*decimal/,
    );
    expectUnsafe(() => assertTablePutIsSafe("p", { age: "" }, { age: "decimal" }), /decimal/);
  });

  it("accepts empty values in token, q-gram and unindexed columns", () => {
    expect(() =>
      assertTablePutIsSafe("p", { body: "", text: "", other: "", name: "x" }, indexes),
    ).not.toThrow();
    expect(() => assertTablePutIsSafe("p", {}, indexes)).not.toThrow();
  });

  it("reads the NUL-joined value of a plain put", () => {
    const value = encodeTableColumns({ body: "", name: "" });
    expectUnsafe(() => assertTablePutIsSafe("p", value, indexes), /"name"/);
    expect(() =>
      assertTablePutIsSafe("p", encodeTableColumns({ name: "x" }), indexes),
    ).not.toThrow();
  });

  it("with unknown indexes, refuses every empty value", () => {
    expectUnsafe(() => assertTablePutIsSafe("p", { any: "" }, "unknown"), /maybe/);
    expect(() => assertTablePutIsSafe("p", { any: "x" }, "unknown")).not.toThrow();
  });
});

describe("assertCopyPathIsSafe", () => {
  it("refuses a path starting with @, which the server runs as a command", () => {
    expectUnsafe(() => assertCopyPathIsSafe("@rm -rf /"), /runs a command/);
    expectUnsafe(() => assertCopyPathIsSafe(Buffer.from("@x")), /runs a command/);
    expect(() => assertCopyPathIsSafe("/srv/backups/db.tch")).not.toThrow();
    expect(() => assertCopyPathIsSafe("")).not.toThrow();
  });
});
