/**
 * A small typed emitter. The chain asks `has(type)` before it builds an event, so nobody listening
 * costs one property read per event site. A listener that throws is isolated: it cannot break a
 * read, the other listeners still run, and the throw surfaces as a process warning.
 */
export class EventBus<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(event: never) => void>>();

  on<K extends keyof Events>(type: K, listener: (event: Events[K]) => void): () => void {
    let set = this.listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener as (event: never) => void);
    return () => this.off(type, listener);
  }

  off<K extends keyof Events>(type: K, listener: (event: Events[K]) => void): void {
    const set = this.listeners.get(type);
    if (set === undefined) return;
    set.delete(listener as (event: never) => void);
    if (set.size === 0) this.listeners.delete(type);
  }

  has(type: keyof Events): boolean {
    return this.listeners.has(type);
  }

  emit<K extends keyof Events>(type: K, event: Events[K]): void {
    const set = this.listeners.get(type);
    if (set === undefined) return;
    for (const listener of set) {
      try {
        (listener as (event: Events[K]) => void)(event);
      } catch (error) {
        process.emitWarning(
          `[tier] a listener of "${String(type)}" threw: ${error instanceof Error ? error.message : String(error)}`,
          { code: "TIER_LISTENER_THREW" },
        );
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
