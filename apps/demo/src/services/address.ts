import { DemoError } from "../errors.js";

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * Reads `scheme://host:port[,host:port...]` or a bare `host:port` list into addresses, the port
 * defaulting to the service's own.
 */
export function parseServerList(url: string, scheme: string, defaultPort: number): HostPort[] {
  const withoutScheme = url.replace(new RegExp(`^${scheme}://`, "i"), "");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(withoutScheme)) {
    throw new DemoError("E_USAGE", `expected a ${scheme}:// URL or host:port, got "${url}"`);
  }
  const servers = withoutScheme
    .split(",")
    .map((part) => part.trim().replace(/\/.*$/, ""))
    .filter((part) => part !== "")
    .map((part) => parseHostPort(part, defaultPort, url));
  if (servers.length === 0) throw new DemoError("E_USAGE", `no server in "${url}"`);
  return servers;
}

function parseHostPort(text: string, defaultPort: number, url: string): HostPort {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(text);
  const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
  if (match === null || port < 1 || port > 65_535) {
    throw new DemoError("E_USAGE", `cannot read host:port "${text}" in "${url}"`);
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ""), port };
}

export function formatAddress(address: HostPort): string {
  return address.host.includes(":")
    ? `[${address.host}]:${address.port}`
    : `${address.host}:${address.port}`;
}

/** The URL with its password replaced, fit to print. */
export function withoutPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}
