/** The command bytes of the binary protocol (`TTCMD*`), each after the magic byte 0xC8. */
export const COMMAND_CODES = {
  put: 0x10,
  putkeep: 0x11,
  putcat: 0x12,
  putshl: 0x13,
  putnr: 0x18,
  out: 0x20,
  get: 0x30,
  mget: 0x31,
  vsiz: 0x38,
  iterinit: 0x50,
  iternext: 0x51,
  fwmkeys: 0x58,
  addint: 0x60,
  adddouble: 0x61,
  ext: 0x68,
  sync: 0x70,
  optimize: 0x71,
  vanish: 0x72,
  copy: 0x73,
  restore: 0x74,
  setmst: 0x78,
  rnum: 0x80,
  size: 0x81,
  stat: 0x88,
  misc: 0x90,
  repl: 0xa0,
} as const;

/** The name of a binary command, as `stat` names its counter (`cnt_<name>`). */
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
export const MAGIC_BYTE = 0xc8;
