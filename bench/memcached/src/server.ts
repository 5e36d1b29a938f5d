import { type ChildProcess, spawn } from "node:child_process";
import { connect, createServer } from "node:net";

/** A memcached the benchmark starts on a free loopback port and stops at the end. */
export interface BenchServer {
  readonly port: number;
  readonly address: string;
  stop(): Promise<void>;
}

export async function startMemcached(memoryMb = 256): Promise<BenchServer> {
  const port = await freePort();
  const args = ["-l", "127.0.0.1", "-p", String(port), "-U", "0", "-m", String(memoryMb)];
  if (process.getuid?.() === 0) args.push("-u", "root");
  const child: ChildProcess = spawn("memcached", args, { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.once("exit", () => child.kill("SIGKILL"));
  await answers(port);
  return {
    port,
    address: `127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function answers(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => socket.write("mn\r\n"));
      socket.once("data", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("memcached did not start (is it installed?)");
}
