import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { startFakeBinance, type FakeBinance } from '../fakes/fake-binance.js';
import { waitFor } from '../wait-for.js';
import { client, startTestServer, type PositionJson, type TestServer } from './harness.js';

interface PerpJson extends PositionJson {
  margin_mode: 'cross' | 'isolated' | null;
  liquidation_price: number | null;
  margin_ratio: number | null;
}

interface OrderJson {
  client_order_id: string;
  side: string;
  status: string;
  avg_price: number;
  filled_quantity: number;
}

/**
 * Paper trading on Binance USDⓈ-M liquidates at the venue's mark price (`btcusdt@markPrice@1s`,
 * field `p`), as Binance does, not at the last trade: a wick printed through the liquidation price
 * while the mark holds leaves the position open; the mark crossing it closes the position at it.
 */
describe('paper trading on Binance: liquidation at the mark price', () => {
  let fake: FakeBinance;
  let srv: TestServer;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    fake = await startFakeBinance({ seed: 67, historyBars: 30 });
    srv = await startTestServer({ BINANCE_REST_URL: fake.restUrl, BINANCE_WS_SPOT_URL: fake.wsUrls['spot']!, BINANCE_WS_LINEAR_URL: fake.wsUrls['linear']! });
    api = client(srv.url);
    expect((await api.post('/api/trading/config/mode', { mode: 'paper_trading' })).status).toBe(200);
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
    await fake?.close();
  });
  const position = async () => (await api.get('/api/position?symbol=BTCUSDT&exchange=binance')).json as PerpJson;
  const adapter = () => srv.app.exchanges.get('binance')!;
  /** Waits until the adapter's ticks show `check` (the tick after a change on the fake). */
  const tickWhere = (check: (t: { last: Decimal; mark?: Decimal }) => boolean, what: string) =>
    waitFor(() => {
      const t = adapter().lastTick('BTCUSDT');
      return t && check(t) ? t : null;
    }, 15_000, what);

  it("ticks carry Binance's mark price from its markPrice stream", async () => {
    expect((await api.post('/api/trading/config/leverage', { exchange: 'binance', symbol: 'BTCUSDT', leverage: 50 })).status).toBe(200);
    expect((await api.post('/api/trading/config/margin-mode', { exchange: 'binance', symbol: 'BTCUSDT', margin_mode: 'isolated' })).status).toBe(200);
    // The first order subscribes the symbol (book ticker, trades, depth and the mark stream).
    expect((await api.post('/api/trading/order', { exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', quantity: 0.01 })).status).toBe(200);
    const t = await tickWhere((x) => x.mark !== undefined, 'a tick with a mark');
    // The fake's mark is the book's mid until a test sets it: the stream's `p`, exactly.
    expect(t.mark!.toString()).toBe(fake.market.mark('BTCUSDT').toString());
  });

  it('a trade printed through the liquidation price does not liquidate while the mark stays above it', async () => {
    const p = await position();
    expect(p).toMatchObject({ side: 'LONG', quantity: 0.01, margin_mode: 'isolated' });
    const lp = Decimal.parse(String(p.liquidation_price));
    // 50× isolated on tier 1 (0.4 %): about 1.6 % under the entry.
    expect(p.liquidation_price! / p.entry_price).toBeGreaterThan(0.98);
    expect(p.liquidation_price! / p.entry_price).toBeLessThan(0.99);
    const held = Decimal.parse(String(p.entry_price));
    fake.market.setMark('BTCUSDT', held);
    await tickWhere((x) => x.mark?.eq(held) === true, 'the pinned mark');
    const wick = lp.sub(Decimal.parse('250'));
    fake.market.printTrade('BTCUSDT', wick, Decimal.parse('0.002'), 'SELL');
    await tickWhere((x) => x.last.eq(wick), 'the wick trade');
    await tickWhere((x) => !x.last.eq(wick), 'a tick after the wick');
    expect(await position()).toMatchObject({ side: 'LONG', quantity: 0.01 });
    expect((await position()).margin_ratio!).toBeLessThan(1);
  });

  it('the mark crossing the liquidation price closes the position there, with the last far above it', async () => {
    const p = await position();
    const lp = Decimal.parse(String(p.liquidation_price));
    const below = lp.sub(Decimal.parse('0.5'));
    fake.market.setMark('BTCUSDT', below);
    await waitFor(async () => ((await position()).side === 'FLAT' ? true : null), 15_000, 'the liquidation');
    const last = adapter().lastTick('BTCUSDT')!.last;
    expect(last.gt(lp.add(Decimal.parse('100')))).toBe(true);
    const orders = ((await api.get('/api/trading/orders?exchange=binance&symbol=BTCUSDT&status=all')).json as { orders: OrderJson[] }).orders;
    const liq = orders.find((o) => o.client_order_id.startsWith('liquidation-'));
    expect(liq).toMatchObject({ side: 'SELL', status: 'FILLED', avg_price: p.liquidation_price, filled_quantity: 0.01 });
    fake.market.setMark('BTCUSDT', null);
  });
});
