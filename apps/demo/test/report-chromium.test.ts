import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoReport } from "../src/report/model.js";
import { renderHtmlReport } from "../src/report/render-html.js";
import { chromiumPath, chromiumPlan, ensureChromium } from "./report-chromium-install.js";
import { decodePng } from "./report-png.js";

/**
 * The report must draw in a real browser, offline. Debian's chromium is used; when it is missing
 * and this runs as root with apt-get, the test installs it (CI machines start without it).
 * Set TIER_REPORT_SCREENSHOT to a file name to keep a full-page screenshot for a look.
 */
const report = JSON.parse(
  readFileSync(new URL("./fixtures/report/full-run.json", import.meta.url), "utf8"),
) as DemoReport;

let directory: string;
let browser: Browser;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  ensureChromium();
  directory = mkdtempSync(join(tmpdir(), "tier-report-"));
  const file = join(directory, "report.html");
  writeFileSync(file, renderHtmlReport(report));
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("request", (request) => requested.push(request.url()));
  // Anything but the file itself would be a fetch the offline report must not make.
  await page.route("**/*", (route) =>
    route.request().url().startsWith("file:") ? route.continue() : route.abort(),
  );
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
});

/** The few SVG DOM members the page-side code reads (the tests compile without the DOM library). */
interface SvgGraphic {
  readonly dataset: Readonly<Record<string, string | undefined>>;
  getBBox(): { readonly width: number; readonly height: number };
}

interface SvgPolyline extends SvgGraphic {
  readonly points: { readonly numberOfItems: number };
  getTotalLength(): number;
}

interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

function hex(color: string): Rgb {
  const n = Number.parseInt(color.slice(1), 16);
  return { r: n >> 16, g: (n >> 8) & 0xff, b: n & 0xff };
}

/** Screenshots the chart and counts its painted pixels, and those close to each given colour. */
async function paintedPixels(chartId: string, colors: readonly string[]) {
  // The locator's screenshot scrolls the chart into view and clips to its box.
  const png = decodePng(await page.locator(`svg[data-chart="${chartId}"]`).screenshot());
  const targets = colors.map(hex);
  const near = targets.map(() => 0);
  let nonWhite = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const [r, g, b] = png.pixel(x, y);
      if (r < 235 || g < 235 || b < 235) nonWhite++;
      targets.forEach((t, i) => {
        if (Math.abs(r - t.r) + Math.abs(g - t.g) + Math.abs(b - t.b) < 60) near[i]!++;
      });
    }
  }
  return { area: png.width * png.height, nonWhite, near };
}

describe("getting Chromium", () => {
  it("uses it when installed, installs it as root with apt-get, and otherwise says how", () => {
    expect(chromiumPlan({ chromiumInstalled: true, isRoot: false, hasAptGet: false })).toBe("use");
    expect(chromiumPlan({ chromiumInstalled: false, isRoot: true, hasAptGet: true })).toBe(
      "install",
    );
    for (const facts of [
      { chromiumInstalled: false, isRoot: false, hasAptGet: true },
      { chromiumInstalled: false, isRoot: true, hasAptGet: false },
    ]) {
      expect(chromiumPlan(facts)).toEqual({
        error: expect.stringContaining("apt-get install -y chromium"),
      });
    }
  });
});

describe("the HTML report in headless Chromium", () => {
  it("loads nothing but its own file", () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !url.startsWith("file:"))).toEqual([]);
  });

  it.each(["mysql-qps", "p99"])(
    "draws the %s chart: one line per run, one point per second of its timeline",
    async (chartId) => {
      const svg = page.locator(`svg[data-chart="${chartId}"]`);
      const box = await svg.boundingBox();
      expect(box?.width).toBeGreaterThan(600);
      expect(box?.height).toBeGreaterThan(150);
      const lines = await svg.locator("polyline.series").evaluateAll((elements) =>
        elements.map((element) => {
          const line = element as unknown as SvgPolyline;
          return {
            series: line.dataset.series,
            points: line.points.numberOfItems,
            length: line.getTotalLength(),
          };
        }),
      );
      expect(lines.map((line) => line.series)).toEqual(["with-tt", "without-tt"]);
      for (const [i, run] of report.runs.entries()) {
        expect(lines[i]?.points).toBe(run.timeline.length);
        expect(lines[i]?.length).toBeGreaterThan(600);
      }
      const phaseLabels = await svg.locator("text.phase-label").allTextContents();
      expect(phaseLabels).toEqual([
        "cold start",
        "warm",
        "memcached restart",
        "memcached overload",
        "TT down",
        "recovered",
      ]);
      const { area, nonWhite, near } = await paintedPixels(chartId, ["#0072b2", "#d55e00"]);
      expect(nonWhite / area).toBeGreaterThan(0.02);
      // Far more than the legend's swatch: the lines themselves are on screen, in their colours.
      for (const count of near) expect(count).toBeGreaterThan(500);
    },
  );

  it("draws the hit shares: a bar per phase and run, stacked from each origin", async () => {
    const svg = page.locator('svg[data-chart="hit-shares"]');
    const bars = await svg.locator("g.bar").evaluateAll((elements) =>
      elements.map((element) => {
        const segments = [...element.querySelectorAll("rect.segment")].map((rect) =>
          (rect as unknown as SvgGraphic).getBBox(),
        );
        return {
          name: (element as unknown as SvgGraphic).dataset.bar,
          height: segments.reduce((sum, box) => sum + box.height, 0),
          width: segments[0]?.width ?? 0,
        };
      }),
    );
    expect(bars).toHaveLength(12);
    const full = bars[0]!.height;
    expect(full).toBeGreaterThan(150);
    for (const bar of bars) {
      expect(bar.width).toBeGreaterThan(20);
      // Every bar is stacked to 100%.
      expect(Math.abs(bar.height - full)).toBeLessThan(1);
    }
    const { area, nonWhite, near } = await paintedPixels("hit-shares", [
      "#56b4e9",
      "#009e73",
      "#e69f00",
    ]);
    expect(nonWhite / area).toBeGreaterThan(0.1);
    for (const count of near) expect(count).toBeGreaterThan(500);
  });

  it("shows the headline and a table row per phase of each run", async () => {
    const saved = report.headline.reduce((sum, row) => sum + row.saved, 0);
    await expect
      .poll(() => page.locator(".headline .big strong").textContent())
      .toBe(saved.toLocaleString("en-US"));
    expect(await page.locator("section h3 + .table-wrap tbody tr").count()).toBe(12);
    const keep = process.env.TIER_REPORT_SCREENSHOT;
    if (keep !== undefined && keep !== "") await page.screenshot({ path: keep, fullPage: true });
  });
});
