import type { KeyEncoder, WireKey } from "../keys/key-encoder.js";
import type { KetamaRing } from "../ring.js";
import type { ServerNode } from "./server-node.js";

/** The items of one call that live on one server, with their keys as given and as sent. */
export interface ServerGroup<T> {
  readonly node: ServerNode;
  readonly items: T[];
  readonly keys: string[];
  readonly wire: WireKey[];
}

/** Where keys go: the servers, the ring over them (none for a single server), the key encoding. */
export interface Placement {
  readonly nodes: readonly ServerNode[];
  readonly ring: KetamaRing | undefined;
  readonly encoder: KeyEncoder;
}

/**
 * Places every item on its key's server (ketama, on the caller's key) and encodes the key, so that
 * a call sends one batch per server, items in the order given. Throws `MemcachedKeyError` for a
 * key that can never be sent, before anything is sent.
 */
export function groupByServer<T>(
  items: Iterable<T>,
  keyOf: (item: T) => string,
  placement: Placement,
): ServerGroup<T>[] {
  const { nodes, ring, encoder } = placement;
  const byNode: (ServerGroup<T> | undefined)[] = new Array(nodes.length);
  const groups: ServerGroup<T>[] = [];
  for (const item of items) {
    const key = keyOf(item);
    const wire = encoder.encode(key);
    const index = ring === undefined ? 0 : ring.indexFor(key);
    let group = byNode[index];
    if (group === undefined) {
      group = { node: nodes[index] as ServerNode, items: [], keys: [], wire: [] };
      byNode[index] = group;
      groups.push(group);
    }
    group.items.push(item);
    group.keys.push(key);
    group.wire.push(wire);
  }
  return groups;
}

/** The distinct keys, in first-seen order. */
export function distinct(keys: readonly string[]): Iterable<string> {
  return keys.length > 1 ? new Set(keys) : keys;
}

export function identity(key: string): string {
  return key;
}
