import type { RequestBytes } from "@tier/core/net";
import { type Bytes, checkArgumentCount, field, functionName } from "./bytes.js";
import { elementsReply } from "./decoders/reply-shapes.js";
import { FrameWriter } from "./frame-writer.js";
import { Opcode } from "./opcodes.js";
import { MiscOption } from "./option-bits.js";
import { succeeded } from "./reply.js";
import { type DecoderFactory, request, type TtRequest } from "./request.js";

/** Per-call options of `misc`. */
export interface MiscOptions {
  /**
   * `RDBMONOULOG`: keep the call out of the update log. Default: set for functions that only
   * read, as the C client does; not set for the others and for `miscRequest`.
   */
  readonly noUpdateLog?: boolean;
}

/**
 * `misc`: call the database function `name` with `args`, answered by a list of elements. A
 * failure carries no reason: unknown function, too few arguments, missing or existing record all
 * look the same. A call forbidden by `-mask` looks like a success with no elements.
 */
export function miscRequest(
  name: Bytes,
  args: readonly Bytes[],
  options: MiscOptions = {},
): TtRequest<Buffer[]> {
  return request(miscFrame(name, miscOptionBits(options, false), args), rawElementsReply);
}

const rawElementsReply = elementsReply(succeeded);

/** A call of a function that only reads: it skips the update log unless `options` say otherwise. */
export function miscRead<T>(
  name: string,
  args: readonly Bytes[],
  options: MiscOptions,
  reply: DecoderFactory<T>,
): TtRequest<T> {
  return request(miscFrame(name, miscOptionBits(options, true), args), reply);
}

/** A call of a function that writes: it goes to the update log unless `options` say otherwise. */
export function miscWrite<T>(
  name: string,
  args: readonly Bytes[],
  options: MiscOptions,
  reply: DecoderFactory<T>,
): TtRequest<T> {
  return request(miscFrame(name, miscOptionBits(options, false), args), reply);
}

/** The option bits: `noUpdateLog` when given, else what the C client sends (set for reads). */
export function miscOptionBits(options: MiscOptions, readOnly: boolean): number {
  return (options.noUpdateLog ?? readOnly) ? MiscOption.noUpdateLog : 0;
}

/** `nsiz:u32 | opts:u32 | argc:u32 | name | argc × (asiz:u32 | arg)`. */
export function miscFrame(name: Bytes, opts: number, args: readonly Bytes[]): RequestBytes {
  const n = functionName(name);
  checkArgumentCount(args.length, "misc arguments");
  const fields = args.map((arg, i) => field(arg, `misc argument ${i}`));
  const writer = new FrameWriter(Opcode.misc, 12 + 4 * fields.length, [n, ...fields])
    .u32(n.size)
    .u32(opts)
    .u32(fields.length)
    .data(n);
  for (const f of fields) writer.sized(f);
  return writer.finish();
}
