import { z } from 'zod';
import { Rejection } from '../../domain/rejection.js';
import { alertBody, alertView, movePriceBody } from '../notification-schemas.js';
import type { StoredAlert } from '../notifications-port.js';
import { errorResponses } from '../schemas.js';
import { notificationsOf } from './notifications.js';
import { instrumentOf, routes, type RouteModule } from './plugin.js';

const view = (a: StoredAlert): z.infer<typeof alertView> => ({
  id: a.id,
  exchange: a.exchange,
  symbol: a.symbol,
  direction: a.direction,
  price: a.price.toNumber(),
  repeat: a.repeat,
  fired: a.fired,
  armed: a.armed,
  created_at: a.createdAt,
  fired_at: a.firedAt,
});
const idParams = z.object({ id: z.coerce.number({ error: 'must be an alert id' }).int('must be an alert id').min(1, 'must be an alert id').max(Number.MAX_SAFE_INTEGER) });
const notFound = (id: number) => new Rejection('ALERT_NOT_FOUND', `there is no price alert ${id}`, { id });

/** Price alerts: a threshold on a symbol's last price, evaluated on every tick, told through the notification channels. */
export const alertRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.get(
      '/api/alerts',
      { schema: { tags: ['notifications'], summary: 'Every price alert, oldest first', response: { 200: z.object({ alerts: z.array(alertView) }), ...errorResponses } } },
      async () => ({ alerts: notificationsOf(deps).alerts().map(view) }),
    );

    app.post(
      '/api/alerts',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Set a price alert (above / below a price, once or repeating)',
          description: 'The exchange must list the symbol (404 otherwise). The price is kept at the instrument’s tick.',
          body: alertBody,
          response: { 200: alertView, ...errorResponses },
        },
      },
      async (req) => {
        const n = notificationsOf(deps);
        const exchange = req.body.exchange ?? deps.defaultExchange;
        const inst = await instrumentOf(deps, exchange, req.body.symbol);
        if (!req.body.price.isMultipleOf(inst.tickSize)) {
          throw new Rejection('INVALID_PRICE', `price must be a multiple of the tick size ${inst.tickSize.toString()}`, { field: 'price', tick_size: inst.tickSize.toNumber() });
        }
        return view(n.addAlert({ exchange: inst.exchange, symbol: inst.symbol, direction: req.body.direction, price: req.body.price, repeat: req.body.repeat ?? false }));
      },
    );

    app.patch(
      '/api/alerts/:id',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Move a price alert to another price (the chart’s dragged line); it is armed again',
          params: idParams,
          body: movePriceBody,
          response: { 200: alertView, ...errorResponses },
        },
      },
      async (req) => {
        const n = notificationsOf(deps);
        const current = n.alerts().find((a) => a.id === req.params.id);
        if (!current) throw notFound(req.params.id);
        const inst = await instrumentOf(deps, current.exchange, current.symbol);
        if (!req.body.price.isMultipleOf(inst.tickSize)) {
          throw new Rejection('INVALID_PRICE', `price must be a multiple of the tick size ${inst.tickSize.toString()}`, { field: 'price', tick_size: inst.tickSize.toNumber() });
        }
        const moved = n.moveAlert(req.params.id, req.body.price);
        if (!moved) throw notFound(req.params.id);
        return view(moved);
      },
    );

    app.delete(
      '/api/alerts/:id',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Remove a price alert',
          params: idParams,
          response: { 200: z.object({ id: z.number(), removed: z.literal(true) }), ...errorResponses },
        },
      },
      async (req) => {
        if (!notificationsOf(deps).removeAlert(req.params.id)) throw notFound(req.params.id);
        return { id: req.params.id, removed: true as const };
      },
    );
  });
