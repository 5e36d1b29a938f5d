import { describe, expect, it } from "vitest";
import { escapeHtml } from "../src/report/escape.js";
import { formatMs, formatShare } from "../src/report/format.js";
import type { TimelinePoint } from "../src/report/model.js";
import { phaseSpans } from "../src/report/phase-spans.js";
import { linearScale, niceTicks } from "../src/report/scale.js";

describe("escapeHtml", () => {
  it("escapes every character that can open markup or leave an attribute", () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
    );
  });

  it("leaves other text alone and turns non-strings into text", () => {
    expect(escapeHtml("memcached → tokyotyrant, 100% ok")).toBe("memcached → tokyotyrant, 100% ok");
    expect(escapeHtml(42)).toBe("42");
    expect(escapeHtml(undefined)).toBe("undefined");
  });
});

describe("linearScale", () => {
  it("maps the domain's ends onto the range's ends, and an inverted range too", () => {
    const x = linearScale([0, 60], [70, 940]);
    expect(x(0)).toBe(70);
    expect(x(60)).toBe(940);
    expect(x(30)).toBe(505);
    const y = linearScale([0, 200], [296, 58]);
    expect(y(0)).toBe(296);
    expect(y(200)).toBe(58);
    expect(y(100)).toBe(177);
  });

  it("maps every value to the middle when the domain has no width", () => {
    const x = linearScale([5, 5], [0, 100]);
    expect(x(5)).toBe(50);
    expect(x(9)).toBe(50);
  });
});

describe("niceTicks", () => {
  it("steps by 1, 2 or 5 times a power of ten from zero to at least the maximum", () => {
    expect(niceTicks(187, 5)).toEqual([0, 50, 100, 150, 200]);
    expect(niceTicks(60, 10)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(niceTicks(0.37, 5)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(9, 5)).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it("gives a unit axis when there is nothing to show", () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(-3)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
  });
});

describe("formatting", () => {
  it("shows a dash for what a cut-short report left out", () => {
    expect(formatMs(undefined)).toBe("–");
    expect(formatMs(Number.NaN)).toBe("–");
    expect(formatShare(1, 0)).toBe("–");
    expect(formatMs(0.256)).toBe("0.26 ms");
    expect(formatShare(1, 3)).toBe("33.3%");
  });
});

function point(t: number, phase: TimelinePoint["phase"]): TimelinePoint {
  return {
    t,
    phase,
    readsPerSecond: 1,
    p99Ms: 1,
    mysqlQueriesPerSecond: 0,
    hitsByOrigin: {},
    errors: 0,
  };
}

describe("phaseSpans", () => {
  it("cuts a timeline into its phases, each starting one slice before its first point", () => {
    const timeline = [
      point(1, "cold"),
      point(2, "cold"),
      point(3, "warm"),
      point(4, "warm"),
      point(5, "tt-down"),
    ];
    expect(phaseSpans(timeline)).toEqual([
      { phase: "cold", start: 0, end: 2 },
      { phase: "warm", start: 2, end: 4 },
      { phase: "tt-down", start: 4, end: 5 },
    ]);
  });

  it("has no span for an empty timeline", () => {
    expect(phaseSpans([])).toEqual([]);
  });
});
