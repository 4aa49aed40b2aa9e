import { describe, expect, it } from 'vitest';
import { LiveWallets } from '../../../src/adapters/live/live-wallets.js';
import { dec, type Decimal } from '../../../src/domain/decimal.js';
import type { TradingVenue } from '../../../src/engine/ports.js';

/** Each exchange's wallet read through the venue port; a read can be held back until released. */
function accounts(initial: Record<string, string>) {
  const wallets = new Map(Object.entries(initial).map(([k, v]) => [k, dec(v)]));
  const reads: string[] = [];
  let hold: Promise<void> | null = null;
  let release = () => {};
  const venue = (id: string): TradingVenue =>
    ({
      walletBalance: async () => {
        reads.push(id);
        const value = wallets.get(id)!;
        if (hold) await hold;
        return value;
      },
    }) as unknown as TradingVenue;
  return {
    venue,
    reads,
    set: (id: string, v: string) => wallets.set(id, dec(v)),
    holdReads: () => (hold = new Promise<void>((r) => (release = () => ((hold = null), r())))),
    release: () => release(),
  };
}
const str = (d: Decimal | null) => d?.toString() ?? null;
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('live wallets', () => {
  it('are known only once every exchange traded live has been read', async () => {
    const a = accounts({ binance: '2500', bybit: '700' });
    const w = new LiveWallets(a.venue, () => ['binance', 'bybit'], () => 0);
    expect(str(w.total())).toBeNull();
    await w.refresh('binance');
    expect(str(w.total())).toBeNull(); // Binance alone would look like a loss of Bybit's 700
    expect(w.unread()).toEqual(['bybit']);
    await w.refresh('bybit');
    expect(str(w.total())).toBe('3200');
  });

  it('a read under way when a fill happens is followed by one more', async () => {
    const a = accounts({ binance: '2500' });
    const w = new LiveWallets(a.venue, () => ['binance'], () => 0);
    a.holdReads();
    const first = w.refresh('binance');
    a.set('binance', '2490'); // the fill's fee, after the read began
    w.refreshSoon('binance');
    a.release();
    await first;
    await tick();
    expect(a.reads).toEqual(['binance', 'binance']);
    expect(str(w.total())).toBe('2490');
  });

  it("other keys are another account: the old one's figure is dropped, a read begun before is not kept", async () => {
    const a = accounts({ binance: '2500' });
    const w = new LiveWallets(a.venue, () => ['binance'], () => 0);
    await w.refresh('binance');
    a.holdReads();
    const stale = w.refresh('binance');
    w.forget('binance');
    a.release();
    await stale;
    expect(str(w.total())).toBeNull();
    a.set('binance', '90000');
    await w.refresh('binance');
    expect(str(w.total())).toBe('90000');
  });
});
