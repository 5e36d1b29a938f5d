import { expect, it } from "vitest";
import { serversFromEnvironment } from "../src/support/environment.js";
import { runTokyoTyrantOnly } from "../src/tokyotyrant-only.js";

it("the tokyotyrant-only example loads 200 ids from MySQL once; the next process finds them all in TT", async () => {
  const lines: string[] = [];
  const numbers = await runTokyoTyrantOnly(serversFromEnvironment(), (line) => lines.push(line));
  expect(numbers).toEqual({
    cold: { mysqlQueries: 2, mysqlRows: 200 },
    nextProcess: { mysqlQueries: 0, tokyoTyrantHits: 200 },
    wrongValues: 0,
  });
  expect(lines[1]).toBe("next process: 200 ids -> 200 Tokyo Tyrant hits, 0 MySQL queries");
});
