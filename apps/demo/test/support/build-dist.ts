import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The CLI tests run the demo as its users do, `node dist/main.js`; turbo builds the packages the
 * demo depends on before its tests, and this builds the demo itself (incremental: a no-op when
 * dist is current).
 */
export default function buildDist(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  execFileSync(
    process.execPath,
    [resolve(root, "../../node_modules/typescript/bin/tsc"), "-b", "tsconfig.build.json"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
}
