import Memcached from "memcached";
import type { Contender } from "./contender.js";

/** The `memcached` package, 2.2.2 (text protocol), promisified. */
export class MemcachedPackageContender implements Contender {
  readonly name = "memcached 2.2.2";
  private readonly client: Memcached;

  constructor(address: string) {
    this.client = new Memcached(address);
  }

  get(key: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.client.get(key, (error, data) => (error ? reject(error) : resolve(data)));
    });
  }

  getMany(keys: readonly string[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.client.getMulti([...keys], (error, data) => (error ? reject(error) : resolve(data)));
    });
  }

  set(key: string, value: Buffer): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.client.set(key, value, 0, (error, result) => (error ? reject(error) : resolve(result)));
    });
  }

  async close(): Promise<void> {
    this.client.end();
  }
}
