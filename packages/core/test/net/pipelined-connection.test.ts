import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { type NetError, ProtocolError } from "../../src/errors.js";
import { PipelinedConnection } from "../../src/net/pipelined-connection.js";
import {
  closedPort,
  LineReplyDecoder,
  type LineServer,
  request,
  startLineServer,
} from "../helpers/line-server.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ server: LineServer; connection: PipelinedConnection }> {
  const server = await startLineServer();
  cleanups.push(() => server.close());
  const connection = await PipelinedConnection.open({
    host: "127.0.0.1",
    port: server.port,
    protocol: "line",
    connectTimeoutMs: 1000,
    maxBufferedBytes: 1 << 14,
  });
  cleanups.push(() => connection.close());
  return { server, connection };
}

function send(connection: PipelinedConnection, id: number, payload: string, timeoutMs = 2000) {
  return connection.send(request(id, payload), new LineReplyDecoder(id), timeoutMs);
}

describe("PipelinedConnection", () => {
  it("matches 500 pipelined replies to their requests, even when replies arrive in pieces", async () => {
    const { server, connection } = await setup();
    server.splitReplies = true;
    const replies = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        send(connection, i, `value-${i}-${"x".repeat(i % 40)}`),
      ),
    );
    replies.forEach((reply, i) => {
      expect(reply).toEqual({ id: i, payload: `value-${i}-${"x".repeat(i % 40)}` });
    });
    expect(connection.pending).toBe(0);
  });

  it("sends a request given in several buffers as one", async () => {
    const { connection } = await setup();
    const reply = await connection.send(
      [Buffer.from("7 he"), Buffer.from("llo"), Buffer.from("\n")],
      new LineReplyDecoder(7),
      1000,
    );
    expect(reply).toEqual({ id: 7, payload: "hello" });
  });

  it("resolves a request that expects no reply once it is written", async () => {
    const { server, connection } = await setup();
    await connection.send(request(1, "noreply"), null, 1000);
    const reply = await send(connection, 2, "after");
    expect(reply.payload).toBe("after");
    expect(server.requestsSeen).toBe(2);
  });

  it("sends the requests of one tick in order, small ones and one over the coalescing size alike", async () => {
    const { connection } = await setup();
    const payloads = Array.from({ length: 50 }, (_, i) => (i === 25 ? "y".repeat(9000) : `p${i}`));
    const replies = await Promise.all(payloads.map((payload, i) => send(connection, i, payload)));
    expect(replies.map((reply) => reply.payload)).toEqual(payloads);
    const big = Array.from({ length: 10 }, (_, i) => `${i}`.repeat(8000));
    const bigReplies = await Promise.all(
      big.map((payload, i) => send(connection, 100 + i, payload)),
    );
    expect(bigReplies.map((reply) => reply.payload)).toEqual(big);
  });

  it("fails a request that expects no reply by its deadline when the server stops reading", async () => {
    const { server, connection } = await setup();
    await send(connection, 1, "warm-up");
    for (const socket of server.sockets) socket.pause();
    // More than the socket buffers on both sides hold, so the last writes cannot finish.
    const big = Buffer.alloc(4 << 20, 0x61);
    const started = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, () =>
        connection.send(big, null, 300).then(
          () => "written",
          (error: NetError) => error.code,
        ),
      ),
    );
    expect(performance.now() - started).toBeLessThan(300 + 2000);
    expect(outcomes).toContain("E_NET_TIMEOUT");
    expect(connection.isOpen).toBe(false);
  });

  it("still writes a request that expects no reply when close follows in the same tick", async () => {
    const { server, connection } = await setup();
    const written = connection.send(request(1, "noreply"), null, 1000);
    await connection.close();
    await written;
    for (let i = 0; i < 100 && server.requestsSeen === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(server.requestsSeen).toBe(1);
  });

  it("closes the connection on a reply that belongs to another request, failing all in flight", async () => {
    const { connection } = await setup();
    const wrong = connection.send(request(1, "a"), new LineReplyDecoder(99), 1000);
    const next = send(connection, 2, "b");
    await expect(wrong).rejects.toBeInstanceOf(ProtocolError);
    await expect(next).rejects.toMatchObject({ code: "E_NET_CONNECTION_LOST" });
    expect(connection.isOpen).toBe(false);
    await expect(send(connection, 3, "c")).rejects.toMatchObject({
      code: "E_NET_CONNECTION_LOST",
    });
  });

  it("treats bytes that no request asked for as a broken stream", async () => {
    const { server, connection } = await setup();
    server.trailer = "surprise";
    await send(connection, 1, "a");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(connection.isOpen).toBe(false);
  });

  it("gives up on a reply that grows past maxBufferedBytes", async () => {
    const { connection } = await setup();
    const big = connection.send(
      request(1, "y".repeat(70_000)),
      new LineReplyDecoder(1, 1 << 20),
      2000,
    );
    await expect(big).rejects.toMatchObject({ code: "E_NET_CONNECTION_LOST" });
    const error = await big.catch((e: NetError) => e);
    expect((error as NetError).cause).toBeInstanceOf(ProtocolError);
  });

  it("times out a silent server within the deadline, failing everything in flight", async () => {
    const { server, connection } = await setup();
    server.mode = "silent";
    const started = performance.now();
    const results = await Promise.allSettled([
      send(connection, 1, "a", 100),
      send(connection, 2, "b", 100),
      send(connection, 3, "c", 5000),
    ]);
    const elapsed = performance.now() - started;
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    const codes = results.map((r) => (r as PromiseRejectedResult).reason.code);
    expect(codes).toEqual(["E_NET_TIMEOUT", "E_NET_TIMEOUT", "E_NET_CONNECTION_LOST"]);
    expect(elapsed).toBeLessThan(1000);
    expect(connection.isOpen).toBe(false);
  });

  it("rejects an aborted caller at once and drops its reply when it comes", async () => {
    const { connection } = await setup();
    const controller = new AbortController();
    const abandoned = connection.send(
      request(1, "first"),
      new LineReplyDecoder(1),
      2000,
      controller.signal,
    );
    controller.abort(new Error("caller gave up"));
    await expect(abandoned).rejects.toThrow("caller gave up");
    const reply = await send(connection, 2, "second");
    expect(reply).toEqual({ id: 2, payload: "second" });
    expect(connection.isOpen).toBe(true);
  });

  it("follows one signal shared by many requests with a single listener, and lets it go", async () => {
    const { server, connection } = await setup();
    server.mode = "silent";
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const requests = Array.from({ length: 50 }, (_, i) =>
        connection.send(request(i, "x"), new LineReplyDecoder(i), 5000, controller.signal),
      );
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
      controller.abort(new Error("batch abandoned"));
      const settled = await Promise.allSettled(requests);
      expect(settled.every((r) => r.status === "rejected")).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);

      // A long-lived signal reused call after call keeps no listener once its calls settle. (The
      // abandoned requests' replies, if the server still sends them, are read and dropped.)
      server.mode = "answer";
      const reused = new AbortController();
      for (let i = 0; i < 20; i++) {
        const reply = await connection.send(
          request(100 + i, "y"),
          new LineReplyDecoder(100 + i),
          2000,
          reused.signal,
        );
        expect(reply).toEqual({ id: 100 + i, payload: "y" });
      }
      expect(getEventListeners(reused.signal, "abort")).toHaveLength(0);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("fails in-flight requests when the server drops the connection", async () => {
    const { server, connection } = await setup();
    server.mode = "silent";
    const inFlight = send(connection, 1, "a", 5000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.dropConnections();
    await expect(inFlight).rejects.toMatchObject({ code: "E_NET_CONNECTION_LOST" });
  });

  it("lets requests in flight finish on close and refuses new ones", async () => {
    const { connection } = await setup();
    const inFlight = send(connection, 1, "a");
    const closing = connection.close();
    await expect(send(connection, 2, "b")).rejects.toMatchObject({ code: "E_NET_CLOSED" });
    await expect(inFlight).resolves.toEqual({ id: 1, payload: "a" });
    await closing;
    expect(connection.isOpen).toBe(false);
  });

  it("fails to connect to a port where nothing listens with E_NET_CONNECT_FAILED", async () => {
    const port = await closedPort();
    const opening = PipelinedConnection.open({
      host: "127.0.0.1",
      port,
      protocol: "line",
      connectTimeoutMs: 1000,
      maxBufferedBytes: 1024,
    });
    await expect(opening).rejects.toMatchObject({ code: "E_NET_CONNECT_FAILED" });
  });
});
