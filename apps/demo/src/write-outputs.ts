import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { DemoReport } from "./report/model.js";
import { renderHtmlReport } from "./report/render-html.js";

/** Writes the report as JSON and/or HTML where the flags asked; returns the paths written. */
export async function writeOutputs(
  report: DemoReport,
  paths: { readonly json: string | undefined; readonly html: string | undefined },
): Promise<string[]> {
  const written: string[] = [];
  if (paths.json !== undefined) {
    const file = resolve(paths.json);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    written.push(file);
  }
  if (paths.html !== undefined) {
    const file = resolve(paths.html);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, renderHtmlReport(report));
    written.push(file);
  }
  return written;
}
