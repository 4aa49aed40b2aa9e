import { z } from 'zod';
import type { Decimal } from '../../domain/decimal.js';
import type { TradingMode } from '../../domain/ids.js';
import { tradeStats } from '../../domain/trade-stats.js';
import type { ServerDeps } from '../deps.js';
import { errorResponses, modeInput } from '../schemas.js';
import { durable, routes, type RouteModule } from './plugin.js';

const ms = z.coerce.number({ error: 'must be epoch milliseconds' }).int('must be epoch milliseconds').min(0, 'must be at least 0');
const n = (d: Decimal | null): number | null => (d === null ? null : d.rescale(8).toNumber());

/** GET /api/trading/stats's answer (and a practice session's). */
export const statsSchema = z.object({
  mode: z.string(),
  trades: z.number(),
  wins: z.number(),
  losses: z.number(),
  win_rate: z.number().nullable(),
  gross_profit: z.number(),
  gross_loss: z.number(),
  net_pnl: z.number(),
  fees: z.number(),
  profit_factor: z.number().nullable(),
  expectancy: z.number().nullable(),
  avg_win: z.number().nullable(),
  avg_loss: z.number().nullable(),
  max_drawdown: z.number(),
  daily_pnl: z.number(),
  daily_loss_remaining: z.number().nullable(),
});

/** The statistics of one mode of a ledger: its closed positions (closed in [from, to]) and its risk state. */
export function statsView(src: Pick<ServerDeps, 'store' | 'risk' | 'engine'>, mode: TradingMode, from?: number, to?: number): z.infer<typeof statsSchema> {
  const closed = src.store
    .listPositions({ mode, status: 'closed', limit: 1_000_000 })
    .filter((p) => (from === undefined || p.closedAt! >= from) && (to === undefined || p.closedAt! <= to));
  const s = tradeStats(closed);
  const risk = src.risk.status(mode, src.engine.knownEquity(mode));
  return {
    mode,
    trades: s.trades,
    wins: s.wins,
    losses: s.losses,
    win_rate: n(s.winRate),
    gross_profit: n(s.grossProfit)!,
    gross_loss: n(s.grossLoss)!,
    net_pnl: n(s.netPnl)!,
    fees: n(s.fees)!,
    profit_factor: n(s.profitFactor),
    expectancy: n(s.expectancy),
    avg_win: n(s.avgWin),
    avg_loss: n(s.avgLoss),
    max_drawdown: n(s.maxDrawdown)!,
    daily_pnl: n(risk.dailyPnl)!,
    daily_loss_remaining: n(risk.dailyLossRemaining),
  };
}

export const statsRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.get(
      '/api/trading/stats',
      {
        schema: {
          tags: ['trading'],
          summary: 'Trading statistics over closed positions (one position = one trade, net of fees)',
          querystring: z.object({ mode: modeInput.optional(), from: ms.optional(), to: ms.optional() }),
          response: {
            200: statsSchema,
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const mode = (req.query.mode ?? deps.mode()) as TradingMode;
        const { from, to } = req.query;
        await durable(deps);
        return statsView(deps, mode, from, to);
      },
    );
  });
