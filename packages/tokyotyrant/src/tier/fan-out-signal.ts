import { setMaxListeners } from "node:events";

/**
 * Runs `work` with a signal that follows `parent`, for a call that sends many requests at once
 * (a `misc put` per table record, a `putnr` per entry): each request listens to the signal, and
 * Node warns about a leak past 10 listeners on one signal. The caller's signal gets one listener,
 * removed when `work` settles; the fan-out signal may have any number.
 */
export async function withFanOutSignal<T>(
  parent: AbortSignal,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  parent.throwIfAborted();
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const follow = (): void => controller.abort(parent.reason);
  parent.addEventListener("abort", follow, { once: true });
  try {
    return await work(controller.signal);
  } finally {
    parent.removeEventListener("abort", follow);
  }
}
