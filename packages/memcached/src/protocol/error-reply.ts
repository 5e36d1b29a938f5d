import { protocolError } from "../errors.js";
import type { ErrorLine } from "./reply-reader.js";

/**
 * The server could not carry out the command (`SERVER_ERROR`: `object too large for cache`,
 * `out of memory storing object`...). The connection stays usable.
 */
export interface ServerErrorReply {
  readonly kind: "server-error";
  readonly message: string;
}

/**
 * The server refused the command line (`CLIENT_ERROR`). Only returned where the refused command
 * was one line and the stream is still in step (`mg`, `md`, `ma`, e.g. `ma` on a value that is
 * not a number); after an `ms` it is a protocol error instead.
 */
export interface ClientErrorReply {
  readonly kind: "client-error";
  readonly message: string;
}

export type ErrorReply = ServerErrorReply | ClientErrorReply;

/**
 * What an error line means for the stream. `SERVER_ERROR` leaves it in step: memcached sends it
 * once the request's size is known and skips the data block (seen for "object too large for cache"
 * and "out of memory storing object"). `CLIENT_ERROR` after a request with a data block may not:
 * when memcached cannot parse an `ms` line before its size (a key over 250 bytes) it reads the
 * data block as commands. `ERROR` means the server does not know the command at all.
 */
export function errorReply(line: ErrorLine, command: string, sentData: boolean): ErrorReply {
  if (line.status === "ERROR") {
    throw protocolError(
      `the server does not know "${command}" (ERROR); meta commands need memcached 1.6 or newer`,
    );
  }
  if (line.status === "SERVER_ERROR") return { kind: "server-error", message: line.message };
  if (sentData) {
    throw protocolError(
      `"${command}" refused with CLIENT_ERROR ${line.message}; its data block may have been read as commands`,
    );
  }
  return { kind: "client-error", message: line.message };
}
