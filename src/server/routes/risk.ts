import { z } from 'zod';
import type { Decimal } from '../../domain/decimal.js';
import type { RiskLimits } from '../../domain/risk/risk-types.js';
import type { TradingMode } from '../../domain/ids.js';
import type { ServerDeps } from '../deps.js';
import { audited } from '../auth/audited.js';
import { requireToken } from '../auth/require-token.js';
import { decimalInput } from '../schemas.js';
import { errorResponses, notCanceledSchema } from '../schemas.js';
import { notCanceledView, orderView } from '../views.js';
import { durable, routes, type RouteModule } from './plugin.js';

const FIELDS = {
  max_position_size: 'maxPositionSize',
  max_position_notional: 'maxPositionNotional',
  max_daily_loss: 'maxDailyLoss',
  max_open_positions: 'maxOpenPositions',
  max_leverage: 'maxLeverage',
  max_orders_per_minute: 'maxOrdersPerMinute',
  max_drawdown: 'maxDrawdown',
} as const satisfies Record<string, keyof RiskLimits>;

const positive = decimalInput
  .refine((d) => d.sign() > 0, { message: 'must be greater than zero (or null for no limit)' })
  .refine((d) => Number.isFinite(d.toNumber()), { message: 'is too large (at most 1.7976931348623157e308)' });
const count = z.number({ error: 'must be a whole number (or null for no limit)' }).int('must be a whole number').min(1, 'must be at least 1');

const riskBody = z.strictObject({
  max_position_size: positive.nullable().optional(),
  max_position_notional: positive.nullable().optional(),
  max_daily_loss: positive.nullable().optional(),
  max_open_positions: count.nullable().optional(),
  max_leverage: positive.nullable().optional(),
  max_orders_per_minute: count.nullable().optional(),
  max_drawdown: positive.nullable().optional(),
});

const num = (d: Decimal | null): number | null => (d === null ? null : d.toNumber());

export function limitsView(l: RiskLimits): Record<keyof typeof FIELDS, number | null> {
  const out = {} as Record<keyof typeof FIELDS, number | null>;
  for (const [api, key] of Object.entries(FIELDS) as [keyof typeof FIELDS, keyof RiskLimits][]) {
    const v = l[key];
    out[api] = v === null ? null : typeof v === 'number' ? v : v.toNumber();
  }
  return out;
}

export const statusSchema = z.object({
  trading_state: z.enum(['ACTIVE', 'REDUCING', 'HALTED']),
  reason: z.string().nullable(),
  day: z.string(),
  equity: z.number().nullable().describe('null while live trading has not read the exchanges\' wallets yet'),
  daily_pnl: z.number(),
  daily_loss_remaining: z.number().nullable(),
  peak_equity: z.number(),
  drawdown: z.number(),
});
const limitsSchema = z.object(Object.fromEntries(Object.keys(FIELDS).map((k) => [k, z.number().nullable()])));
/** GET /api/trading/config/risk's answer (and a practice session's GET …/risk). */
export const riskAnswer = z.object({ limits: limitsSchema, state: statusSchema });
const answer = riskAnswer.shape;

/** The trading state of one mode of a ledger (its risk engine and equity). */
export function riskStatusView(src: Pick<ServerDeps, 'risk' | 'engine'>, mode: TradingMode): z.infer<typeof statusSchema> {
  const s = src.risk.status(mode, src.engine.knownEquity(mode));
  return {
    trading_state: s.tradingState,
    reason: s.reason,
    day: s.day,
    equity: num(s.equity?.rescale(8) ?? null),
    daily_pnl: s.dailyPnl.rescale(8).toNumber(),
    daily_loss_remaining: num(s.dailyLossRemaining?.rescale(8) ?? null),
    peak_equity: s.peakEquity.rescale(8).toNumber(),
    drawdown: s.drawdown.rescale(8).toNumber(),
  };
}

export const riskRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    const status = () => riskStatusView(deps, deps.mode());

    app.get(
      '/api/trading/config/risk',
      { schema: { tags: ['risk'], summary: 'Risk limits in force and the trading state of the current mode', response: { 200: z.object(answer) } } },
      async () => {
        await durable(deps);
        return { limits: limitsView(deps.risk.currentLimits()), state: status() };
      },
    );

    app.post(
      '/api/trading/config/risk',
      {
        schema: {
          tags: ['risk'],
          summary: 'Set any subset of the limits (null removes one); they apply to every order in every mode',
          body: riskBody,
          response: { 200: z.object(answer), ...errorResponses },
        },
      },
      async (req) => {
        const patch: Partial<Record<keyof RiskLimits, unknown>> = {};
        for (const [api, key] of Object.entries(FIELDS) as [keyof typeof FIELDS, keyof RiskLimits][]) {
          if (req.body[api] !== undefined) patch[key] = req.body[api];
        }
        deps.risk.setLimits(patch as Partial<RiskLimits>);
        // The limits this request set, not those of another one that came while the ledger was being written.
        const limits = limitsView(deps.risk.currentLimits());
        await durable(deps);
        return { limits, state: status() };
      },
    );

    app.post(
      '/api/trading/halt',
      {
        schema: {
          tags: ['risk'],
          summary: 'Kill switch: HALTED at once (new orders are refused), then cancel every open order and close every position at market',
          body: z.strictObject({ reason: z.string().max(200).optional() }).nullish(),
          response: {
            200: z.object({ trading_state: z.string(), canceled_orders: z.array(z.string()), not_canceled: notCanceledSchema, closing_orders: z.array(z.record(z.string(), z.unknown())) }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const mode = deps.mode();
        // HALTED first: an order arriving while the closes are committed is refused, not filled
        // into a new position behind the kill switch (the closing orders reduce, so they pass).
        deps.risk.halt(mode, req.body?.reason ?? 'halted by the kill switch', deps.engine.knownEquity(mode));
        // Each order is canceled where it rests (on the exchange in live trading), then the positions close.
        const { canceled, failed, closed } = await deps.engine.flattenAll(mode);
        await durable(deps);
        return {
          trading_state: 'HALTED',
          canceled_orders: canceled.map((o) => o.id),
          not_canceled: notCanceledView(failed),
          closing_orders: closed.map((c) => orderView(c.order, c.fills)),
        };
      },
    );

    app.post(
      '/api/trading/resume',
      {
        schema: {
          tags: ['risk'],
          summary: 'Release the kill switch (REDUCING if a loss limit is still hit)',
          description: 'Needs the API token under REQUIRE_TOKEN=1; every call is written to the audit log.',
          response: { 200: statusSchema, ...errorResponses },
        },
      },
      async (req) => {
        const mode = deps.mode();
        const before = deps.risk.status(mode, deps.engine.knownEquity(mode)).tradingState;
        const run = async () => {
          requireToken(deps.auth, req);
          await durable(deps);
          deps.risk.release(mode, deps.engine.knownEquity(mode));
          return status();
        };
        return audited(deps.audit, req, { action: 'resume', fromMode: mode }, run, (s) => `${before} → ${s.trading_state}`);
      },
    );
  });
