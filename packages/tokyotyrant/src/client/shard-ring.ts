import { createHash } from "node:crypto";

/** Points each server gets on the ring: 40 md5 digests of 4 points each, as ketama does. */
const DIGESTS_PER_SERVER = 40;

/**
 * Consistent hashing in the ketama style: each server owns 160 points on a 32-bit circle, taken
 * from `md5("<host>:<port>-<i>")` for i = 0..39 (four little-endian 32-bit words per digest); a
 * key belongs to the first point at or after the first four bytes (little-endian) of `md5(key)`,
 * wrapping around. Placement depends only on the server names and the key, so every process
 * configured with the same servers agrees, whatever the order they are listed in; adding a server
 * moves about 1/N of the keys and removing one moves only its own.
 */
export class ShardRing {
  private readonly points: Uint32Array;
  private readonly owners: Uint16Array;

  constructor(addresses: readonly string[]) {
    const all: { point: number; owner: number; address: string }[] = [];
    addresses.forEach((address, owner) => {
      for (let i = 0; i < DIGESTS_PER_SERVER; i++) {
        const digest = md5(Buffer.from(`${address}-${i}`, "utf8"));
        for (let word = 0; word < 4; word++) {
          all.push({ point: digest.readUInt32LE(word * 4), owner, address });
        }
      }
    });
    // Equal points are ordered by server name, so that the list order never matters.
    all.sort((a, b) => a.point - b.point || (a.address < b.address ? -1 : 1));
    this.points = Uint32Array.from(all, (p) => p.point);
    this.owners = Uint16Array.from(all, (p) => p.owner);
  }

  /** The index (in the list given to the constructor) of the server that holds `key`. */
  ownerOf(key: Uint8Array): number {
    const hash = md5(key).readUInt32LE(0);
    const points = this.points;
    let low = 0;
    let high = points.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (points[middle]! < hash) low = middle + 1;
      else high = middle;
    }
    return this.owners[low === points.length ? 0 : low]!;
  }
}

function md5(data: Uint8Array): Buffer {
  return createHash("md5").update(data).digest();
}
