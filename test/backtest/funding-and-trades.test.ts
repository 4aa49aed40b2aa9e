import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { DATASET } from '../datasets.js';
import { barsFromCloses, klineCsv } from './fixture.js';

const H4 = 4 * 3_600_000;

describe('funding every 8 h', () => {
  it('charges the position held at each 00/08/16 UTC boundary its notional × the rate at the boundary bar’s open', async () => {
    // The hand-computed sma_cross run on 4 h bars: long 2 from bar 5, short 2 from bar 7, long from bar 12's open.
    const file = klineCsv(barsFromCloses([100, 100, 100, 94, 107, 92, 92, 90, 94, 90, 94, 97, 90]), 'ETHUSDT', H4);
    const r = await runBacktest({ data: file, strategy: 'sma_cross', params: { fast: 2, slow: 3, quantity: 2 }, feeBps: 10, funding: 0.0001 });
    // Boundaries at bars 2, 4 (flat), 6 (long 2 × 92.25: pays 0.01845), 8 and 10 (short 2 × 90.25:
    // receives 0.01805 each), 12 (still short 2 before its open fills, × 97.25: receives 0.01945).
    expect(r.funding).toBe(-0.0371);
    expect(r.net_pnl).toBe(-55.6525 + 0.0371);
    expect(r.trades.map((t) => t.pnl)).toEqual([-30.399, -10.379, -14.8745]);
  });
});

describe('a trades file, and a strategy file of ones own', () => {
  it('is replayed trade by trade: a decision on a trade fills on the next one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bt-user-'));
    const file = join(dir, 'ticker.ts');
    // No import at all: a strategy file is any module default-exporting the definition's shape.
    writeFileSync(
      file,
      `export default {
        name: 'every_tenth', description: 'buys on trade 10, sells on trade 20', params: {},
        create() {
          let n = 0;
          return {
            onTick(t, ctx) {
              n++;
              if (n === 10) ctx.buy('0.01');
              if (n === 20) ctx.sell('0.01');
            },
            onFill(f, ctx) { ctx.log(f.side + ' ' + f.quantity + ' at ' + f.price); },
          };
        },
      };\n`,
    );
    const r = await runBacktest({ data: DATASET.btcTrades, strategy: file, feeBps: 0 });
    const rows = readFileSync(DATASET.btcTrades, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const price = (i: number) => Number(rows[i]![6]);
    const time = (i: number) => Math.floor(Number(rows[i]![2]) / 1000);
    // Decided on trades 10 and 20 (indexes 9 and 19): filled at trades 11 and 21.
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ side: 'LONG', entry_time: time(10), entry_price: price(10), exit_time: time(20), exit_price: price(20), quantity: 0.01 });
    expect(r.logs.map((l) => l.message)).toEqual([`BUY 0.01 at ${price(10)}`, `SELL 0.01 at ${price(20)}`]);
  });
});
