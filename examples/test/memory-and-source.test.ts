import { expect, it } from "vitest";
import { runExample } from "../src/memory-and-source.js";

it("the memory-and-source example loads each id once, then serves every read from memory", async () => {
  const lines: string[] = [];
  const report = await runExample((line) => lines.push(line));
  expect(report.wrongValues).toBe(0);
  expect(report.cold.rows).toBe(1_000);
  expect(report.cold.queries).toBe(10);
  expect(report.warm.queries).toBe(0);
  expect(report.warm.hitRate).toBe(1);
  expect(lines[0]).toBe("cold: 5000 reads -> 10 source queries for 1000 ids");
});
