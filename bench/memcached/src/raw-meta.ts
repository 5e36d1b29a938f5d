import { connect, type Socket } from "node:net";
import type { Contender } from "./contender.js";

/**
 * The ceiling: one socket, requests built once before the run and written as they are, replies
 * only counted (a minimal scan for where each ends). No keys encoded, no decoders, no promise per
 * request: what the link and the server can do, which no client can beat.
 */
export class RawMetaCeiling implements Contender {
  readonly name = "raw meta socket (ceiling)";
  private readonly built = new Map<string, Buffer>();
  private readonly waiting: { replies: number; done: () => void }[] = [];
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of a value block still to skip. */
  private skip = 0;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => this.count(chunk));
  }

  static open(port: number): Promise<RawMetaCeiling> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.setNoDelay(true);
      socket.once("connect", () => resolve(new RawMetaCeiling(socket)));
      socket.once("error", reject);
    });
  }

  /** Builds the request bytes for every call the run will make, ahead of time. */
  prepare(keys: readonly string[], batches: readonly (readonly string[])[], value: Buffer): void {
    for (const key of keys) {
      this.built.set(`get ${key}`, Buffer.from(`mg ${key} v\r\n`));
      this.built.set(
        `set ${key}`,
        Buffer.concat([
          Buffer.from(`ms ${key} ${value.length} T0\r\n`),
          value,
          Buffer.from("\r\n"),
        ]),
      );
    }
    for (const batch of batches) {
      this.built.set(
        `many ${batch[0]}`,
        Buffer.from(`${batch.map((k) => `mg ${k} v q\r\n`).join("")}mn\r\n`),
      );
      this.built.set(
        `all ${batch[0]}`,
        Buffer.concat(batch.map((k) => this.built.get(`get ${k}`)!)),
      );
    }
  }

  get(key: string): Promise<unknown> {
    return this.send(this.built.get(`get ${key}`)!, 1);
  }

  /** 100 gets in flight at once: written back to back in one write, all replies counted. */
  getConcurrent(batch: readonly string[]): Promise<unknown> {
    return this.send(this.built.get(`all ${batch[0]}`)!, batch.length);
  }

  /** Quiet gets then `mn`: the hits and the MN. */
  getMany(batch: readonly string[]): Promise<unknown> {
    return this.send(this.built.get(`many ${batch[0]}`)!, batch.length + 1);
  }

  set(key: string): Promise<unknown> {
    return this.send(this.built.get(`set ${key}`)!, 1);
  }

  async close(): Promise<void> {
    this.socket.destroy();
  }

  private send(bytes: Buffer, replies: number): Promise<void> {
    return new Promise((done) => {
      this.waiting.push({ replies, done });
      this.socket.write(bytes);
    });
  }

  private count(chunk: Buffer): void {
    let bytes = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    for (;;) {
      if (this.skip > 0) {
        const skipped = Math.min(this.skip, bytes.length - at);
        this.skip -= skipped;
        at += skipped;
        if (this.skip > 0) break;
        this.replied();
      }
      const lineEnd = bytes.indexOf(10, at);
      if (lineEnd === -1) break;
      if (bytes[at] === 0x56 /* V */) {
        // "VA <size> ...": skip the value and its CRLF, then count the reply.
        let size = 0;
        for (let i = at + 3; bytes[i]! >= 0x30 && bytes[i]! <= 0x39; i++)
          size = size * 10 + bytes[i]! - 0x30;
        this.skip = size + 2;
        at = lineEnd + 1;
        continue;
      }
      at = lineEnd + 1;
      this.replied();
    }
    bytes = bytes.subarray(at);
    this.pending = bytes.length > 0 ? Buffer.from(bytes) : Buffer.alloc(0);
  }

  private replied(): void {
    const head = this.waiting[0]!;
    if (--head.replies === 0) {
      this.waiting.shift();
      head.done();
    }
  }
}
