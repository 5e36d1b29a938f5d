import { expect, it } from "vitest";
import { serversFromEnvironment } from "../src/support/environment.js";
import { runWithMemoryL1 } from "../src/with-memory-l1.js";

it("the memory-L1 example answers warm reads from memory, and a restarted process from memcached", async () => {
  const lines: string[] = [];
  const numbers = await runWithMemoryL1(serversFromEnvironment(), (line) => lines.push(line));
  expect(numbers).toEqual({
    cold: { memory: 0, memcached: 0, tokyotyrant: 0, mysql: 2 },
    warm: { memory: 200, memcached: 0, tokyotyrant: 0, mysql: 0 },
    restartedProcess: { memory: 0, memcached: 200, tokyotyrant: 0, mysql: 0 },
    wrongValues: 0,
  });
  expect(lines[2]).toBe("restarted process: memory 0, memcached 200, TT 0 hits; MySQL 0 queries");
});
