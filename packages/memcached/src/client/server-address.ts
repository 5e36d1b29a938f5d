import { invalidArgument } from "../errors.js";
import { MEMCACHED_DEFAULT_PORT } from "../ring.js";

/** A server as configured: `"host"`, `"host:port"`, `"[ipv6]:port"`, or an object. */
export type ServerSpec =
  | string
  | { readonly host: string; readonly port?: number; readonly weight?: number };

/** A server with every field filled in. `weight` scales its share of the keys (ketama). */
export interface MemcachedServerAddress {
  readonly host: string;
  readonly port: number;
  readonly weight: number;
  /** `host:port`, as errors and stats name the server. */
  readonly address: string;
}

/**
 * The servers in the order given, which is also the ring's order (it breaks ties between equal
 * points, as libmemcached does). The host is kept exactly as written: libmemcached hashes the name,
 * so `"cache-a"` and its IP address place keys differently.
 */
export function parseServers(
  specs: ServerSpec | readonly ServerSpec[] | undefined,
): MemcachedServerAddress[] {
  if (specs === undefined) throw invalidArgument("servers is required");
  const list: readonly ServerSpec[] = Array.isArray(specs) ? specs : [specs as ServerSpec];
  if (list.length === 0) throw invalidArgument("servers must name at least one server");
  return list.map(parseServer);
}

function parseServer(spec: ServerSpec): MemcachedServerAddress {
  if (typeof spec === "string") return fromString(spec);
  if (spec === null || typeof spec !== "object") {
    throw invalidArgument(`a server must be "host:port" or { host, port }, got ${String(spec)}`);
  }
  return address(spec.host, spec.port ?? MEMCACHED_DEFAULT_PORT, spec.weight ?? 1);
}

function fromString(spec: string): MemcachedServerAddress {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(spec);
  if (bracketed !== null) {
    return address(bracketed[1] as string, portOf(spec, bracketed[2]), 1);
  }
  const parts = spec.split(":");
  if (parts.length > 2) {
    throw invalidArgument(`server ${JSON.stringify(spec)}: write an IPv6 address as "[addr]:port"`);
  }
  return address(parts[0] as string, portOf(spec, parts[1]), 1);
}

function portOf(spec: string, text: string | undefined): number {
  if (text === undefined) return MEMCACHED_DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(text)) throw invalidArgument(`server ${JSON.stringify(spec)}: bad port`);
  return Number(text);
}

function address(host: string, port: number, weight: number): MemcachedServerAddress {
  // The ring checks host, port and weight in detail; this only makes sure they are of the right kind.
  if (typeof host !== "string" || host.length === 0) {
    throw invalidArgument(`server host must be a non-empty string, got ${JSON.stringify(host)}`);
  }
  return {
    host,
    port,
    weight,
    address: host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`,
  };
}
