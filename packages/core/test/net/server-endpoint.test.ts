import { afterEach, describe, expect, it } from "vitest";
import { ServerEndpoint, type ServerEndpointOptions } from "../../src/net/server-endpoint.js";
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

function endpoint(port: number, options: Partial<ServerEndpointOptions> = {}): ServerEndpoint {
  const created = new ServerEndpoint({ host: "127.0.0.1", port, protocol: "line", ...options });
  cleanups.push(() => created.close());
  return created;
}

async function server(): Promise<LineServer> {
  const started = await startLineServer();
  cleanups.push(() => started.close());
  return started;
}

function get(target: ServerEndpoint, id: number, timeoutMs?: number) {
  return target.send(
    request(id, `v${id}`),
    new LineReplyDecoder(id),
    timeoutMs === undefined ? undefined : { timeoutMs },
  );
}

describe("ServerEndpoint", () => {
  it("makes one connect for a burst of requests made before any connection exists", async () => {
    const line = await server();
    const target = endpoint(line.port, { poolSize: 1 });
    const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => get(target, i)));
    expect(replies.map((reply) => reply.payload)).toEqual(replies.map((_, i) => `v${i}`));
    expect(line.accepted).toBe(1);
    expect(target.state).toBe("ready");
  });

  it("makes one connect attempt for a burst of requests to a dead server", async () => {
    const port = await closedPort();
    const target = endpoint(port, { poolSize: 4 });
    const settled = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => get(target, i)));
    expect(settled.every((r) => r.status === "rejected")).toBe(true);
    expect(target.stats().connectFailures).toBe(1);
  });

  it("grows the pool up to poolSize while connections are busy, and no further", async () => {
    const line = await server();
    const target = endpoint(line.port, { poolSize: 3 });
    for (let round = 0; round < 20; round++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => get(target, round * 100 + i)));
    }
    expect(line.accepted).toBe(3);
  });

  it("fails fast with E_NET_CONNECT_FAILED, then E_NET_UNAVAILABLE during the backoff", async () => {
    const port = await closedPort();
    const target = endpoint(port, { backoff: { initialMs: 60_000 } });
    await expect(get(target, 1)).rejects.toMatchObject({ code: "E_NET_CONNECT_FAILED" });
    expect(target.state).toBe("backoff");
    const started = performance.now();
    await expect(get(target, 2)).rejects.toMatchObject({ code: "E_NET_UNAVAILABLE" });
    expect(performance.now() - started).toBeLessThan(50);
    expect(target.stats()).toMatchObject({ connectFailures: 1, refusedInBackoff: 1 });
  });

  it("comes back by itself once the backoff has passed and the server listens again", async () => {
    const line = await server();
    await line.close();
    const target = endpoint(line.port, { backoff: { initialMs: 50, maxMs: 50, jitter: 0 } });
    await expect(get(target, 1)).rejects.toMatchObject({ code: "E_NET_CONNECT_FAILED" });
    await line.listenAgain();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await expect(get(target, 2)).resolves.toEqual({ id: 2, payload: "v2" });
  });

  it("replaces a lost connection on the next request, without a backoff", async () => {
    const line = await server();
    const target = endpoint(line.port, { poolSize: 1 });
    await get(target, 1);
    line.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(get(target, 2)).resolves.toEqual({ id: 2, payload: "v2" });
    expect(line.accepted).toBe(2);
    expect(target.stats().connectionsLost).toBe(1);
  });

  it("after a timeout, later requests get their own replies on a new connection", async () => {
    const line = await server();
    const target = endpoint(line.port, { poolSize: 1 });
    line.mode = "silent";
    const stalled = Array.from({ length: 50 }, (_, i) => get(target, i, 100));
    const settled = await Promise.allSettled(stalled);
    expect(settled.every((r) => r.status === "rejected")).toBe(true);
    line.mode = "answer";
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => get(target, 1000 + i)));
    expect(replies.map((reply) => reply.payload)).toEqual(replies.map((_, i) => `v${1000 + i}`));
  });

  it("refuses requests after close with E_NET_CLOSED", async () => {
    const line = await server();
    const target = endpoint(line.port);
    await get(target, 1);
    await target.close();
    await expect(get(target, 2)).rejects.toMatchObject({ code: "E_NET_CLOSED" });
    expect(target.state).toBe("closed");
  });
});
