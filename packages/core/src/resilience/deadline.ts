/**
 * Runs `call` with a deadline. When it passes, the returned promise rejects with `onTimeout()`,
 * `signal` aborts so the callee can stop, and whatever the call settles with later is dropped:
 * a late answer can never reach the caller.
 */
export function callWithDeadline<T>(
  call: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  onTimeout: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const controller = new AbortController();
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      const error = onTimeout();
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    let pending: Promise<T>;
    try {
      pending = call(controller.signal);
    } catch (error) {
      settle(() => reject(error));
      return;
    }
    pending.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
