import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, d, expectError, startTestServer, type OrderJson, type TestServer } from './harness.js';

interface Entry {
  trade_id: string;
  side: string;
  symbol: string;
  entry_time: number;
  exit_time: number;
  avg_entry_price: number;
  avg_exit_price: number;
  entry_quantity: number;
  max_size: number;
  gross_pnl: number;
  fees: number;
  net_pnl: number;
  stop_price: number | null;
  planned_risk: number | null;
  r_multiple: number | null;
  best_price: number | null;
  worst_price: number | null;
  mfe: number | null;
  mae: number | null;
  tags: string[];
  setup: string | null;
  rating: number | null;
  mistakes: string[];
  notes: string;
}
interface Journal {
  mode: string;
  trades: Entry[];
  open_trades: number;
}

describe('the journal over HTTP, on trades placed through POST /api/trading/order', () => {
  let srv: TestServer;
  let api: ReturnType<typeof client>;
  let long: { entry: OrderJson; exit: OrderJson; stop: number };
  let short: { entry: OrderJson; exit: OrderJson };

  const journal = async (q = ''): Promise<Journal> => {
    const res = await api.get(`/api/journal${q}`);
    expect(res.status, res.text).toBe(200);
    return res.json as Journal;
  };
  const order = async (body: Record<string, unknown>): Promise<OrderJson> => {
    const res = await api.post('/api/trading/order', { symbol: 'BTCUSDT', quantity: 0.01, ...body });
    expect(res.status, res.text).toBe(200);
    return res.json as OrderJson;
  };
  const close = async (symbol = 'BTCUSDT'): Promise<OrderJson> => {
    const res = await api.post('/api/position/close', { symbol });
    expect(res.status, res.text).toBe(200);
    return res.json as OrderJson;
  };
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    srv = await startTestServer();
    api = client(srv.url);
    const t = (await api.get('/api/exchanges/sim/ticker/BTCUSDT')).json as { bid: number; ask: number };
    const stop = Math.round(t.bid * 0.98);
    const entry = await order({ side: 'BUY', stop_loss: stop, take_profit: Math.round(t.ask * 1.05) });
    await pause(300); // a few ticks while open
    long = { entry, exit: await close(), stop };
    short = { entry: await order({ side: 'SELL' }), exit: await close() };
    await order({ symbol: 'ETHUSDT', side: 'BUY', quantity: 0.5 }); // still open at the end
  }, 30_000);
  afterAll(async () => srv?.close());

  it('lists each closed trade, newest exit first, with prices, PnL, fees and R from the fills; the open one is not an entry', async () => {
    const j = await journal();
    expect([j.mode, j.trades.length, j.open_trades]).toEqual(['simulation', 2, 1]);
    const [s, l] = j.trades as [Entry, Entry];
    const fill = (o: OrderJson) => o.fills![0]!;
    const [le, lx] = [fill(long.entry), fill(long.exit)];
    expect([l.side, l.symbol, l.entry_quantity, l.max_size]).toEqual(['LONG', 'BTCUSDT', 0.01, 0.01]);
    expect([l.avg_entry_price, l.avg_exit_price, l.entry_time, l.exit_time]).toEqual([le.price, lx.price, le.time, lx.time]);
    const gross = d(lx.price).sub(d(le.price)).mul(d('0.01'));
    const fees = d(le.fee).add(d(lx.fee));
    expect([l.gross_pnl, l.fees, l.net_pnl]).toEqual([gross.toNumber(), fees.toNumber(), gross.sub(fees).toNumber()]);
    const risk = d(le.price).sub(d(long.stop)).mul(d('0.01'));
    expect([l.stop_price, l.planned_risk]).toEqual([long.stop, risk.toNumber()]);
    expect(l.r_multiple).toBe(gross.sub(fees).div(risk, 8).toNumber());
    // excursions: fills and marks, the fills inside [worst, best]
    expect(l.best_price).toBeGreaterThanOrEqual(Math.max(le.price, lx.price));
    expect(l.worst_price).toBeLessThanOrEqual(Math.min(le.price, lx.price));
    expect(l.mfe).toBeGreaterThanOrEqual(0);
    expect(l.mae).toBeLessThanOrEqual(0);
    expect([s.side, s.stop_price, s.planned_risk, s.r_multiple]).toEqual(['SHORT', null, null, null]);
    expect(s.gross_pnl).toBe(d(fill(short.entry).price).sub(d(fill(short.exit).price)).mul(d('0.01')).toNumber());
    expect([s.tags, s.setup, s.rating, s.mistakes, s.notes]).toEqual([[], null, null, [], '']);
  });

  it('annotates a trade, and filters by tag, setup, symbol and time', async () => {
    const [, l] = (await journal()).trades as [Entry, Entry];
    const res = await api.send('PATCH', `/api/journal/${l.trade_id}`, {
      json: { notes: '눌림목 진입, 손절 유지', tags: ['breakout', 'A-grade', 'breakout'], setup: 'ORB', rating: 4, mistakes: ['late_exit'] },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ trade_id: l.trade_id, tags: ['breakout', 'A-grade'], setup: 'ORB', rating: 4, mistakes: ['late_exit'] });
    // a later PATCH changes only what it names; null clears
    expect((await api.send('PATCH', `/api/journal/${l.trade_id}`, { json: { rating: null } })).status).toBe(200);
    const tagged = await journal('?tag=breakout');
    expect(tagged.trades.map((t) => [t.trade_id, t.setup, t.rating, t.notes])).toEqual([[l.trade_id, 'ORB', null, '눌림목 진입, 손절 유지']]);
    expect((await journal('?setup=ORB')).trades.length).toBe(1);
    expect((await journal('?setup=Other')).trades.length).toBe(0);
    expect((await journal('?symbol=ETHUSDT')).trades.length).toBe(0);
    expect((await journal(`?to=${l.exit_time}`)).trades.map((t) => t.trade_id)).toEqual([l.trade_id]);
    expect((await journal(`?from=${l.exit_time + 1}`)).trades.length).toBe(1);
    expect((await journal('?mode=paper_trading')).trades).toEqual([]);
  });

  it('reviews the same selection: the figures, and an equity curve from the starting cash', async () => {
    const j = await journal();
    const res = await api.get('/api/journal/review');
    expect(res.status, res.text).toBe(200);
    const r = res.json as Record<string, unknown> & { equity_curve: { time: number; equity: number; drawdown: number }[] };
    const nets = j.trades.map((t) => d(t.net_pnl)).reverse();
    const total = nets.reduce((a, b) => a.add(b));
    expect([r.trades, r.open_trades, r.r_trades, r.starting_equity]).toEqual([2, 1, 1, 10_000]);
    expect(r.net_pnl).toBe(total.toNumber());
    expect(r.wins as number + (r.losses as number)).toBe(2);
    expect(r.equity_curve.map((p) => p.equity)).toEqual([10_000, d(10_000).add(nets[0]!).toNumber(), d(10_000).add(total).toNumber()]);
    expect(r.expectancy_r).toBe(j.trades[1]!.r_multiple);
    const one = (await api.get('/api/journal/review?tag=breakout')).json as { trades: number; equity_curve: unknown[] };
    expect([one.trades, one.equity_curve.length]).toEqual([1, 2]);
    const none = (await api.get('/api/journal/review?setup=nothing')).json as Record<string, unknown>;
    expect([none.trades, none.win_rate, none.profit_factor, none.equity_curve]).toEqual([0, null, null, []]);
  });

  it('defines every figure of an entry and of the review in the OpenAPI document', async () => {
    type Props = Record<string, { description?: string }>;
    const doc = (await api.get('/openapi.json')).json as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: { properties: Props } }> }> } }> };
    const schema = (path: string) => doc.paths[path]!.get.responses['200']!.content['application/json']!.schema.properties;
    const review = schema('/api/journal/review');
    const entry = (schema('/api/journal').trades as unknown as { items: { properties: Props } }).items.properties;
    const undefinedFigures = (props: Props, skip: string[]) => Object.keys(props).filter((k) => !skip.includes(k) && !props[k]!.description);
    expect(Object.keys(review).length).toBeGreaterThan(35);
    expect(undefinedFigures(review, [])).toEqual([]);
    expect(undefinedFigures(entry, ['mode', 'exchange', 'symbol', 'side'])).toEqual([]);
  });

  it('refuses bad input in the error shape and changes nothing', async () => {
    const id = (await journal()).trades[1]!.trade_id;
    const patch = (json: unknown, tid = id) => api.send('PATCH', `/api/journal/${tid}`, { json });
    const before = (await journal()).trades[1]!;
    expectError(await patch({ notes: 'x'.repeat(10 * 1024 + 1) }), 400, 'VALIDATION_ERROR');
    expectError(await patch({ notes: '가'.repeat(3414) }), 400, 'VALIDATION_ERROR'); // 10,242 bytes of UTF-8
    expectError(await patch({ tags: ['bad tag!'] }), 400, 'VALIDATION_ERROR');
    expectError(await patch({ tags: ['ok', 'a/b'] }), 400, 'VALIDATION_ERROR');
    expectError(await patch({ mistakes: ['x'.repeat(33)] }), 400, 'VALIDATION_ERROR');
    expectError(await patch({ rating: 6 }), 400, 'VALIDATION_ERROR');
    expectError(await patch({ rating: 2.5 }), 400, 'VALIDATION_ERROR');
    expectError(await patch({ setup: '' }), 400, 'VALIDATION_ERROR');
    expectError(await patch({ stars: 3 }), 400, 'VALIDATION_ERROR');
    expectError(await patch({}), 400, 'VALIDATION_ERROR');
    expectError(await patch({ rating: 3 }, 'abc'), 400, 'VALIDATION_ERROR');
    expectError(await patch({ rating: 3 }, '999999'), 404, 'TRADE_NOT_FOUND');
    expectError(await api.send('PATCH', `/api/journal/${id}`, { raw: '{"rating":', contentType: 'application/json' }), 400, 'MALFORMED_JSON');
    expect((await journal()).trades[1]).toEqual(before);
    expect((await patch({ notes: 'x'.repeat(10 * 1024) })).status).toBe(200); // exactly 10 kB is allowed
    for (const q of ['?mode=nope', '?tag=a%20b', '?from=5&to=4', '?from=-1', '?symbol=BTC-USDT']) {
      expectError(await api.get(`/api/journal${q}`), 400, 'VALIDATION_ERROR');
      expectError(await api.get(`/api/journal/review${q}`), 400, 'VALIDATION_ERROR');
    }
  });
});
