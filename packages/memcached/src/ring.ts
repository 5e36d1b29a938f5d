import { hash } from "node:crypto";
import { invalidArgument } from "./errors.js";

/** One memcached server of a ring. `weight` (default 1) scales its share of the keys. */
export interface KetamaServer {
  readonly host: string;
  readonly port: number;
  readonly weight?: number;
}

/** The port whose servers are hashed by host name alone. */
export const MEMCACHED_DEFAULT_PORT = 11211;
/** Points per server at equal weights: 40 md5 digests of 4 points each. */
export const KETAMA_POINTS_PER_SERVER = 160;
const POINTS_PER_DIGEST = 4;

/**
 * Consistent hashing placed exactly as libmemcached 1.1.4 places keys in its libketama-compatible
 * weighted mode (`MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED`, what PHP's
 * `Memcached::OPT_LIBKETAMA_COMPATIBLE` selects), so PHP or C clients sharing the servers find
 * every key on the same server:
 *
 * - Server `i` gets `floor(weight_i / totalWeight * 40 * serverCount) * 4` points, computed in
 *   32-bit floats as libmemcached does. Point group `j` is the md5 of `"host-j"` when the port is
 *   11211 and of `"host:port-j"` otherwise, each digest giving 4 little-endian 32-bit points.
 *   `host` is the name as configured: `"cache-a"` and its IP address place keys differently.
 * - A key's hash is the first 4 bytes of md5(key), little-endian; its server owns the first point
 *   at or above it, wrapping to the lowest point. Equal points go to the server listed first.
 * - The key hashed is the caller's key as UTF-8, without the client's namespace prefix, which is
 *   what libmemcached hashes by default (`HASH_WITH_NAMESPACE` off). For keys sent as they are
 *   that is exactly the key libmemcached hashes; keys we send base64-encoded are hashed in their
 *   original form too, so the encoding never moves a key.
 *
 * The ring is fixed at creation: a server that is down keeps its points (its keys are misses
 * until it is back), it never hands them to another server.
 */
export class KetamaRing<S extends KetamaServer = KetamaServer> {
  /** The servers, as given. */
  readonly servers: readonly S[];
  /** Point values, ascending. */
  private readonly points: Uint32Array;
  /** `owners[i]` is the index in `servers` of the server owning `points[i]`. */
  private readonly owners: Uint32Array;

  constructor(servers: readonly S[]) {
    checkServers(servers);
    this.servers = [...servers];
    const continuum = buildContinuum(this.servers);
    this.points = continuum.points;
    this.owners = continuum.owners;
  }

  /** The server that owns `key` (the caller's key, before any prefix or encoding). */
  serverFor(key: string): S {
    return this.servers[this.indexFor(key)] as S;
  }

  /** The index in {@link servers} of the server that owns `key`. */
  indexFor(key: string): number {
    // libmemcached skips hashing with a single server; the answer is the same.
    if (this.servers.length === 1) return 0;
    return this.indexForHash(ketamaKeyHash(key));
  }

  /** The index of the server owning the first point at or above `keyHash`, wrapping around. */
  indexForHash(keyHash: number): number {
    const points = this.points;
    let low = 0;
    let high = points.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((points[middle] as number) < keyHash) low = middle + 1;
      else high = middle;
    }
    return this.owners[low === points.length ? 0 : low] as number;
  }
}

/** The first 4 bytes of md5(key), little-endian, as libmemcached's md5 key hash. */
export function ketamaKeyHash(key: string | Uint8Array): number {
  return hash("md5", key, "buffer").readUInt32LE(0);
}

/** The name libmemcached hashes for a server's points: the host alone on the default port. */
export function ketamaServerName(server: KetamaServer): string {
  return server.port === MEMCACHED_DEFAULT_PORT ? server.host : `${server.host}:${server.port}`;
}

function buildContinuum(servers: readonly KetamaServer[]): {
  points: Uint32Array;
  owners: Uint32Array;
} {
  const counts = servers.map((server) => pointCount(server, servers));
  const total = counts.reduce((sum, n) => sum + n, 0);
  const values = new Uint32Array(total);
  const ownersUnsorted = new Uint32Array(total);
  let next = 0;
  servers.forEach((server, owner) => {
    const name = ketamaServerName(server);
    const digests = (counts[owner] as number) / POINTS_PER_DIGEST;
    for (let group = 0; group < digests; group++) {
      const digest = hash("md5", `${name}-${group}`, "buffer");
      for (let k = 0; k < POINTS_PER_DIGEST; k++) {
        values[next] = digest.readUInt32LE(k * 4);
        ownersUnsorted[next] = owner;
        next++;
      }
    }
  });
  const order = Array.from({ length: total }, (_, i) => i);
  order.sort(
    (a, b) =>
      (values[a] as number) - (values[b] as number) ||
      (ownersUnsorted[a] as number) - (ownersUnsorted[b] as number),
  );
  const points = new Uint32Array(total);
  const owners = new Uint32Array(total);
  order.forEach((from, to) => {
    points[to] = values[from] as number;
    owners[to] = ownersUnsorted[from] as number;
  });
  return { points, owners };
}

/**
 * libmemcached's `update_continuum` in weighted mode, float for float:
 * `floor((float)w / (float)total * 160 / 4 * (float)n + 1e-10f) * 4`.
 */
function pointCount(server: KetamaServer, servers: readonly KetamaServer[]): number {
  const f = Math.fround;
  const totalWeight = servers.reduce((sum, s) => sum + weightOf(s), 0);
  const share = f(f(weightOf(server)) / f(totalWeight));
  const scaled = f(f(f(share * KETAMA_POINTS_PER_SERVER) / POINTS_PER_DIGEST) * servers.length);
  return Math.floor(f(scaled + f(1e-10))) * POINTS_PER_DIGEST;
}

function weightOf(server: KetamaServer): number {
  return server.weight ?? 1;
}

function checkServers(servers: readonly KetamaServer[]): void {
  if (!Array.isArray(servers) || servers.length === 0) {
    throw invalidArgument("a ketama ring needs at least one server");
  }
  const seen = new Set<string>();
  for (const server of servers) {
    const { host, port, weight } = server;
    if (typeof host !== "string" || host.length === 0 || /\s/.test(host)) {
      throw invalidArgument(`server host must be a non-empty name, got ${JSON.stringify(host)}`);
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw invalidArgument(`server ${host}: port must be 1..65535, got ${String(port)}`);
    }
    if (weight !== undefined && (!Number.isInteger(weight) || weight < 1 || weight > 0xffff)) {
      throw invalidArgument(
        `server ${host}:${port}: weight must be 1..65535, got ${String(weight)}`,
      );
    }
    const id = `${host}:${port}`;
    if (seen.has(id)) throw invalidArgument(`server ${id} is listed twice`);
    seen.add(id);
  }
}
