import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import {
  d,
  freePort,
  freshDataDir,
  killHard,
  request,
  signed,
  spawnServer,
  testEnv,
  waitForHealth,
  type ChildServer,
  type ErrorJson,
  type FillJson,
  type OrderJson,
  type PositionJson,
} from './harness.js';

/**
 * kill -9 in the middle of a stream of orders: what the client was told must be exactly what the
 * ledger holds after a restart, and nothing the client did not send may appear.
 */

const TOTAL = 200;
const IN_FLIGHT = 12;
const KILL_AFTER_ACKS = 70;
const TICK = d('0.1');

let dataDir: string;
let env: Record<string, string>;
let first: ChildServer;
let second: ChildServer | null = null;

interface Sent {
  readonly cid: string;
  readonly body: Record<string, unknown>;
  /** Answer status, or null when no answer came (the server died with it in flight). */
  status: number | null;
  order: OrderJson | null;
  error: ErrorJson | null;
}

const sent = new Map<string, Sent>();
let killedAt = -1;
let ledger: OrderJson[] = [];
let base = '';

const onGrid = (x: Decimal, mode: 'floor' | 'ceil') => x.div(TICK, 0, mode).mul(TICK);

/** The i-th order of the stream: market buys/sells, resting limits on both sides, marketable limits. */
function orderBody(i: number, bid: Decimal, ask: Decimal): Record<string, unknown> {
  const cid = `dur-${i}`;
  switch (i % 6) {
    case 0:
      return { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: 0.002, price: onGrid(bid.mul(d('0.96')), 'floor').toNumber(), client_order_id: cid };
    case 1:
      return { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', quantity: 0.003, price: onGrid(ask.mul(d('1.04')), 'ceil').toNumber(), client_order_id: cid };
    case 2:
      return { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.002, client_order_id: cid };
    case 3:
      return { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: 0.003, client_order_id: cid };
    case 4:
      return { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: 0.001, price: onGrid(ask.mul(d('1.01')), 'ceil').toNumber(), client_order_id: cid };
    default:
      return { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.002, client_order_id: cid };
  }
}

async function post(url: string, path: string, json: unknown) {
  return request(url, 'POST', path, { json });
}

beforeAll(async () => {
  dataDir = freshDataDir();
  env = testEnv(dataDir, { LOG_LEVEL: 'warn' });
  first = spawnServer(env, await freePort());
  await waitForHealth(first);

  const t = (await request(first.url, 'GET', '/api/exchanges/sim/ticker/BTCUSDT')).json as { bid: number; ask: number };
  const bodies = Array.from({ length: TOTAL }, (_, i) => orderBody(i, d(t.bid), d(t.ask)));

  // The stream: IN_FLIGHT workers; the process is SIGKILLed as the KILL_AFTER_ACKS-th 2xx arrives,
  // with the other workers' requests still on the wire. Nothing new is sent after the kill.
  let next = 0;
  let acks = 0;
  let killed = false;
  const worker = async () => {
    while (!killed && next < bodies.length) {
      const body = bodies[next++]!;
      const s: Sent = { cid: body.client_order_id as string, body, status: null, order: null, error: null };
      sent.set(s.cid, s);
      try {
        const res = await post(first.url, '/api/trading/order', body);
        s.status = res.status;
        if (res.status >= 200 && res.status < 300) {
          s.order = res.json as OrderJson;
          if (++acks === KILL_AFTER_ACKS && !killed) {
            killed = true;
            // Group commit answers a whole batch at once, so the workers' own requests may all be
            // answered by now: put a few more on the wire as the process dies.
            for (let k = 0; k < 4 && next < bodies.length; k++) {
              const extra = bodies[next++]!;
              const e: Sent = { cid: extra.client_order_id as string, body: extra, status: null, order: null, error: null };
              sent.set(e.cid, e);
              void post(first.url, '/api/trading/order', extra).then(
                (r) => {
                  e.status = r.status;
                  if (r.status >= 200 && r.status < 300) e.order = r.json as OrderJson;
                  else e.error = r.json as ErrorJson;
                },
                () => {},
              );
            }
            killedAt = sent.size;
            first.child.kill('SIGKILL');
          }
        } else {
          s.error = res.json as ErrorJson;
        }
      } catch {
        // connection reset / refused: no answer
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await killHard(first);

  second = spawnServer(env, await freePort());
  await waitForHealth(second);
  base = second.url;
  const res = await request(base, 'GET', '/api/trading/orders?status=all&limit=1000');
  expect(res.status, res.text).toBe(200);
  ledger = (res.json as { orders: OrderJson[] }).orders;
}, 25_000);

afterAll(async () => {
  if (first) await killHard(first);
  if (second) await killHard(second);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const acked = () => [...sent.values()].filter((s) => s.status !== null && s.status >= 200 && s.status < 300);
const unanswered = () => [...sent.values()].filter((s) => s.status === null);

describe('kill -9 in the middle of an order stream, then a restart on the same data dir', () => {
  it('the server really was killed mid-stream: some orders acknowledged, some in flight, some never sent', () => {
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(0);
    expect(acked().length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(unanswered().length, 'requests in flight at the kill').toBeGreaterThan(0);
    expect(sent.size).toBeLessThan(TOTAL);
    // No answer other than a 2xx or a 4xx rule refusal; never a 5xx.
    for (const s of sent.values()) if (s.status !== null) expect(s.status, JSON.stringify(s.error)).toBeLessThan(500);
  });

  it('(a) every acknowledged order is in the ledger with the same identity; filled ones with the same fills', async () => {
    const byId = new Map(ledger.map((o) => [o.order_id, o]));
    for (const s of acked()) {
      const ack = s.order!;
      const got = byId.get(ack.order_id);
      expect(got, `acknowledged order ${ack.order_id} (${s.cid}) is in the ledger`).toBeDefined();
      expect(got!.client_order_id).toBe(s.cid);
      expect([got!.symbol, got!.side, got!.type, got!.quantity, got!.price]).toEqual([ack.symbol, ack.side, ack.type, ack.quantity, ack.price]);
      if (ack.status === 'FILLED') {
        expect(got!.status).toBe('FILLED');
        expect(got!.filled_quantity).toBe(ack.filled_quantity);
        expect(got!.avg_price).toBe(ack.avg_price);
      } else {
        // Open at the kill: still open, or filled later only by the market (then never less filled).
        expect(['NEW', 'PARTIALLY_FILLED', 'FILLED']).toContain(got!.status);
        expect(d(got!.filled_quantity).gte(d(ack.filled_quantity))).toBe(true);
      }
    }
  });

  it('(b) every ledger order was acknowledged, or in flight at the kill, or refused with its id — nothing else', () => {
    const cids = new Map<string, number>();
    for (const o of ledger) cids.set(o.client_order_id, (cids.get(o.client_order_id) ?? 0) + 1);
    for (const [cid, n] of cids) expect(n, `client_order_id ${cid} appears once`).toBe(1);

    const refusedIds = new Set([...sent.values()].map((s) => s.error?.error.details?.order_id).filter((x): x is string => typeof x === 'string'));
    const ackedIds = new Set(acked().map((s) => s.order!.order_id));
    for (const o of ledger) {
      const s = sent.get(o.client_order_id);
      expect(s, `ledger order ${o.order_id} (${o.client_order_id}) is one the client sent`).toBeDefined();
      expect(o.parent_order_id).toBeNull();
      if (ackedIds.has(o.order_id)) continue;
      if (refusedIds.has(o.order_id)) {
        expect(o.status).toBe('REJECTED');
        continue;
      }
      expect(s!.status, `ledger order ${o.order_id} (${o.client_order_id}) was neither acknowledged nor in flight`).toBeNull();
      // It matches what was sent.
      expect(o.symbol).toBe(s!.body.symbol);
      expect(o.side).toBe(s!.body.side);
      expect(o.type).toBe(s!.body.type);
      expect(o.quantity).toBe(s!.body.quantity);
    }
    expect(ledger.length).toBeLessThanOrEqual(sent.size);
  });

  it('(c) the position equals Σ signed fill quantities over every order in the ledger, exactly', async () => {
    // Read the fills of every ledger order by re-sending its exact body (idempotent: no new order).
    let fromFills = Decimal.ZERO;
    let fromOrders = Decimal.ZERO;
    for (const o of ledger) {
      const s = sent.get(o.client_order_id)!;
      const res = await post(base, '/api/trading/order', s.body);
      expect(res.status, res.text).toBe(200);
      const again = res.json as OrderJson;
      expect(again.order_id).toBe(o.order_id);
      const fills = again.fills ?? [];
      const qty = fills.reduce((sum, f) => sum.add(d(f.quantity)), Decimal.ZERO);
      expect(qty.eq(d(again.filled_quantity)), `fills of ${o.order_id} add up to filled_quantity`).toBe(true);
      for (const f of fills) fromFills = fromFills.add(signed(f.side, f.quantity));
      fromOrders = fromOrders.add(signed(o.side, o.filled_quantity));
    }
    // Nothing rested near the market, so no fill can have happened between the two reads.
    const after = (await request(base, 'GET', '/api/trading/orders?status=all&limit=1000')).json as { orders: OrderJson[] };
    expect(after.orders.map((o) => `${o.order_id}:${o.status}:${o.filled_quantity}`)).toEqual(ledger.map((o) => `${o.order_id}:${o.status}:${o.filled_quantity}`));
    expect(fromFills.eq(fromOrders)).toBe(true);

    const p = (await request(base, 'GET', '/api/position?symbol=BTCUSDT')).json as PositionJson;
    const position = p.side === 'SHORT' ? d(p.quantity).neg() : d(p.quantity);
    expect(position.toString(), `position ${p.side} ${p.quantity} = Σ fills ${fromFills.toString()}`).toBe(fromFills.normalize().toString());
    if (fromFills.isZero()) expect(p.side).toBe('FLAT');
    const open = (await request(base, 'GET', '/api/positions')).json as { positions: PositionJson[] };
    expect(open.positions.filter((x) => x.symbol === 'BTCUSDT')).toHaveLength(fromFills.isZero() ? 0 : 1);
  });

  it('(d) re-sending an acknowledged client_order_id after the restart returns the same order and fills', async () => {
    for (const s of acked()) {
      const res = await post(base, '/api/trading/order', s.body);
      expect(res.status, res.text).toBe(200);
      const again = res.json as OrderJson;
      expect(again.order_id).toBe(s.order!.order_id);
      expect(again.client_order_id).toBe(s.cid);
      if (s.order!.status === 'FILLED') {
        const key = (f: FillJson) => [f.fill_id, f.side, f.price, f.quantity, f.fee, f.liquidity, f.realized_pnl, f.time].join('|');
        expect(again.fills!.map(key)).toEqual(s.order!.fills!.map(key));
      }
    }
    const res = await request(base, 'GET', '/api/trading/orders?status=all&limit=1000');
    expect((res.json as { orders: OrderJson[] }).orders).toHaveLength(ledger.length);
  });

  it('the restarted server hands out fresh ids: a new order gets ids above everything in the ledger', async () => {
    const res = await post(base, '/api/trading/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.001, client_order_id: 'dur-after-restart' });
    expect(res.status, res.text).toBe(200);
    const o = res.json as OrderJson;
    const maxId = ledger.reduce((m, x) => (BigInt(x.order_id) > m ? BigInt(x.order_id) : m), 0n);
    expect(BigInt(o.order_id) > maxId).toBe(true);
    const maxFill = acked().flatMap((s) => s.order!.fills ?? []).reduce((m, f) => (BigInt(f.fill_id) > m ? BigInt(f.fill_id) : m), 0n);
    for (const f of o.fills!) expect(BigInt(f.fill_id) > maxFill).toBe(true);
  });
});
