import './styles.css';
import './mobile/mobile.css';
// Korean in the page's own font (Hangul subsets load only when a glyph needs them): no system font needed.
import '@fontsource/nanum-gothic/korean-400.css';
import '@fontsource/nanum-gothic/korean-700.css';
import type { Mode, SymbolInfo } from './core/api-types.js';
import { isInterval } from './core/intervals.js';
import { isLang } from './core/i18n.js';
import { streamSymbols } from './core/position-message.js';
import { Account } from './account.js';
import { AccountStream } from './account-stream.js';
import { Actions, showError } from './actions.js';
import { api, replayTarget, setReplayTarget } from './api.js';
import { TradingChart } from './chart.js';
import { FeedLight } from './feed-light.js';
import { fmtPrice } from './core/format.js';
import { instruments, tickOf } from './instruments.js';
import { JournalDock } from './journal/journal-dock.js';
import { BacktestDock } from './backtest/backtest-dock.js';
import { replayStart, studyMarks } from './core/backtest-format.js';
import { bindHotkeys } from './hotkey-binding.js';
import { enableLineDrag, showSelectedLine } from './line-drag.js';
import { MarketView } from './market.js';
import { OrderBar } from './mobile/order-bar.js';
import { metrics } from './metrics.js';
import { PositionsPanel } from './panels/positions.js';
import { OfflineBanner } from './pwa/offline-banner.js';
import { registerServiceWorker } from './pwa/register-sw.js';
import { replayApi, type ReplaySessionInfo } from './replay/replay-api.js';
import { ReplayBar } from './replay/replay-bar.js';
import { session, type Selection } from './session.js';
import { Ticket } from './ticket.js';
import { byId, el } from './ui/dom.js';
import { applyLanguage, t } from './ui/i18n-dom.js';
import { confirmDialog } from './ui/modal.js';
import { toast } from './ui/toast.js';
import { WatchKeeper } from './watch-keeper.js';
import { AlertLines } from './notify/alert-lines.js';
import { BrowserNotifier } from './notify/browser-notifier.js';
import { NotifyPanel } from './notify/notify-panel.js';

let info: SymbolInfo | null = null;

const chart = new TradingChart(byId('chart'));
const light = new FeedLight(session.get().exchange);
const ticket = new Ticket();
const positions = new PositionsPanel((p) => void actions.close(p), tickOf);
const account = new Account(chart, positions, (o) => void actions.cancel(o), showError, () => narrowStream());
const actions = new Actions(ticket, account, () => info);
const market = new MarketView(chart, light, (q) => {
  const { exchange, symbol, mode } = session.get();
  ticket.setQuote(q);
  positions.mark(mode, exchange, symbol, q.last);
}, (s) => {
  replay.render(s);
  void account.refresh(); // a control or the end: resting orders may have filled
});
const replay = new ReplayBar(openReplay);
new JournalDock(() => replay.session); // the journal and review of what is charted
// "Open in replay" on a backtest's trade: a session on its dataset a few bars before its entry, the trade marked as the clock reaches it.
new BacktestDock(async ({ id, dataset, result }, trade) => {
  const s = await replayApi.create({ dataset_id: dataset, start_time: replayStart(trade.entry_time, result.interval_ms, result.from), name: `${id} #${trade.id}` });
  account.studyTrade({ session: s.session_id, clock: () => (replay.session?.session_id === s.session_id ? replay.session.clock : null), ...studyMarks(trade) });
  await replay.show(s);
});
const watch = new WatchKeeper(showError);
const stream = new AccountStream([session.get().symbol], {
  position: (p) => replayTarget() === null && account.applyPosition(p), // live positions; a session's are read over REST
  watchList: (list) => watch.seen(list),
  socket: (state) => account.streaming(state === 'open'),
  error: (code, message) => toast(message, 'error', code),
});
/** The account stream carries the charted symbol and every symbol with an open position. */
function narrowStream(): void {
  const { symbol, mode } = session.get();
  stream.narrow(streamSymbols(symbol, account.positions, mode));
}
metrics.priceToY = (price) => chart.candles.priceToCoordinate(price);
metrics.yToPrice = (y) => chart.candles.coordinateToPrice(y);
const alertLines = new AlertLines(chart);
const notifyPanel = new NotifyPanel(alertLines, () => market.quote?.last ?? null);
// The browser channel; a message (a fired alert) redraws the alert lines.
new BrowserNotifier(() => void alertLines.refresh()).start();
enableLineDrag(chart, (line, price) => void (AlertLines.owns(line) ? alertLines.moved(line, price).catch(showError) : actions.moveOrder(line, price)));
metrics.visibleBars = () => {
  const r = chart.chart.timeScale().getVisibleLogicalRange();
  return r ? r.to - r.from : null;
};
showSelectedLine(chart, (p) => fmtPrice(p, info?.tick_size));
new OrderBar(ticket, actions);
// The server back after an outage: what the page shows is read again (the streams reconnect themselves).
const offline = new OfflineBanner(() => {
  toast(t('back_online'), 'info');
  void show();
});
light.onSocket = (state) => state === 'closed' && offline.socketClosed();
registerServiceWorker();
window.addEventListener('unhandledrejection', (e) => showError(e.reason));

type View = Pick<Selection, 'exchange' | 'symbol' | 'interval'>;

/** The interval buttons show the selected one. */
function markInterval(): void {
  for (const x of byId('intervals').querySelectorAll<HTMLButtonElement>('button')) x.classList.toggle('on', x.dataset.interval === session.get().interval);
}

/**
 * Shows the selected exchange / symbol / interval. On a failure (the server's error is shown) the
 * previous choice comes back and is shown again: the market stream may already have switched, and
 * a chart left waiting for a history that never came would stay frozen.
 */
async function show(previous?: View): Promise<void> {
  const { exchange, symbol, interval } = session.get();
  try {
    const list = await instruments.of(exchange);
    byId('symbol-list').replaceChildren(...list.map((s) => Object.assign(el('option'), { value: s.symbol })));
    const next = list.find((s) => s.symbol === symbol) ?? null;
    if (!next) throw new Error(`${exchange} does not list ${symbol}`);
    if (next !== info) ticket.setSymbol(next);
    info = next;
    await market.show(exchange, symbol, interval, info);
    byId<HTMLInputElement>('symbol').value = symbol;
    narrowStream();
    if (replayTarget() === null) watch.chart(exchange, symbol); // a session's symbol is on no live watch list
    void account.refresh();
    void alertLines.refresh();
  } catch (err) {
    showError(err);
    if (!previous) return;
    const { exchange, symbol, interval } = previous;
    session.set({ exchange, symbol, interval });
    byId<HTMLInputElement>('symbol').value = symbol;
    byId<HTMLSelectElement>('exchange').value = exchange;
    markInterval();
    await show(); // once: a failure of the restored choice too is only shown
  }
}

/** The live selection to come back to from a practice session. */
let live: View | null = null;

/**
 * Charts and trades a practice session (null: the live market again): api.ts sends the page's
 * reads and orders to the session's routes, the market view streams its ticks, and the session's
 * one instrument stands in the instrument list of its exchange.
 */
async function openReplay(s: ReplaySessionInfo | null): Promise<void> {
  const prev = { ...session.get() };
  if (replayTarget() === null) live = prev;
  setReplayTarget(s?.session_id ?? null);
  if (s) {
    const { symbol, tick_size, step_size, min_qty, min_notional } = s;
    instruments.put(s.exchange, [{ symbol, base: symbol, quote: 'USDT', tick_size, step_size, min_qty, min_notional }]);
    session.set({ exchange: s.exchange, symbol });
  } else if (live) session.set({ exchange: live.exchange, symbol: live.symbol });
  chart.setTimeOrigin(s?.blind ? s.clock - s.elapsed_ms : null);
  const exchange = byId<HTMLSelectElement>('exchange');
  if (s && ![...exchange.options].some((o) => o.value === s.exchange)) exchange.append(Object.assign(el('option', undefined, s.exchange), { value: s.exchange }));
  byId<HTMLInputElement>('symbol').disabled = s !== null;
  byId<HTMLSelectElement>('exchange').disabled = s !== null;
  byId<HTMLSelectElement>('exchange').value = session.get().exchange;
  await show(s ? undefined : prev);
}
// While a session plays, resting orders fill on its ticks: its positions and orders are re-read.
setInterval(() => {
  if (replay.session?.status === 'playing' && !document.hidden) void account.refresh();
}, 1_000);

function bindSwitchers(): void {
  const symbol = byId<HTMLInputElement>('symbol');
  symbol.addEventListener('change', () => {
    const prev = { ...session.get() };
    session.set({ symbol: symbol.value.trim().toUpperCase() });
    void show(prev);
    symbol.blur();
  });
  const exchange = byId<HTMLSelectElement>('exchange');
  exchange.addEventListener('change', () => {
    const prev = { ...session.get() };
    session.set({ exchange: exchange.value });
    market.restartStream(); // the stream covers the exchanges connected when it opened
    void show(prev);
    exchange.blur();
  });
  for (const b of byId('intervals').querySelectorAll<HTMLButtonElement>('button')) {
    b.addEventListener('click', () => {
      const i = b.dataset.interval ?? '';
      if (!isInterval(i)) return;
      const prev = { ...session.get() };
      session.set({ interval: i });
      markInterval();
      void show(prev);
      b.blur();
    });
  }
  const mode = byId<HTMLSelectElement>('mode');
  mode.addEventListener('change', async () => {
    const want = mode.value as Mode;
    const live = want === 'live_trading';
    mode.blur();
    if (live && !(await confirmDialog(t('confirm_live_mode')))) {
      mode.value = session.get().mode;
      return;
    }
    try {
      session.set({ mode: (await api.setMode(want, live)).mode });
      byId('ticket').dataset.mode = session.get().mode;
    } catch (err) {
      showError(err);
      mode.value = session.get().mode;
    }
    void account.refresh();
  });
  const lang = byId<HTMLSelectElement>('lang');
  lang.value = session.get().lang;
  lang.addEventListener('change', () => {
    if (isLang(lang.value)) session.set({ lang: lang.value });
    applyLanguage();
    if (replay.session) replay.render(replay.session);
    light.render();
    void account.refresh();
    notifyPanel.labels();
    alertLines.draw();
    lang.blur();
  });
  const confirmLive = byId<HTMLInputElement>('confirm-live');
  confirmLive.checked = session.get().confirmLive;
  confirmLive.addEventListener('change', () => session.set({ confirmLive: confirmLive.checked }));
  byId('buy').addEventListener('click', () => void actions.submit('BUY'));
  byId('sell').addEventListener('click', () => void actions.submit('SELL'));
  byId('flatten').addEventListener('click', () => void actions.flatten());
  byId('reverse').addEventListener('click', () => void actions.reverse());
  byId('cancel-all').addEventListener('click', () => void actions.cancelAll());
}

async function start(): Promise<void> {
  applyLanguage();
  bindSwitchers();
  bindHotkeys(actions, ticket, () => market.quote?.last ?? null, (a) => replay.act(a));
  markInterval();
  try {
    const [exchanges, mode] = await Promise.all([api.exchanges(), api.mode()]);
    byId('exchange').replaceChildren(...exchanges.map((e) => Object.assign(el('option', undefined, e.name || e.id), { value: e.id })));
    if (!exchanges.some((e) => e.id === session.get().exchange)) session.set({ exchange: exchanges[0]?.id ?? 'sim' });
    byId<HTMLSelectElement>('exchange').value = session.get().exchange;
    session.set({ mode });
    byId<HTMLSelectElement>('mode').value = mode;
    byId('ticket').dataset.mode = mode;
  } catch (err) {
    showError(err);
  }
  await show({ exchange: 'sim', symbol: 'BTCUSDT', interval: session.get().interval });
}

void start();
