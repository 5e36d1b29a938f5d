import memjs from "memjs";
import type { Contender } from "./contender.js";

/** memjs 1.3.2 (binary protocol). It has no multi-get. */
export class MemjsContender implements Contender {
  readonly name = "memjs 1.3.2";
  private readonly client: memjs.Client;

  constructor(address: string) {
    this.client = memjs.Client.create(address, { logger: { log() {} } });
  }

  get(key: string): Promise<unknown> {
    return this.client.get(key);
  }

  set(key: string, value: Buffer): Promise<unknown> {
    return this.client.set(key, value, { expires: 0 });
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
