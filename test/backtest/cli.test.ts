import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli.js';
import { DATASET } from '../datasets.js';
import { REPO_ROOT } from '../server/harness.js';
import { barsFromCloses, klineCsv } from './fixture.js';

const exec = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'bt-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The CLI in this process: exit code, stdout and stderr lines. */
async function cli(args: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(['backtest', ...args], { DATA_DIR: out }, (l) => stdout.push(l), (l) => stderr.push(l));
  return { code, stdout, stderr };
}

const FIXTURE = klineCsv(barsFromCloses([100, 100, 100, 94, 107, 92, 92, 90, 94, 90, 94, 97, 90]));
const BASE = ['--data', FIXTURE, '--strategy', 'sma_cross', '--fast', '2', '--slow', '3', '--quantity', '2', '--fee-bps', '10'];

describe('backtest on the command line', () => {
  it.each([
    [[], /--data is required/],
    [['--data', FIXTURE, '--strategy', 'sma_cross'], /--fee-bps is required/],
    [[...BASE, '--fee-bps', '5'], /--fee-bps is given twice/],
    [['--data', FIXTURE, '--strategy', 'sma_cross', '--fee-bps', 'ten'], /--fee-bps needs a number, got 'ten'/],
    [['--data', FIXTURE, '--strategy', 'sma_cross', '--fee-bps', '-1'], /--fee-bps must be at least 0/],
    [[...BASE, '--slippage-bps'], /--slippage-bps needs a value/],
    [[...BASE, '--fastest', '3'], /unknown option --fastest \(sma_cross takes --fast, --slow, --quantity\)/],
    [[...BASE.slice(0, 4), '--fast', '30', '--fee-bps', '1'], /fast \(30\) must be shorter than slow \(30\)/],
    [['--data', FIXTURE, '--strategy', 'nope', '--fee-bps', '1'], /--strategy nope: neither a built-in/],
    [['--data', 'no-such-dataset', '--strategy', 'sma_cross', '--fee-bps', '1'], /--data no-such-dataset: no such file and no dataset by that id/],
    [[...BASE, '--from', 'yesterday'], /--from needs epoch ms or an ISO time/],
    [[...BASE, '--from', '2025-02-01', '--to', '2025-01-01'], /--from is after --to/],
    [[...BASE, '--fill-model', 'maybe'], /--fill-model is through or touch/],
    [[...BASE, '--margin-mode', 'hedge'], /--margin-mode must be cross or isolated, not hedge/],
    [[...BASE, 'extra'], /unexpected argument 'extra'/],
    [[...BASE, '--json=yes'], /--json takes no value/],
    [[...BASE, '--cash', '0'], /--cash must be greater than 0, got 0/],
    [[...BASE, '--fee-bps=10000'], /--fee-bps is given twice/],
    [['--data', FIXTURE, '--strategy', 'sma_cross', '--fee-bps', '10000'], /fee-bps must be between 0 and 10000/],
  ])('%j exits 2 with a message', async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toEqual([]);
    expect(r.stderr.join('\n')).toMatch(message as RegExp);
  });

  it('--help lists the options, and the strategy parameters after --strategy', async () => {
    const r = await cli(['--strategy', 'breakout', '--help']);
    expect(r.code).toBe(0);
    const text = r.stdout.join('\n');
    expect(text).toMatch(/^usage: npm run cli -- backtest/);
    expect(text).toContain('--fee-bps');
    expect(text).toContain('--tp_ticks');
  });

  it('prints a summary, or one JSON object: the same bytes on every run', async () => {
    const summary = await cli(BASE);
    expect(summary.code).toBe(0);
    expect(summary.stdout.join('\n')).toMatch(/trades\s+3\n/);
    expect(summary.stdout.join('\n')).toMatch(/net PnL\s+-55\.6525/);
    const a = await cli([...BASE, '--json']);
    const b = await cli([...BASE, '--json']);
    expect(a.stdout).toHaveLength(1);
    expect(a.stdout[0]).toBe(b.stdout[0]);
    const r = JSON.parse(a.stdout[0]!);
    expect(r).toMatchObject({ trade_count: 3, net_pnl: -55.6525, fees: 1.1525 });
    expect(Object.keys(r.trades[0])).toEqual(['id', 'side', 'entry_time', 'exit_time', 'entry_price', 'exit_price', 'quantity', 'pnl', 'gross_pnl', 'fees', 'fills']);
    for (const k of ['win_rate', 'profit_factor', 'expectancy', 'sqn', 'max_drawdown', 'max_drawdown_pct', 'max_drawdown_duration_ms', 'sharpe', 'sortino', 'calmar', 'var_95', 'var_99', 'exposure', 'buy_and_hold_return']) {
      expect(r.stats).toHaveProperty(k);
    }
  });

  it('a real file by dataset id, twice through `npm run cli` in separate processes: the same bytes', async () => {
    const id = 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29';
    const args = ['run', '-s', 'cli', '--', 'backtest', '--data', id, '--strategy', 'sma_cross', '--fast', '50', '--slow', '200', '--fee-bps', '5', '--slippage-bps', '1', '--json'];
    const [x, y] = await Promise.all([exec('npm', args, { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: out } }), exec('npm', args, { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: out } })]);
    expect(x.stdout.length).toBeGreaterThan(1000);
    expect(x.stdout).toBe(y.stdout);
    expect(JSON.parse(x.stdout).bars).toBe(43_200);
    expect(DATASET.ethBybit1m).toContain(id);
  }, 60_000);

  it('--trades writes the CSV and --plot a self-contained page', async () => {
    const csv = join(out, 'trades.csv');
    const html = join(out, 'report.html');
    const r = await cli([...BASE, '--trades', csv, '--plot', html]);
    expect(r.code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,side,entry_time,exit_time,entry_iso,exit_iso,entry_price,exit_price,quantity,gross_pnl,fees,pnl,fills');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^1,LONG,\d+,\d+,2025-01-01T00:05:00\.000Z,2025-01-01T00:07:00\.000Z,107\.25,92\.25,2,-30,0\.399,-30\.399,2$/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('LightweightCharts');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });
});
