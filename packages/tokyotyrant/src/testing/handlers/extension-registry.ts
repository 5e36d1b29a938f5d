import type { Database } from "../engine/database.js";
import type { ExtensionCall, ExtensionDatabase, TokyoTyrantExtension } from "../extension.js";
import { luaNumberText } from "./lua-number-text.js";

function toBuffer(data: string | Uint8Array): Buffer {
  return typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
}

/**
 * The functions `ext` can call. Like ttserver's Lua glue, it refuses names starting with `_`
 * (reserved for the built-in functions) and names nobody registered.
 */
export class ExtensionRegistry {
  private readonly functions: ReadonlyMap<string, TokyoTyrantExtension>;

  constructor(extensions: Readonly<Record<string, TokyoTyrantExtension>> | undefined) {
    this.functions = new Map(Object.entries(extensions ?? {}));
  }

  /** The reply bytes, or `undefined` where the server answers status 1. */
  call(
    name: Buffer,
    key: Buffer,
    value: Buffer,
    options: number,
    database: Database,
  ): Buffer | undefined {
    const nul = name.indexOf(0);
    const functionName = (nul < 0 ? name : name.subarray(0, nul)).toString("utf8");
    if (functionName.startsWith("_")) return undefined;
    const extension = this.functions.get(functionName);
    if (!extension) return undefined;
    const call: ExtensionCall = {
      name: functionName,
      keyBytes: key,
      valueBytes: value,
      options,
      database: extensionDatabase(database),
    };
    try {
      return resultBytes(extension(key.toString("utf8"), value.toString("utf8"), call));
    } catch {
      return undefined;
    }
  }
}

function extensionDatabase(database: Database): ExtensionDatabase {
  return {
    get: (key) => database.get(toBuffer(key)),
    put: (key, value) => database.put(toBuffer(key), toBuffer(value)),
    out: (key) => database.out(toBuffer(key)),
  };
}

function resultBytes(result: unknown): Buffer | undefined {
  if (typeof result === "string" || result instanceof Uint8Array) return toBuffer(result);
  if (typeof result === "number") return Buffer.from(luaNumberText(result), "latin1");
  if (result === true) return Buffer.from("true", "latin1");
  if (Array.isArray(result)) return result.length > 0 ? resultBytes(result[0]) : undefined;
  return undefined;
}
