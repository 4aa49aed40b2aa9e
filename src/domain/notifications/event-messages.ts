import { Decimal } from '../decimal.js';
import type { DomainEvent } from '../events.js';
import type { Order } from '../order.js';
import type { NotificationMessage } from './notification.js';

const label = (o: Order): string => `${o.side} ${o.symbol} on ${o.exchange} (${o.mode})`;

/** A fill of an exit order (a bracket child, or a reduce-only stop / take-profit) is "TP or SL hit". */
function exitKind(o: Order): 'take-profit' | 'stop-loss' | null {
  if (o.type === 'TAKE_PROFIT_MARKET' && (o.parentId !== null || o.reduceOnly)) return 'take-profit';
  if (o.type === 'STOP_MARKET' && (o.parentId !== null || o.reduceOnly)) return 'stop-loss';
  return null;
}

/**
 * The notifications the engine's events give (pure): a fill (order filled, or take-profit /
 * stop-loss hit) and an order refused by the venue. Keys are the fill's and the order's ids, so a
 * batch committed again cannot notify twice.
 */
export function messagesOfEvents(events: readonly DomainEvent[]): NotificationMessage[] {
  const out: NotificationMessage[] = [];
  for (const e of events) {
    if (e.type === 'OrderFilled') {
      const f = e.fill;
      const exit = exitKind(e.order);
      const what = `${f.quantity.toString()} @ ${f.price.toString()}`;
      const pnl = f.realizedPnl.isZero() ? '' : `, realized PnL ${f.realizedPnl.toString()}`;
      out.push(
        exit
          ? { dedupKey: `fill:${f.id}`, kind: 'tp_sl_hit', title: `${exit === 'take-profit' ? 'Take-profit' : 'Stop-loss'} hit: ${e.order.symbol}`, body: `${label(e.order)} ${what}${pnl}, order ${e.order.id}`, time: e.time }
          : { dedupKey: `fill:${f.id}`, kind: 'order_filled', title: `Order filled: ${e.order.symbol}`, body: `${label(e.order)} ${what}${pnl}, order ${e.order.id} (${e.order.status})`, time: e.time },
      );
    } else if (e.type === 'MarginWarning') {
      const p = e.position;
      const ratio = e.marginRatio === null ? '' : ` (margin ratio ${e.marginRatio.mul(Decimal.fromInt(100)).rescale(2, 'half-up').toString()} %)`;
      out.push({
        dedupKey: `margin:${p.id}`,
        kind: 'margin_warning',
        title: `Margin warning: ${p.symbol}`,
        body: `${p.openSide} ${p.quantity.abs().toString()} ${p.symbol} on ${p.exchange} (${p.mode}) is near liquidation at ${e.mark.toString()}${ratio}`,
        time: e.time,
      });
    } else if (e.type === 'PositionLiquidated') {
      const f = e.fill;
      out.push({
        dedupKey: `liquidation:${e.position.id}`,
        kind: 'liquidation',
        title: `Position liquidated: ${e.order.symbol}`,
        body: `${e.position.openSide} ${f.quantity.toString()} ${e.order.symbol} on ${e.order.exchange} (${e.order.mode}) closed at the liquidation price ${f.price.toString()}: realized PnL ${f.realizedPnl.toString()}, liquidation fee ${f.fee.toString()}`,
        time: e.time,
      });
    } else if (e.type === 'OrderRejected') {
      const o = e.order;
      out.push({
        dedupKey: `rejected:${o.id}`,
        kind: 'order_rejected',
        title: `Order refused: ${o.symbol}`,
        body: `${label(o)} ${o.type} ${o.quantity.toString()} was refused${o.rejectCode ? ` (${o.rejectCode})` : ''}${o.rejectReason ? `: ${o.rejectReason}` : ''}`,
        time: e.time,
      });
    }
  }
  return out;
}
