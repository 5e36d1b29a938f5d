import { connect, type Socket } from "node:net";

/**
 * A bare TCP client for talking to the test server byte by byte: it sends exactly what it is given
 * and hands back exactly the bytes that arrived, so a test sees every stray or missing byte.
 */
export class RawClient {
  private received = Buffer.alloc(0);
  private peerClosed = false;
  private failure: Error | undefined;
  private waiter: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    socket.on("end", () => {
      this.peerClosed = true;
      this.wake();
    });
    socket.on("close", () => {
      this.peerClosed = true;
      this.wake();
    });
    socket.on("error", (error) => {
      this.failure = error;
      this.peerClosed = true;
      this.wake();
    });
  }

  static open(port: number, host = "127.0.0.1"): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, allowHalfOpen: true });
      socket.setNoDelay(true);
      socket.once("connect", () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  /** Whether the server closed or reset the connection. */
  get closedByServer(): boolean {
    return this.peerClosed;
  }

  get error(): Error | undefined {
    return this.failure;
  }

  /** Bytes received and not yet read. */
  get pending(): number {
    return this.received.length;
  }

  send(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Sends and waits until the bytes are handed to the kernel (for writes that must stay apart). */
  sendAndFlush(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Half-closes: the server sees end of stream. */
  finish(): void {
    this.socket.end();
  }

  close(): void {
    this.socket.destroy();
  }

  /** Exactly `length` bytes, or a rejection after `timeoutMs` or when the connection closes first. */
  async read(length: number, timeoutMs = 5000): Promise<Buffer> {
    await this.until(
      () => this.received.length >= length,
      timeoutMs,
      () =>
        new Error(
          `expected ${length} bytes, got ${this.received.length} (closed: ${this.peerClosed})`,
        ),
    );
    return this.take(length);
  }

  /** Everything that arrives until the server closes the connection. */
  async readToClose(timeoutMs = 5000): Promise<Buffer> {
    await this.waitForClose(timeoutMs);
    return this.take(this.received.length);
  }

  async waitForClose(timeoutMs = 5000): Promise<void> {
    await this.until(
      () => this.peerClosed,
      timeoutMs,
      () => new Error("the server did not close the connection"),
    );
  }

  /** Waits `ms` and returns how many bytes arrived meanwhile (they stay unread). */
  async silenceFor(ms: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.received.length;
  }

  private take(length: number): Buffer {
    const taken = this.received.subarray(0, length);
    this.received = this.received.subarray(length);
    return Buffer.from(taken);
  }

  private async until(
    ready: () => boolean,
    timeoutMs: number,
    failure: () => Error,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0 || (this.peerClosed && !ready())) throw failure();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
