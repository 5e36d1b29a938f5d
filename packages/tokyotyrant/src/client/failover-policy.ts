import { NetError, ProtocolError } from "@tier/core";

/**
 * When a replica set may repeat a request on the next replica:
 * - `"unsent"`: only when the request certainly never reached the server (the connect failed, or
 *   the server was in its backoff window). For commands whose effect or answer would be wrong if
 *   the first server did apply them (`putkeep`, `putcat`, `addint`, `out`, `ext`, ...).
 * - `"idempotent"`: also after a timeout, a lost connection or a broken reply: running the request
 *   twice gives the same state and the same answer (reads, `put`, `putlist`, `outlist`).
 */
export type FailoverPolicy = "unsent" | "idempotent";

/** A failure of the server or the path to it, as opposed to an answer, a refusal or an abort. */
export function isServerFailure(error: unknown): boolean {
  if (error instanceof ProtocolError) return true;
  return error instanceof NetError && error.code !== "E_NET_CLOSED";
}

export function mayFailOver(error: unknown, policy: FailoverPolicy): boolean {
  if (!isServerFailure(error)) return false;
  if (policy === "idempotent") return true;
  return (
    error instanceof NetError &&
    (error.code === "E_NET_CONNECT_FAILED" || error.code === "E_NET_UNAVAILABLE")
  );
}
