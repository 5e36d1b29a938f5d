import { createMemcachedClient, type MemcachedClient } from "@tier/memcached";
import type { Contender } from "./contender.js";

/** `@tier/memcached`'s client, as a caller uses it. */
export class TierClientContender implements Contender {
  readonly name: string;
  private readonly client: MemcachedClient;

  constructor(address: string, poolSize: number) {
    this.client = createMemcachedClient({ servers: address, poolSize });
    this.name = `@tier/memcached (poolSize ${poolSize})`;
  }

  get(key: string): Promise<unknown> {
    return this.client.get(key);
  }

  async getMany(keys: readonly string[]): Promise<unknown> {
    const { hits, failures } = await this.client.getMany(keys);
    if (failures.length > 0 || hits.size !== keys.length) throw new Error("getMany missed");
    return hits;
  }

  set(key: string, value: Buffer): Promise<unknown> {
    return this.client.set(key, value);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
