import { describe, expect, it } from "vitest";
import { DEFAULT_REPLY_LIMITS, type ReplyDecoder } from "../../src/protocol/index.js";
import { type BuiltRequest, buildRequest } from "./support/build-request.js";
import {
  comparable,
  concatRequest,
  cutsOf,
  decodeByteByByte,
  decodeEmbedded,
  decodeInTwo,
} from "./support/feed.js";
import { type ParsedFrame, readFrames } from "./support/request-reader.js";
import {
  DATABASES,
  type Exchange,
  loadTranscript,
  type NotedReply,
  notedOutcome,
} from "./support/transcripts.js";

/*
 * Every exchange recorded from ttserver 1.1.41: the serializer, called with typed arguments read
 * back from the recorded request, must produce the recorded bytes (with string arguments and with
 * Uint8Array arguments); the decoder of that request, fed the recorded reply whole, in two pieces
 * at every byte boundary, and byte by byte, must produce what the note says.
 *
 * Skipped on purpose, each with its reason asserted:
 * - the serializer part of malformed requests (PROTOCOL.md §9: absurd lengths, unknown command
 *   bytes, truncated frames) and of non-binary requests (memcached text): no serializer produces
 *   them, and the server sends nothing to decode (the memcached text reply is not this codec's);
 * - the serializer part of the two table requests with a value the server ignores or rejects
 *   (`BOGUS` operator, `BOGUS` index type): the builders only send valid ones. Their replies are
 *   still decoded.
 */

const STAT_TYPES = { hash: "hash", table: "table", memory: "on-memory hash" } as const;

for (const db of DATABASES) {
  describe(`${db} transcript`, () => {
    for (const exchange of loadTranscript(db)) {
      it(exchange.name, () => checkExchange(exchange));
    }
  });
}

function checkExchange(exchange: Exchange): void {
  const requestBytes = Buffer.from(exchange.request_hex, "hex");
  const response = Buffer.from(exchange.response_hex, "hex");
  const { frames, malformedRest } = readFrames(requestBytes);
  const noted = notedOutcome(exchange);

  if (frames.length === 0) {
    expect(malformedRest, "only malformed or non-binary requests have no frame").toBeDefined();
    if (requestBytes[0] === 0xc8) expect(response.length).toBe(0);
    else expect(malformedRest).toMatch(/not a binary frame/);
    return;
  }
  if (malformedRest !== undefined) expect(noted.serverClosed).toBe(true);
  expect(noted.replies.length).toBe(frames.length);

  let offset = 0;
  frames.forEach((frame, i) => {
    const built = checkSerializer(exchange, frame);
    const reply = noted.replies[i];
    if (built.request.createDecoder === null) {
      expect(reply, "the server does not answer this request").toBeNull();
      return;
    }
    expect(reply).toBeDefined();
    const createDecoder = () => built.request.createDecoder!(DEFAULT_REPLY_LIMITS);
    const decoded = createDecoder().decode(response, offset, response.length);
    expect(decoded, "the recorded reply is complete").toBeDefined();
    const replyBytes = response.subarray(offset, decoded!.end);
    offset = decoded!.end;
    const expected = expectedValue(exchange.db, frame, built, reply!, replyBytes);
    expect(comparable(decoded!.value)).toEqual(comparable(expected));
    checkEveryFeeding(createDecoder, replyBytes, comparable(expected));
  });
  expect(offset, "every reply byte is accounted for").toBe(response.length);
}

function checkSerializer(exchange: Exchange, frame: ParsedFrame): BuiltRequest {
  const asText = buildRequest(exchange.db, exchange.name, frame, "text");
  const asBytes = buildRequest(exchange.db, exchange.name, frame, "bytes");
  if (asText.notSerializable !== undefined) {
    expect(exchange.name).toMatch(/bad_op|bad_type/);
    return asText;
  }
  expect(concatRequest(asText.request.bytes).toString("hex")).toBe(frame.bytes.toString("hex"));
  expect(concatRequest(asBytes.request.bytes).toString("hex")).toBe(frame.bytes.toString("hex"));
  return asText;
}

function expectedValue(
  db: Exchange["db"],
  frame: ParsedFrame,
  built: BuiltRequest,
  reply: NotedReply,
  replyBytes: Buffer,
): unknown {
  if (reply.count !== undefined) expect(reply.list?.length ?? 0).toBe(reply.count);
  if (frame.opcode !== 0x88) return built.expected(reply);
  // stat: the text varies per run; compare with a plain split of the recorded text.
  expect(replyBytes.length).toBe(5 + reply.textlen!);
  const lines = replyBytes.subarray(5).toString("utf8").split("\n").filter(Boolean);
  const fields = new Map(lines.map((line) => line.split("\t") as [string, string]));
  expect(fields.get("version")).toBe("1.1.41");
  expect(fields.get("protver")).toBe("0.91");
  expect(fields.get("type")).toBe(STAT_TYPES[db]);
  for (const name of ["time", "pid", "rnum", "size", "cnt_get", "cnt_misc", "ru_real"]) {
    expect(fields.has(name), name).toBe(true);
  }
  return { ok: true, value: fields };
}

function checkEveryFeeding(
  createDecoder: () => ReplyDecoder<unknown>,
  bytes: Buffer,
  expected: unknown,
): void {
  expect(comparable(decodeEmbedded(createDecoder(), bytes).value)).toEqual(expected);
  for (const cut of cutsOf(bytes.length)) {
    expect(comparable(decodeInTwo(createDecoder(), bytes, cut))).toEqual(expected);
  }
  expect(comparable(decodeByteByByte(createDecoder(), bytes))).toEqual(expected);
}
