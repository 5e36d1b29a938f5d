import { createServer, type Server, type Socket } from "node:net";
import { ProtocolError } from "../../src/errors.js";
import type { DecodedReply, ReplyDecoder } from "../../src/net/reply-decoder.js";

/**
 * A tiny pipelined protocol for testing the transport. Request: `<id> <payload>\n`. Reply:
 * `<id>:<length>\n<payload bytes>`, so a decoder can tell whether a reply belongs to its request.
 * A payload of `noreply` gets no reply, like a fire-and-forget command.
 */
export function request(id: number, payload: string): Buffer {
  return Buffer.from(`${id} ${payload}\n`);
}

export interface Reply {
  readonly id: number;
  readonly payload: string;
}

export class LineReplyDecoder implements ReplyDecoder<Reply> {
  calls = 0;

  constructor(
    private readonly expectedId: number,
    private readonly maxLength = 1 << 20,
  ) {}

  decode(bytes: Buffer, start: number, end: number): DecodedReply<Reply> | undefined {
    this.calls += 1;
    const newline = bytes.indexOf(10, start);
    if (newline === -1 || newline >= end) {
      if (end - start > 32) throw new ProtocolError("line", "header too long");
      return undefined;
    }
    const header = bytes.toString("latin1", start, newline);
    const match = /^(\d+):(\d+)$/.exec(header);
    if (match === null) throw new ProtocolError("line", `bad header ${JSON.stringify(header)}`);
    const id = Number(match[1]);
    const length = Number(match[2]);
    if (id !== this.expectedId)
      throw new ProtocolError("line", `reply ${id} for request ${this.expectedId}`);
    if (length > this.maxLength) throw new ProtocolError("line", `length ${length} over cap`);
    const bodyEnd = newline + 1 + length;
    if (bodyEnd > end) return undefined;
    return { value: { id, payload: bytes.toString("utf8", newline + 1, bodyEnd) }, end: bodyEnd };
  }
}

export type LineServerMode = "answer" | "silent";

export interface LineServer {
  readonly port: number;
  mode: LineServerMode;
  /** Replies are cut into pieces of random size before writing, to exercise split decoding. */
  splitReplies: boolean;
  /** Bytes written after each reply, to test unsolicited data. */
  trailer: string;
  readonly accepted: number;
  readonly requestsSeen: number;
  readonly sockets: Set<Socket>;
  dropConnections(): void;
  close(): Promise<void>;
  /** Listens again on the same port after `close()`. */
  listenAgain(): Promise<void>;
}

export async function startLineServer(port = 0): Promise<LineServer> {
  let accepted = 0;
  let requestsSeen = 0;
  const sockets = new Set<Socket>();
  let server: Server;
  const state = {
    mode: "answer" as LineServerMode,
    splitReplies: false,
    trailer: "",
  };
  const onConnection = (socket: Socket): void => {
    accepted += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let pending = "";
    socket.on("data", (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      for (let nl = pending.indexOf("\n"); nl !== -1; nl = pending.indexOf("\n")) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        requestsSeen += 1;
        if (state.mode === "silent" || line.endsWith(" noreply")) continue;
        const space = line.indexOf(" ");
        const id = line.slice(0, space);
        const payload = Buffer.from(line.slice(space + 1));
        const reply = Buffer.concat([
          Buffer.from(`${id}:${payload.length}\n`),
          payload,
          Buffer.from(state.trailer),
        ]);
        if (!state.splitReplies) {
          socket.write(reply);
          continue;
        }
        for (let at = 0; at < reply.length; ) {
          const size = 1 + Math.floor(Math.random() * 7);
          socket.write(reply.subarray(at, at + size));
          at += size;
        }
      }
    });
  };
  const listen = (onPort: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server = createServer(onConnection);
      server.once("error", reject);
      server.listen(onPort, "127.0.0.1", () => {
        const address = server.address();
        resolve(typeof address === "object" && address !== null ? address.port : onPort);
      });
    });
  const boundPort = await listen(port);
  const handle: LineServer = {
    port: boundPort,
    get mode() {
      return state.mode;
    },
    set mode(mode) {
      state.mode = mode;
    },
    get splitReplies() {
      return state.splitReplies;
    },
    set splitReplies(split) {
      state.splitReplies = split;
    },
    get trailer() {
      return state.trailer;
    },
    set trailer(trailer) {
      state.trailer = trailer;
    },
    get accepted() {
      return accepted;
    },
    get requestsSeen() {
      return requestsSeen;
    },
    sockets,
    dropConnections() {
      for (const socket of sockets) socket.destroy();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
    async listenAgain() {
      await listen(boundPort);
    },
  };
  return handle;
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = await startLineServer();
  await server.close();
  return server.port;
}
