import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { track } from "./child-registry.js";
import { ServiceError } from "./errors.js";
import { freeLoopbackPort } from "./free-port.js";
import { waitUntilStopped } from "./process-stop.js";

export interface MemcachedOptions {
  /** `-m`: memory for items, in MiB. Default 64. */
  readonly memoryMb?: number;
  /** `-I`: the item size limit, in bytes or as memcached writes it (`"512k"`, `"2m"`). Default memcached's, 1 MiB. */
  readonly maxItemSize?: number | string;
  /** `-c`: the most simultaneous connections. Default memcached's, 1024. */
  readonly maxConnections?: number;
  /** Further arguments, appended as given (e.g. `["-M"]` to refuse stores instead of evicting). */
  readonly args?: readonly string[];
  /** The binary to run. Default `memcached`, looked up on `PATH`. */
  readonly binary?: string;
  /** How long a start (or restart) may take before it fails with `E_START_FAILED`. Default 10 s. */
  readonly startTimeoutMs?: number;
}

/** A memcached process on loopback that a test owns. */
export interface MemcachedServer {
  readonly host: string;
  /** Kept across restarts. */
  readonly port: number;
  /** `host:port`, as memcached clients take it. */
  readonly address: string;
  /** The current process's id; a restart changes it. */
  readonly pid: number;
  /** Whether the process is alive (stalled or not). */
  readonly running: boolean;
  /** Whether the process is stopped by {@link stall}. */
  readonly stalled: boolean;
  /** SIGTERM (plus SIGCONT if stalled), then waits for the exit; SIGKILL after 5 s. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL, then waits for the exit: a crash, with no chance to close connections cleanly. */
  kill(): Promise<void>;
  /**
   * Stops the process if it runs and starts a new one on the same port, which starts empty, like
   * a real restart. Resolves once the new one answers.
   */
  restart(): Promise<void>;
  /**
   * SIGSTOP: the server keeps its connections open but answers nothing, like a hung host. Returns
   * once every thread has stopped (on Linux), so nothing sent afterwards is answered.
   */
  stall(): void;
  /** SIGCONT: answers again, in order, everything sent meanwhile. */
  resume(): void;
  /** Same as {@link stop}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

const HOST = "127.0.0.1";
const DEFAULT_MEMORY_MB = 64;
const DEFAULT_START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 5;
const PROBE_INTERVAL_MS = 20;
const STDERR_KEPT = 4096;

/**
 * Starts a real memcached on 127.0.0.1, on a free port, and resolves once it answers a meta
 * no-op. Every process is killed when the test process exits, even if the test never stops it.
 * Fails with `E_BINARY_NOT_FOUND` when memcached is not installed, `E_START_FAILED` when it
 * exits or does not answer in time (its stderr is in the message).
 */
export async function startMemcached(options: MemcachedOptions = {}): Promise<MemcachedServer> {
  const args = baseArguments(options);
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const server = new MemcachedProcess(options, args, port);
    try {
      await server.restart();
      return server;
    } catch (error) {
      // Another process may take the free port before memcached binds it: ask for another.
      const lostPort = error instanceof ServiceError && /already in use/i.test(error.message);
      if (!lostPort || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

class MemcachedProcess implements MemcachedServer {
  readonly host = HOST;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private isStalled = false;

  constructor(
    private readonly options: MemcachedOptions,
    private readonly args: readonly string[],
    readonly port: number,
  ) {}

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  get stalled(): boolean {
    return this.isStalled;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return this.exited;
    child.kill("SIGTERM");
    // A stopped process only acts on SIGTERM once it runs again.
    if (this.isStalled) child.kill("SIGCONT");
    const forced = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(forced);
  }

  async kill(): Promise<void> {
    this.child?.kill("SIGKILL");
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    const binary = this.options.binary ?? "memcached";
    const child = spawn(binary, [...this.args, "-p", String(this.port)], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
      stderr = (stderr + text).slice(-STDERR_KEPT);
    });
    // Neither the process nor its pipe keeps the test process alive; the registry kills it at exit.
    child.unref();
    (child.stderr as { unref?: () => void } | null)?.unref?.();

    const failure = new Promise<never>((_, reject) => {
      child.once("error", (error: NodeJS.ErrnoException) => {
        reject(
          error.code === "ENOENT"
            ? new ServiceError(
                "E_BINARY_NOT_FOUND",
                `[memcached] "${binary}" not found; install memcached 1.6 or newer (or pass options.binary)`,
                { cause: error },
              )
            : new ServiceError(
                "E_START_FAILED",
                `[memcached] cannot run "${binary}": ${error.message}`,
                {
                  cause: error,
                },
              ),
        );
      });
      // "close", not "exit": by then stderr has been read to its end.
      child.once("close", (code, signal) => {
        reject(
          new ServiceError(
            "E_START_FAILED",
            `[memcached] exited during start (${signal ?? `code ${code}`}) on port ${this.port}: ${stderr.trim()}`,
          ),
        );
      });
    });
    failure.catch(() => {});
    this.exited = new Promise((resolve) => {
      child.once("exit", () => {
        if (this.child === child) {
          this.child = undefined;
          this.isStalled = false;
        }
        resolve();
      });
      child.once("error", () => resolve());
    });
    if (child.pid !== undefined) {
      this.child = child;
      track(child);
    }
    const timeoutMs = this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    try {
      await Promise.race([failure, answersNoop(this.port, timeoutMs)]);
    } catch (error) {
      child.kill("SIGKILL");
      await this.exited;
      throw error instanceof ServiceError
        ? error
        : new ServiceError(
            "E_START_FAILED",
            `[memcached] did not answer on port ${this.port} within ${timeoutMs} ms: ${stderr.trim()}`,
            { cause: error },
          );
    }
  }

  stall(): void {
    this.signalRunning("SIGSTOP");
    this.isStalled = true;
    if (this.child?.pid !== undefined) waitUntilStopped(this.child.pid);
  }

  resume(): void {
    this.signalRunning("SIGCONT");
    this.isStalled = false;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  private signalRunning(signal: NodeJS.Signals): void {
    if (this.child === undefined) {
      throw new ServiceError(
        "E_NOT_RUNNING",
        `[memcached] ${signal} to a server that is not running`,
      );
    }
    this.child.kill(signal);
  }
}

function baseArguments(options: MemcachedOptions): string[] {
  const memoryMb = options.memoryMb ?? DEFAULT_MEMORY_MB;
  checkPositiveInteger("memoryMb", memoryMb);
  const args = ["-l", HOST, "-U", "0", "-m", String(memoryMb)];
  if (options.maxItemSize !== undefined) {
    const size = String(options.maxItemSize);
    if (!/^[1-9]\d*[kKmM]?$/.test(size)) {
      throw new ServiceError(
        "E_INVALID_OPTION",
        `[memcached] maxItemSize must be bytes or like "512k" or "2m", got ${JSON.stringify(options.maxItemSize)}`,
      );
    }
    args.push("-I", size);
  }
  if (options.maxConnections !== undefined) {
    checkPositiveInteger("maxConnections", options.maxConnections);
    args.push("-c", String(options.maxConnections));
  }
  const extra = options.args ?? [];
  // memcached refuses to run as root unless told which user to be.
  if (process.getuid?.() === 0 && !extra.includes("-u")) args.push("-u", "root");
  return [...args, ...extra];
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ServiceError(
      "E_INVALID_OPTION",
      `[memcached] ${name} must be a positive integer, got ${value}`,
    );
  }
}

/** Resolves once the server on `port` answers `mn` with `MN`; retries refused connects. */
async function answersNoop(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe(port, deadline)) return;
    if (Date.now() >= deadline) throw new Error(`no answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
}

function probe(port: number, deadline: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    let received = "";
    const timer = setTimeout(() => done(false), Math.max(0, deadline - Date.now()));
    const done = (answered: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    socket.setEncoding("latin1");
    socket.once("connect", () => socket.write("mn\r\n"));
    socket.on("data", (text: string) => {
      received += text;
      if (received.includes("MN\r\n")) done(true);
    });
    socket.once("error", () => done(false));
    socket.once("close", () => done(false));
  });
}
