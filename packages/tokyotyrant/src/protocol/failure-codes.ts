import type { CommandName } from "./opcodes.js";

/** Error codes of the C client (`tcrdbecode`), for parity in messages and events. */
export const TtErrorCode = {
  success: 0,
  invalidOperation: 1,
  hostNotFound: 2,
  connectionRefused: 3,
  sendError: 4,
  recvError: 5,
  existingRecord: 6,
  noRecord: 7,
  miscellaneous: 9999,
} as const;

export type TtErrorCode = (typeof TtErrorCode)[keyof typeof TtErrorCode];

const BY_COMMAND: Partial<Record<CommandName, TtErrorCode>> = {
  putkeep: TtErrorCode.existingRecord,
  out: TtErrorCode.noRecord,
  get: TtErrorCode.noRecord,
  vsiz: TtErrorCode.noRecord,
  iternext: TtErrorCode.noRecord,
  fwmkeys: TtErrorCode.noRecord,
  // The C client reports a wrong stored size this way too: the wire gives no reason.
  addint: TtErrorCode.existingRecord,
  adddouble: TtErrorCode.existingRecord,
};

/** `misc` functions the C client's table helpers map (`tcrdbtblputkeep`, `tcrdbtblout`, `tcrdbtblget`). */
const BY_MISC_FUNCTION: Readonly<Record<string, TtErrorCode>> = {
  putkeep: TtErrorCode.existingRecord,
  out: TtErrorCode.noRecord,
  get: TtErrorCode.noRecord,
};

/**
 * What a failed reply (status 1) means, as the C client decides it from the command alone
 * (PROTOCOL.md §10): `putkeep` -> existing record; `out`, `get`, `vsiz`, `iternext`, `fwmkeys` ->
 * no record; `addint`, `adddouble` -> existing record; anything else -> miscellaneous. For `misc`,
 * pass the function name: `putkeep`, `out` and `get` map as the C client's table helpers do.
 */
export function failureCodeFor(command: CommandName, miscFunction?: string): TtErrorCode {
  if (command === "misc") {
    const byFunction =
      miscFunction !== undefined && Object.hasOwn(BY_MISC_FUNCTION, miscFunction)
        ? BY_MISC_FUNCTION[miscFunction]
        : undefined;
    return byFunction ?? TtErrorCode.miscellaneous;
  }
  return BY_COMMAND[command] ?? TtErrorCode.miscellaneous;
}
