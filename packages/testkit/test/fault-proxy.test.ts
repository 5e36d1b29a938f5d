import { randomBytes } from "node:crypto";
import { connect, createServer, type Server, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import {
  deterministicGarbage,
  type Fault,
  type FaultProxy,
  FaultProxyError,
  startFaultProxy,
} from "../src/fault-proxy/index.js";

/** One end of a TCP connection, recording everything that happens to it. */
class Peer {
  readonly socket: Socket;
  readonly chunks: Buffer[] = [];
  error: NodeJS.ErrnoException | undefined;
  connected = false;
  ended = false;
  closed = false;
  private readonly listeners = new Set<() => void>();

  constructor(socket: Socket, connected: boolean) {
    this.socket = socket;
    this.connected = connected;
    socket.on("connect", () => this.notify(() => (this.connected = true)));
    socket.on("data", (b: Buffer) => this.notify(() => this.chunks.push(b)));
    socket.on("end", () => this.notify(() => (this.ended = true)));
    socket.on("error", (e: NodeJS.ErrnoException) => this.notify(() => (this.error = e)));
    socket.on("close", () => this.notify(() => (this.closed = true)));
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get text(): string {
    return this.bytes.toString("latin1");
  }

  /** Resolves when `ready()` holds, re-checked on every socket event: no sleeping, no polling. */
  until(ready: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}; got ${this.bytes.length} bytes`));
      }, timeoutMs);
      const check = (): void => {
        if (!ready()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
    });
  }

  receive(n: number): Promise<void> {
    return this.until(() => this.bytes.length >= n, `${n} bytes`);
  }

  whenClosed(): Promise<void> {
    return this.until(() => this.closed, "close");
  }

  private notify(update: () => void): void {
    update();
    for (const l of [...this.listeners]) l();
  }
}

/**
 * For conditions that no socket event announces (what the proxy holds): checked every few
 * milliseconds, with a generous deadline.
 */
async function eventually(ready: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A loopback server; by default it echoes. `peers` are its side of each connection. */
interface TestServer {
  readonly port: number;
  readonly peers: Peer[];
  nextPeer(): Promise<Peer>;
  close(): Promise<void>;
}

const servers: TestServer[] = [];
const proxies: FaultProxy[] = [];
const clients: Peer[] = [];

async function startServer(
  onData: (socket: Socket, chunk: Buffer) => void = (s, c) => s.write(c),
): Promise<TestServer> {
  const peers: Peer[] = [];
  const waiting: ((p: Peer) => void)[] = [];
  const server: Server = createServer((socket) => {
    const peer = new Peer(socket, true);
    socket.on("data", (chunk: Buffer) => onData(socket, chunk));
    peers.push(peer);
    waiting.shift()?.(peer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address !== "object") throw new Error("no address");
  let seen = 0;
  const ts: TestServer = {
    port: address.port,
    peers,
    nextPeer: () => {
      const p = peers[seen];
      seen++;
      return p !== undefined ? Promise.resolve(p) : new Promise((resolve) => waiting.push(resolve));
    },
    close: async () => {
      for (const p of peers) p.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  servers.push(ts);
  return ts;
}

/** A server that answers every request line ending in "\n" with `response`. */
function startResponder(response: Buffer): Promise<TestServer> {
  return startServer((socket, chunk) => {
    for (const byte of chunk) if (byte === 0x0a) socket.write(response);
  });
}

async function proxyTo(server: TestServer, fault?: Fault): Promise<FaultProxy> {
  const proxy = await startFaultProxy({
    target: { host: "127.0.0.1", port: server.port },
    ...(fault === undefined ? {} : { fault }),
  });
  proxies.push(proxy);
  return proxy;
}

/** Starts a connection without waiting, for connects that are expected to fail. */
function dial(port: number): Peer {
  const peer = new Peer(connect({ host: "127.0.0.1", port }), false);
  clients.push(peer);
  return peer;
}

async function open(proxy: FaultProxy): Promise<Peer> {
  const peer = dial(proxy.port);
  await peer.until(() => peer.connected || peer.closed, "connect");
  expect(peer.error).toBeUndefined();
  return peer;
}

/** Sends `text` and waits for the echo, which proves the proxied pair is fully set up. */
async function roundTrip(peer: Peer, text: string): Promise<void> {
  const before = peer.bytes.length;
  peer.socket.write(text);
  await peer.receive(before + text.length);
}

/** A port with nothing listening on it, found by listening and closing again. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const address = s.address();
  if (address === null || typeof address !== "object") throw new Error("no address");
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return address.port;
}

function pattern(length: number): Buffer {
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = (i * 7 + 3) & 0xff;
  return b;
}

afterEach(async () => {
  // Waiting for every close keeps one test's sockets out of the next one's resource counts.
  const closing = clients.splice(0).map((c) => {
    c.socket.destroy();
    return c.whenClosed();
  });
  await Promise.all(closing);
  for (const p of proxies.splice(0)) {
    await p.close();
    expect(p.stats().active).toBe(0);
    expect(p.stats().pendingTimers).toBe(0);
  }
  for (const s of servers.splice(0)) await s.close();
  // Lets libuv release the closed handles, so the next test starts from a clean count.
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
});

describe("fault proxy: pass-through", () => {
  it("forwards every byte value and a 1 MiB payload exactly, both ways", async () => {
    const server = await startServer();
    const proxy = await proxyTo(server);
    expect(proxy.url).toBe(`tcp://127.0.0.1:${proxy.port}`);
    const client = await open(proxy);

    const everyByte = Buffer.alloc(1024);
    for (let i = 0; i < everyByte.length; i++) everyByte[i] = i & 0xff;
    client.socket.write(everyByte);
    await client.receive(everyByte.length);
    expect(client.bytes.equals(everyByte)).toBe(true);

    const big = randomBytes(1024 * 1024);
    client.socket.write(big);
    await client.receive(everyByte.length + big.length);
    expect(client.bytes.equals(Buffer.concat([everyByte, big]))).toBe(true);

    const serverSide = await server.nextPeer();
    expect(serverSide.bytes.equals(Buffer.concat([everyByte, big]))).toBe(true);
    const stats = proxy.stats();
    expect(stats.bytesUp).toBe(everyByte.length + big.length);
    expect(stats.bytesDown).toBe(everyByte.length + big.length);
    expect(stats.accepted).toBe(1);
    expect(stats.active).toBe(1);
    expect(stats.connections[0]?.clientPort).toBe(client.socket.localPort);

    // A clean FIN from the client travels through, the server's FIN comes back, and the pair
    // goes away on its own.
    client.socket.end();
    await client.whenClosed();
    expect(client.ended).toBe(true);
    expect(client.error).toBeUndefined();
    await proxy.whenIdle();
    expect(proxy.stats().active).toBe(0);
  });

  it("resets the client when the target cannot be reached", async () => {
    const proxy = await startFaultProxy({ target: { port: await deadPort() } });
    proxies.push(proxy);
    const client = dial(proxy.port);
    await client.whenClosed();
    expect(client.error?.code).toBe("ECONNRESET");
    await proxy.whenIdle();
    expect(proxy.stats().targetErrors).toBe(1);
  });
});

describe("fault proxy: latency", () => {
  it("delays an open connection's next chunks by at least ms each way", async () => {
    const proxy = await proxyTo(await startServer());
    const client = await open(proxy);
    await roundTrip(client, "warm");

    proxy.setFault({ kind: "latency", ms: 150 });
    const start = performance.now();
    await roundTrip(client, "ping");
    expect(performance.now() - start).toBeGreaterThanOrEqual(300);
    expect(client.text).toBe("warmping");
  });

  it("keeps order and overlaps the delays of a burst", async () => {
    const server = await startServer();
    const proxy = await proxyTo(server, { kind: "latency", ms: 300, direction: "down" });
    const client = await open(proxy);
    const serverSide = await server.nextPeer();

    const messages = Array.from({ length: 20 }, (_, i) => `<${i}>`);
    const start = performance.now();
    for (const m of messages) {
      // Separate writes on separate turns, so the proxy sees separate chunks to keep in order.
      serverSide.socket.write(m);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const expected = messages.join("");
    await client.receive(expected.length);
    const elapsed = performance.now() - start;
    expect(client.text).toBe(expected);
    expect(elapsed).toBeGreaterThanOrEqual(300);
    // One delay after another would take 20 × 300 ms.
    expect(elapsed).toBeLessThan(3000);
  });

  it("releases delayed chunks at once when the fault is cleared", async () => {
    const proxy = await proxyTo(await startServer(), { kind: "latency", ms: 60_000 });
    const client = await open(proxy);
    client.socket.write("held");
    await eventually(() => proxy.stats().pendingTimers > 0, "a latency timer");
    proxy.clearFault();
    await client.receive(4);
    expect(client.text).toBe("held");
  });
});

describe("fault proxy: stall", () => {
  it("holds bytes both ways, then delivers them late and in order when cleared", async () => {
    const server = await startServer();
    const proxy = await proxyTo(server);
    const client = await open(proxy);
    await roundTrip(client, "a");
    const serverSide = await server.nextPeer();

    proxy.setFault({ kind: "stall" });
    client.socket.write("late-1");
    await eventually(() => proxy.stats().bufferedUp === 6, "late-1 to be held");
    client.socket.write("late-2");
    serverSide.socket.write("push-1");
    await eventually(
      () => proxy.stats().bufferedUp === 12 && proxy.stats().bufferedDown === 6,
      "all bytes to be held",
    );
    // A connection made during the stall is accepted, and its bytes are held too.
    const newcomer = await open(proxy);
    newcomer.socket.write("new");
    await eventually(() => proxy.stats().bufferedUp === 15, "the newcomer's bytes");

    // Give wrongly forwarded bytes time to show up before checking that none did.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.text).toBe("a");
    expect(serverSide.text).toBe("a");
    expect(newcomer.text).toBe("");

    proxy.clearFault();
    await client.receive("apush-1late-1late-2".length);
    expect(client.text).toBe("apush-1late-1late-2");
    expect(serverSide.text).toBe("alate-1late-2");
    await newcomer.receive(3);
    expect(newcomer.text).toBe("new");
    expect(proxy.stats().bufferedUp).toBe(0);
    expect(proxy.stats().bufferedDown).toBe(0);
  });
});

describe("fault proxy: reset", () => {
  it("resets the client after exactly afterBytes of a response, counted from setFault", async () => {
    const response = pattern(1000);
    const server = await startResponder(response);
    const proxy = await proxyTo(server);
    const client = await open(proxy);
    // Bytes forwarded before the fault do not count against its budget.
    client.socket.write("GET\n");
    await client.receive(response.length);

    proxy.setFault({ kind: "reset", afterBytes: 100 });
    client.socket.write("GET\n");
    await client.whenClosed();
    expect(client.error?.code).toBe("ECONNRESET");
    expect(client.bytes.length).toBe(response.length + 100);
    expect(client.bytes.subarray(response.length).equals(response.subarray(0, 100))).toBe(true);

    const serverSide = await server.nextPeer();
    await serverSide.whenClosed();
    expect(serverSide.error?.code).toBe("ECONNRESET");
    await proxy.whenIdle();
    expect(proxy.stats().resets).toBe(1);
  });

  it("resets before any byte with the default afterBytes of 0", async () => {
    const proxy = await proxyTo(await startResponder(pattern(50)), { kind: "reset" });
    const client = await open(proxy);
    client.socket.write("GET\n");
    await client.whenClosed();
    expect(client.error?.code).toBe("ECONNRESET");
    expect(client.bytes.length).toBe(0);
  });

  it("direction up cuts a request after afterBytes and resets both sides", async () => {
    const server = await startServer(() => {});
    const proxy = await proxyTo(server, { kind: "reset", afterBytes: 10, direction: "up" });
    const client = await open(proxy);
    const request = pattern(50);
    client.socket.write(request);
    const serverSide = await server.nextPeer();
    await serverSide.whenClosed();
    expect(serverSide.bytes.equals(request.subarray(0, 10))).toBe(true);
    expect(serverSide.error?.code).toBe("ECONNRESET");
    await client.whenClosed();
    expect(client.error?.code).toBe("ECONNRESET");
  });
});

describe("fault proxy: truncate", () => {
  it("forwards exactly afterBytes of a response, then a clean end", async () => {
    const response = pattern(1000);
    const proxy = await proxyTo(await startResponder(response), {
      kind: "truncate",
      afterBytes: 100,
    });
    const client = await open(proxy);
    client.socket.write("GET\n");
    await client.whenClosed();
    expect(client.error).toBeUndefined();
    expect(client.ended).toBe(true);
    expect(client.bytes.equals(response.subarray(0, 100))).toBe(true);
    await proxy.whenIdle();
    expect(proxy.stats().truncations).toBe(1);
  });
});

describe("fault proxy: garbage", () => {
  const response = Buffer.from("HELLO\r\n");

  it("inserts the given bytes before the next response, once", async () => {
    const proxy = await proxyTo(await startResponder(response));
    const client = await open(proxy);
    const garbage = Uint8Array.of(0xde, 0xad, 0xbe, 0xef);
    proxy.setFault({ kind: "garbage", bytes: garbage });

    client.socket.write("GET\n");
    await client.receive(garbage.length + response.length);
    expect(client.bytes.equals(Buffer.concat([garbage, response]))).toBe(true);

    client.socket.write("GET\n");
    await client.receive(garbage.length + 2 * response.length);
    expect(client.bytes.equals(Buffer.concat([garbage, response, response]))).toBe(true);
    expect(proxy.stats().garbageBytes).toBe(4);

    // Setting the fault again arms it again.
    proxy.setFault({ kind: "garbage", bytes: garbage });
    client.socket.write("GET\n");
    await client.receive(2 * garbage.length + 3 * response.length);
    expect(client.bytes.subarray(-(garbage.length + response.length))).toEqual(
      Buffer.concat([garbage, response]),
    );
  });

  it("replace overwrites response bytes at an offset and keeps the length", async () => {
    const long = pattern(20);
    const proxy = await proxyTo(await startResponder(long), {
      kind: "garbage",
      bytes: 8,
      afterBytes: 3,
      mode: "replace",
    });
    const client = await open(proxy);
    client.socket.write("GET\n");
    await client.receive(long.length);
    const garbage = deterministicGarbage(8);
    const expected = Buffer.concat([long.subarray(0, 3), garbage, long.subarray(11)]);
    expect(client.bytes.equals(expected)).toBe(true);
    expect(client.bytes.equals(long)).toBe(false);
    // The promise that garbage never looks like the start of a valid reply.
    for (const byte of deterministicGarbage(4096)) {
      expect(byte >= 0x80 && byte !== 0x81).toBe(true);
    }
  });

  it.each([
    ["close", undefined, true],
    ["reset", "ECONNRESET", false],
  ] as const)("then: %s ends the client right after the garbage", async (then, code, ended) => {
    const proxy = await proxyTo(await startResponder(response), {
      kind: "garbage",
      bytes: 5,
      then,
    });
    const client = await open(proxy);
    client.socket.write("GET\n");
    await client.whenClosed();
    expect(client.bytes.equals(Buffer.from(deterministicGarbage(5)))).toBe(true);
    expect(client.error?.code).toBe(code);
    expect(client.ended).toBe(ended);
  });
});

describe("fault proxy: refusing connections", () => {
  it("refuse resets new connections (ECONNRESET) and leaves open ones working", async () => {
    const proxy = await proxyTo(await startServer());
    const before = await open(proxy);
    await roundTrip(before, "x");

    proxy.setFault({ kind: "refuse" });
    const refused = dial(proxy.port);
    await refused.whenClosed();
    expect(refused.error?.code).toBe("ECONNRESET");
    expect(proxy.stats().refused).toBe(1);
    await roundTrip(before, "y");

    proxy.clearFault();
    const after = await open(proxy);
    await roundTrip(after, "z");
    expect(after.text).toBe("z");
  });

  it("pauseListening gives ECONNREFUSED, resumeListening serves the same port again", async () => {
    const proxy = await proxyTo(await startServer());
    const port = proxy.port;
    const before = await open(proxy);
    await roundTrip(before, "x");

    await proxy.pauseListening();
    expect(proxy.stats().listening).toBe(false);
    const refused = dial(port);
    await refused.whenClosed();
    expect(refused.error?.code).toBe("ECONNREFUSED");
    await roundTrip(before, "y");

    await proxy.resumeListening();
    expect(proxy.port).toBe(port);
    expect(proxy.stats().listening).toBe(true);
    const after = await open(proxy);
    await roundTrip(after, "z");
  });
});

describe("fault proxy: lifecycle", () => {
  it("resetAll resets every live pair", async () => {
    const server = await startServer();
    const proxy = await proxyTo(server);
    const a = await open(proxy);
    const b = await open(proxy);
    await roundTrip(a, "a");
    await roundTrip(b, "b");

    expect(proxy.resetAll()).toBe(2);
    await Promise.all([a.whenClosed(), b.whenClosed()]);
    expect(a.error?.code).toBe("ECONNRESET");
    expect(b.error?.code).toBe("ECONNRESET");
    for (const p of server.peers) {
      await p.whenClosed();
      expect(p.error?.code).toBe("ECONNRESET");
    }
    await proxy.whenIdle();
    expect(proxy.stats().active).toBe(0);
  });

  it("close is idempotent, closes every connection and leaves no sockets or timers", async () => {
    const server = await startServer();
    const resources = (): number =>
      process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap" || r === "TCPServerWrap")
        .length;
    const baseline = resources();

    const proxy = await proxyTo(server, { kind: "latency", ms: 60_000 });
    const a = await open(proxy);
    const b = await open(proxy);
    a.socket.write("held");
    await eventually(() => proxy.stats().pendingTimers === 1, "a latency timer");
    expect(proxy.stats().active).toBe(2);

    const first = proxy.close();
    const second = proxy.close();
    await Promise.all([first, second]);
    await proxy.close();
    expect(proxy.stats().active).toBe(0);
    expect(proxy.stats().pendingTimers).toBe(0);
    expect(proxy.stats().listening).toBe(false);
    await Promise.all([a.whenClosed(), b.whenClosed()]);
    expect(a.text).toBe("");
    await Promise.all(server.peers.map((p) => p.whenClosed()));
    expect(resources()).toBe(baseline);

    const late = dial(proxy.port);
    await late.whenClosed();
    expect(late.error?.code).toBe("ECONNREFUSED");
    await expect(proxy.resumeListening()).rejects.toMatchObject({ code: "E_CLOSED" });
  });

  it("rejects faults and options it cannot apply with typed errors", async () => {
    const proxy = await proxyTo(await startServer());
    const bad: unknown[] = [
      { kind: "latency", ms: -1 },
      { kind: "latency", ms: Number.NaN },
      { kind: "latency", ms: 5, direction: "sideways" },
      { kind: "truncate" },
      { kind: "reset", afterBytes: 1.5 },
      { kind: "garbage", bytes: 0 },
      { kind: "garbage", bytes: new Uint8Array(0) },
      { kind: "garbage", mode: "shuffle" },
      { kind: "explode" },
    ];
    for (const fault of bad) {
      let caught: unknown;
      try {
        proxy.setFault(fault as Fault);
      } catch (err) {
        caught = err;
      }
      expect(caught, JSON.stringify(fault)).toBeInstanceOf(FaultProxyError);
      expect((caught as FaultProxyError).code).toBe("E_INVALID_FAULT");
    }
    expect(proxy.fault).toBeUndefined();

    await expect(startFaultProxy({ target: { port: 0 } })).rejects.toMatchObject({
      code: "E_INVALID_OPTION",
    });
    await expect(
      startFaultProxy({ target: { port: 1 }, listen: { port: proxy.port } }),
    ).rejects.toMatchObject({ code: "E_LISTEN_FAILED" });
  });
});
