import { connect, type Socket } from "node:net";

/**
 * The ceiling: one socket, request bytes built once, and replies only counted, never parsed. An
 * exchange writes a prepared batch of requests in one write and resolves when the number of reply
 * bytes that batch must produce has arrived. Nothing a real client can do is faster than this
 * over the same socket and server.
 */
export class RawPipeline {
  private pending = 0;
  private resolve: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.pending -= chunk.length;
      if (this.pending <= 0 && this.resolve !== undefined) {
        const done = this.resolve;
        this.resolve = undefined;
        done();
      }
    });
  }

  static open(host: string, port: number): Promise<RawPipeline> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once("error", reject);
      socket.once("connect", () => {
        socket.off("error", reject);
        resolve(new RawPipeline(socket));
      });
    });
  }

  /** Writes `requests` and waits for `replyBytes` bytes of replies. */
  exchange(requests: Buffer, replyBytes: number): Promise<void> {
    return new Promise((resolve) => {
      this.pending += replyBytes;
      this.resolve = resolve;
      this.socket.write(requests);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
