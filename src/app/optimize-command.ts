import { loadBarData, sliceBars } from '../backtest/bar-data.js';
import { defaultThreads, runGrid, type GridOutcome, type GridSetup, type GridSummary, type GridTask } from '../backtest/grid-pool.js';
import { isMetric, METRIC_NAMES, metricOf, rankBy, type MetricName } from '../backtest/grid-metrics.js';
import { loadStrategy, strategyPath } from '../backtest/load-strategy.js';
import { cartesian, parseRange } from '../backtest/param-grid.js';
import { resolveParams } from '../backtest/strategy.js';
import { parseTrainFraction, splitBars, type Split } from '../backtest/walk-forward.js';
import { BACKTEST_HELP, paramsHelp, parseBacktestArgs, UsageError } from './backtest-args.js';
import { dataPath, type CliIo } from './backtest-command.js';

export const OPTIMIZE_USAGE =
  '--data <csv|dataset id> --strategy <name|path> --fee-bps N --<param> from:to:step|a,b,c|N … [--metric M] [--train 70%] [--threads N] [--top N] [--json] [backtest options]';

const OWN = ['metric', 'train', 'threads', 'top'];

export const OPTIMIZE_HELP = [
  '  --<param>       the values of a strategy parameter: from:to:step (5:30:5), a list (5,8,13) or one value;',
  '                  every combination is one backtest (combinations the strategy refuses, e.g. fast ≥ slow, are skipped)',
  `  --metric        the ranking: ${METRIC_NAMES.join(', ')} (default net_pnl; drawdowns rank lowest first)`,
  '  --train         walk-forward: choose on the first part of the bars (70% or 0.7), show each set\'s result on the rest beside it',
  `  --threads       worker threads (default ${defaultThreads()}, the machine's available parallelism)`,
  '  --top           rows of the table (default 20; 0 for all); --json prints every row',
  ...BACKTEST_HELP.filter((l) => !/^ {2}--(plot|trades|json) /.test(l)),
  '  --json          print one JSON object: the split, every parameter set with its in-sample and out-of-sample summary',
];

interface Row {
  readonly params: Record<string, number>;
  readonly inSample: GridOutcome;
  readonly outOfSample: GridOutcome | null;
}

/** `optimize …`: a grid of backtests on worker threads, ranked; answers the exit code (2 for bad flags). */
export async function optimizeCommand(args: readonly string[], dataDir: string, io: CliIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  try {
    if (args.includes('--help') || args.includes('-h')) {
      io.print(`usage: npm run cli -- optimize ${OPTIMIZE_USAGE}`);
      for (const l of OPTIMIZE_HELP) io.print(l);
      const i = args.indexOf('--strategy');
      const name = i >= 0 ? args[i + 1] : undefined;
      if (name && strategyPath(name, cwd)) for (const l of paramsHelp(await loadStrategy(name, cwd))) io.print(l);
      return 0;
    }
    const a = parseBacktestArgs(args);
    if (a.plot !== undefined || a.trades !== undefined) throw new UsageError('--plot and --trades are for one backtest: run `backtest` with the parameters you pick');
    const own = new Map(OWN.filter((k) => k in a.params).map((k) => [k, a.params[k] as string]));
    const ranges = Object.entries(a.params).filter(([k]) => !OWN.includes(k));
    const metric = own.get('metric') ?? 'net_pnl';
    if (!isMetric(metric)) throw new UsageError(`--metric is one of ${METRIC_NAMES.join(', ')}, not ${metric}`);
    const threads = whole('threads', own.get('threads'), 1, 256) ?? defaultThreads();
    const top = whole('top', own.get('top'), 0, 1_000_000) ?? 20;
    const train = own.has('train') ? parseTrainFraction(own.get('train') as string) : null;
    if (strategyPath(a.strategy, cwd) === null) throw new UsageError(`--strategy ${a.strategy}: neither a built-in (sma_cross, breakout, mean_reversion) nor a file`);
    const def = await loadStrategy(a.strategy, cwd);
    for (const [name] of ranges) {
      if (!(name in def.params)) throw new UsageError(`unknown option --${name} (${def.name} takes ${Object.keys(def.params).map((k) => `--${k}`).join(', ') || 'no parameters'})`);
    }
    if (ranges.length === 0) throw new UsageError(`give at least one parameter a range, e.g. --${Object.keys(def.params)[0] ?? 'fast'} 5:30:5`);
    const sets = cartesian(ranges.map(([k, v]) => [k, parseRange(k, v)] as const));
    const valid: Record<string, number>[] = [];
    const skipped: { params: Record<string, number>; reason: string }[] = [];
    for (const s of sets) {
      try {
        resolveParams(def, s);
        valid.push(s);
      } catch (err) {
        skipped.push({ params: s, reason: (err as Error).message });
      }
    }
    if (valid.length === 0) throw new UsageError(`every parameter set is refused by ${def.name}, e.g. ${skipped[0]?.reason}`);
    const path = dataPath(a.data, dataDir, cwd);
    // Read once here, its columns shared with the workers; without a split, while they start.
    const bars = train === null ? null : loadBarData(path);
    const split = bars === null || train === null ? null : splitBars(sliceBars(bars, a.from, a.to).openTime, train);
    const tasks: GridTask[] = valid.flatMap((params): GridTask[] =>
      split === null ? [{ params, from: a.from, to: a.to }] : [{ params, ...span(split.train) }, { params, ...span(split.test) }],
    );
    const setup: GridSetup = {
      data: bars ?? (() => loadBarData(path)),
      strategy: a.strategy,
      cwd,
      options: { feeBps: a.feeBps, slippageBps: a.slippageBps, cash: a.cash, funding: a.funding, leverage: a.leverage, marginMode: a.marginMode, fillModel: a.fillModel },
    };
    const started = performance.now();
    let outcomes: GridOutcome[];
    try {
      outcomes = await runGrid(setup, tasks, { threads, onProgress: io.progress ? (d, t) => io.progress!(bar(d, t)) : undefined });
    } finally {
      io.progress?.(null);
    }
    const seconds = (performance.now() - started) / 1000;
    const step = split === null ? 1 : 2;
    const rows: Row[] = valid.map((params, i) => ({ params, inSample: outcomes[i * step] as GridOutcome, outOfSample: split === null ? null : (outcomes[i * step + 1] as GridOutcome) }));
    const ranked = rankBy(rows, metric, (r) => (r.inSample.ok ? r.inSample.result : null));
    const used = Math.min(threads, tasks.length);
    if (a.json) {
      io.print(JSON.stringify({ strategy: def.name, data: path, metric, threads: used, seconds: Number(seconds.toFixed(3)), split: splitJson(split, train), sets: sets.length, skipped, rows: ranked.map(rowJson) }));
      return 0;
    }
    const first = ranked.find((r) => r.inSample.ok)?.inSample;
    const about = first?.ok ? `${first.result.symbol}, ${first.result.bars.toLocaleString('en-US')} bars${split ? ' in-sample' : ''}` : path;
    io.print(`${def.name} on ${about}, fee ${a.feeBps} bps: ${valid.length} parameter sets on ${used} threads in ${seconds.toFixed(1)} s, ranked by ${metric}`);
    if (skipped.length) io.print(`skipped ${skipped.length} of ${sets.length} sets the strategy refuses, e.g. ${skipped[0]!.reason}`);
    if (split) {
      io.print(`walk-forward: in-sample ${segmentText(split.train)} · out-of-sample ${segmentText(split.test)}`);
    }
    for (const l of table(ranked.slice(0, top === 0 ? ranked.length : top), ranges.map(([k]) => k), metric, split !== null)) io.print(l);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof RangeError) {
      io.printError(`optimize: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

function whole(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not ${text}`);
  return n;
}

const span = (s: Split['train']): { from: number; to: number } => ({ from: s.from, to: s.to });

const iso = (t: number): string => new Date(t).toISOString().replace(':00.000Z', 'Z');

const segmentText = (s: Split['train']): string => `${s.bars.toLocaleString('en-US')} bars ${iso(s.from)} → ${iso(s.to)}`;

function splitJson(split: Split | null, fraction: number | null): unknown {
  return split === null ? null : { train: fraction, in_sample: split.train, out_of_sample: split.test };
}

function rowJson(r: Row): unknown {
  const one = (o: GridOutcome | null): unknown => (o === null ? undefined : o.ok ? o.result : { error: o.error });
  return { params: r.params, in_sample: one(r.inSample), out_of_sample: one(r.outOfSample) };
}

const num = (n: number | null, digits: number): string => (n === null ? '—' : n.toFixed(digits));

/** The ranked rows as a text table: rank, the varied parameters, then in-sample (and out-of-sample) results. */
function table(rows: readonly Row[], names: readonly string[], metric: MetricName, walkForward: boolean): string[] {
  const cells = (o: GridOutcome | null): string[] => {
    if (o === null) return [];
    if (!o.ok) return [o.error, '', '', '', ''];
    const r: GridSummary = o.result;
    return [num(metricOf(r, metric), 4), num(r.net_pnl, 2), String(r.trade_count), num(r.stats.win_rate === null ? null : r.stats.win_rate * 100, 1), num(r.stats.max_drawdown_pct === null ? null : r.stats.max_drawdown_pct * 100, 2)];
  };
  const results = (prefix: string): string[] => [`${prefix}${metric}`, `${prefix}net_pnl`, `${prefix}trades`, `${prefix}win%`, `${prefix}maxdd%`];
  const head = ['#', ...names, ...results(walkForward ? 'IS ' : ''), ...(walkForward ? results('OOS ') : [])];
  const body = rows.map((r, i) => [String(i + 1), ...names.map((n) => String(r.params[n])), ...cells(r.inSample), ...cells(r.outOfSample)]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => (b[c] ?? '').length)));
  const line = (cols: readonly string[]): string => cols.map((v, c) => (c <= names.length ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(head), ...body.map(line)];
}

function bar(done: number, total: number): string {
  const width = 30;
  const f = total ? done / total : 1;
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)} % ${done} / ${total} backtests`;
}
