/** A tiny observable value: the page's selection (exchange, symbol, interval, mode, language). */
export class Store<T extends object> {
  private readonly listeners = new Set<(next: T, prev: T) => void>();

  constructor(private value: T) {}

  get(): T {
    return this.value;
  }

  /** Applies a patch; listeners hear of it only when a field actually changed. */
  set(patch: Partial<T>): void {
    const prev = this.value;
    const next = { ...prev, ...patch };
    if ((Object.keys(patch) as (keyof T)[]).every((k) => Object.is(prev[k], next[k]))) return;
    this.value = next;
    for (const l of this.listeners) l(next, prev);
  }

  on(listener: (next: T, prev: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
