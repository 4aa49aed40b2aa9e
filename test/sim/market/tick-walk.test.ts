import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/domain/decimal.js';
import { CsvReplaySource } from '../../../src/sim/market/csv-replay-source.js';
import type { Kline, MarketTick } from '../../../src/sim/market/market-types.js';
import { barPath, splitLots } from '../../../src/sim/market/replay-streams.js';

const dir = mkdtempSync(join(tmpdir(), 'sim-market-walk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const d = Decimal.parse;
const bar = (open: string, high: string, low: string, close: string): Kline => ({
  openTime: 0,
  closeTime: 59_999,
  open: d(open),
  high: d(high),
  low: d(low),
  close: d(close),
  volume: d('1'),
});
const path = (k: Kline): string[] => barPath(k).map((p) => p.toString());

function ticksOf(rows: string[], extra: { tickSize?: string; stepSize?: string } = {}): MarketTick[] {
  const file = join(dir, `SOLUSDT_${rows.length}_${extra.tickSize ?? ''}.csv`);
  writeFileSync(file, ['timestamp,open,high,low,close,volume', ...rows].join('\n'));
  const src = new CsvReplaySource({ files: [file], ...extra });
  const out: MarketTick[] = [];
  for (let t = src.next(); t !== null; t = src.next()) out.push(t);
  return out;
}

describe('the tick walk inside a kline', () => {
  it('goes to the high first when it is nearer to the open', () => {
    expect(path(bar('100', '101', '97', '99'))).toEqual(['100', '101', '97', '99']);
  });

  it('goes to the low first when it is nearer to the open', () => {
    expect(path(bar('100', '104', '99.5', '103'))).toEqual(['100', '99.5', '104', '103']);
  });

  it('goes to the high first on a tie', () => {
    expect(path(bar('100', '102', '98', '100'))).toEqual(['100', '102', '98', '100']);
  });

  it('emits open, nearer extreme, farther extreme, close at +0/15/30/45 s with the volume split on the lot grid', () => {
    // The tick is inferred from the finest price (0.01), the lot from the finest volume (0.01).
    const ticks = ticksOf(['2025-01-01 00:00:00+00:00,100.00,104.00,99.50,103.05,10.07', '2025-01-01 00:01:00+00:00,103.05,103.50,102.00,102.50,0.02']);
    const t0 = Date.UTC(2025, 0, 1);
    expect(ticks.map((t) => t.time - t0)).toEqual([0, 15_000, 30_000, 45_000, 60_000, 75_000, 90_000, 105_000]);
    expect(ticks.map((t) => t.last.toString())).toEqual(['100', '99.5', '104', '103.05', '103.05', '103.5', '102', '102.5']);
    expect(ticks.slice(0, 4).map((t) => t.tradeQuantity.toString())).toEqual(['2.52', '2.52', '2.52', '2.51']);
    expect(ticks.slice(4).map((t) => t.tradeQuantity.toString())).toEqual(['0.01', '0.01', '0', '0']);
    expect(ticks.slice(1, 4).map((t) => t.aggressor)).toEqual(['SELL', 'BUY', 'SELL']);
    for (const t of ticks) {
      expect(t.ask.sub(t.bid).toString()).toBe('0.01');
      expect(t.last.eq(t.aggressor === 'BUY' ? t.ask : t.bid)).toBe(true);
      expect(t.bids.length).toBe(5);
      expect(t.asks[4]?.price.sub(t.ask).toString()).toBe('0.04');
    }
  });

  it('rounds prices to a coarser tick size when one is given', () => {
    const ticks = ticksOf(['2025-01-01 00:00:00+00:00,100.04,100.26,99.95,100.15,1'], { tickSize: '0.1', stepSize: '0.5' });
    expect(ticks.map((t) => t.last.toString())).toEqual(['100', '100', '100.3', '100.2']);
    expect(ticks.reduce((s, t) => s.add(t.tradeQuantity), Decimal.ZERO).toString()).toBe('1');
  });

  it('splits lots so the parts add up exactly', () => {
    expect(splitLots(7n)).toEqual([2n, 2n, 2n, 1n]);
    expect(splitLots(2n)).toEqual([1n, 1n, 0n, 0n]);
  });
});
