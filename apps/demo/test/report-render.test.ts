import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DemoReport, RunResult } from "../src/report/model.js";
import { originsInChainOrder } from "../src/report/origins.js";
import { renderHtmlReport } from "../src/report/render-html.js";

const full = JSON.parse(
  readFileSync(new URL("./fixtures/report/full-run.json", import.meta.url), "utf8"),
) as DemoReport;
const withTt = full.runs.find((run) => run.name === "with-tt")!;

/** What Ctrl-C in the middle of the first run leaves: three phases and a bit, no baseline. */
const interrupted: DemoReport = {
  ...full,
  interrupted: true,
  headline: [],
  runs: [{ ...withTt, phases: withTt.phases.slice(0, 3), timeline: withTt.timeline.slice(0, 34) }],
};

/** Every way an attribute or element could be smuggled in through the report's strings. */
const evil = `<script>alert(1)</script>"><img src=x onerror=alert(2)>' onmouseover='alert(3)`;

function hostile(report: DemoReport): DemoReport {
  const run = (r: RunResult): RunResult => ({
    ...r,
    tiers: [...r.tiers, evil],
    phases: r.phases.map((p) => ({
      ...p,
      title: evil,
      action: evil,
      hitsByOrigin: { ...p.hitsByOrigin, [evil]: 5 },
      breakers: { [evil]: evil },
    })),
    timeline: r.timeline.map((point) => ({ ...point, hitsByOrigin: { [evil]: 1 } })),
  });
  return {
    ...report,
    startedAt: evil,
    finishedAt: evil,
    services: report.services.map((s) => ({
      ...s,
      url: evil,
      note: `http://evil.example/${evil}`,
    })),
    runs: report.runs.map(run),
  };
}

function externalReferences(html: string): string[] {
  const patterns = [
    /\b(?:src|href|xlink:href|action|poster|srcset)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?\/\//gi,
    /@import/gi,
    /url\(\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?\/\//gi,
    /<(?:script|link|iframe|object|embed|img)\b/gi,
  ];
  return patterns.flatMap((pattern) => html.match(pattern) ?? []);
}

describe("renderHtmlReport", () => {
  it("renders the full fixture: two lines per chart with a point per second, 12 bars, the headline", () => {
    const html = renderHtmlReport(full);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    for (const chart of ["mysql-qps", "p99", "hit-shares"]) {
      expect(html).toContain(`data-chart="${chart}"`);
    }
    const lines = [
      ...html.matchAll(/<polyline class="series" data-series="([^"]+)" data-points="(\d+)"/g),
    ];
    expect(lines.map((m) => [m[1], Number(m[2])])).toEqual([
      ["with-tt", 60],
      ["without-tt", 60],
      ["with-tt", 60],
      ["without-tt", 60],
    ]);
    expect(html.match(/<g class="bar" /g)).toHaveLength(12);
    const saved = full.headline.reduce((sum, row) => sum + row.saved, 0);
    expect(html).toContain(`<strong>${saved.toLocaleString("en-US")}</strong> MySQL queries saved`);
    expect(html).toContain("Side by side");
    expect(html).toContain(">memcached deadline (50 ms)</text>");
    expect(html).not.toContain("interrupted");
  });

  it("references nothing outside the file, and forbids loading anything", () => {
    const html = renderHtmlReport(full);
    expect(externalReferences(html)).toEqual([]);
    expect(html).toContain(`content="default-src 'none'`);
  });

  it("escapes every string from the report, in text and in attributes", () => {
    const html = renderHtmlReport(hostile(full));
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<img/i);
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(500);
    // Attribute values are quoted and cannot contain a quote: what is left are the attribute names.
    const names = tags.map((tag) => tag.replace(/"[^"]*"/g, '""'));
    expect(names.filter((tag) => /\son[a-z]+\s*=/i.test(tag))).toEqual([]);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img");
    // The hostile origin still shows up, as text, in the legend and the tables.
    expect(html.split("&lt;script&gt;").length).toBeGreaterThan(20);
  });

  it("the check above would catch an external reference", () => {
    expect(externalReferences(`<p style="background:url( 'https://x.test/a.png')">`)).toHaveLength(
      1,
    );
    expect(externalReferences(`<a href="//cdn.test/x.js">`)).toHaveLength(1);
    expect(externalReferences(`<style>@import "x.css";</style>`)).toHaveLength(1);
    expect(externalReferences(`<p>see http://x.test/</p>`)).toEqual([]);
  });

  it("renders an interrupted report with fewer phases and no baseline", () => {
    const html = renderHtmlReport(interrupted);
    expect(html).toContain("This run was interrupted");
    expect(html).toContain("Nothing to compare");
    expect(html).not.toContain("Side by side");
    expect(html).toMatch(/<polyline class="series" data-series="with-tt" data-points="34"/);
    expect(html.match(/<g class="bar" /g)).toHaveLength(3);
    // The phase the run was cut in still gets its band on the charts.
    expect(html.match(/<g class="phase" data-phase="memcached-overload"/g)).toHaveLength(2);
    // Its band is narrow (4 of 34 seconds): the label is shortened to fit, the full one is its title.
    expect(html.match(/>memcached over…<\/text>/g)).toHaveLength(2);
  });

  it("renders a report with an empty timeline, one with a single second, and one with no run", () => {
    const empty = renderHtmlReport({
      ...interrupted,
      runs: [{ ...withTt, phases: [], timeline: [] }],
    });
    expect(empty.match(/no data was recorded/g)).toHaveLength(2);
    expect(empty).toContain("no phase was completed");
    expect(empty).toContain("No phase of this run was completed.");

    const oneSecond = renderHtmlReport({
      ...interrupted,
      runs: [{ ...withTt, phases: [], timeline: withTt.timeline.slice(0, 1) }],
    });
    expect(
      oneSecond.match(/<circle class="series" data-series="with-tt" data-points="1"/g),
    ).toHaveLength(2);

    const none = renderHtmlReport({ ...interrupted, runs: [], services: [] });
    expect(none).toContain("No run was completed.");
    expect(none).toContain("No service was reached.");
    expect(none).not.toMatch(/NaN|undefined|Infinity/);
  });

  it("shows wrong values loudly", () => {
    const html = renderHtmlReport({ ...full, wrongValues: 3 });
    expect(html).toContain("3 reads returned another item's value.");
  });
});

describe("originsInChainOrder", () => {
  it("lists the tiers in chain order, then other origins, then the source last", () => {
    const phase = withTt.phases[0]!;
    const run: RunResult = {
      ...withTt,
      phases: [{ ...phase, hitsByOrigin: { mysql: 1, memory: 2, tokyotyrant: 3, memcached: 4 } }],
    };
    expect(originsInChainOrder([run])).toEqual(["memcached", "tokyotyrant", "memory", "mysql"]);
  });
});
