/** Where the examples find their servers: the same variables the demo reads. */
export interface ExampleServers {
  /** `memcached://host:port`; when absent the example starts its own memcached. */
  readonly memcachedUrl?: string | undefined;
  /** `tt://host:port`; when absent the example starts the TT-compatible test server. */
  readonly tokyoTyrantUrl?: string | undefined;
  /** `mysql://user[:password]@host:port/database`. */
  readonly mysqlUrl: string;
}

export function serversFromEnvironment(env: NodeJS.ProcessEnv = process.env): ExampleServers {
  return {
    memcachedUrl: nonEmpty(env.TIER_MEMCACHED_URL),
    tokyoTyrantUrl: nonEmpty(env.TIER_TOKYOTYRANT_URL),
    mysqlUrl: nonEmpty(env.TIER_MYSQL_URL) ?? "mysql://root@127.0.0.1:3306/test",
  };
}

const defaultPorts = { "memcached:": "11211", "tt:": "1978" } as const;

/** `memcached://10.0.0.1:11211` -> `10.0.0.1:11211`, what the adapters take; default ports filled in. */
export function hostAndPort(url: string, scheme: "memcached:" | "tt:"): string {
  const parsed = new URL(url);
  if (parsed.protocol !== scheme || parsed.hostname === "") {
    throw new Error(`expected ${scheme}//host:port, got ${url}`);
  }
  return `${parsed.hostname}:${parsed.port === "" ? defaultPorts[scheme] : parsed.port}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
