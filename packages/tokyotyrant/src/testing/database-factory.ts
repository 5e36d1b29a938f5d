import type { Database, DatabaseKind } from "./engine/database.js";
import { HashDatabase } from "./engine/hash-db.js";
import { MemoryDatabase } from "./engine/memory-db.js";
import { TableDatabase } from "./engine/table-db.js";

export function createDatabase(kind: DatabaseKind): Database {
  switch (kind) {
    case "hash":
      return new HashDatabase();
    case "table":
      return new TableDatabase();
    case "memory":
      return new MemoryDatabase();
  }
}
