import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The test server, running in a child process of this one. */
export interface ServerProcess {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL("./server-child.js", import.meta.url));

/** Starts `server-child.js` with a `database` and waits for the port it listens on. */
export async function startServerProcess(database: "hash" | "table"): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CHILD, database], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await firstLine(child).then(Number);
  if (!Number.isInteger(port) || port <= 0) {
    child.kill();
    throw new Error(`the server child printed no port (got ${port})`);
  }
  return {
    host: "127.0.0.1",
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.stdin?.end();
      }),
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.once("exit", (code) => reject(new Error(`the server child exited (${code})`)));
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      text += chunk;
      const end = text.indexOf("\n");
      if (end >= 0) resolve(text.slice(0, end));
    });
  });
}
