import type { SocketState } from './ws-client.js';
import { byId } from './ui/dom.js';
import { t } from './ui/i18n-dom.js';

const STALE_AFTER_MS = 5_000;

/**
 * The connection / feed light: OFFLINE when the socket is down, STALE when the selected exchange's
 * feed says so or no tick came for 5 s, else LIVE. Other exchanges whose feed is not live are
 * listed beside it.
 */
export class FeedLight {
  private socket: SocketState = 'connecting';
  private readonly states = new Map<string, { state: string; reason: string | null }>();
  private lastTick = 0;
  /** Told of every socket state (the offline banner asks the server when it closes). */
  onSocket: ((s: SocketState) => void) | null = null;

  constructor(private exchange: string) {
    setInterval(() => this.render(), 1_000);
  }

  select(exchange: string): void {
    this.exchange = exchange;
    this.lastTick = 0;
    this.render();
  }

  setSocket(s: SocketState): void {
    this.socket = s;
    this.render();
    this.onSocket?.(s);
  }

  setFeed(exchange: string, state: string, reason: string | null): void {
    this.states.set(exchange, { state, reason });
    this.render();
  }

  tick(): void {
    const was = this.lastTick;
    this.lastTick = performance.now();
    if (performance.now() - was > STALE_AFTER_MS) this.render();
  }

  render(): void {
    const own = this.states.get(this.exchange);
    const quiet = performance.now() - this.lastTick > STALE_AFTER_MS;
    const state =
      this.socket === 'closed' ? 'offline' : this.socket === 'connecting' ? 'connecting' : own && own.state !== 'live' ? 'stale' : quiet ? 'stale' : 'live';
    const box = byId('feed');
    box.dataset.state = state;
    byId('feed-text').textContent = t(`feed_${state}` as 'feed_live');
    box.title = own?.reason ?? (quiet && this.socket === 'open' ? `no tick from ${this.exchange} for over ${STALE_AFTER_MS / 1000} s` : '');
    const others = [...this.states].filter(([ex, s]) => ex !== this.exchange && s.state !== 'live').map(([ex, s]) => `${ex}: ${s.state}`);
    byId('feed-others').textContent = others.join(' · ');
  }
}
