import { DROP, type HandlerContext, type HandlerResult } from "./handler-context.js";

/**
 * repl: a slave asks for the update log. A request naming this server's own id is refused like a
 * malformed one. Otherwise the server sends its id and keeps the connection as a replication
 * stream; with no update log, that stream carries only the one-per-second NOP byte.
 */
export function handleReplication(serverId: number, context: HandlerContext): HandlerResult {
  if (serverId === context.serverId) return DROP;
  const reply = Buffer.allocUnsafe(4);
  reply.writeUInt32BE(context.serverId >>> 0, 0);
  return { reply, keep: true, replicationStream: true };
}
