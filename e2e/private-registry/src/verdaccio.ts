import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freeLoopbackPort } from "@tier/testkit/services";

const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 5;
const OUTPUT_KEPT = 4_000;

/**
 * `@tier/*` is served from this registry's own storage and nothing else is served at all: no
 * uplinks, no other package pattern. Anyone may read, only an authenticated user may publish.
 * Paths are relative to the configuration file, so the whole registry lives in one directory.
 */
const CONFIG = `storage: ./storage
auth:
  htpasswd:
    file: ./htpasswd
    max_users: 1
uplinks: {}
packages:
  "@tier/*":
    access: $all
    publish: $authenticated
    unpublish: $authenticated
web:
  enable: false
middlewares:
  audit:
    enabled: false
log:
  type: stdout
  format: json
  level: warn
`;

export type VerdaccioErrorCode = "E_VERDACCIO_START" | "E_VERDACCIO_REQUEST";

export class VerdaccioError extends Error {
  readonly code: VerdaccioErrorCode;

  constructor(code: VerdaccioErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[verdaccio] ${message}`, options);
    this.name = "VerdaccioError";
    this.code = code;
  }
}

/** A verdaccio process on loopback that a test owns. */
export interface Verdaccio {
  /** The registry's URL, with a trailing slash, as `.npmrc` files take it. */
  readonly url: string;
  readonly pid: number;
  /** Creates a user (npm's `adduser` request) and resolves with its token. */
  addUser(name: string, password: string): Promise<string>;
  /** SIGTERM to the process started here, then waits for its exit; SIGKILL after 5 s. Idempotent. */
  stop(): Promise<void>;
}

/** Starts verdaccio with its storage, users and configuration in `directory`, on a free port. */
export async function startVerdaccio(directory: string): Promise<Verdaccio> {
  mkdirSync(directory, { recursive: true });
  const configFile = join(directory, "config.yaml");
  writeFileSync(configFile, CONFIG);
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    try {
      return await startOn(configFile, port);
    } catch (error) {
      // Another process may take the free port before verdaccio binds it: ask for another.
      const lostPort = error instanceof VerdaccioError && /EADDRINUSE/.test(error.message);
      if (!lostPort || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

function verdaccioBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("verdaccio/package.json")), "bin", "verdaccio");
}

async function startOn(configFile: string, port: number): Promise<Verdaccio> {
  const child = spawn(
    process.execPath,
    [verdaccioBin(), "--config", configFile, "--listen", `${HOST}:${port}`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const keep = (chunk: string): void => {
    output = (output + chunk).slice(-OUTPUT_KEPT);
  };
  child.stdout?.setEncoding("utf8").on("data", keep);
  child.stderr?.setEncoding("utf8").on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // A crashed test run must not leave the registry behind: nothing else would stop it.
  const killOnExit = (): void => {
    child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);
  void exited.then(() => process.off("exit", killOnExit));

  const server = new VerdaccioProcess(child, `http://${HOST}:${port}/`, exited);
  try {
    await waitUntilAnswering(server.url, exited, () => output);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilAnswering(
  url: string,
  exited: Promise<void>,
  output: () => string,
): Promise<void> {
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited) throw new VerdaccioError("E_VERDACCIO_START", `exited:\n${output()}`);
    try {
      const response = await fetch(`${url}-/ping`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new VerdaccioError(
    "E_VERDACCIO_START",
    `no answer within ${START_TIMEOUT_MS} ms:\n${output()}`,
  );
}

class VerdaccioProcess implements Verdaccio {
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly exited: Promise<void>,
  ) {}

  get pid(): number {
    return this.child.pid ?? 0;
  }

  async addUser(name: string, password: string): Promise<string> {
    const response = await fetch(`${this.url}-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        _id: `org.couchdb.user:${name}`,
        name,
        password,
        type: "user",
        roles: [],
      }),
    });
    const body = (await response.json()) as { token?: unknown };
    if (!response.ok || typeof body.token !== "string") {
      throw new VerdaccioError(
        "E_VERDACCIO_REQUEST",
        `adding user ${name}: HTTP ${response.status} ${JSON.stringify(body)}`,
      );
    }
    return body.token;
  }

  stop(): Promise<void> {
    this.stopping ??= this.terminate();
    return this.stopping;
  }

  private async terminate(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
