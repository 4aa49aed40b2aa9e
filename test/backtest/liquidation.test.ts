import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli.js';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { klineCsv } from './fixture.js';

/** Buys 1 on the first bar, then holds: no order rests, so every later bar is idle unless it reaches the liquidation price. */
function holdStrategy(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bt-hold-')), 'hold.ts');
  writeFileSync(file, `export default { name: 'hold', description: 'buys 1 and holds', params: {}, create() { return { onBar(b, ctx) { if (b.index === 0) ctx.buy('1'); } }; } };\n`);
  return file;
}

describe('liquidation in a backtest', () => {
  // Bybit ETHUSDT (the file's name), isolated 20×: EP 100 (bar 1's open), IM 5, MM 100 × 0.5 % = 0.5,
  // LP = 100 − (5 − 0.5) = 95.5, bankruptcy 95; bar 4's low 95.2 reaches it.
  const rows = [
    ['100', '100.5', '99.5', '100', '10'],
    ['100', '101', '99', '100', '10'],
    ['100', '100.5', '97', '98', '10'],
    ['98', '99', '96', '97', '10'],
    ['97', '97.5', '95.2', '96', '10'],
    ['96', '99', '94', '98', '10'],
  ];

  it('an idle bar whose low reaches the liquidation price is walked: closed at 95.5, the fee 0.5 down to bankruptcy, the trade loses the margin, 5', async () => {
    const r = await runBacktest({ data: klineCsv(rows), strategy: holdStrategy(), feeBps: 0, leverage: 20, marginMode: 'isolated' });
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ side: 'LONG', entry_price: 100, exit_price: 95.5, quantity: 1, pnl: -5 });
    expect(r.trades[0]!.exit_time).toBeGreaterThanOrEqual(Date.UTC(2025, 0, 1) + 4 * 60_000);
    expect(r.trades[0]!.exit_time).toBeLessThan(Date.UTC(2025, 0, 1) + 5 * 60_000);
  });

  it('through the CLI: --leverage 20 --margin-mode isolated gives the same liquidation', async () => {
    const out: string[] = [];
    const errors: string[] = [];
    const argv = ['backtest', '--data', klineCsv(rows), '--strategy', holdStrategy(), '--fee-bps', '0', '--leverage', '20', '--margin-mode', 'isolated', '--json'];
    const code = await runCli(argv, {}, (l) => out.push(l), (l) => errors.push(l));
    expect(code, errors.join('\n')).toBe(0);
    const r = JSON.parse(out.join('\n')) as { trades: { exit_price: number; pnl: number }[] };
    expect(r.trades[0]).toMatchObject({ exit_price: 95.5, pnl: -5 });
  });

  it('at 10× (LP 90.5) the same bars never reach it: held to the end, closed at the last close', async () => {
    const r = await runBacktest({ data: klineCsv(rows), strategy: holdStrategy(), feeBps: 0, leverage: 10, marginMode: 'isolated' });
    expect(r.trades[0]).toMatchObject({ exit_price: 98, pnl: -2 });
  });
});
