import { invalidOption } from "../errors.js";

/** The port ttserver listens on unless told otherwise (`-port`). */
export const TOKYO_TYRANT_DEFAULT_PORT = 1978;

/** One server: its host name or IP address, and its port. */
export interface TokyoTyrantServer {
  readonly host: string;
  /** Default 1978. */
  readonly port?: number;
}

/** A server with its port filled in and the `host:port` name errors and stats use. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  readonly address: string;
}

/**
 * Reads `"host"`, `"host:port"`, `"[ipv6]:port"` or `{ host, port }`. Two entries naming the same
 * `host:port` are refused: a replica or shard listed twice would get twice its share.
 */
export function parseServerList(
  servers: string | TokyoTyrantServer | readonly (string | TokyoTyrantServer)[],
): ServerAddress[] {
  const list = Array.isArray(servers)
    ? (servers as readonly (string | TokyoTyrantServer)[])
    : [servers as string | TokyoTyrantServer];
  if (list.length === 0) throw invalidOption("servers must name at least one server");
  const parsed = list.map(parseServer);
  const seen = new Set<string>();
  for (const server of parsed) {
    if (seen.has(server.address)) throw invalidOption(`server ${server.address} is listed twice`);
    seen.add(server.address);
  }
  return parsed;
}

function parseServer(server: string | TokyoTyrantServer): ServerAddress {
  if (typeof server === "string") return parseServerString(server);
  if (server === null || typeof server !== "object") {
    throw invalidOption(`a server is "host:port" or { host, port }, got ${String(server)}`);
  }
  return serverAddress(server.host, server.port ?? TOKYO_TYRANT_DEFAULT_PORT);
}

function parseServerString(text: string): ServerAddress {
  const ipv6 = /^\[([^\]]+)\](?::([^:]*))?$/.exec(text);
  if (ipv6 !== null) return serverAddress(ipv6[1] as string, portFrom(text, ipv6[2]));
  const colon = text.indexOf(":");
  if (colon !== text.lastIndexOf(":")) {
    throw invalidOption(`server ${JSON.stringify(text)}: write an IPv6 address as "[addr]:port"`);
  }
  if (colon === -1) return serverAddress(text, TOKYO_TYRANT_DEFAULT_PORT);
  return serverAddress(text.slice(0, colon), portFrom(text, text.slice(colon + 1)));
}

function portFrom(text: string, port: string | undefined): number {
  if (port === undefined) return TOKYO_TYRANT_DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(port)) throw invalidOption(`server ${JSON.stringify(text)}: bad port`);
  return Number(port);
}

function serverAddress(host: unknown, port: unknown): ServerAddress {
  if (typeof host !== "string" || host.length === 0) {
    throw invalidOption(`a server host must be a non-empty string, got ${JSON.stringify(host)}`);
  }
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw invalidOption(`server ${host}: the port must be an integer from 1 to 65535`);
  }
  return { host, port, address: host.includes(":") ? `[${host}]:${port}` : `${host}:${port}` };
}
