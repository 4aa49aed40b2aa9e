/**
 * When to push a position for a mark-price move: at most once per `intervalMs` per position, and
 * not again right after a fill pushed it (a mark that moves within the interval is sent at its end, with the latest mark).
 */
export class PositionPulse {
  private readonly lastSent = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly send: (key: string) => void,
    private readonly intervalMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fill changed the position and the caller sent it: a mark update waiting is folded into it. */
  sent(key: string): void {
    this.cancel(key);
    this.lastSent.set(key, this.now());
  }

  /** The mark moved: send now if the last push is old enough, else once at the end of the interval. */
  marked(key: string): void {
    if (this.timers.has(key)) return;
    const wait = (this.lastSent.get(key) ?? -Infinity) + this.intervalMs - this.now();
    if (wait <= 0) return this.due(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.due(key);
      }, wait),
    );
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.lastSent.clear();
  }

  private due(key: string): void {
    this.lastSent.set(key, this.now());
    this.send(key);
  }

  private cancel(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }
}
