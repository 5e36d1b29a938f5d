import { endianness, loadavg } from "node:os";
import { COMMAND_NAMES } from "../wire/command-code.js";
import type { ConnectionInfo, HandlerContext } from "./handler-context.js";

const OS_NAMES: Readonly<Record<string, string>> = {
  linux: "Linux",
  darwin: "Mac OS X",
  freebsd: "FreeBSD",
  openbsd: "OpenBSD",
  sunos: "SunOS",
  win32: "Windows",
};

/**
 * The text of `stat`: `name\tvalue\n` lines with the names and order of ttserver 1.1.41. Values
 * that describe the real process (time, pid, memory, CPU) describe this Node process instead.
 */
export function statReport(context: HandlerContext, connection: ConnectionInfo): string {
  const { database, processCounters: counters } = context;
  const now = Date.now();
  const lines: [string, string | number][] = [
    ["version", "1.1.41"],
    ["libver", 324],
    ["protver", "0.91"],
    ["os", OS_NAMES[process.platform] ?? process.platform],
    ["time", (now / 1000).toFixed(6)],
    ["pid", process.pid],
    ["sid", context.serverId],
    ["type", database.statType],
    ["path", database.statPath],
    ["rnum", database.recordCount],
    ["size", database.sizeInBytes],
  ];
  const fatal = database.fatalDescription();
  if (fatal !== undefined) lines.push(["fatal", fatal]);
  lines.push(["bigend", endianness() === "BE" ? 1 : 0]);
  const master = context.master;
  if (master && master.host.length > 0) {
    lines.push(
      ["mhost", master.host],
      ["mport", master.port],
      ["rts", "0"],
      ["delay", (now / 1000).toFixed(6)],
    );
  }
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  lines.push(
    ["fd", connection.number],
    ["loadavg", (loadavg()[1] ?? 0).toFixed(6)],
    ["memsize", memory.heapTotal + memory.external],
    ["memrss", memory.rss],
    ["ru_user", (cpu.user / 1e6).toFixed(6)],
    ["ru_sys", (cpu.system / 1e6).toFixed(6)],
    ["ru_real", ((now - context.startedAt) / 1000).toFixed(6)],
  );
  for (const name of COMMAND_NAMES) lines.push([`cnt_${name}`, counters.command(name)]);
  lines.push(
    ["cnt_put_miss", counters.miss("put_miss")],
    ["cnt_out_miss", counters.miss("out_miss")],
    ["cnt_get_miss", counters.miss("get_miss")],
  );
  return lines.map(([name, value]) => `${name}\t${value}\n`).join("");
}
