import { describe, expect, it } from 'vitest';
import { intervalName, venueMarketOfExchangeColumn, venueMarketOfName } from '../../../src/sim/market/dataset-naming.js';

describe('venue and market from a file name', () => {
  it('reads the names of the bundled files and of the venues\' own downloads', () => {
    expect(venueMarketOfName('binance_futures_um_AVAXUSDT_1m_2023-02.csv', 'AVAXUSDT')).toEqual({ venue: 'binance', market: 'linear' });
    expect(venueMarketOfName('/x/binance_spot_BTCUSDT_1m_2025-08-01_2025-08-11.csv', 'BTCUSDT')).toEqual({ venue: 'binance', market: 'spot' });
    expect(venueMarketOfName('bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29.csv', 'ETHUSDT')).toEqual({ venue: 'bybit', market: 'linear' });
    expect(venueMarketOfName('binance_futures_BTCUSDT_trades_2020-02-22_tardis_sample.csv', 'BTCUSDT')).toEqual({ venue: 'binance', market: 'linear' });
    expect(venueMarketOfName('binance-futures-cm-BTCUSD_PERP-1m.csv', 'BTCUSD')).toEqual({ venue: 'binance', market: 'inverse' });
    expect(venueMarketOfName('bybit_perp_BTCUSD_1m.csv', 'BTCUSD')).toEqual({ venue: 'bybit', market: 'inverse' });
    expect(venueMarketOfName('AVAXUSDT-1m-2023-02.csv', 'AVAXUSDT')).toEqual({ venue: null, market: null });
    expect(venueMarketOfName('okex_swap_BTCUSDT.csv', 'BTCUSDT')).toEqual({ venue: 'okx', market: 'linear' });
  });

  it('reads a Tardis exchange column', () => {
    expect(venueMarketOfExchangeColumn('binance-futures', 'BTCUSDT')).toEqual({ venue: 'binance', market: 'linear' });
    expect(venueMarketOfExchangeColumn('binance-delivery', 'BTCUSD')).toEqual({ venue: 'binance', market: 'inverse' });
    expect(venueMarketOfExchangeColumn('binance', 'BTCUSDT')).toEqual({ venue: 'binance', market: 'spot' });
    expect(venueMarketOfExchangeColumn('bybit', 'ETHUSDT')).toEqual({ venue: 'bybit', market: 'linear' });
    expect(venueMarketOfExchangeColumn('bybit-spot', 'ETHUSDT')).toEqual({ venue: 'bybit', market: 'spot' });
  });

  it('names intervals as the venues do', () => {
    expect([1_000, 60_000, 300_000, 3_600_000, 14_400_000, 86_400_000, 604_800_000, 1_500].map(intervalName)).toEqual(['1s', '1m', '5m', '1h', '4h', '1d', '1w', '1500ms']);
  });
});
