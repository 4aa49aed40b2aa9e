/**
 * A token bucket: `burst` messages at once, then `perSecond`. What one WebSocket connection may
 * send (each `{"op":"symbols"}` costs the server a snapshot), so a flood is cut off, not served.
 */
export class MessageRate {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number = perSecond,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.at = now();
  }

  /** True when one more message fits; false once the client sends faster than allowed. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.perSecond) / 1000);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
