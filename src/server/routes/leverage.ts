import { z } from 'zod';
import { Decimal } from '../../domain/decimal.js';
import type { Instrument } from '../../domain/instrument.js';
import { maxLeverageOf } from '../../domain/maintenance-tiers.js';
import { symbolTiers } from '../../domain/margin-tiers/index.js';
import { MARGIN_MODES } from '../../domain/perp-margin.js';
import { Rejection } from '../../domain/rejection.js';
import type { ServerDeps } from '../deps.js';
import { errorResponses, exchangeInput, symbolInput } from '../schemas.js';
import { durable, instrumentOf, routes, type RouteModule } from './plugin.js';

const marginMode = z.enum(MARGIN_MODES as ['cross', 'isolated'], { error: 'must be "cross" or "isolated"' });
const entrySchema = z.object({ exchange: z.string(), symbol: z.string(), leverage: z.number(), max_leverage: z.number().optional() });
const modeEntry = z.object({ exchange: z.string(), symbol: z.string(), margin_mode: marginMode });
const leverageBody = z.strictObject({
  exchange: exchangeInput,
  symbol: symbolInput,
  leverage: z.number({ error: 'must be a whole number from 1 to 125' }).int('must be a whole number').min(1, 'must be at least 1').max(125, 'must be at most 125'),
});
const marginModeBody = z.strictObject({ exchange: exchangeInput, symbol: symbolInput, margin_mode: marginMode });

function store(deps: ServerDeps): NonNullable<ServerDeps['leverage']> {
  if (!deps.leverage) throw new Rejection('NOT_SUPPORTED', 'this server keeps no leverage settings');
  return deps.leverage;
}

/** The highest leverage a symbol may be set to: its venue's first tier, and the risk config's max_leverage. */
function refuseAboveMax(deps: ServerDeps, inst: Instrument, leverage: number): number {
  const tierMax = maxLeverageOf(symbolTiers(inst.exchange, inst.symbol));
  if (Decimal.fromInt(leverage).gt(tierMax)) {
    throw new Rejection('LEVERAGE_ABOVE_TIER_MAX', `${inst.symbol} on ${inst.exchange} allows at most ${tierMax.toString()}× (its first margin tier)`, {
      field: 'leverage', limit: tierMax.toNumber(), value: leverage,
    });
  }
  const cap = deps.risk.currentLimits().maxLeverage;
  if (cap && Decimal.fromInt(leverage).gt(cap)) {
    throw new Rejection('RISK_MAX_LEVERAGE', `leverage ${leverage}× is above the risk limit of ${cap.toString()}×`, { limit: cap.toNumber(), value: leverage });
  }
  return tierMax.toNumber();
}

/**
 * Leverage and margin mode of the simulated accounts (simulation and paper trading) per exchange
 * and symbol: an order that adds exposure needs |quantity| × price / leverage (+ its fee) of free
 * margin, or it is refused with 422 INSUFFICIENT_MARGIN; a perpetual position is liquidated when the
 * mark crosses its liquidation price (cross: the account's wallet backs it; isolated: its own
 * margin). Spot trades at 1× with no margin mode; live trading uses the exchange's own.
 */
export const leverageRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.get(
      '/api/trading/config/leverage',
      {
        schema: {
          tags: ['risk'],
          summary: 'Leverage and margin mode of the simulated accounts: the defaults and every symbol set to another',
          response: { 200: z.object({ default: z.number(), default_margin_mode: marginMode, symbols: z.array(entrySchema), margin_modes: z.array(modeEntry) }) },
        },
      },
      async () => {
        const { store: s, default: fallback } = store(deps);
        return {
          default: fallback.toNumber(),
          default_margin_mode: 'cross' as const,
          symbols: s.list().map((e) => ({ exchange: e.exchange, symbol: e.symbol, leverage: e.leverage.toNumber() })),
          margin_modes: s.marginModes().map((e) => ({ exchange: e.exchange, symbol: e.symbol, margin_mode: e.marginMode })),
        };
      },
    );

    app.post(
      '/api/trading/config/leverage',
      {
        schema: {
          tags: ['risk'],
          summary: "Set the leverage (1–125×, at most the venue's first margin tier and the risk config's max_leverage) a perpetual symbol is traded at in simulation and paper trading; open positions keep their size, new orders need the margin",
          body: leverageBody,
          response: { 200: entrySchema, ...errorResponses },
        },
      },
      async (req) => {
        const { exchange, symbol, leverage } = req.body;
        const s = store(deps).store;
        const inst = await instrumentOf(deps, exchange, symbol);
        if (inst.marketType === 'spot' && leverage !== 1) {
          throw new Rejection('LEVERAGE_NOT_AVAILABLE', `${symbol} on ${exchange} is a spot market: it is traded at 1×`, { exchange, symbol });
        }
        const max = inst.marketType === 'spot' ? 1 : refuseAboveMax(deps, inst, leverage);
        s.set(inst.exchange, inst.symbol, Decimal.fromInt(leverage));
        deps.engine.refreshPerps();
        await durable(deps);
        return { exchange: inst.exchange, symbol: inst.symbol, leverage, max_leverage: max };
      },
    );

    app.post(
      '/api/trading/config/margin-mode',
      {
        schema: {
          tags: ['risk'],
          summary: 'Set the margin mode (cross or isolated) of a perpetual symbol in simulation and paper trading; refused while a position in it is open, as the venues do',
          body: marginModeBody,
          response: { 200: modeEntry, ...errorResponses },
        },
      },
      async (req) => {
        const { exchange, symbol, margin_mode } = req.body;
        const s = store(deps).store;
        const inst = await instrumentOf(deps, exchange, symbol);
        if (inst.marketType === 'spot') {
          throw new Rejection('LEVERAGE_NOT_AVAILABLE', `${symbol} on ${exchange} is a spot market: a cash account, no margin mode`, { exchange, symbol });
        }
        await durable(deps);
        const open = deps.engine.positions().find((p) => p.mode !== 'live_trading' && p.exchange === inst.exchange && p.symbol === inst.symbol);
        if (open && (s.marginMode(inst.exchange, inst.symbol) ?? 'cross') !== margin_mode) {
          throw new Rejection('MARGIN_MODE_LOCKED', `a ${inst.symbol} position is open in ${open.mode}: close it before changing the margin mode`, { exchange: inst.exchange, symbol: inst.symbol, mode: open.mode });
        }
        s.setMarginMode(inst.exchange, inst.symbol, margin_mode);
        deps.engine.refreshPerps();
        return { exchange: inst.exchange, symbol: inst.symbol, margin_mode };
      },
    );
  });
