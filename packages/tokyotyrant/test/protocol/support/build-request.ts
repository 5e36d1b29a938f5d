import { expect } from "vitest";
import {
  addDoubleRequest,
  addIntRequest,
  copyRequest,
  extRequest,
  fwmKeysRequest,
  getRequest,
  iterInitRequest,
  iterNextRequest,
  type MiscOptions,
  mgetRequest,
  miscCacheClearRequest,
  miscDefragRequest,
  miscErrorRequest,
  miscGetListRequest,
  miscGetPartRequest,
  miscGetRequest,
  miscIterInitRequest,
  miscIterNextRequest,
  miscOptimizeRequest,
  miscOutListRequest,
  miscOutRequest,
  miscPutCatRequest,
  miscPutKeepRequest,
  miscPutListRequest,
  miscPutRequest,
  miscRegexRequest,
  miscRequest,
  miscSyncRequest,
  miscVanishRequest,
  optimizeRequest,
  outRequest,
  putCatRequest,
  putKeepRequest,
  putNrRequest,
  putRequest,
  putShlRequest,
  restoreRequest,
  rnumRequest,
  setMasterRequest,
  sizeRequest,
  statRequest,
  syncRequest,
  type TtNoReplyRequest,
  type TtRequest,
  tableGenUidRequest,
  tableGetListRequest,
  tableGetRequest,
  tableIterNextRequest,
  tableOutRequest,
  tablePutCatRequest,
  tablePutKeepRequest,
  tablePutListRequest,
  tablePutRequest,
  tableRegexRequest,
  tableSetIndexRequest,
  vanishRequest,
  vsizRequest,
} from "../../../src/protocol/index.js";
import { ok, pairs, splitColumns } from "./expected-values.js";
import type { ParsedFrame } from "./request-reader.js";
import { searchFromArguments } from "./search-arguments.js";
import { bigValue, type NotedReply } from "./transcripts.js";

/** Strings where the bytes are valid UTF-8 (exercising the UTF-8 path), or raw `Uint8Array`s. */
export type ArgumentStyle = "text" | "bytes";

export interface BuiltRequest {
  readonly request: TtRequest<unknown> | TtNoReplyRequest;
  /** The `Reply` the decoder must produce for a reply as the note describes it. */
  expected(reply: NotedReply): unknown;
  /** Set when no serializer produces these bytes: only the reply is checked. */
  readonly notSerializable?: string;
}

/** Values of the `mget` exchanges, in reply order (their notes list the keys only). */
const MGET_VALUES: Readonly<Record<string, readonly string[]>> = {
  mget_zero_keys: [],
  mget_some_missing: ["VALUE1-cat", "v2", "ユニコード値"],
  mget_duplicate_keys: ["v2", "v2"],
  tbl_mget: ["", "name\0bob\0age\u000025\0city\0osaka"],
};

const failedAs = (reply: NotedReply) => ({ ok: false, status: reply.status });
const statusOnly = (r: NotedReply) => (r.status === 0 ? ok(undefined) : failedAs(r));
const bytesValue = (r: NotedReply) =>
  r.status === 0 ? ok(r.value ?? bigValue(r.len!)) : failedAs(r);
const numberValue = (r: NotedReply) => (r.status === 0 ? ok(r.number) : failedAs(r));

export function buildRequest(
  db: string,
  exchange: string,
  frame: ParsedFrame,
  style: ArgumentStyle,
): BuiltRequest {
  const arg = (bytes: Buffer | undefined) => typed(bytes!, style);
  const { key, value } = frame.fields;
  const num = (name: string) => Number(frame.numbers[name]);
  switch (frame.opcode) {
    case 0x10:
      return { request: putRequest(arg(key), arg(value)), expected: statusOnly };
    case 0x11:
      return { request: putKeepRequest(arg(key), arg(value)), expected: statusOnly };
    case 0x12:
      return { request: putCatRequest(arg(key), arg(value)), expected: statusOnly };
    case 0x13:
      return { request: putShlRequest(arg(key), arg(value), num("width")), expected: statusOnly };
    case 0x18:
      return { request: putNrRequest(arg(key), arg(value)), expected: statusOnly };
    case 0x20:
      return { request: outRequest(arg(key)), expected: statusOnly };
    case 0x30:
      return { request: getRequest(arg(key)), expected: bytesValue };
    case 0x31:
      return {
        request: mgetRequest(frame.list.map((k) => typed(k, style))),
        expected: (r) =>
          ok(r.list!.map((k, i) => ({ key: k, value: Buffer.from(MGET_VALUES[exchange]![i]!) }))),
      };
    case 0x38:
      return { request: vsizRequest(arg(key)), expected: numberValue };
    case 0x50:
      return { request: iterInitRequest(), expected: statusOnly };
    case 0x51:
      return { request: iterNextRequest(), expected: bytesValue };
    case 0x58: {
      const prefix = arg(frame.fields.prefix);
      const request =
        num("max") === -1 ? fwmKeysRequest(prefix) : fwmKeysRequest(prefix, num("max"));
      return { request, expected: (r) => ok(r.list) };
    }
    case 0x60:
      return { request: addIntRequest(arg(key), num("num")), expected: numberValue };
    case 0x61: {
      const n = num("integ") + num("fract") / 1e12;
      return {
        request: addDoubleRequest(arg(key), n),
        expected: (r) => (r.status === 0 ? ok(expect.closeTo(r.number!, 9)) : failedAs(r)),
      };
    }
    case 0x68: {
      const lock = [undefined, "record", "global"][num("opts")] as "record" | "global" | undefined;
      const options = lock === undefined ? {} : { lock };
      const request = extRequest(arg(frame.fields.name), arg(key), arg(value), options);
      return { request, expected: bytesValue };
    }
    case 0x70:
      return { request: syncRequest(), expected: statusOnly };
    case 0x71:
      return { request: optimizeRequest(arg(frame.fields.params)), expected: statusOnly };
    case 0x72:
      return { request: vanishRequest(), expected: statusOnly };
    case 0x73:
      return { request: copyRequest(arg(frame.fields.path)), expected: statusOnly };
    case 0x74: {
      const options = num("opts") === 1 ? { checkConsistency: true } : {};
      const request = restoreRequest(arg(frame.fields.path), num("ts"), options);
      return { request, expected: statusOnly };
    }
    case 0x78: {
      const options = num("opts") === 1 ? { checkConsistency: true } : {};
      const host = arg(frame.fields.host);
      return {
        request: setMasterRequest(host, num("port"), num("ts"), options),
        expected: statusOnly,
      };
    }
    case 0x80:
      return { request: rnumRequest(), expected: numberValue };
    case 0x81:
      return { request: sizeRequest(), expected: numberValue };
    case 0x88:
      return { request: statRequest(), expected: () => undefined };
    case 0x90:
      return buildMisc(db, frame, style);
    default:
      throw new Error(`no builder for opcode ${frame.opcode}`);
  }
}

/** Functions the C client calls with `RDBMONOULOG` (PROTOCOL.md §5): the helpers' default. */
const C_CLIENT_READS = new Set([
  "get",
  "getlist",
  "getpart",
  "iterinit",
  "iternext",
  "regex",
  "error",
]);

/** No options when the recorded bit is the helper's default, so the default is checked too. */
function miscOptions(frame: ParsedFrame, readOnly: boolean): MiscOptions {
  const noUpdateLog = frame.numbers.opts === 1n;
  return noUpdateLog === readOnly ? {} : { noUpdateLog };
}

function buildMisc(db: string, frame: ParsedFrame, style: ArgumentStyle): BuiltRequest {
  const name = frame.fields.name!.toString("latin1");
  const args = frame.list.map((a) => typed(a, style));
  const table = db === "table";
  const miscOf =
    (interpret: (elements: Buffer[]) => unknown) =>
    (r: NotedReply): unknown =>
      r.status === 0 ? interpret(r.list!) : failedAs(r);
  const none = miscOf(() => ok(undefined));
  const [first, second, third] = args;
  const optionsFor = (readOnly: boolean) => miscOptions(frame, readOnly);
  const o = optionsFor(C_CLIENT_READS.has(name));
  switch (name) {
    case "put":
    case "putkeep":
    case "putcat": {
      if (table && args.length % 2 === 1) {
        const build = {
          put: tablePutRequest,
          putkeep: tablePutKeepRequest,
          putcat: tablePutCatRequest,
        };
        return {
          request: build[name](first!, columnMap(frame.list.slice(1), style), o),
          expected: none,
        };
      }
      if (!table && args.length === 2) {
        const build = {
          put: miscPutRequest,
          putkeep: miscPutKeepRequest,
          putcat: miscPutCatRequest,
        };
        return { request: build[name](first!, second!, o), expected: none };
      }
      break;
    }
    case "out":
      return {
        request: table ? tableOutRequest(first!, o) : miscOutRequest(first!, o),
        expected: none,
      };
    case "get":
      if (table) {
        return {
          request: tableGetRequest(first!, o),
          expected: miscOf((e) => ok(new Map(pairs(e).map(([n, v]) => [n.toString(), v])))),
        };
      }
      return { request: miscGetRequest(first!, o), expected: miscOf((e) => ok(e[0])) };
    case "putlist": {
      const records = pairs(frame.list);
      if (table) {
        const input = records.map(([pk, cols]) => ({
          primaryKey: typed(pk, style),
          columns: splitColumns(cols),
        }));
        return { request: tablePutListRequest(input, o), expected: none };
      }
      const input = records.map(([k, v]) => [typed(k, style), typed(v, style)] as const);
      return { request: miscPutListRequest(input, o), expected: none };
    }
    case "outlist":
      return { request: miscOutListRequest(args, o), expected: none };
    case "getlist":
      return table
        ? { request: tableGetListRequest(args, o), expected: miscOf((e) => ok(tableRecords(e))) }
        : { request: miscGetListRequest(args, o), expected: miscOf((e) => ok(keyValues(e))) };
    case "getpart": {
      const offset = Number(frame.list[1]!.toString());
      const request =
        third === undefined
          ? miscGetPartRequest(first!, offset, undefined, o)
          : miscGetPartRequest(first!, offset, Number(frame.list[2]!.toString()), o);
      return { request, expected: miscOf((e) => ok(e[0])) };
    }
    case "iterinit":
      return { request: miscIterInitRequest(first, o), expected: none };
    case "iternext":
      return table
        ? { request: tableIterNextRequest(o), expected: miscOf((e) => ok(tableRecords(e)[0])) }
        : { request: miscIterNextRequest(o), expected: miscOf((e) => ok(keyValues(e)[0])) };
    case "regex": {
      const max = second === undefined ? undefined : Number(frame.list[1]!.toString());
      return table
        ? {
            request: tableRegexRequest(first!, max, o),
            expected: miscOf((e) => ok(tableRecords(e))),
          }
        : { request: miscRegexRequest(first!, max, o), expected: miscOf((e) => ok(keyValues(e))) };
    }
    case "sync":
      return { request: miscSyncRequest(o), expected: none };
    case "vanish":
      return { request: miscVanishRequest(o), expected: none };
    case "optimize":
      return { request: miscOptimizeRequest(first, o), expected: none };
    case "defrag": {
      const step = first === undefined ? undefined : Number(frame.list[0]!.toString());
      return { request: miscDefragRequest(step, o), expected: none };
    }
    case "cacheclear":
      return { request: miscCacheClearRequest(o), expected: none };
    case "error":
      return {
        request: miscErrorRequest(o),
        expected: miscOf((e) =>
          ok({ message: e[0]!.toString("utf8"), fatal: e[1]?.toString() === "fatal" }),
        ),
      };
    case "genuid":
      return {
        request: tableGenUidRequest(o),
        expected: miscOf((e) => ok(Number(e[0]!.toString()))),
      };
    case "setindex":
      return buildSetIndex(frame.list, none, o);
    case "search":
    case "metasearch":
      return searchFromArguments(name, frame.list, miscOf, none, optionsFor);
  }
  return { request: miscRequest(name, args, optionsFor(false)), expected: miscOf((e) => ok(e)) };
}

const INDEX_TYPES = {
  0: "lexical",
  1: "decimal",
  2: "token",
  3: "qgram",
  9998: "optimize",
  9999: "void",
} as const;
const INDEX_NAMES = {
  LEX: "lexical",
  DEC: "decimal",
  TOK: "token",
  QGR: "qgram",
  OPT: "optimize",
  VOID: "void",
} as const;

function buildSetIndex(
  list: readonly Buffer[],
  none: (r: NotedReply) => unknown,
  o: MiscOptions,
): BuiltRequest {
  const column = list[0]!.toString();
  const text = list[1]!.toString();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    const type = INDEX_TYPES[(n & 0xffffff) as keyof typeof INDEX_TYPES];
    if (type !== undefined) {
      const request = tableSetIndexRequest(column, type, { ...o, keep: (n & (1 << 24)) !== 0 });
      return { request, expected: none };
    }
  }
  const named = /^(\+?)([A-Z]+)$/.exec(text);
  const type = named && INDEX_NAMES[named[2] as keyof typeof INDEX_NAMES];
  if (named && type) {
    const request = tableSetIndexRequest(column, type, {
      ...o,
      keep: named[1] === "+",
      typeAsName: true,
    });
    return { request, expected: none };
  }
  return {
    request: tableSetIndexRequest(column, "lexical"),
    expected: none,
    notSerializable: `index type "${text}" is not one the serializer sends (the server rejects it)`,
  };
}

/** A string when the bytes are valid UTF-8 and style is "text"; otherwise a plain Uint8Array. */
export function typed(bytes: Buffer, style: ArgumentStyle): string | Uint8Array {
  if (style === "text") {
    const text = bytes.toString("utf8");
    if (Buffer.from(text, "utf8").equals(bytes)) return text;
  }
  return new Uint8Array(bytes);
}

function columnMap(
  list: readonly Buffer[],
  style: ArgumentStyle,
): Map<string, string | Uint8Array> {
  return new Map(pairs(list).map(([n, v]) => [n.toString(), typed(v, style)]));
}

function keyValues(elements: Buffer[]) {
  return pairs(elements).map(([key, value]) => ({ key, value }));
}

function tableRecords(elements: Buffer[]) {
  return pairs(elements).map(([primaryKey, cols]) => ({ primaryKey, columns: splitColumns(cols) }));
}
