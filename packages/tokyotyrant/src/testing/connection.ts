import type { Socket } from "node:net";
import type { ConnectionInfo, HandlerResult } from "./handlers/handler-context.js";
import { RequestParser } from "./wire/request-parser.js";
import type { ParsedInput } from "./wire/requests.js";

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly isStalled: boolean;
  /** Answers one input; may throw to simulate a crash of the whole server. */
  handle(input: ParsedInput, connection: ConnectionInfo): HandlerResult;
  forget(connection: TestServerConnection): void;
}

/** `TCULMAGICNOP`: the byte a replication stream sends about once a second while idle. */
const REPLICATION_NOP = Buffer.from([0xca]);
const REPLICATION_NOP_INTERVAL_MS = 1000;

/**
 * One client connection, served like a ttserver worker serves it: requests in arrival order, a
 * reply written before the next request is read, and after a request that does not keep the
 * connection (malformed, unknown) the bytes already received are still read as new requests; only
 * when none are left is the connection closed.
 */
export class TestServerConnection implements ConnectionInfo {
  private readonly parser = new RequestParser();
  private peerEnded = false;
  private closing = false;
  private replicationTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly socket: Socket,
    readonly number: number,
    private readonly host: ConnectionHost,
  ) {
    socket.setNoDelay(true);
    if (host.isStalled) socket.pause();
    socket.on("data", (chunk: Buffer) => {
      if (this.replicationTimer) return;
      this.parser.push(chunk);
      this.process();
    });
    socket.on("end", () => {
      this.peerEnded = true;
      if (this.replicationTimer) this.close();
      else this.process();
    });
    // A client that resets its connection is routine for a test server.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      this.stopReplicationStream();
      host.forget(this);
    });
  }

  /** Reads and answers what has arrived, unless the server is stalled. */
  process(): void {
    while (!this.closing && !this.host.isStalled && !this.replicationTimer) {
      const input = this.parser.next() ?? (this.peerEnded ? this.parser.finishAtEnd() : undefined);
      if (!input) {
        if (this.peerEnded) this.close();
        return;
      }
      const result = this.host.handle(input, this);
      if (this.closing) return;
      if (result.reply) this.socket.write(result.reply);
      if (result.replicationStream) {
        this.startReplicationStream();
        return;
      }
      if (!result.keep && this.parser.bufferedBytes === 0) {
        this.close();
        return;
      }
    }
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
    this.process();
  }

  /** Closes after the replies already written are sent, as ttserver closes the descriptor. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.stopReplicationStream();
    this.socket.end(() => this.socket.destroy());
  }

  /** An immediate close without flushing. */
  destroy(): void {
    this.closing = true;
    this.stopReplicationStream();
    this.socket.destroy();
  }

  /** A TCP reset, as when the client connection is killed. */
  reset(): void {
    this.closing = true;
    this.stopReplicationStream();
    this.socket.resetAndDestroy();
  }

  private startReplicationStream(): void {
    const sendNop = (): void => {
      if (!this.host.isStalled && !this.closing) this.socket.write(REPLICATION_NOP);
    };
    sendNop();
    this.replicationTimer = setInterval(sendNop, REPLICATION_NOP_INTERVAL_MS);
    this.replicationTimer.unref();
  }

  private stopReplicationStream(): void {
    if (this.replicationTimer) clearInterval(this.replicationTimer);
    this.replicationTimer = undefined;
  }
}
