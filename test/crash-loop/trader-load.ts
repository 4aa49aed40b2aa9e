import { pickFrom } from './seeded.js';

/** One request of the load and what came back (status null: no answer, the server died with it). */
export interface Sent {
  readonly op: 'order' | 'cancel' | 'close' | 'read';
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown> | null;
  status: number | null;
  json: unknown;
}

export interface Market {
  readonly symbol: string;
  readonly bid: number;
  readonly ask: number;
  readonly tick: number;
}

const onTick = (x: number, tick: number, mode: 'floor' | 'ceil') => {
  const decimals = Math.max(0, Math.round(-Math.log10(tick)));
  return Number(((mode === 'floor' ? Math.floor(x / tick) : Math.ceil(x / tick)) * tick).toFixed(decimals));
};

/** The next request of one trader: market orders, resting and marketable limits, brackets, cancels, closes. */
function nextRequest(rand: () => number, markets: readonly Market[], cid: string, resting: { symbol: string; id: string }[]): Omit<Sent, 'status' | 'json'> {
  const m = pickFrom(rand, markets);
  const qty = Number(((m.symbol === 'BTCUSDT' ? 1 : 2) * 0.001 + Math.floor(rand() * 4) * 0.001).toFixed(3));
  const side = rand() < 0.5 ? 'BUY' : 'SELL';
  const order = (body: Record<string, unknown>) => ({ op: 'order' as const, method: 'POST', path: '/api/trading/order', body: { exchange: 'sim', symbol: m.symbol, side, quantity: qty, client_order_id: cid, ...body } });
  const r = rand();
  if (r < 0.3) return order({ type: 'MARKET' });
  if (r < 0.5) {
    // Resting: 0.2–0.6 % away from the touch, on the passive side.
    const away = 0.002 + rand() * 0.004;
    return order({ type: 'LIMIT', price: side === 'BUY' ? onTick(m.bid * (1 - away), m.tick, 'floor') : onTick(m.ask * (1 + away), m.tick, 'ceil') });
  }
  if (r < 0.55) return order({ type: 'LIMIT', price: side === 'BUY' ? onTick(m.ask * 1.002, m.tick, 'ceil') : onTick(m.bid * 0.998, m.tick, 'floor') });
  if (r < 0.7) {
    const up = onTick(m.ask * 1.003, m.tick, 'ceil');
    const down = onTick(m.bid * 0.997, m.tick, 'floor');
    return order({ type: 'MARKET', take_profit: side === 'BUY' ? up : down, stop_loss: side === 'BUY' ? down : up });
  }
  if (r < 0.85 && resting.length) {
    const o = resting.splice(Math.floor(rand() * resting.length), 1)[0]!;
    return { op: 'cancel', method: 'DELETE', path: `/api/trading/order/sim/${o.symbol}/${o.id}`, body: null };
  }
  if (r < 0.95) return { op: 'close', method: 'POST', path: '/api/position/close', body: { symbol: m.symbol, ...(rand() < 0.5 ? { quantity: 0.001 } : {}) } };
  return { op: 'read', method: 'GET', path: `/api/position?symbol=${m.symbol}`, body: null };
}

/**
 * One trader against `base` until the server stops answering (it was killed) or `more()` says
 * stop. Every request and its answer go into `log`.
 */
export async function trader(base: string, name: string, rand: () => number, markets: readonly Market[], log: Sent[], more: () => boolean): Promise<void> {
  const resting: { symbol: string; id: string }[] = [];
  for (let n = 0; more(); n++) {
    const s: Sent = { ...nextRequest(rand, markets, `${name}-${n}`, resting), status: null, json: null };
    log.push(s);
    try {
      const res = await fetch(base + s.path, { method: s.method, headers: s.method === 'GET' ? {} : { 'content-type': 'application/json' }, body: s.body ? JSON.stringify(s.body) : s.method === 'GET' ? undefined : '{}' });
      const text = await res.text();
      s.status = res.status;
      s.json = JSON.parse(text) as unknown;
    } catch {
      return; // killed: connection reset or refused
    }
    const o = s.json as { order_id?: string; status?: string; symbol?: string };
    if (s.op === 'order' && s.status === 200 && o.status === 'NEW' && o.order_id) resting.push({ symbol: o.symbol!, id: o.order_id });
  }
}
