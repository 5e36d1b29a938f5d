import { seededBytes, seededRandom } from "@tier/testkit";
import { describe, expect, it } from "vitest";
import { RequestParser } from "../../src/testing/wire/request-parser.js";
import type { ParsedInput } from "../../src/testing/wire/requests.js";
import { getFrame, mgetFrame, miscFrame, putFrame } from "./helpers/frames.js";
import { isPlainExchange, loadTranscript } from "./helpers/transcripts.js";

function parseAll(parser: RequestParser): ParsedInput[] {
  const inputs: ParsedInput[] = [];
  for (let input = parser.next(); input; input = parser.next()) inputs.push(input);
  return inputs;
}

function parseWhole(bytes: Buffer): ParsedInput[] {
  const parser = new RequestParser();
  parser.push(bytes);
  return parseAll(parser);
}

function parseByteByByte(bytes: Buffer): ParsedInput[] {
  const parser = new RequestParser();
  const inputs: ParsedInput[] = [];
  for (const byte of bytes) {
    parser.push(Buffer.from([byte]));
    inputs.push(...parseAll(parser));
  }
  return inputs;
}

/** Requests small enough to split at every byte boundary in a unit test. */
const requests = (["hash", "table", "memory"] as const)
  .flatMap(loadTranscript)
  .map((exchange) => exchange.request)
  .filter((request) => request.length < 4096);

describe("request parser", () => {
  it("parses every recorded request the same whole, byte by byte, and split at every boundary", () => {
    for (const request of requests) {
      const whole = parseWhole(request);
      expect(parseByteByByte(request)).toEqual(whole);
      for (let cut = 1; cut < request.length; cut++) {
        const parser = new RequestParser();
        parser.push(request.subarray(0, cut));
        const first = parseAll(parser);
        parser.push(request.subarray(cut));
        expect([...first, ...parseAll(parser)]).toEqual(whole);
      }
    }
  });

  it("parses all complete recorded requests sent as one chunk in order", () => {
    // Truncated and idle frames are left out: they would swallow the requests after them.
    const complete = (["hash", "table", "memory"] as const)
      .flatMap(loadTranscript)
      .filter(isPlainExchange)
      .map((exchange) => exchange.request);
    expect(parseWhole(Buffer.concat(complete))).toEqual(complete.flatMap(parseWhole));
  });

  it("reads a put's fields in wire order: both lengths first, then key and value", () => {
    expect(parseWhole(putFrame("key1", "value1"))).toEqual([
      {
        kind: "request",
        request: { command: "put", key: Buffer.from("key1"), value: Buffer.from("value1") },
      },
    ]);
  });

  it("waits for a frame's data without returning anything", () => {
    const parser = new RequestParser();
    parser.push(Buffer.from("c830", "hex"));
    parser.push(Buffer.from([0x0c, 0x80, 0x00, 0x00]));
    expect(parser.next()).toBeUndefined();
    expect(parser.hasPartialInput).toBe(true);
  });

  it.each([
    ["a key length above 256 MiB", "c8107fffffff00000001"],
    ["a negative key length", "c830ffffffff"],
    ["an mget count above 2^20", "c8317fffffff"],
    ["a misc name of 1024 bytes", "c890000004000000000000000000"],
    ["a negative putshl width", "c8130000000100000001ffffffff"],
    ["an ext name of 1024 bytes", "c86800000400000000000000000000000000"],
    ["a repl with timestamp 0", "c8a0000000000000000000000001"],
  ])("reports %s as malformed once its header has arrived", (_, hex) => {
    const [input] = parseWhole(Buffer.from(hex, "hex"));
    expect(input?.kind).toBe("malformed");
  });

  it("reports an unknown command byte", () => {
    expect(parseWhole(Buffer.from("c8ff", "hex"))).toEqual([
      { kind: "unknown-command", code: 0xff },
    ]);
  });

  it("parses the bytes after a malformed header as the next input", () => {
    const inputs = parseWhole(
      Buffer.concat([Buffer.from("c8107fffffff00000001", "hex"), getFrame("k")]),
    );
    expect(inputs.map((input) => input.kind)).toEqual(["malformed", "request"]);
  });

  it("ends an mget's key list at a bad key length and answers the keys read so far", () => {
    const frame = Buffer.concat([
      Buffer.from("c83100000003", "hex"),
      Buffer.from("0000000161", "hex"),
      Buffer.from("ffffffff", "hex"),
    ]);
    expect(parseWhole(frame)).toEqual([
      { kind: "request", request: { command: "mget", keys: [Buffer.from("a")] } },
    ]);
  });

  it("ends a misc argument list at a bad length and runs the call with the arguments read so far", () => {
    const whole = miscFrame("get", ["a", "b"]);
    const broken = Buffer.concat([
      whole.subarray(0, whole.length - 5),
      Buffer.from("ffffffff", "hex"),
    ]);
    const [input] = parseWhole(broken);
    expect(input).toMatchObject({
      kind: "request",
      request: { command: "misc", args: [Buffer.from("a")] },
    });
  });

  it("reads a first byte other than 0xC8 as a text line without CR and LF", () => {
    expect(parseWhole(Buffer.from("version\r\n"))).toEqual([
      { kind: "text-line", line: Buffer.from("version") },
    ]);
  });

  it("hands out a text line without its newline at end of stream, and drops a partial frame", () => {
    const text = new RequestParser();
    text.push(Buffer.from("vers"));
    expect(text.next()).toBeUndefined();
    expect(text.finishAtEnd()).toEqual({ kind: "text-line", line: Buffer.from("vers") });
    const binary = new RequestParser();
    binary.push(mgetFrame(["a", "b"]).subarray(0, 9));
    expect(binary.next()).toBeUndefined();
    expect(binary.finishAtEnd()).toBeUndefined();
  });

  it("cuts a text line after 16 MiB", () => {
    const parser = new RequestParser();
    parser.push(Buffer.alloc(16 * 1024 * 1024 + 10, 0x61));
    const input = parser.next();
    expect(input?.kind === "text-line" && input.line.length).toBe(16 * 1024 * 1024);
  });

  it("turns seeded random garbage, split at random, into parsed inputs only, never an exception", () => {
    const random = seededRandom(0x7a11);
    for (let round = 0; round < 300; round++) {
      const garbage = seededBytes(random, 1 + Math.floor(random() * 200));
      // Half of the rounds start like a binary request, to reach the command parsers.
      if (round % 2 === 0) garbage[0] = 0xc8;
      const parser = new RequestParser();
      let at = 0;
      while (at < garbage.length) {
        const size = 1 + Math.floor(random() * 16);
        parser.push(garbage.subarray(at, at + size));
        at += size;
        for (const input of parseAll(parser)) {
          expect(["request", "malformed", "unknown-command", "text-line"]).toContain(input.kind);
        }
      }
      parser.finishAtEnd();
    }
  });
});
