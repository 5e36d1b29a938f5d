import { MAGIC, Opcode } from "../../protocol/opcodes.js";

/**
 * The command bytes the server answers: the client's, plus `repl`, which only a replication slave
 * sends. One table for both sides: the transcripts check each side's bytes on their own, so a wrong
 * code here could not hide behind the client agreeing with it.
 */
export const COMMAND_CODES = { ...Opcode, repl: 0xa0 } as const;

/**
 * The name of a binary command, as `stat` names its counter (`cnt_<name>`).
 *
 * @useDeclaredType
 */
export type TokyoTyrantCommandName = keyof typeof COMMAND_CODES;

export const COMMAND_NAMES: readonly TokyoTyrantCommandName[] = Object.keys(
  COMMAND_CODES,
) as TokyoTyrantCommandName[];

const NAME_BY_CODE = new Map<number, TokyoTyrantCommandName>(
  COMMAND_NAMES.map((name) => [COMMAND_CODES[name], name]),
);

export function commandNameOf(code: number): TokyoTyrantCommandName | undefined {
  return NAME_BY_CODE.get(code);
}

/** `TTMAGICNUM`: every binary request starts with this byte. */
export const MAGIC_BYTE = MAGIC;
