import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { runCommand } from "./command.js";

export interface ConsumerOptions {
  /** The registry `@tier/*` comes from; everything else comes from the default registry. */
  readonly registry: string;
  /** Exact versions to install, by package name. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** `pnpm@x.y.z` as the repository pins it, so corepack runs that pnpm here too. */
  readonly packageManager: string;
}

/**
 * A project outside the workspace that installs `@tier/*` from the private registry, with pnpm
 * (the repository's package manager; its store already holds the third-party packages, and
 * `--prefer-offline` lets it use them without asking the default registry again).
 */
export class Consumer {
  private constructor(
    readonly dir: string,
    private readonly options: ConsumerOptions,
  ) {}

  static create(dir: string, options: ConsumerOptions): Consumer {
    mkdirSync(dir, { recursive: true });
    const manifest = {
      name: "tier-consumer",
      private: true,
      type: "module",
      packageManager: options.packageManager,
      dependencies: options.dependencies,
    };
    writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(dir, ".npmrc"), `@tier:registry=${options.registry}\n`);
    return new Consumer(dir, options);
  }

  /**
   * `pnpm install`. pnpm caches package metadata by registry host and port, and with
   * `--prefer-offline` trusts that cache: metadata from an earlier run's registry on the same
   * port would install that run's tarballs. So @tier/* metadata for this registry goes first.
   */
  async install(): Promise<void> {
    const registry = this.options.registry;
    await runCommand("pnpm", ["cache", "delete", `--registry=${registry}`, "@tier/*"], {
      cwd: this.dir,
    });
    // No lockfile yet: `--no-frozen-lockfile`, since pnpm freezes it by default when CI is set.
    const install = [
      "install",
      "--prefer-offline",
      "--no-frozen-lockfile",
      "--reporter=append-only",
    ];
    await runCommand("pnpm", install, { cwd: this.dir });
  }

  /** Copies a program into the project and runs it with Node; resolves with its stdout. */
  async run(program: string, args: readonly string[] = []): Promise<string> {
    const name = basename(program);
    copyFileSync(program, join(this.dir, name));
    return (await runCommand(process.execPath, [name, ...args], { cwd: this.dir })).stdout;
  }

  /** Names of the packages in pnpm's virtual store (`node_modules/.pnpm`): every package installed. */
  installedPackages(): string[] {
    const store = join(this.dir, "node_modules", ".pnpm");
    return readdirSync(store).filter(
      (entry) => entry !== "node_modules" && !entry.startsWith("lock"),
    );
  }

  /** The packages linked at the top of `node_modules/@tier`. */
  topLevelTierPackages(): string[] {
    const scope = join(this.dir, "node_modules", "@tier");
    return existsSync(scope) ? readdirSync(scope).sort() : [];
  }

  lockfile(): string {
    return readFileSync(join(this.dir, "pnpm-lock.yaml"), "utf8");
  }

  /** The manifest of an installed package, as published. */
  installedManifest(name: string): { version: string; peerDependencies?: Record<string, string> } {
    return JSON.parse(readFileSync(join(this.dir, "node_modules", name, "package.json"), "utf8"));
  }
}
