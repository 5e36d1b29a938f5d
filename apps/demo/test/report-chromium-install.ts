import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export const chromiumPath = "/usr/bin/chromium";

export interface MachineFacts {
  readonly chromiumInstalled: boolean;
  readonly isRoot: boolean;
  readonly hasAptGet: boolean;
}

/** What to do about the browser: use it, install it, or fail saying how to get it. Never skip. */
export function chromiumPlan(facts: MachineFacts): "use" | "install" | { readonly error: string } {
  if (facts.chromiumInstalled) return "use";
  if (facts.isRoot && facts.hasAptGet) return "install";
  return {
    error: `${chromiumPath} is missing: install Debian's chromium (as root: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium) and run the test again`,
  };
}

/** Makes sure Debian's chromium is at {@link chromiumPath}, installing it with apt-get as root. */
export function ensureChromium(): void {
  const plan = chromiumPlan({
    chromiumInstalled: existsSync(chromiumPath),
    isRoot: process.getuid?.() === 0,
    hasAptGet: existsSync("/usr/bin/apt-get"),
  });
  if (plan === "use") return;
  if (plan !== "install") throw new Error(plan.error);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "chromium"], { stdio: "inherit", env });
  if (!existsSync(chromiumPath)) {
    throw new Error(`apt-get installed chromium but ${chromiumPath} is still missing`);
  }
}
