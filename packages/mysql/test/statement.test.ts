import { describe, expect, it } from "vitest";
import { customStatement, listLength, paddedIds, tableStatement } from "../src/statement.js";

describe("the statement for a table", () => {
  it("quotes every name and lists one placeholder per id", () => {
    const statement = tableStatement("shop.articles", "id", ["title", "$price"]);
    expect(statement.sqlFor(3)).toBe(
      "SELECT `id`, `title`, `$price` FROM `shop`.`articles` WHERE `id` IN (?, ?, ?)",
    );
    expect(statement.idColumn).toBe("id");
  });

  it("selects every column by default, and the id once when it is listed", () => {
    expect(tableStatement("t", "pk", undefined).sqlFor(1)).toBe(
      "SELECT * FROM `t` WHERE `pk` IN (?)",
    );
    expect(tableStatement("t", "pk", ["a", "pk"]).sqlFor(2)).toBe(
      "SELECT `a`, `pk` FROM `t` WHERE `pk` IN (?, ?)",
    );
  });
});

describe("a query of one's own", () => {
  it("gets its IN (?) replaced by the id list, and nothing else touched", () => {
    const statement = customStatement(
      "SELECT a.id AS k, 'x' FROM a WHERE a.live = 1 AND a.id in ( ? ) ORDER BY k",
      "k",
    );
    expect(statement.sqlFor(2)).toBe(
      "SELECT a.id AS k, 'x' FROM a WHERE a.live = 1 AND a.id IN (?, ?) ORDER BY k",
    );
    expect(statement.idColumn).toBe("k");
  });
});

describe("id lists", () => {
  it.each([
    [1, 1000, 1],
    [2, 1000, 2],
    [3, 1000, 4],
    [100, 1000, 128],
    [500, 1000, 512],
    [513, 1000, 1000],
    [1000, 1000, 1000],
    [7, 5, 5],
  ])("%i ids with maxBatch %i get %i placeholders", (count, max, length) => {
    expect(listLength(count, max)).toBe(length);
  });

  it("are padded with their last id, which matches no row twice", () => {
    expect(paddedIds(["1", "2", "3"], 4)).toEqual(["1", "2", "3", "3"]);
    expect(paddedIds(["5"], 1)).toEqual(["5"]);
  });
});
