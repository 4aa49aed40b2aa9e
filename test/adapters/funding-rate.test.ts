import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VenueFundingRates } from '../../src/app/venue-funding.js';
import { dec } from '../../src/domain/decimal.js';
import { fixedFunding } from '../../src/domain/funding.js';
import { binanceVenue, bybitVenue, type VenueUnderTest } from './venues.js';

/**
 * Paper trading's funding comes from the venue: Binance's GET /fapi/v1/premiumIndex
 * (lastFundingRate) and Bybit's /v5/market/tickers (fundingRate), as the fakes serve them
 * (a flat 0.01 %), read through the adapter's ccxt fetchFundingRate.
 */
describe('the venues\' funding rates', () => {
  const venues: VenueUnderTest[] = [];
  beforeAll(async () => {
    venues.push(await binanceVenue(), await bybitVenue());
    for (const v of venues) await v.adapter.connect();
  });
  afterAll(async () => {
    for (const v of venues) await v.close();
  });

  it('each adapter reads its venue\'s current rate of a perpetual and the next funding time (00/08/16 UTC)', async () => {
    for (const v of venues) {
      const r = await v.adapter.fundingRate!('BTCUSDT');
      expect(r?.rate.toString(), v.name).toBe('0.0001');
      if (r?.nextTime != null) expect(r.nextTime % (8 * 3_600_000), v.name).toBe(0);
    }
  });

  it('the paper accounts\' source uses the venue\'s rate once read, the fixed rate before and for sim', async () => {
    const byId = new Map(venues.map((v) => [v.name, v.adapter]));
    const f = new VenueFundingRates((id) => byId.get(id), fixedFunding(dec('0.0003')));
    expect(f.rateAt('BTCUSDT', 0, 'binance')!.toString()).toBe('0.0003');
    expect(await f.refresh([{ exchange: 'binance', symbol: 'BTCUSDT' }, { exchange: 'bybit', symbol: 'BTCUSDT' }, { exchange: 'okx', symbol: 'BTCUSDT' }])).toBe(2);
    expect(f.rateAt('BTCUSDT', 0, 'binance')!.toString()).toBe('0.0001');
    expect(f.rateAt('BTCUSDT', 0, 'bybit')!.toString()).toBe('0.0001');
    expect(f.rateAt('BTCUSDT', 0, 'sim')!.toString()).toBe('0.0003');
    expect(f.nextAfter(1)).toBe(8 * 3_600_000);
    expect(new VenueFundingRates(() => undefined, null).rateAt('BTCUSDT', 0, 'sim')).toBeNull();
  });
});
