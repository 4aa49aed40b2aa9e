import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../src/domain/decimal.js';
import { tiersOf } from '../../src/domain/maintenance-tiers.js';
import { BINANCE_USDM } from '../../src/domain/margin-tiers/binance-usdm.js';
import {
  bankruptcyPrice,
  binanceLiquidationPrice,
  binanceLiquidationWithTiers,
  bybitIsolatedLiquidation,
  liquidationPrice,
  perpFigures,
  type PerpPositionInput,
} from '../../src/domain/perp-margin.js';

const Z = Decimal.ZERO;

describe("Binance's liquidation price (USDⓈ-M, one-way mode)", () => {
  // Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts"
  // (https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93), cross-margin example
  // of two longs on one wallet: WB 1,535,443.01; ETHUSDT 3,683.979 at 1,456.84 (MMR 10 %, cumB
  // 135,365) → 1,153.26, its TMM1 71,200.81144 and UPNL1 −56,354.57 being the BTCUSDT position's;
  // BTCUSDT 109.488 at 32,481.98 (MMR 2.5 %, cumB 16,300) → 26,316.89, its TMM1 356,512.508 and UPNL1
  // −448,192.89 the ETHUSDT one's. The page gives the example as images: these figures were read from
  // the text copy in freqtrade's tests (tests/leverage/test_liquidation_price.py), the same numbers.
  it('the cross-margin worked example of Binance\'s page: 1,153.26', () => {
    const lp = binanceLiquidationPrice({
      walletBalance: dec('1535443.01'),
      otherMaintenance: dec('71200.81144'),
      otherUnrealized: dec('-56354.57'),
      maintAmount: dec('135365'),
      side: 1,
      size: dec('3683.979'),
      entry: dec('1456.84'),
      mmr: dec('0.1'),
    })!;
    expect(lp.rescale(2, 'half-up').toFixed(2)).toBe('1153.26');
    // By hand: −3,823,715.33780 / −3,315.5811 = 1,153.25646469…
    expect(lp.toFixed(8)).toBe('1153.25646470');
  });

  it("the same example's BTCUSDT leg: 26,316.89", () => {
    const lp = binanceLiquidationPrice({
      walletBalance: dec('1535443.01'),
      otherMaintenance: dec('356512.508'),
      otherUnrealized: dec('-448192.89'),
      maintAmount: dec('16300'),
      side: 1,
      size: dec('109.488'),
      entry: dec('32481.98'),
      mmr: dec('0.025'),
    })!;
    expect(lp.rescale(2, 'half-up').toFixed(2)).toBe('26316.89');
    // By hand: (1,535,443.01 − 356,512.508 − 448,192.89 + 16,300 − 3,556,387.02624) / (2.7372 − 109.488)
    // = −2,809,349.41424 / −106.7508 = 26,316.89330890…
    expect(lp.toFixed(8)).toBe('26316.89330890');
  });

  it('isolated: WB is the position\'s margin, TMM1 = UPNL1 = 0 (long and short 1 BTC at 20,000, 50×, tier 1)', () => {
    const base = { walletBalance: dec('400'), otherMaintenance: Z, otherUnrealized: Z, maintAmount: Z, size: dec('1'), entry: dec('20000'), mmr: dec('0.004') };
    // (400 − 20,000) / (0.004 − 1) = 19,678.714859…; (400 + 20,000) / (0.004 + 1) = 20,318.725099…
    expect(binanceLiquidationPrice({ ...base, side: 1 })!.toFixed(8)).toBe('19678.71485944');
    expect(binanceLiquidationPrice({ ...base, side: -1 })!.toFixed(8)).toBe('20318.72509960');
  });

  it('a long that cannot be liquidated (margin ≥ notional) has no price', () => {
    expect(binanceLiquidationPrice({ walletBalance: dec('30000'), otherMaintenance: Z, otherUnrealized: Z, maintAmount: Z, side: 1, size: dec('1'), entry: dec('20000'), mmr: dec('0.004') })).toBeNull();
  });

  it('the tier at the liquidation price is the one used, as the page says (recomputed when it differs)', () => {
    // Two tiers: 1 % to 10,000, then 5 % (cum 400). A short of 1 at 9,000 with WB 2,000 would be
    // liquidated at (2,000 + 9,000)/(1.01) = 10,891.09 with tier 1 — a notional of tier 2 — so
    // tier 2 applies: (2,000 + 400 + 9,000)/(1.05) = 10,857.142857…
    const tiers = tiersOf([['10000', '50', '0.01', '0'], ['100000', '10', '0.05', '400']]);
    const lp = binanceLiquidationWithTiers({ walletBalance: dec('2000'), otherMaintenance: Z, otherUnrealized: Z, side: -1, size: dec('1'), entry: dec('9000') }, tiers)!;
    expect(lp.toFixed(8)).toBe('10857.14285714');
  });
});

describe("Bybit's isolated liquidation price (USDT contract)", () => {
  // Bybit help centre "Liquidation Price (USDT Contract)", Example 1
  // (https://www.bybit.com/en/help-center/article/Liquidation-Price-USDT-Contract): long 1 BTC at
  // 20,000 with 50×, MMR 0.5 %: IM 400, MM 100, LP = 20,000 − (400 − 100) = 19,700.
  it('Example 1 of Bybit\'s page: 19,700', () => {
    const lp = bybitIsolatedLiquidation({ side: 1, size: dec('1'), entry: dec('20000'), leverage: dec('50'), mmr: dec('0.005'), maintAmount: Z })!;
    expect(lp.toString()).toBe('19700');
  });

  it('the same trade short: 20,000 + 300 = 20,300; with 0.5 BTC and a deduction of 10: 20,000 + (200 − 40)/0.5 = 20,320', () => {
    expect(bybitIsolatedLiquidation({ side: -1, size: dec('1'), entry: dec('20000'), leverage: dec('50'), mmr: dec('0.005'), maintAmount: Z })!.toString()).toBe('20300');
    expect(bybitIsolatedLiquidation({ side: -1, size: dec('0.5'), entry: dec('20000'), leverage: dec('50'), mmr: dec('0.005'), maintAmount: dec('10') })!.toString()).toBe('20320');
  });
});

describe('a position by its venue', () => {
  const btc = BINANCE_USDM.symbols.BTCUSDT!;
  const pos = (over: Partial<PerpPositionInput>): PerpPositionInput => ({
    formula: 'binance', mode: 'isolated', tiers: btc, leverage: dec('10'), quantity: dec('0.1'), entry: dec('60000'),
    walletBalance: dec('10000'), otherMaintenance: Z, otherUnrealized: Z, ...over,
  });

  it('isolated 0.1 BTC long at 60,000, 10×: margin 600, LP (600 − 6,000)/(0.0004 − 0.1) = 54,216.86747…, bankrupt at 54,000', () => {
    expect(liquidationPrice(pos({}))!.toFixed(8)).toBe('54216.86746988');
    expect(bankruptcyPrice(pos({}))!.toString()).toBe('54000');
  });

  it('cross with the wallet of 10,000: LP (10,000 − 6,000)/(0.0004 − 0.1) < 0 → none; bankrupt: none', () => {
    expect(liquidationPrice(pos({ mode: 'cross' }))).toBeNull();
    expect(bankruptcyPrice(pos({ mode: 'cross' }))).toBeNull();
  });

  it('cross short 1 BTC at 60,000 with a wallet of 10,000: LP (10,000 + 60,000)/(1.005) tier 2 (cum 50): 70,050/1.005 = 69,701.49253731', () => {
    expect(liquidationPrice(pos({ mode: 'cross', quantity: dec('-1') }))!.toFixed(8)).toBe('69701.49253731');
  });

  it('figures at a mark of 57,000: IM 570, MM 22.8, margin ratio 22.8 / (600 − 300) = 0.076', () => {
    const f = perpFigures(pos({}), dec('57000'));
    expect(f.initialMargin.toString()).toBe('570');
    expect(f.maintenanceMargin.toString()).toBe('22.8');
    expect(f.marginRatio!.toString()).toBe('0.076');
  });

  it('Bybit profile isolated: its own formula; 0.1 BTC at 60,000, 10×, 0.5 %: 60,000 − (600 − 30)/0.1 = 54,300', () => {
    expect(liquidationPrice(pos({ formula: 'bybit', tiers: tiersOf([['2000000', '100', '0.005', '0']]) }))!.toString()).toBe('54300');
  });
});
