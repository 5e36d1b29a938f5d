/** First byte of every binary request; any other byte makes the server switch to its text protocols. */
export const MAGIC = 0xc8;

/** Command bytes of the binary protocol (`ttutil.h`, `TTCMD*`). */
export const Opcode = {
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
} as const;

/** A client command, by the name the protocol reference uses. (`repl` is a server-to-server stream.) */
export type CommandName = keyof typeof Opcode;
