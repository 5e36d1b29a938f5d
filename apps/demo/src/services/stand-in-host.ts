import { type ChildProcess, fork } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { Fault } from "@tier/testkit/fault-proxy";
import { DemoError } from "../errors.js";
import type { StandInAddress, StandInReply, StandInRequest } from "./stand-in-protocol.js";

/**
 * The demo's handle on the stand-in process (see `stand-in-protocol.ts`), a child of the demo
 * process. Everything it starts lives there and ends with `close()`; the child also ends when
 * the demo process does, however it ends (it watches its IPC channel).
 */
export class StandInHost {
  private readonly child: ChildProcess;
  private nextId = 0;
  private readonly pending = new Map<number, (reply: StandInReply) => void>();
  private closed = false;

  constructor(private readonly warn: (line: string) => void) {
    this.child = fork(fileURLToPath(new URL("./stand-in-process.js", import.meta.url)), [], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child.on("message", (reply: StandInReply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
    this.child.on("error", (error) => this.failAll(error.message));
    this.child.on("exit", () => {
      this.closed = true;
      this.failAll("the stand-in process exited");
    });
    process.once("exit", this.killChild);
  }

  async startProxy(target: StandInAddress): Promise<ProxyHandle> {
    const reply = await this.call({
      op: "startProxy",
      target: { host: target.host, port: target.port },
    });
    return new ProxyHandle(this, reply.proxy ?? -1, reply.address!);
  }

  async startTokyoTyrant(): Promise<StandInAddress> {
    return (await this.call({ op: "startTokyoTyrant" })).address!;
  }

  async stopTokyoTyrant(): Promise<void> {
    await this.call({ op: "stopTokyoTyrant" });
  }

  async restartTokyoTyrant(): Promise<void> {
    await this.call({ op: "restartTokyoTyrant" });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // The child's own goodbye (closing proxies and the test server) gets a few seconds; then it
    // is killed with whatever it still holds.
    const answered = await Promise.race([
      this.call({ op: "closeAll" }).then(
        () => true,
        () => true,
      ),
      sleep(3_000).then(() => false),
    ]);
    if (!answered) this.warn("the stand-in process did not close in 3 s: killed");
    this.closed = true;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGKILL");
      await exited;
    }
    process.off("exit", this.killChild);
  }

  private readonly killChild = (): void => {
    this.child.kill("SIGKILL");
  };

  call(request: StandInRequest): Promise<StandInReply & { ok: true }> {
    if (this.closed)
      return Promise.reject(new DemoError("E_SERVICE_UNAVAILABLE", "stand-ins closed"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) => {
        if (reply.ok) resolve(reply);
        else
          reject(
            new DemoError(
              "E_SERVICE_UNAVAILABLE",
              `stand-in ${request.op} failed: ${reply.message}`,
            ),
          );
      });
      this.child.send({ id, request });
    });
  }

  private failAll(message: string): void {
    for (const settle of this.pending.values()) settle({ id: -1, ok: false, message });
    this.pending.clear();
  }
}

/** One fault proxy in the stand-in process. */
export class ProxyHandle {
  fault: Fault | undefined;

  constructor(
    private readonly host: StandInHost,
    private readonly index: number,
    readonly address: StandInAddress,
  ) {}

  async setFault(fault: Fault): Promise<void> {
    this.fault = fault;
    await this.host.call({ op: "setFault", proxy: this.index, fault });
  }

  async clearFault(): Promise<void> {
    if (this.fault === undefined) return;
    this.fault = undefined;
    await this.host.call({ op: "clearFault", proxy: this.index });
  }

  async resetAll(): Promise<void> {
    await this.host.call({ op: "resetAll", proxy: this.index });
  }
}
