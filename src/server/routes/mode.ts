import { z } from 'zod';
import { TRADING_MODES, type TradingMode } from '../../domain/ids.js';
import { Rejection } from '../../domain/rejection.js';
import { audited } from '../auth/audited.js';
import { requireToken } from '../auth/require-token.js';
import { errorResponses } from '../schemas.js';
import { routes, type RouteModule } from './plugin.js';

/**
 * POST /api/trading/config/mode. Positions, orders, balances and statistics are kept per mode, so a
 * switch never mixes them. Live trading needs `confirm: true` and an enabled exchange with usable
 * keys (and the API token under REQUIRE_TOKEN=1); its orders then go to that exchange.
 */
export const modeRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.post(
      '/api/trading/config/mode',
      {
        schema: {
          tags: ['trading'],
          summary: 'Switch the trading mode (simulation, paper_trading, live_trading)',
          description:
            'Into live trading: needs `confirm: true`, an enabled exchange with usable keys and, under REQUIRE_TOKEN=1, the API token. Every switch into or out of live trading, done or refused, is written to the audit log (GET /api/audit).',
          body: z.strictObject({
            mode: z.enum(TRADING_MODES as [string, ...string[]], { error: `must be one of ${TRADING_MODES.join(', ')}` }),
            confirm: z.boolean({ error: 'must be true or false' }).optional(),
          }),
          response: { 200: z.object({ mode: z.string() }), ...errorResponses },
        },
      },
      async (req) => {
        const mode = req.body.mode as TradingMode;
        const from = deps.mode();
        const run = async () => {
          if (mode === 'live_trading') {
            requireToken(deps.auth, req);
            if (req.body.confirm !== true) {
              throw new Rejection('CONFIRMATION_REQUIRED', 'switching to live trading places real orders: send "confirm": true', { field: 'confirm' });
            }
            const live = [...deps.exchanges.keys()].filter((id) => {
              const v = id === deps.defaultExchange ? null : deps.credentials?.view(id);
              return v?.enabled && v.hasSecret && v.usable;
            });
            if (live.length === 0) {
              throw new Rejection('NO_LIVE_EXCHANGE', 'live trading needs an enabled exchange with usable API keys: POST /api/trading/config/exchange/{exchange}');
            }
          }
          await deps.setMode(mode);
          return { mode };
        };
        // Every switch into or out of live trading is audited, the refused ones too.
        if (mode !== 'live_trading' && from !== 'live_trading') return run();
        return audited(deps.audit, req, { action: 'mode_switch', fromMode: from, toMode: mode }, run);
      },
    );
  });
