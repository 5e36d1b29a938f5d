/**
 * Runs one step of the shutdown with a deadline: a server that does not answer its goodbye must
 * not keep the demo (and the terminal) waiting. Failures are reported, not thrown, so every later
 * step still runs.
 */
export async function closeQuietly(
  label: string,
  step: () => Promise<unknown> | undefined,
  warn: (line: string) => void,
  timeoutMs = 5_000,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), timeoutMs);
  });
  try {
    const outcome = await Promise.race([
      Promise.resolve(step()).then(() => "done" as const),
      deadline,
    ]);
    if (outcome === "late")
      warn(`closing ${label} took over ${timeoutMs / 1_000} s; going on without waiting`);
  } catch (error) {
    warn(`closing ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}
