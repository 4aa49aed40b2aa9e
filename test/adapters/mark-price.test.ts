import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { waitFor } from '../wait-for.js';
import { binanceVenue, bybitVenue, type VenueUnderTest } from './venues.js';

/**
 * A perpetual's ticks carry the venue's mark price: Binance's from its own stream
 * (`btcusdt@markPrice@1s`, field `p`, through ccxt watchMarkPrice), Bybit's from the linear
 * `tickers.BTCUSDT` topic's `markPrice`, as the fakes serve them.
 */
describe("the venues' mark prices on the ticks", () => {
  const venues: VenueUnderTest[] = [];
  beforeAll(async () => {
    venues.push(await binanceVenue(), await bybitVenue());
    for (const v of venues) await v.adapter.connect();
  });
  afterAll(async () => {
    for (const v of venues) await v.close();
  });

  it('each tick of a subscribed perpetual has a mark near its last trade', async () => {
    for (const v of venues) {
      const stop = v.adapter.subscribe('BTCUSDT');
      const t = await waitFor(() => v.adapter.lastTick('BTCUSDT')?.mark ?? null, 15_000, `${v.name} mark`);
      const last = v.adapter.lastTick('BTCUSDT')!.last;
      expect(t.sign(), v.name).toBe(1);
      expect(t.sub(last).abs().div(last, 6).lt(Decimal.parse('0.01')), v.name).toBe(true);
      stop();
    }
  });

  it("Binance's mark is its stream's, not the book's: a mark set on the venue reaches the ticks", async () => {
    const binance = venues[0]!;
    const fake = binance.fake as unknown as { market: { setMark(s: string, p: Decimal | null): void } };
    const stop = binance.adapter.subscribe('BTCUSDT');
    const set = Decimal.parse('12345.6');
    fake.market.setMark('BTCUSDT', set);
    await waitFor(() => binance.adapter.lastTick('BTCUSDT')?.mark?.eq(set) === true, 15_000, 'the set mark');
    fake.market.setMark('BTCUSDT', null);
    stop();
  });
});
