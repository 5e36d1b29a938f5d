/**
 * One 'abort' listener per signal, however many requests follow it. A caller may hand one signal
 * to hundreds of requests (a batch fanned out over many writes); a listener each would make Node
 * warn of a leak past ten and cost an add and a remove per request.
 */
interface Followers {
  readonly callbacks: Set<() => void>;
  readonly listener: () => void;
}

const bySignal = new WeakMap<AbortSignal, Followers>();

/** Calls `onAbort` once if `signal` aborts; the returned function stops following it. */
export function followAbort(signal: AbortSignal, onAbort: () => void): () => void {
  let followers = bySignal.get(signal);
  if (followers === undefined) {
    const callbacks = new Set<() => void>();
    const listener = (): void => {
      bySignal.delete(signal);
      for (const callback of callbacks) callback();
    };
    followers = { callbacks, listener };
    bySignal.set(signal, followers);
    signal.addEventListener("abort", listener, { once: true });
  }
  const current = followers;
  current.callbacks.add(onAbort);
  return () => {
    current.callbacks.delete(onAbort);
    // The last follower gone, the signal keeps no listener of ours: a long-lived signal reused
    // for call after call does not collect one per call.
    if (current.callbacks.size === 0 && bySignal.get(signal) === current) {
      bySignal.delete(signal);
      signal.removeEventListener("abort", current.listener);
    }
  };
}
