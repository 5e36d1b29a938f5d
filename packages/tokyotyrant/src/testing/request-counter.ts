import { COMMAND_NAMES, type TokyoTyrantCommandName } from "./wire/command-code.js";

/** Requests received per binary command. */
export type CommandCounts = Readonly<Record<TokyoTyrantCommandName, number>>;

/** A snapshot of what the test server has been asked. */
export interface RequestCounts {
  /** Requests per binary command, counted when the command byte arrives, malformed ones too. */
  readonly commands: CommandCounts;
  /** `misc` calls per function name. */
  readonly miscFunctions: Readonly<Record<string, number>>;
}

/** Failures `stat` counts next to the commands (`cnt_put_miss`, `cnt_out_miss`, `cnt_get_miss`). */
export type MissCounter = "put_miss" | "out_miss" | "get_miss";

function zeroCounts(): Record<TokyoTyrantCommandName, number> {
  return Object.fromEntries(COMMAND_NAMES.map((name) => [name, 0])) as Record<
    TokyoTyrantCommandName,
    number
  >;
}

/**
 * Request counters. `stat` reports them since the (simulated) process started, so they restart with
 * `restart()`; the handle's counts survive restarts and are reset only on demand.
 */
export class RequestCounter {
  private commands = zeroCounts();
  private miscFunctions = new Map<string, number>();
  private misses: Record<MissCounter, number> = { put_miss: 0, out_miss: 0, get_miss: 0 };

  countCommand(command: TokyoTyrantCommandName): void {
    this.commands[command]++;
  }

  countMiscFunction(name: string): void {
    this.miscFunctions.set(name, (this.miscFunctions.get(name) ?? 0) + 1);
  }

  countMiss(counter: MissCounter): void {
    this.misses[counter]++;
  }

  command(command: TokyoTyrantCommandName): number {
    return this.commands[command];
  }

  miss(counter: MissCounter): number {
    return this.misses[counter];
  }

  snapshot(): RequestCounts {
    return {
      commands: { ...this.commands },
      miscFunctions: Object.fromEntries(this.miscFunctions),
    };
  }

  reset(): void {
    this.commands = zeroCounts();
    this.miscFunctions = new Map();
    this.misses = { put_miss: 0, out_miss: 0, get_miss: 0 };
  }
}
