// Adds up the JSON reports every package's vitest run wrote, and prints one line for the whole
// repository: "N passed, N failed" (and skipped). Exits 1 when a report is missing or broken, or
// when no test ran at all, so CI cannot pass on silence.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const workspaces = ["packages", "apps", "examples", "bench", "e2e"].flatMap((dir) => {
  const path = join(root, dir);
  if (!existsSync(path)) return [];
  if (existsSync(join(path, "package.json"))) return [path];
  return readdirSync(path).map((name) => join(path, name));
});

let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;
for (const workspace of workspaces) {
  const manifest = join(workspace, "package.json");
  if (!existsSync(manifest)) continue;
  const { scripts = {} } = JSON.parse(readFileSync(manifest, "utf8"));
  if (!scripts.test) continue;
  const report = join(workspace, ".reports", "vitest.json");
  if (!existsSync(report)) {
    console.error(`no test report from ${workspace.slice(root.length)}`);
    broken = true;
    continue;
  }
  const result = JSON.parse(readFileSync(report, "utf8"));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (broken || failed > 0 || passed === 0) process.exit(1);
