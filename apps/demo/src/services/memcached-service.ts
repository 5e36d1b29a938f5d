import { type MemcachedServer, ServiceError, startMemcached } from "@tier/testkit/services";
import { DemoError } from "../errors.js";
import type { ServiceUse } from "../report/model.js";
import { formatAddress, type HostPort, parseServerList } from "./address.js";
import { flushMemcached } from "./memcached-flush.js";
import { probe } from "./probe.js";
import type { ProxyHandle, StandInHost } from "./stand-in-host.js";

/**
 * The memcached servers the demo reads through. The chain always reaches them through a fault
 * proxy each, so the overload phase can stall them without touching anyone's process.
 */
export class MemcachedService {
  private constructor(
    private readonly servers: readonly HostPort[],
    private readonly owned: MemcachedServer | undefined,
    private readonly proxies: readonly ProxyHandle[],
    readonly use: ServiceUse,
  ) {}

  static async connect(
    url: string,
    standIns: StandInHost,
    log: (line: string) => void,
  ): Promise<MemcachedService> {
    const wanted = parseServerList(url, "memcached", 11_211);
    const answers = await Promise.all(
      wanted.map((server) => probe(server, 500, { request: "mn\r\n", expect: "MN" })),
    );
    let servers: readonly HostPort[] = wanted;
    let owned: MemcachedServer | undefined;
    let use: ServiceUse;
    const listed = wanted.map(formatAddress).join(",");
    if (answers.every(Boolean)) {
      use = {
        role: "memcached",
        url: `memcached://${listed}`,
        substituted: false,
        note: `memcached at ${listed}`,
      };
    } else {
      try {
        owned = await startMemcached({ memoryMb: 256 });
      } catch (error) {
        const missing = error instanceof ServiceError && error.code === "E_BINARY_NOT_FOUND";
        throw new DemoError(
          "E_SERVICE_UNAVAILABLE",
          missing
            ? `no memcached answers at ${listed} and no memcached binary is installed: install memcached 1.6+ or set TIER_MEMCACHED_URL / --memcached-url`
            : `no memcached answers at ${listed}, and starting one failed: ${String((error as Error).message)}`,
          { cause: error },
        );
      }
      servers = [{ host: owned.host, port: owned.port }];
      use = {
        role: "memcached",
        url: `memcached://${owned.address}`,
        substituted: true,
        note: `no memcached at ${listed}: started memcached (pid ${owned.pid}) on ${owned.address}`,
      };
    }
    log(use.note);
    const proxies: ProxyHandle[] = [];
    for (const server of servers) proxies.push(await standIns.startProxy(server));
    return new MemcachedService(servers, owned, proxies, use);
  }

  /** What the chain connects to: the proxies, in the order of the real servers. */
  get chainServers(): string[] {
    return this.proxies.map((proxy) => formatAddress(proxy.address));
  }

  get ownsProcess(): boolean {
    return this.owned !== undefined;
  }

  /** Every item gone: flush_all on each real server. */
  async flush(): Promise<void> {
    await Promise.all(this.servers.map((server) => flushMemcached(server)));
  }

  /** A real restart when the demo owns the process; someone else's servers are only flushed. */
  async restart(): Promise<string> {
    if (this.owned !== undefined) {
      const before = this.owned.pid;
      await this.owned.restart();
      return `memcached process restarted (pid ${before} -> ${this.owned.pid}): empty cache`;
    }
    await this.flush();
    return "flush_all on every memcached (not the demo's process, so not restarted)";
  }

  /** Like a memcached too busy to answer: requests are accepted and held, nothing comes back. */
  async stall(): Promise<void> {
    await Promise.all(this.proxies.map((proxy) => proxy.setFault({ kind: "stall" })));
  }

  /** Like a memcached out of connections: open connections reset, new ones refused. */
  async refuse(): Promise<void> {
    await Promise.all(
      this.proxies.map(async (proxy) => {
        await proxy.setFault({ kind: "refuse" });
        await proxy.resetAll();
      }),
    );
  }

  /** Ends any stall or refusal; held requests are released (their callers gave up long ago). */
  async clearFaults(): Promise<void> {
    await Promise.all(this.proxies.map((proxy) => proxy.clearFault()));
  }

  /** Makes sure the owned process runs (an interrupted restart may have left it down). */
  async ensureRunning(): Promise<void> {
    if (this.owned !== undefined && !this.owned.running) await this.owned.restart();
  }

  /** Stops the memcached the demo started; the proxies end with the stand-in process. */
  async close(): Promise<void> {
    await this.clearFaults().catch(() => undefined);
    await this.owned?.stop();
  }
}
