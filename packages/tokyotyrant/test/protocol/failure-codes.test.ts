import { describe, expect, it } from "vitest";
import { type CommandName, failureCodeFor, Opcode, TtErrorCode } from "../../src/protocol/index.js";

describe("failureCodeFor: the C client's error for a status 1, by command (PROTOCOL.md §10)", () => {
  it("maps as tcrdbecode does", () => {
    expect(failureCodeFor("putkeep")).toBe(6);
    for (const command of ["out", "get", "vsiz", "iternext", "fwmkeys"] as const) {
      expect(failureCodeFor(command)).toBe(7);
    }
    expect(failureCodeFor("addint")).toBe(6);
    expect(failureCodeFor("adddouble")).toBe(6);
    for (const command of ["put", "putcat", "ext", "sync", "copy", "restore", "mget"] as const) {
      expect(failureCodeFor(command)).toBe(9999);
    }
  });

  it("maps misc like the table helpers: putkeep exists, out and get missing, the rest misc", () => {
    expect(failureCodeFor("misc", "putkeep")).toBe(TtErrorCode.existingRecord);
    expect(failureCodeFor("misc", "out")).toBe(TtErrorCode.noRecord);
    expect(failureCodeFor("misc", "get")).toBe(TtErrorCode.noRecord);
    expect(failureCodeFor("misc", "search")).toBe(TtErrorCode.miscellaneous);
    expect(failureCodeFor("misc", "toString")).toBe(TtErrorCode.miscellaneous);
    expect(failureCodeFor("misc")).toBe(TtErrorCode.miscellaneous);
  });

  it("covers every command", () => {
    for (const command of Object.keys(Opcode) as CommandName[]) {
      expect([6, 7, 9999]).toContain(failureCodeFor(command));
    }
    expect(TtErrorCode).toEqual({
      success: 0,
      invalidOperation: 1,
      hostNotFound: 2,
      connectionRefused: 3,
      sendError: 4,
      recvError: 5,
      existingRecord: 6,
      noRecord: 7,
      miscellaneous: 9999,
    });
  });
});
