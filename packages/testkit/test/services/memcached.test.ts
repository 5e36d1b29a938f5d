import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterEach, describe, expect, it } from "vitest";
import { type MemcachedServer, ServiceError, startMemcached } from "../../src/services/index.js";

const servers: MemcachedServer[] = [];

async function started(options?: Parameters<typeof startMemcached>[0]): Promise<MemcachedServer> {
  const server = await startMemcached(options);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** Sends `request` on a new connection; resolves with what came back once it contains `until`. */
function exchange(port: number, request: string, until: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let received = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no ${JSON.stringify(until)} within ${timeoutMs} ms; got ${JSON.stringify(received)}`,
        ),
      );
    }, timeoutMs);
    socket.setEncoding("latin1");
    socket.on("connect", () => socket.write(request));
    socket.on("data", (text: string) => {
      received += text;
      if (received.includes(until)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(received);
      }
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Resolves with the error code of a connect to `port` (e.g. ECONNREFUSED), or "connected". */
function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.on("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
  });
}

/** Whether `pid` is a live process (a zombie waiting to be reaped counts as gone). */
async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).charAt(0) !== "Z";
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function settings(port: number): Promise<Map<string, string>> {
  const text = await exchange(port, "stats settings\r\n", "END\r\n");
  return new Map(
    text
      .split("\r\n")
      .filter((line) => line.startsWith("STAT "))
      .map((line) => {
        const [, name, value] = line.split(" ");
        return [name as string, value as string];
      }),
  );
}

describe("startMemcached", () => {
  it("starts a memcached on loopback that stores and returns values", async () => {
    const server = await started();
    expect(server.host).toBe("127.0.0.1");
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
    expect(await isAlive(server.pid)).toBe(true);
    expect(server.running).toBe(true);
    const reply = await exchange(server.port, "ms k 5 T0\r\nhello\r\nmg k v\r\n", "hello\r\n");
    expect(reply).toBe("HD\r\nVA 5\r\nhello\r\n");
  });

  it("gives each server its own port", async () => {
    const [a, b] = await Promise.all([started(), started()]);
    expect(a?.port).not.toBe(b?.port);
    await exchange(a?.port ?? 0, "ms only-a 1\r\nA\r\n", "HD\r\n");
    expect(await exchange(b?.port ?? 0, "mg only-a v\r\n", "\r\n")).toBe("EN\r\n");
  });

  it("passes memory, item size, connection limit and extra arguments to memcached", async () => {
    const server = await started({
      memoryMb: 32,
      maxItemSize: "2m",
      maxConnections: 77,
      args: ["-R", "7"],
    });
    const stats = await settings(server.port);
    expect(stats.get("maxbytes")).toBe(String(32 * 1024 * 1024));
    expect(stats.get("item_size_max")).toBe(String(2 * 1024 * 1024));
    expect(stats.get("maxconns")).toBe("77");
    expect(stats.get("reqs_per_event")).toBe("7");
    expect(stats.get("udpport")).toBe("0");
    expect(stats.get("inter")).toBe("127.0.0.1");
    expect(stats.get("tcpport")).toBe(String(server.port));
  });

  it("stop() ends the process and closes the port; a second stop() is a no-op", async () => {
    const server = await started();
    const pid = server.pid;
    await server.stop();
    expect(server.running).toBe(false);
    await eventually(async () => !(await isAlive(pid)), "the process is gone");
    expect(await connectOutcome(server.port)).toBe("ECONNREFUSED");
    await server.stop();
  });

  it("kill() ends the process at once", async () => {
    const server = await started();
    const pid = server.pid;
    await server.kill();
    await eventually(async () => !(await isAlive(pid)), "the process is gone");
    expect(await connectOutcome(server.port)).toBe("ECONNREFUSED");
  });

  it("restart() keeps the port, starts a new process, and starts empty", async () => {
    const server = await started();
    const { port, pid } = server;
    await exchange(port, "ms before 3 T0\r\nold\r\n", "HD\r\n");
    await server.restart();
    expect(server.port).toBe(port);
    expect(server.pid).not.toBe(pid);
    expect(await isAlive(pid)).toBe(false);
    expect(await exchange(port, "mg before v\r\n", "\r\n")).toBe("EN\r\n");
  });

  it("restart() after kill() brings the server back", async () => {
    const server = await started();
    await server.kill();
    await server.restart();
    expect(await exchange(server.port, "mn\r\n", "MN\r\n")).toBe("MN\r\n");
  });

  it("stall() freezes the server with its connections open; resume() answers what was sent", async () => {
    const server = await started();
    server.stall();
    expect(server.stalled).toBe(true);
    const answered = exchange(server.port, "mn\r\n", "MN\r\n", 10_000);
    const early = await Promise.race([
      answered.then(() => "answered"),
      new Promise((resolve) => setTimeout(() => resolve("silent"), 300)),
    ]);
    expect(early).toBe("silent");
    server.resume();
    expect(server.stalled).toBe(false);
    expect(await answered).toBe("MN\r\n");
  });

  it("stall() returns only once the server has stopped: a request sent right after is not answered", async () => {
    const server = await started();
    // A worker thread busy with an open connection is the one that could still answer.
    const socket = connect({ host: "127.0.0.1", port: server.port });
    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    try {
      for (let round = 0; round < 20; round++) {
        received = "";
        socket.write("mn\r\n");
        while (received !== "MN\r\n") await new Promise((resolve) => setTimeout(resolve, 1));
        received = "";
        server.stall();
        socket.write("mn\r\n");
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(received, `round ${round}`).toBe("");
        server.resume();
        while (received !== "MN\r\n") await new Promise((resolve) => setTimeout(resolve, 1));
      }
    } finally {
      socket.destroy();
    }
  });

  it("stop() ends a stalled server too", async () => {
    const server = await started();
    const pid = server.pid;
    server.stall();
    await server.stop();
    await eventually(async () => !(await isAlive(pid)), "the process is gone");
  });

  it("stall() on a stopped server fails with E_NOT_RUNNING", async () => {
    const server = await started();
    await server.stop();
    expect(() => server.stall()).toThrowError(expect.objectContaining({ code: "E_NOT_RUNNING" }));
  });

  it("await using stops the server", async () => {
    let pid = 0;
    {
      await using server = await startMemcached();
      pid = server.pid;
      expect(await isAlive(pid)).toBe(true);
    }
    await eventually(async () => !(await isAlive(pid)), "the process is gone");
  });

  it("fails with E_BINARY_NOT_FOUND when the binary is missing", async () => {
    const error = await startMemcached({ binary: "memcached-that-is-not-installed" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: "E_BINARY_NOT_FOUND" });
    expect((error as Error).message).toContain("memcached-that-is-not-installed");
  });

  it("fails with E_START_FAILED and memcached's own words when it refuses to start", async () => {
    const error = await startMemcached({ args: ["--no-such-option"] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_START_FAILED" });
    expect((error as Error).message).toMatch(/no-such-option|invalid|unrecognized/i);
  });

  it.each([
    [{ memoryMb: 0 }],
    [{ memoryMb: 1.5 }],
    [{ maxConnections: -1 }],
    [{ maxItemSize: "2 m" }],
    [{ maxItemSize: 0 }],
  ])("refuses %j with E_INVALID_OPTION", async (options) => {
    await expect(startMemcached(options)).rejects.toMatchObject({ code: "E_INVALID_OPTION" });
  });
});

describe("startMemcached leaves no server behind", () => {
  /**
   * Runs the current sources in a child Node process (transpiled, since the child cannot load
   * TypeScript), which starts a memcached and prints its pid, then ends as `how` says.
   */
  async function orphanCheck(how: "exit" | "throw" | "sigterm"): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), "tier-services-"));
    try {
      const sources = new URL("../../src/services/", import.meta.url);
      for (const name of await readdir(sources)) {
        const source = await readFile(new URL(name, sources), "utf8");
        const { outputText } = ts.transpileModule(source, {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        });
        await writeFile(join(dir, name.replace(/\.ts$/, ".js")), outputText);
      }
      const script = `
        import { startMemcached } from "./index.js";
        const server = await startMemcached();
        console.log(server.pid);
        process.stdin.once("data", () => {
          if (${JSON.stringify(how)} === "exit") process.exit(3);
          if (${JSON.stringify(how)} === "throw") throw new Error("crash");
        });
      `;
      await writeFile(join(dir, "package.json"), '{"type":"module"}');
      await writeFile(join(dir, "main.js"), script);
      const child = spawn(process.execPath, [join(dir, "main.js")], {
        stdio: ["pipe", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (text: string) => {
        out += text;
      });
      await eventually(
        async () => /\d+\n/.test(out),
        "the child printed the memcached pid",
        15_000,
      );
      const pid = Number(out.trim());
      expect(await isAlive(pid)).toBe(true);
      if (how === "sigterm") child.kill("SIGTERM");
      else child.stdin.write("go\n");
      await new Promise((resolve) => child.once("exit", resolve));
      await eventually(async () => !(await isAlive(pid)), "memcached is gone");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it("when the test process exits without stopping it", () => orphanCheck("exit"));
  it("when the test process crashes on an uncaught exception", () => orphanCheck("throw"));
  it("when the test process is terminated by SIGTERM", () => orphanCheck("sigterm"));
});
