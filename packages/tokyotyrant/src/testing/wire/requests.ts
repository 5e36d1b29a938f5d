import type { TokyoTyrantCommandName } from "./command-code.js";

/** One well-formed binary request, with its fields in the order the wire carries them. */
export type TtRequest =
  | {
      readonly command: "put" | "putkeep" | "putcat" | "putnr";
      readonly key: Buffer;
      readonly value: Buffer;
    }
  | {
      readonly command: "putshl";
      readonly key: Buffer;
      readonly value: Buffer;
      readonly width: number;
    }
  | { readonly command: "out" | "get" | "vsiz"; readonly key: Buffer }
  | { readonly command: "mget"; readonly keys: readonly Buffer[] }
  | {
      readonly command: "iterinit" | "iternext" | "sync" | "vanish" | "rnum" | "size" | "stat";
    }
  | { readonly command: "fwmkeys"; readonly prefix: Buffer; readonly max: number }
  | { readonly command: "addint"; readonly key: Buffer; readonly increment: number }
  | { readonly command: "adddouble"; readonly key: Buffer; readonly increment: number }
  | {
      readonly command: "ext";
      readonly name: Buffer;
      readonly options: number;
      readonly key: Buffer;
      readonly value: Buffer;
    }
  | { readonly command: "optimize"; readonly params: Buffer }
  | { readonly command: "copy"; readonly path: Buffer }
  | {
      readonly command: "restore";
      readonly path: Buffer;
      readonly timestamp: bigint;
      readonly options: number;
    }
  | {
      readonly command: "setmst";
      readonly host: Buffer;
      readonly port: number;
      readonly timestamp: bigint;
      readonly options: number;
    }
  | {
      readonly command: "misc";
      readonly name: Buffer;
      readonly options: number;
      readonly args: readonly Buffer[];
    }
  | { readonly command: "repl"; readonly timestamp: bigint; readonly serverId: number };

/** What the parser makes of the next bytes of a connection. */
export type ParsedInput =
  | { readonly kind: "request"; readonly request: TtRequest }
  /** A known command whose lengths break the limits: ttserver answers nothing. */
  | { readonly kind: "malformed"; readonly command: TokyoTyrantCommandName }
  /** The magic byte followed by a byte that is no command. */
  | { readonly kind: "unknown-command"; readonly code: number }
  /** A line of the memcached/HTTP text protocol (first byte not 0xC8), without CR and LF. */
  | { readonly kind: "text-line"; readonly line: Buffer };
