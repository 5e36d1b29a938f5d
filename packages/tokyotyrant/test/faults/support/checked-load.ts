import { setTimeout as sleep } from "node:timers/promises";
import { NetError, ProtocolError } from "@tier/core";
import type { TokyoTyrantClient } from "../../../src/index.js";
import { valueFor } from "../../client/support/servers.js";

export function keySpace(size: number): string[] {
  return Array.from({ length: size }, (_, i) => `fault:${i}`);
}

/** What a load saw. Tests assert `wrong` is empty and `late` is empty. */
export interface LoadReport {
  operations: number;
  successes: number;
  /** Failures by error code. */
  failures: Map<string, number>;
  /** Answers that were not the key's own value (must never happen). */
  wrong: string[];
  /**
   * Answers holding bytes with the high bit set: the fault proxy's garbage (every garbage byte
   * has it, no stored value does) read as part of a value. Tokyo Tyrant replies carry no
   * checksum, so bytes slipped into a reply cannot be told from the value; only tests that
   * inject garbage may see these.
   */
  corrupted: string[];
  /** Errors that are not `NetError`/`ProtocolError` (must never happen). */
  untyped: unknown[];
  /** Operations that took longer than their deadline plus the margin (must never happen). */
  late: number[];
  /** `performance.now()` of the last success, to see that the load recovered after a fault. */
  lastSuccessAt: number;
}

export interface LoadOptions {
  readonly client: TokyoTyrantClient;
  readonly keys: readonly string[];
  /** Operations to run in all. */
  readonly operations: number;
  /** Operations in flight at once. */
  readonly concurrency: number;
  /** The client's `timeoutMs`. */
  readonly deadlineMs: number;
  /** Allowed lateness past the deadline: timers on a loaded machine fire late. */
  readonly marginMs: number;
  /** Called after every 1,000th operation, e.g. to inject the next fault. */
  readonly onProgress?: (done: number) => void;
  /** A worker whose operation failed waits this long before its next one, as a real caller would. */
  readonly pauseAfterFailureMs?: number;
}

/**
 * Runs a mix of reads and writes, every one of which stores or expects `valueFor(key)`: `get`,
 * `getMany` (5 keys), `vsiz`, `put`, `putMany` (3 keys), `putNr`. Every key must have been
 * stored before, so a miss is a wrong answer too.
 */
export async function runCheckedLoad(options: LoadOptions): Promise<LoadReport> {
  const report: LoadReport = {
    operations: 0,
    successes: 0,
    failures: new Map(),
    wrong: [],
    corrupted: [],
    untyped: [],
    late: [],
    lastSuccessAt: 0,
  };
  let next = 0;
  const { client, keys } = options;
  const pick = (i: number, offset = 0) => keys[(i * 7919 + offset * 104_729) % keys.length]!;

  async function one(i: number): Promise<void> {
    const started = performance.now();
    let failed = false;
    try {
      await operation(i);
      report.successes += 1;
      report.lastSuccessAt = performance.now();
    } catch (error) {
      failed = true;
      if (error instanceof NetError || error instanceof ProtocolError) {
        report.failures.set(error.code, (report.failures.get(error.code) ?? 0) + 1);
      } else {
        report.untyped.push(error);
      }
    }
    const took = performance.now() - started;
    if (took > options.deadlineMs + options.marginMs) report.late.push(Math.round(took));
    report.operations += 1;
    if (report.operations % 1000 === 0) options.onProgress?.(report.operations);
    if (failed && options.pauseAfterFailureMs !== undefined) {
      await sleep(options.pauseAfterFailureMs);
    }
  }

  async function operation(i: number): Promise<void> {
    const key = pick(i);
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3: {
        check(key, await client.get(key));
        return;
      }
      case 4:
      case 5: {
        const batch = [key, pick(i, 1), pick(i, 2), pick(i, 3), pick(i, 4)];
        const values = await client.getMany(batch);
        for (const k of batch) check(k, values.get(k));
        for (const k of values.keys()) if (!batch.includes(k)) report.wrong.push(`extra ${k}`);
        return;
      }
      case 6: {
        checkSize(key, await client.vsiz(key));
        return;
      }
      case 7:
        await client.put(key, valueFor(key));
        return;
      case 8: {
        const batch = [key, pick(i, 1), pick(i, 2)];
        await client.putMany(batch.map((k) => ({ key: k, value: valueFor(k) })));
        return;
      }
      default:
        await client.putNr(key, valueFor(key));
    }
  }

  function check(key: string, value: Buffer | undefined): void {
    if (value?.equals(Buffer.from(valueFor(key)))) return;
    const answer = value === undefined ? "miss" : value.toString("latin1");
    if (value?.some((byte) => byte >= 0x80)) report.corrupted.push(`${key}: ${answer}`);
    else report.wrong.push(`${key}: ${answer}`);
  }

  /** A size is a 4-byte number on the wire: a garbage byte in it shows as a high-bit byte. */
  function checkSize(key: string, size: number | undefined): void {
    const expected = Buffer.byteLength(valueFor(key));
    if (size === expected) return;
    const answer = `vsiz ${key}: ${size}`;
    if (size === undefined) {
      report.wrong.push(answer);
      return;
    }
    const got = Buffer.alloc(4);
    got.writeUInt32BE(size);
    const want = Buffer.alloc(4);
    want.writeUInt32BE(expected);
    if (got.some((byte, i) => byte !== want[i] && byte >= 0x80)) report.corrupted.push(answer);
    else report.wrong.push(answer);
  }

  async function worker(): Promise<void> {
    while (next < options.operations) {
      const i = next++;
      await one(i);
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return report;
}
