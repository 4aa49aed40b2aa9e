import { parseTime } from '../sim/market/csv-layout.js';
import type { StrategyDefinition } from '../backtest/strategy.js';

/** A command-line mistake: the CLI prints the message and exits with code 2. */
export class UsageError extends Error {}

export interface BacktestArgs {
  readonly data: string;
  readonly strategy: string;
  readonly feeBps: number;
  readonly slippageBps: number;
  readonly from?: number;
  readonly to?: number;
  readonly cash?: string;
  readonly funding?: number;
  readonly leverage?: number;
  readonly marginMode?: 'cross' | 'isolated';
  readonly fillModel?: 'through' | 'touch';
  readonly json: boolean;
  readonly plot?: string;
  readonly trades?: string;
  /** --<name> N for the strategy's own parameters (checked against it once it is loaded). */
  readonly params: Record<string, string>;
}

const OWN = new Set(['data', 'strategy', 'fee-bps', 'slippage-bps', 'from', 'to', 'cash', 'funding', 'leverage', 'margin-mode', 'fill-model', 'plot', 'trades']);
const FLAGS = new Set(['json']);

export const BACKTEST_USAGE = [
  '--data <csv|dataset id> --strategy <name|path> --fee-bps N [strategy parameters: --fast N --slow N --quantity Q …]',
  '[--slippage-bps N] [--from T] [--to T] [--cash N] [--funding RATE] [--leverage N] [--margin-mode cross|isolated] [--fill-model through|touch]',
  '[--json] [--plot out.html] [--trades out.csv]',
].join(' ');

export const BACKTEST_HELP = [
  '  --data          a market-data CSV (klines or trades, any layout replay reads) or a dataset id',
  '  --strategy      a built-in (sma_cross, breakout, mean_reversion) or the path of a strategy file',
  '  --fee-bps       fee on each fill\'s notional, in basis points (required; 0 for none)',
  '  --slippage-bps  against the trader on each taker fill, rounded up to whole ticks (default 0)',
  '  --from, --to    bars opening in this range: epoch ms or an ISO time (UTC unless it says)',
  '  --cash          starting cash in the quote asset (default 10000)',
  '  --funding       a funding rate applied every 8 h to the position\'s notional (0.0001 = 0.01 %)',
  '  --leverage      check margin at this leverage and liquidate the position as its venue would (default: no margin check)',
  '  --margin-mode   with --leverage: cross (the cash backs the position, default) or isolated (its initial margin)',
  '  --fill-model    how resting limits fill: through (the trade goes through the price, default) or touch',
  '  --json          print one JSON object (trades, totals, statistics) instead of the summary',
  '  --plot          write a self-contained HTML report (equity, drawdown, trades on the price chart)',
  '  --trades        write the trades as CSV',
  '  strategy parameters: --<name> <number>, as the strategy defines them (--help after --strategy lists them)',
];

function number(name: string, text: string, min = -Infinity): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} needs a number, got '${text}'`);
  if (n < min) throw new UsageError(`--${name} must be at least ${min}, got ${text}`);
  return n;
}

function positive(name: string, text: string): number {
  const n = number(name, text);
  if (!(n > 0)) throw new UsageError(`--${name} must be greater than 0, got ${text}`);
  return n;
}

function time(name: string, text: string): number {
  const t = parseTime(text);
  if (Number.isNaN(t)) throw new UsageError(`--${name} needs epoch ms or an ISO time such as 2025-06-01 or 2025-06-01T12:00Z, got '${text}'`);
  return t;
}

/** Reads the flags of `backtest`; every mistake is a UsageError naming the flag. */
export function parseBacktestArgs(args: readonly string[]): BacktestArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const params: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--') || a.length < 3) throw new UsageError(`unexpected argument '${a}' (options start with --)`);
    let name = a.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (FLAGS.has(name)) {
      if (value !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
      continue;
    }
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`--${name} needs a value`);
      i++;
    }
    if (values.has(name) || name in params) throw new UsageError(`--${name} is given twice`);
    if (OWN.has(name)) values.set(name, value);
    else if (/^[a-z][a-z0-9_-]*$/i.test(name)) params[name] = value;
    else throw new UsageError(`unknown option --${name}`);
  }
  const need = (name: string): string => {
    const v = values.get(name);
    if (v === undefined) throw new UsageError(`--${name} is required`);
    return v;
  };
  const fillModel = values.get('fill-model');
  if (fillModel !== undefined && fillModel !== 'through' && fillModel !== 'touch') throw new UsageError(`--fill-model is through or touch, got '${fillModel}'`);
  const get = <T>(name: string, f: (v: string) => T): T | undefined => {
    const v = values.get(name);
    return v === undefined ? undefined : f(v);
  };
  const out: BacktestArgs = {
    data: need('data'),
    strategy: need('strategy'),
    feeBps: number('fee-bps', need('fee-bps'), 0),
    slippageBps: get('slippage-bps', (v) => number('slippage-bps', v, 0)) ?? 0,
    from: get('from', (v) => time('from', v)),
    to: get('to', (v) => time('to', v)),
    cash: get('cash', (v) => {
      positive('cash', v);
      return v.trim();
    }),
    funding: get('funding', (v) => number('funding', v)),
    leverage: get('leverage', (v) => positive('leverage', v)),
    marginMode: get('margin-mode', (v) => {
      if (v !== 'cross' && v !== 'isolated') throw new UsageError(`--margin-mode must be cross or isolated, not ${v}`);
      return v;
    }),
    fillModel: fillModel as BacktestArgs['fillModel'],
    json: flags.has('json'),
    plot: values.get('plot'),
    trades: values.get('trades'),
    params,
  };
  if (out.from !== undefined && out.to !== undefined && out.from > out.to) throw new UsageError('--from is after --to');
  return out;
}

/** The strategy's parameters from their flags, each checked to be one it has and a number. */
export function strategyParams(def: StrategyDefinition, given: Readonly<Record<string, string>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, text] of Object.entries(given)) {
    if (!(name in def.params)) {
      const known = Object.keys(def.params).map((k) => `--${k}`);
      throw new UsageError(`unknown option --${name} (${def.name} takes ${known.join(', ') || 'no parameters'})`);
    }
    out[name] = number(name, text);
  }
  return out;
}

/** The strategy's parameters, for --help. */
export function paramsHelp(def: StrategyDefinition): string[] {
  return [`  ${def.name}: ${def.description}`, ...Object.entries(def.params).map(([k, p]) => `    --${k.padEnd(12)} ${p.description} (default ${p.default})`)];
}
