import type { Source } from "@tier/core";
import type { MysqlSource } from "@tier/mysql";
import type { DemoItem } from "../item.js";

/**
 * The MySQL source, counting the rows it returns for ids that had been read before the current
 * phase began: the number the restart acceptance is about. `readBefore` is swapped at each phase
 * boundary by the recorder.
 */
export class CountingSource implements Source<DemoItem> {
  readonly name: string;
  rowsPreviouslyRead = 0;
  readBefore: Uint8Array = new Uint8Array(0);

  constructor(readonly inner: MysqlSource<DemoItem>) {
    this.name = inner.name;
  }

  async loadMany(
    keys: readonly string[],
    options: Parameters<Source<DemoItem>["loadMany"]>[1],
  ): Promise<Map<string, DemoItem>> {
    const rows = await this.inner.loadMany(keys, options);
    for (const id of rows.keys()) if (this.readBefore[Number(id)] === 1) this.rowsPreviouslyRead++;
    return rows;
  }

  /** The chain closes its source; the MySQL source is shared by both runs and closed at the end. */
  async close(): Promise<void> {}
}
