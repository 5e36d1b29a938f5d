import { createTokyoTyrantClient } from "@tier/tokyotyrant";
import type { ServiceUse } from "../report/model.js";
import { formatAddress, type HostPort, parseServerList } from "./address.js";
import { probe } from "./probe.js";
import type { ProxyHandle, StandInHost } from "./stand-in-host.js";

/**
 * The Tokyo Tyrant server (a hash database) the demo reads through. The TT-compatible test
 * server the demo starts is reached directly and stopped for "TT down"; someone else's server is
 * reached through a fault proxy, which refuses for "TT down".
 */
export class TokyoTyrantService {
  private constructor(
    private readonly server: HostPort,
    private readonly standIns: StandInHost,
    private readonly owned: boolean,
    private readonly proxy: ProxyHandle | undefined,
    readonly use: ServiceUse,
  ) {}

  static async connect(
    url: string,
    standIns: StandInHost,
    log: (line: string) => void,
  ): Promise<TokyoTyrantService> {
    const wanted = parseServerList(url, "tt", 1978);
    const first = wanted[0]!;
    if (wanted.length > 1) log(`Tokyo Tyrant: the demo uses one server, ${formatAddress(first)}`);
    let service: TokyoTyrantService;
    if (await probe(first, 500)) {
      const proxy = await standIns.startProxy(first);
      service = new TokyoTyrantService(first, standIns, false, proxy, {
        role: "tokyotyrant",
        url: `tt://${formatAddress(first)}`,
        substituted: false,
        note: `Tokyo Tyrant at ${formatAddress(first)} (read as a hash database)`,
      });
    } else {
      const address = await standIns.startTokyoTyrant();
      service = new TokyoTyrantService(address, standIns, true, undefined, {
        role: "tokyotyrant",
        url: `tt://${formatAddress(address)}`,
        substituted: true,
        note: `no Tokyo Tyrant at ${formatAddress(first)}: started the TT-compatible test server (hash database, in a child process of the demo) on ${formatAddress(address)}`,
      });
    }
    log(service.use.note);
    return service;
  }

  get chainServer(): string {
    return formatAddress(this.proxy?.address ?? this.server);
  }

  /**
   * Removes what the demo stored, so a cold start is really cold: the whole database of the test
   * server the demo owns (`vanish`), only the demo's keys on someone else's server.
   */
  async empty(keyPrefix: string): Promise<string> {
    await using client = createTokyoTyrantClient({
      servers: formatAddress(this.server),
      timeoutMs: 10_000,
    });
    if (this.owned) {
      await client.vanish();
      return "Tokyo Tyrant emptied (vanish)";
    }
    const keys = await client.fwmKeys(keyPrefix);
    for (let start = 0; start < keys.length; start += 1_000) {
      await client.outMany(keys.slice(start, start + 1_000));
    }
    return `${keys.length} demo keys removed from Tokyo Tyrant`;
  }

  /** Takes TT away: the test server is stopped when owned, otherwise its proxy refuses. */
  async takeDown(): Promise<string> {
    if (this.proxy === undefined) {
      await this.standIns.stopTokyoTyrant();
      return "Tokyo Tyrant test server stopped";
    }
    await this.proxy.setFault({ kind: "refuse" });
    await this.proxy.resetAll();
    return "Tokyo Tyrant unreachable: its proxy resets every connection";
  }

  async bringBack(): Promise<string> {
    if (this.proxy === undefined) {
      await this.standIns.restartTokyoTyrant();
      return "Tokyo Tyrant test server started again (its data kept)";
    }
    await this.proxy.clearFault();
    return "Tokyo Tyrant reachable again";
  }
}
