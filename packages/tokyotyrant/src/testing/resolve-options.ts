import { InvalidOptionError } from "@tier/core";
import type { ResolvedTestServerOptions, TokyoTyrantTestServerOptions } from "./options.js";

const DATABASES = ["hash", "table", "memory"];

function invalid(message: string): InvalidOptionError {
  return new InvalidOptionError(`[tokyotyrant] test server: ${message}`);
}

/** Checks the options and fills in the defaults. */
export function resolveTestServerOptions(
  options: TokyoTyrantTestServerOptions,
): ResolvedTestServerOptions {
  if (!DATABASES.includes(options.database)) {
    throw invalid(
      `database must be one of ${DATABASES.join(", ")}, not ${JSON.stringify(options.database)}`,
    );
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw invalid(`port must be an integer from 0 to 65535, not ${String(port)}`);
  }
  const serverId = options.serverId ?? 0;
  if (!Number.isInteger(serverId) || serverId < 0 || serverId > 0xffff_ffff) {
    throw invalid(`serverId must be an integer from 0 to 4294967295, not ${String(serverId)}`);
  }
  const extensions = options.extensions ?? {};
  for (const [name, extension] of Object.entries(extensions)) {
    if (typeof extension !== "function")
      throw invalid(`extension ${JSON.stringify(name)} is not a function`);
  }
  return {
    database: options.database,
    host: options.host ?? "127.0.0.1",
    port,
    extensions,
    serverId,
  };
}
