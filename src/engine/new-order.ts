import { Decimal } from '../domain/decimal.js';
import { clientOrderId, opposite, type OrderId } from '../domain/ids.js';
import type { Order } from '../domain/order.js';
import type { SubmitOrder } from './commands.js';

/** A NEW order from a command; an entry with take_profit / stop_loss carries them as its bracket. */
export function newOrder(cmd: SubmitOrder, id: OrderId, time: number, parentId: OrderId | null = null): Order {
  const bracket = cmd.takeProfit != null || cmd.stopLoss != null ? { takeProfit: cmd.takeProfit ?? null, stopLoss: cmd.stopLoss ?? null } : null;
  return {
    id,
    clientOrderId: clientOrderId(cmd.clientOrderId ?? `st-${id}`),
    mode: cmd.mode,
    exchange: cmd.exchange,
    symbol: cmd.symbol,
    side: cmd.side,
    type: cmd.type,
    timeInForce: cmd.timeInForce ?? 'GTC',
    quantity: cmd.quantity,
    price: cmd.price ?? null,
    stopPrice: cmd.stopPrice ?? null,
    reduceOnly: cmd.reduceOnly ?? false,
    bracket,
    parentId,
    status: 'NEW',
    filledQuantity: Decimal.ZERO,
    cumQuote: Decimal.ZERO,
    triggered: false,
    rejectCode: null,
    rejectReason: null,
    createdAt: time,
    updatedAt: time,
  };
}

/** The take-profit / stop-loss orders an entry's first fill creates: reduce-only, on the other side. */
export function bracketExits(entry: Order): SubmitOrder[] {
  const exits: [Order['type'], Decimal | null | undefined, string][] = [
    ['TAKE_PROFIT_MARKET', entry.bracket?.takeProfit, 'tp'],
    ['STOP_MARKET', entry.bracket?.stopLoss, 'sl'],
  ];
  return exits.flatMap(([type, stopPrice, suffix]) =>
    stopPrice == null
      ? []
      : [
          {
            mode: entry.mode,
            exchange: entry.exchange,
            symbol: entry.symbol,
            side: opposite(entry.side),
            type,
            quantity: entry.filledQuantity,
            stopPrice,
            reduceOnly: true,
            clientOrderId: `${entry.clientOrderId}-${suffix}`,
          },
        ],
  );
}
