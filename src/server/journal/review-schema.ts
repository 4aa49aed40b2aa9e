import { z } from 'zod';

const num = (d: string) => z.number().describe(d);
const numN = (d: string) => z.number().nullable().describe(d);

/**
 * GET …/journal/review: every figure defined here (and in the README). A trade is a win when its
 * net PnL (after fees) is > 0, else a loss. Money in the quote asset.
 */
export const reviewSchema = z.object({
  mode: z.string().describe('the ledger mode reviewed'),
  trades: num('closed trades matching the filters'),
  open_trades: num('positions still open: not trades yet, not in any figure'),
  wins: num('trades with net_pnl > 0'),
  losses: num('the other trades (net_pnl ≤ 0)'),
  win_rate: numN('wins ÷ trades (0-1); null with no trade'),
  gross_pnl: num('Σ gross_pnl (before fees)'),
  fees: num('Σ fees'),
  net_pnl: num('Σ net_pnl'),
  gross_profit: num('Σ net_pnl of the wins'),
  gross_loss: num('−Σ net_pnl of the losses (≥ 0)'),
  avg_win: numN('gross_profit ÷ wins; null without a win'),
  avg_loss: numN('gross_loss ÷ losses (≥ 0); null without a loss'),
  payoff_ratio: numN('avg_win ÷ avg_loss; null without a win or without a loss (all winners: null, not infinite)'),
  profit_factor: numN('gross_profit ÷ gross_loss; null when gross_loss is 0 (all winners)'),
  expectancy: numN('net_pnl ÷ trades: the mean result of a trade'),
  expectancy_r: numN('mean r_multiple over the trades that had a stop at entry; null when none had'),
  r_trades: num('trades with an r_multiple'),
  sqn: numN("Van Tharp's system quality number √N × mean(R) ÷ sample sd(R) over the r_trades (N not capped); null below 2 or with sd 0"),
  largest_win: numN('the best net_pnl; null without a win'),
  largest_loss: numN('the worst net_pnl as a positive amount; null without a loss'),
  longest_win_streak: num('most wins in a row, in order of exit'),
  longest_loss_streak: num('most losses in a row'),
  avg_time_in_winners_ms: numN('mean duration_ms of the wins'),
  avg_time_in_losers_ms: numN('mean duration_ms of the losses'),
  max_drawdown: num('largest fall of the equity curve below its previous peak, quote'),
  max_drawdown_pct: num('largest fall as a fraction (0-1) of the peak it fell from (may be another fall than the largest amount)'),
  max_drawdown_duration_ms: num('longest time from a peak to the first point back at or above it (or to the last point when not recovered)'),
  sharpe_per_trade: numN('mean ÷ sample sd of per-trade returns (net_pnl ÷ equity before the trade closed); risk-free 0; not annualized; null below 2 trades or with sd 0'),
  sortino_per_trade: numN('mean ÷ downside deviation √(Σ min(r, 0)² ÷ n) of the same returns; null with no losing return'),
  sharpe_daily: numN('the same on daily returns (equity at the end of each UTC day from the first trade\'s day to the last, quiet days 0), annualized × √365'),
  sortino_daily: numN('Sortino of the daily returns, annualized × √365'),
  days: num('UTC days in the daily returns'),
  var_95: numN('historical VaR of one trade at 95 %: minus the k-th worst net_pnl, k = ⌈0.05 × trades⌉ (nearest rank); positive = a loss'),
  var_99: numN('the same at 99 % (k = ⌈0.01 × trades⌉)'),
  parametric_var_95: numN('Gaussian VaR of one trade: 1.6449 × sample sd − mean of net_pnl; null below 2 trades'),
  parametric_var_99: numN('2.3263 × sample sd − mean of net_pnl'),
  fees_share_of_gross: numN('fees ÷ gross_pnl (0-1, > 1 when fees ate more than was made); null when gross_pnl ≤ 0'),
  starting_equity: num('the account\'s starting cash: where the curve starts'),
  equity_curve: z
    .array(
      z.object({
        time: num('epoch ms: the first trade\'s entry, then each exit'),
        equity: num('starting_equity + Σ net_pnl of the (filtered) trades closed by then'),
        drawdown: num('highest equity so far − equity (≥ 0)'),
        drawdown_pct: num('drawdown ÷ that peak (0-1)'),
      }),
    )
    .describe('the equity curve of the filtered trades with the drawdown underneath; empty with no trade'),
});
