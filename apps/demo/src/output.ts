/** Where the demo writes: plain lines (notes, tables) and the live progress line. */
export interface DemoOutput {
  line(text: string): void;
  progress(text: string): void;
  /** Ends a progress line that is being rewritten in place, before other output. */
  endProgress(): void;
}

/**
 * The terminal: tables on stdout; the progress line on stderr, rewritten in place on a TTY and
 * every fifth second otherwise, so a log stays readable.
 */
export function terminalOutput(quiet: boolean): DemoOutput {
  const tty = process.stderr.isTTY === true;
  let pending = false;
  let skipped = 0;
  const endProgress = (): void => {
    if (pending) process.stderr.write("\n");
    pending = false;
  };
  return {
    line(text) {
      if (quiet) return;
      endProgress();
      process.stdout.write(`${text}\n`);
    },
    progress(text) {
      if (quiet) return;
      if (tty) {
        process.stderr.write(`\r\x1b[2K${text}`);
        pending = true;
      } else if (skipped++ % 5 === 0) {
        process.stderr.write(`${text}\n`);
      }
    },
    endProgress,
  };
}
