import { connect, type Socket } from "node:net";
import type { ReplyDecoder } from "@tier/core/net";

interface Pending {
  readonly decoder: ReplyDecoder<unknown>;
  resolve(reply: { value: unknown; bytes: Buffer }): void;
  reject(error: unknown): void;
}

/**
 * A minimal pipelined connection for tests against a real memcached: requests go out back to back,
 * and the bytes received are handed to the oldest waiting decoder, as the client's connection
 * does. Each reply comes back with the exact bytes it was decoded from, so tests can feed live
 * replies to decoders again, split in every way.
 */
export class MetaConnection {
  private buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private failure: unknown;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => this.fail(new Error("connection closed")));
  }

  static open(port: number): Promise<MetaConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.off("error", reject);
        resolve(new MetaConnection(socket));
      });
      socket.once("error", reject);
    });
  }

  /** Sends `request`; resolves with what `decoder` reads from its reply. */
  async send<T>(request: Uint8Array, decoder: ReplyDecoder<T>): Promise<T> {
    return (await this.exchange(request, decoder)).value;
  }

  /** Like {@link send}, with the reply's bytes as they arrived. */
  exchange<T>(request: Uint8Array, decoder: ReplyDecoder<T>): Promise<{ value: T; bytes: Buffer }> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({
        decoder,
        resolve: resolve as Pending["resolve"],
        reject,
      });
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (let next = this.pending[0]; next !== undefined; next = this.pending[0]) {
      let decoded: ReturnType<ReplyDecoder<unknown>["decode"]>;
      try {
        decoded = next.decoder.decode(this.buffer, 0, this.buffer.length);
      } catch (error) {
        this.fail(error);
        this.socket.destroy();
        return;
      }
      if (decoded === undefined) return;
      this.pending.shift();
      const bytes = Buffer.from(this.buffer.subarray(0, decoded.end));
      this.buffer = this.buffer.subarray(decoded.end);
      next.resolve({ value: decoded.value, bytes });
    }
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    for (const waiting of this.pending.splice(0)) waiting.reject(error);
  }
}
