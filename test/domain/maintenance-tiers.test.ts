import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { expectedMaintAmounts, maintenanceMargin, maxLeverageOf, tierFor } from '../../src/domain/maintenance-tiers.js';
import { BINANCE_USDM } from '../../src/domain/margin-tiers/binance-usdm.js';
import { BYBIT_LINEAR } from '../../src/domain/margin-tiers/bybit-linear.js';
import { symbolTiers } from '../../src/domain/margin-tiers/index.js';

describe('maintenance-margin tiers as data', () => {
  for (const table of [BINANCE_USDM, BYBIT_LINEAR]) {
    for (const [symbol, tiers] of Object.entries(table.symbols)) {
      it(`${table.venue} ${symbol}: each maintenance amount is the venue's Σ floor × ΔMMR, caps rise, leverage falls`, () => {
        expect(tiers.map((t) => t.maintAmount.toString())).toEqual(expectedMaintAmounts(tiers).map((d) => d.toString()));
        tiers.forEach((t, i) => {
          if (i === 0) return;
          expect(t.floor.eq(tiers[i - 1]!.cap)).toBe(true);
          expect(t.cap.gt(t.floor)).toBe(true);
          expect(t.mmr.gt(tiers[i - 1]!.mmr)).toBe(true);
          expect(t.maxLeverage.lt(tiers[i - 1]!.maxLeverage)).toBe(true);
        });
      });
    }
  }

  it('Binance BTCUSDT: 125× up to 50,000 notional, then 100× at 0.5 % with cum 50', () => {
    const btc = BINANCE_USDM.symbols.BTCUSDT!;
    expect(maxLeverageOf(btc).toString()).toBe('125');
    expect(tierFor(btc, dec('50000')).tier).toBe(1);
    expect(tierFor(btc, dec('50000.01')).tier).toBe(2);
    // 60,000 × 0.5 % − 50 = 250; continuous at the edge: 50,000 × 0.4 % = 200 = 50,000 × 0.5 % − 50
    expect(maintenanceMargin(btc, dec('60000')).toString()).toBe('250');
    expect(maintenanceMargin(btc, dec('50000')).toString()).toBe('200');
    expect(maintenanceMargin(btc, dec('-60000')).toString()).toBe('250');
  });

  it('Bybit BTCUSDT: 100× and 0.5 % to a 2,000,000 limit; 4,000,000 at 1 % minus a 10,000 deduction', () => {
    const btc = BYBIT_LINEAR.symbols.BTCUSDT!;
    expect(maintenanceMargin(btc, dec('1000000')).toString()).toBe('5000');
    expect(maintenanceMargin(btc, dec('3000000')).toString()).toBe('20000');
    expect(tierFor(btc, dec('99000000')).tier).toBe(btc.length); // above the last limit: the last tier
  });

  it('a symbol the table does not list trades on its BTCUSDT tiers; the sim exchange on Binance\'s', () => {
    expect(symbolTiers('bybit', 'SOLUSDT')).toBe(BYBIT_LINEAR.symbols.BTCUSDT);
    expect(symbolTiers('sim', 'ETHUSDT')).toBe(BINANCE_USDM.symbols.ETHUSDT);
    expect(symbolTiers('okx', 'BTCUSDT')).toBe(BINANCE_USDM.symbols.BTCUSDT);
  });
});
