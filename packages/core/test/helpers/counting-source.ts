import type { Source, SourceCallOptions } from "../../src/index.js";

export interface Row {
  readonly id: string;
  readonly name: string;
}

/**
 * A source that knows every key except those in `missing`, answers `{ id, name }` so that a value
 * always tells which key it belongs to, and counts its calls and the largest number of calls that
 * ran at once.
 */
export class CountingSource implements Source<Row> {
  readonly name = "counting";
  readonly calls: string[][] = [];
  readonly missing = new Set<string>();
  running = 0;
  maxRunning = 0;
  delayMs = 0;
  failWith: Error | undefined;
  hang = false;
  /** Bumped to make later loads return new values (a row that changed in the database). */
  version = 1;
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  get keysLoaded(): number {
    return this.calls.reduce((n, c) => n + c.length, 0);
  }

  /** Holds every load until `release()`. */
  hold(): void {
    this.gate = new Promise((resolve) => {
      this.openGate = resolve;
    });
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  async loadMany(keys: readonly string[], _options: SourceCallOptions): Promise<Map<string, Row>> {
    this.calls.push([...keys]);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const version = this.version;
    try {
      if (this.gate !== undefined) await this.gate;
      if (this.hang) await new Promise<void>(() => {});
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      if (this.failWith !== undefined) throw this.failWith;
      const rows = new Map<string, Row>();
      for (const key of keys) {
        if (!this.missing.has(key)) rows.set(key, rowFor(key, version));
      }
      return rows;
    } finally {
      this.running--;
    }
  }
}

export function rowFor(key: string, version = 1): Row {
  return { id: key, name: version === 1 ? `row ${key}` : `row ${key} v${version}` };
}
