import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGrid } from '../../src/backtest/grid-pool.js';
import { runBacktest, type BacktestResult } from '../../src/backtest/run-backtest.js';
import { runCli } from '../../src/app/cli.js';
import { DATASET } from '../datasets.js';
import { freshDataDir } from '../server/harness.js';

// The first 3,000 bars of the bundled AVAXUSDT file (real rows), so that each backtest is quick.
const dir = mkdtempSync(join(tmpdir(), 'cli-optimize-'));
const DATA = join(dir, 'binance_futures_um_AVAXUSDT_1m_head.csv');
writeFileSync(DATA, `${readFileSync(DATASET.avaxUm1m, 'utf8').split('\n').slice(0, 3001).join('\n')}\n`);
const dataDir = freshDataDir();
afterAll(() => [dir, dataDir].forEach((d) => rmSync(d, { recursive: true, force: true })));

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { DATA_DIR: dataDir }, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

/** What a grid keeps of a run: everything but the trade rows, the curve and the log. */
function summary(r: BacktestResult): Omit<BacktestResult, 'trades' | 'equity_curve' | 'logs'> {
  const { trades: _t, equity_curve: _c, logs: _l, ...rest } = r;
  return rest;
}

interface OptimizeJson {
  metric: string;
  threads: number;
  sets: number;
  skipped: { params: Record<string, number>; reason: string }[];
  split: { train: number; in_sample: { from: number; to: number; bars: number }; out_of_sample: { from: number; to: number; bars: number } } | null;
  rows: { params: Record<string, number>; in_sample: ReturnType<typeof summary>; out_of_sample?: ReturnType<typeof summary> }[];
}

describe('optimize', () => {
  it('a grid run on worker threads is, set by set, the single backtest of that set', async () => {
    const tasks = [{ params: { fast: 5, slow: 20 } }, { params: { fast: 10, slow: 40 }, from: 1675216800000, to: 1675300000000 }, { params: { fast: 30, slow: 20 } }];
    const out = await runGrid({ data: DATA, strategy: 'sma_cross', options: { feeBps: 4, slippageBps: 1 } }, tasks, { threads: 2 });
    for (const i of [0, 1]) {
      const one = await runBacktest({ data: DATA, strategy: 'sma_cross', feeBps: 4, slippageBps: 1, ...tasks[i] });
      expect(one.trade_count).toBeGreaterThan(5);
      expect(out[i]).toEqual({ ok: true, result: summary(one) });
    }
    expect(out[2]).toEqual({ ok: false, error: 'fast (30) must be shorter than slow (20)' });
  }, 60_000);

  it('--json ranks every set by the metric, skips the refused ones, and splits walk-forward at 70 % of the bars', async () => {
    const r = await cli(['optimize', '--data', DATA, '--strategy', 'sma_cross', '--fee-bps', '4', '--fast', '5:15:5', '--slow', '10,30', '--metric', 'sharpe', '--train', '70%', '--threads', '2', '--json']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out[0]!) as OptimizeJson;
    expect(j).toMatchObject({ metric: 'sharpe', threads: 2, sets: 6 });
    expect(j.skipped.map((s) => s.params)).toEqual([{ fast: 10, slow: 10 }, { fast: 15, slow: 10 }]);
    // 3,000 bars: the first 2,100 train, the last 900 test; each segment's runs cover exactly it.
    const t0 = 1675209600000;
    expect(j.split).toEqual({
      train: 0.7,
      in_sample: { from: t0, to: t0 + 2099 * 60_000, bars: 2100 },
      out_of_sample: { from: t0 + 2100 * 60_000, to: t0 + 2999 * 60_000, bars: 900 },
    });
    expect(j.rows).toHaveLength(4);
    for (const row of j.rows) {
      // A result's `to` is the end of its last bar.
      expect(row.in_sample).toMatchObject({ from: t0, to: t0 + 2100 * 60_000 - 1, bars: 2100 });
      expect(row.out_of_sample).toMatchObject({ from: t0 + 2100 * 60_000, to: t0 + 3000 * 60_000 - 1, bars: 900 });
    }
    const sharpe = j.rows.map((row) => row.in_sample.stats.sharpe ?? -Infinity);
    expect(sharpe).toEqual([...sharpe].sort((a, b) => b - a));
    // The out-of-sample run of a set is that set's backtest over the test segment, started flat.
    // Same input, same rows, to the digit (only the wall time differs), whatever the threads.
    const again = await cli(['optimize', '--data', DATA, '--strategy', 'sma_cross', '--fee-bps', '4', '--fast', '5:15:5', '--slow', '10,30', '--metric', 'sharpe', '--train', '70%', '--threads', '1', '--json']);
    expect(JSON.stringify((JSON.parse(again.out[0]!) as OptimizeJson).rows)).toBe(JSON.stringify(j.rows));
    const best = j.rows[0]!;
    const oos = await runBacktest({ data: DATA, strategy: 'sma_cross', feeBps: 4, params: best.params, from: j.split!.out_of_sample.from, to: j.split!.out_of_sample.to });
    expect(best.out_of_sample).toEqual(JSON.parse(JSON.stringify(summary(oos))));
  }, 60_000);

  it('prints a table: the varied parameters, in-sample beside out-of-sample', async () => {
    const r = await cli(['optimize', '--data', DATA, '--strategy', 'sma_cross', '--fee-bps', '0', '--fast', '5,8', '--slow', '21', '--train', '0.5', '--threads', '1']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^sma_cross on AVAXUSDT, 1,500 bars in-sample, fee 0 bps: 2 parameter sets on 1 threads in [\d.]+ s, ranked by net_pnl$/);
    expect(r.out[1]).toBe('walk-forward: in-sample 1,500 bars 2023-02-01T00:00Z → 2023-02-02T00:59Z · out-of-sample 1,500 bars 2023-02-02T01:00Z → 2023-02-03T01:59Z');
    expect(r.out[2]).toMatch(/^# +fast +slow +IS net_pnl +IS net_pnl +IS trades +IS win% +IS maxdd% +OOS net_pnl/);
    expect(r.out.slice(3).map((l) => l.split(/ +/).slice(0, 3))).toEqual(expect.arrayContaining([expect.arrayContaining(['5', '21']), expect.arrayContaining(['8', '21'])]));
  }, 60_000);

  it('bad flags exit 2 with the reason', async () => {
    const base = ['optimize', '--data', DATA, '--strategy', 'sma_cross', '--fee-bps', '4'];
    const cases: [string[], string][] = [
      [['--fast', '5:10:5', '--metric', 'luck'], '--metric is one of net_pnl'],
      [['--fast', '5:10:5', '--train', '120%'], '--train takes the in-sample share'],
      [['--fast', '30:5:5'], '--fast 30:5:5: the end 5 is below the start 30'],
      [['--fastest', '5:10:5'], 'unknown option --fastest (sma_cross takes --fast, --slow, --quantity)'],
      [['--fast', '5:10:5', '--threads', '0'], '--threads takes a whole number from 1'],
      [['--fast', '5:10:5', '--plot', 'x.html'], '--plot and --trades are for one backtest'],
      [[], 'give at least one parameter a range'],
      [['--fast', '40,50'], 'every parameter set is refused by sma_cross'],
    ];
    for (const [extra, message] of cases) {
      const r = await cli([...base, ...extra]);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.err.join('\n')).toContain(message);
    }
    const help = await cli(['optimize', '--help']);
    expect(help.out[0]).toMatch(/^usage: npm run cli -- optimize --data/);
  });
});
