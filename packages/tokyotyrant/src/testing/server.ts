import { createServer, type Server, type Socket } from "node:net";
import { InvalidOptionError } from "@tier/core";
import { type ConnectionHost, TestServerConnection } from "./connection.js";
import { createDatabase } from "./database-factory.js";
import type { Database } from "./engine/database.js";
import { EngineCrash } from "./engine/engine-crash.js";
import { handleInput } from "./handlers/dispatch.js";
import { ExtensionRegistry } from "./handlers/extension-registry.js";
import type { ConnectionInfo, HandlerContext, HandlerResult } from "./handlers/handler-context.js";
import type { ResolvedTestServerOptions, TokyoTyrantDatabaseKind } from "./options.js";
import { RequestCounter, type RequestCounts } from "./request-counter.js";
import type { TestServerState, TokyoTyrantTestServer } from "./test-server.js";
import type { TokyoTyrantCommandName } from "./wire/command-code.js";
import type { ParsedInput } from "./wire/requests.js";

/** The test server: a listener, its connections, and the database they share. */
export class TestServer implements TokyoTyrantTestServer, ConnectionHost {
  private listener: Server | undefined;
  private readonly connections = new Set<TestServerConnection>();
  private stalled = false;
  private current: TestServerState = "stopped";
  private crash: string | undefined;
  private connectionNumbers = 0;
  private readonly context: HandlerContext;
  private boundPort: number;

  private constructor(private readonly options: ResolvedTestServerOptions) {
    this.boundPort = options.port;
    this.context = {
      database: createDatabase(options.database),
      extensions: new ExtensionRegistry(options.extensions),
      processCounters: new RequestCounter(),
      lifetimeCounters: new RequestCounter(),
      serverId: options.serverId,
      startedAt: Date.now(),
      master: undefined,
    };
  }

  static async start(options: ResolvedTestServerOptions): Promise<TestServer> {
    const server = new TestServer(options);
    await server.listen();
    return server;
  }

  get host(): string {
    return this.options.host;
  }

  get port(): number {
    return this.boundPort;
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  get database(): TokyoTyrantDatabaseKind {
    return this.options.database;
  }

  get state(): TestServerState {
    return this.current === "listening" && this.stalled ? "stalled" : this.current;
  }

  get recordCount(): number {
    return this.db.recordCount;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  get crashReason(): string | undefined {
    return this.current === "crashed" ? this.crash : undefined;
  }

  get isStalled(): boolean {
    return this.stalled;
  }

  private get db(): Database {
    return this.context.database;
  }

  requestCount(command: TokyoTyrantCommandName): number {
    return this.context.lifetimeCounters.command(command);
  }

  miscCallCount(name: string): number {
    return this.context.lifetimeCounters.snapshot().miscFunctions[name] ?? 0;
  }

  requestCounts(): RequestCounts {
    return this.context.lifetimeCounters.snapshot();
  }

  resetRequestCounts(): void {
    this.context.lifetimeCounters.reset();
  }

  handle(input: ParsedInput, connection: ConnectionInfo): HandlerResult {
    try {
      return handleInput(input, this.context, connection);
    } catch (error) {
      // A bug of the test server must fail the test that met it, not the whole test process.
      const reason =
        error instanceof EngineCrash ? error.reason : `internal error: ${String(error)}`;
      this.simulateCrash(reason);
      return { keep: false };
    }
  }

  forget(connection: TestServerConnection): void {
    this.connections.delete(connection);
  }

  async stop(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    if (this.current === "listening") this.current = "stopped";
    for (const connection of [...this.connections]) connection.destroy();
    if (listener) await new Promise<void>((resolve) => listener.close(() => resolve()));
  }

  async restart(): Promise<void> {
    await this.stop();
    this.db.reopen();
    this.context.processCounters.reset();
    this.context.master = undefined;
    this.context.startedAt = Date.now();
    this.stalled = false;
    await this.listen();
  }

  stall(): void {
    this.stalled = true;
    for (const connection of this.connections) connection.pause();
  }

  resume(): void {
    this.stalled = false;
    for (const connection of [...this.connections]) connection.resume();
  }

  dropConnections(): void {
    for (const connection of [...this.connections]) connection.reset();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private simulateCrash(reason: string): void {
    this.crash = reason;
    this.current = "crashed";
    this.dropConnections();
    const listener = this.listener;
    this.listener = undefined;
    listener?.close();
  }

  private accept(socket: Socket): void {
    if (this.current !== "listening") {
      socket.destroy();
      return;
    }
    this.connectionNumbers++;
    const connection = new TestServerConnection(socket, this.connectionNumbers + 4, this);
    this.connections.add(connection);
  }

  private async listen(): Promise<void> {
    const listener = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      listener.once("error", (error) =>
        reject(
          new InvalidOptionError(
            `[tokyotyrant] test server cannot listen on ${this.host}:${this.boundPort}: ${error.message}`,
          ),
        ),
      );
      listener.listen(this.boundPort, this.host, () => resolve());
    });
    const address = listener.address();
    if (address && typeof address === "object") this.boundPort = address.port;
    this.listener = listener;
    this.current = "listening";
    this.crash = undefined;
  }
}
