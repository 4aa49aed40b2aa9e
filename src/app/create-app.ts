import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { CcxtAdapter } from '../adapters/ccxt/ccxt-adapter.js';
import { createAdapter, VENUES, venueConfigFromEnv } from '../adapters/registry.js';
import { LiveVenue } from '../adapters/live/live-venue.js';
import { LiveWallets } from '../adapters/live/live-wallets.js';
import { SimExchange } from '../adapters/sim/sim-exchange.js';
import { SimTrading } from '../adapters/sim/sim-trading.js';
import type { TradingMode } from '../domain/ids.js';
import { ExecutionEngine } from '../engine/execution-engine.js';
import type { ExchangeAdapter } from '../engine/ports.js';
import { startCheckpointer } from '../persistence/sqlite/checkpointer.js';
import { openDatabase } from '../persistence/sqlite/database.js';
import { CredentialStore } from '../persistence/sqlite/sqlite-credential-store.js';
import { SqliteLedgerStore } from '../persistence/sqlite/sqlite-ledger-store.js';
import { SqliteAuditLog } from '../persistence/sqlite/sqlite-audit-log.js';
import { SqliteRiskStore } from '../persistence/sqlite/sqlite-risk-store.js';
import { SqliteSettings } from '../persistence/sqlite/sqlite-settings.js';
import { SqliteLeverage } from '../persistence/sqlite/sqlite-leverage.js';
import { perpTermsOf } from '../engine/perp-terms.js';
import { fixedFunding } from '../domain/funding.js';
import { VenueFundingRates } from './venue-funding.js';
import { Decimal } from '../domain/decimal.js';
import { SqliteWatchList } from '../persistence/sqlite/sqlite-watch-list.js';
import { SqliteDatasetStore } from '../persistence/sqlite/sqlite-datasets.js';
import { DatasetLibrary } from '../server/datasets/dataset-library.js';
import { ledgerJournal } from './ledger-journal.js';
import { reconcilePositions } from '../engine/reconcile.js';
import { RiskEngine } from '../engine/risk-engine.js';
import { limitsView } from '../server/routes/risk.js';
import { buildServer, type App } from '../server/app.js';
import { generatorFeed, replayFeed } from '../sim/market/feed-factory.js';
import { SIM_EXCHANGE } from '../sim/market/sim-instruments.js';
import { SimVenue } from '../sim/sim-venue.js';
import { Rejection } from '../domain/rejection.js';
import type { Config } from './config.js';
import { bundledDatasetDirs, projectRoot } from './project-root.js';

export { bundledDatasetDirs };
import { applyStoredCredentials, credentialsService } from './credentials-service.js';
import { createLogger } from './logger.js';
import { apiAuth, printToConsole, readTls } from './api-auth.js';
import { loadMasterKey } from './master-key.js';
import { ReplaySessions } from './replay-sessions.js';
import { BacktestJobs } from './backtest-jobs.js';
import { SqliteBacktestStore } from '../persistence/sqlite/sqlite-backtests.js';
import { preparePrivateDataDir } from './private-data-dir.js';
import { notifications } from './notifications.js';
import { NotifyingRiskStore } from '../persistence/sqlite/notifying-risk-store.js';

export interface Running {
  readonly server: App;
  readonly engine: ExecutionEngine;
  readonly exchanges: ReadonlyMap<string, ExchangeAdapter>;
  readonly url: string;
  close(): Promise<void>;
}

const WEB_ROOT = join(projectRoot(), 'web', 'dist');

/** The composition root: config → database → engine → adapters → server, then listen. */
export async function startApp(config: Config, logger: Logger = createLogger(config.logLevel), announce: (text: string) => void = printToConsole): Promise<Running> {
  const dataDir = preparePrivateDataDir(config.dataDir);
  if (dataDir.tightened.length) {
    logger.warn({ data_dir: config.dataDir, tightened: dataDir.tightened }, 'DATA_DIR was open to other users: its permissions were tightened to the owner only');
  }
  // Before the database: a bad MASTER_KEY or an exposed key file stops start-up with nothing opened.
  const masterKey = loadMasterKey(config.env, config.dataDir);
  if (masterKey.created) logger.info({ file: masterKey.file }, 'created the master key file for stored exchange credentials');
  const auth = apiAuth(config, logger, announce);
  const tls = config.tls ? readTls(config.tls) : undefined;
  const db = openDatabase(join(config.dataDir, 'trainer.db'), config.dbSync);
  // The ledger's writes on their own thread (LEDGER_WRITER): an order is acknowledged once that thread has committed it.
  // Its commits write the notifications of their events (fills, refusals) in the same transaction,
  // those of a kind some channel is switched on for (none by default: no row, no cost).
  const store = new SqliteLedgerStore(db, { writerThread: config.ledgerWriterThread, sync: config.dbSync === 'full' ? 'FULL' : 'NORMAL', outbox: (kind) => notes.routing(kind) });
  const credentialStore = new CredentialStore(db, masterKey.key);
  const checkpointer = startCheckpointer(db, 250, (message) => logger.warn({ message }, 'WAL checkpoint failed'));
  // Read lazily: the first listing (or a replay's get) reads the files; start-up reads none.
  const datasets = new DatasetLibrary({ store: new SqliteDatasetStore(db), bundledDirs: bundledDatasetDirs() });
  const sim = config.sim;
  const feed =
    sim.source === 'replay'
      ? replayFeed({ files: sim.replayFiles.map((f) => replayFile(f, datasets)), speed: sim.speed, historyBars: Math.min(sim.historyBars, 60) })
      : generatorFeed({ seed: sim.seed, symbols: sim.symbols, speed: sim.speed, historyBars: sim.historyBars });
  if (feed.source.kind === 'generator') logger.info({ seed: sim.seed }, 'sim market generator seeded');
  const simMarket = new SimExchange(feed);
  const exchanges = new Map<string, ExchangeAdapter>([[SIM_EXCHANGE, simMarket]]);
  // Real venues are created now but connect (and load ccxt) only when first used; stored keys
  // replace the environment's.
  const venues = new Map<string, CcxtAdapter>();
  for (const id of Object.keys(VENUES)) {
    const adapter = createAdapter(id, venueConfigFromEnv(id, config.env), { staleAfterMs: config.feedStaleMs, log: (m) => logger.warn({ exchange: id }, m) });
    await applyStoredCredentials(credentialStore, adapter, logger);
    venues.set(id, adapter);
    exchanges.set(id, adapter);
  }

  const clock = { now: () => feed.simTime() ?? Date.now() };
  const settings = new SqliteSettings(db);
  const leverage = new SqliteLeverage(settings);
  const defaultLeverage = Decimal.fromInt(config.defaultLeverage);
  const fundingRate = config.fundingRate === undefined ? null : Decimal.parse(String(config.fundingRate));
  const venueFunding = new VenueFundingRates((id) => exchanges.get(id), fundingRate ? fixedFunding(fundingRate) : null);
  let engine: ExecutionEngine | null = null;
  const notes = notifications({ db, masterKey: masterKey.key, logger, exchanges, mode: () => mode, knownEquity: (m) => engine?.knownEquity(m) ?? null });
  // A trading-state change is written with its notification.
  const risk = new RiskEngine(new NotifyingRiskStore(new SqliteRiskStore(db), notes.outbox), clock);
  notes.setRisk(risk);
  const liveVenues = new Map<string, LiveVenue>();
  // Live equity is the exchanges' wallets (+ unrealized PnL at live marks), never the local ledger's.
  const liveIds = (): string[] => [...venues].filter(([, a]) => a.hasKeys()).map(([id]) => id);
  const wallets = new LiveWallets((id) => venues.get(id)!.trading(), liveIds, () => Date.now());
  // A spot buy pays its cost out of the wallet into the currency bought (Coinbase): that cost is
  // still the account's (quantity × mark − cost is its unrealized PnL), so it is counted as cash.
  const withSpotCost = (wallet: Decimal | null): Decimal | null =>
    wallet === null
      ? null
      : (engine?.positions('live_trading') ?? []).filter((p) => exchanges.get(p.exchange)?.instrument(p.symbol)?.marketType === 'spot').reduce((s, p) => s.add(p.cost), wallet);
  const readWallet = async (id: string, when: string): Promise<void> => {
    const adapter = venues.get(id)!;
    if (!adapter.hasKeys()) return; // not traded live
    try {
      if (!adapter.info().connected) await adapter.connect();
      await wallets.refresh(id);
    } catch (err) {
      logger.warn({ exchange: id, when, err: err instanceof Error ? err.message : String(err) }, 'the live wallet could not be read');
    }
  };
  engine = new ExecutionEngine({
    store,
    clock,
    // Simulation and paper trading fill on our simulated venue, under each exchange's own rules
    // (its instruments) and prices (its ticks); live orders would go to the exchange itself.
    venueFor: (mode, exchange, report) => {
      const adapter = exchanges.get(exchange);
      if (!adapter) throw new Rejection('UNKNOWN_EXCHANGE', `unknown exchange ${exchange}; available: ${[...exchanges.keys()].join(', ')}`, { exchange });
      if (mode === 'live_trading') {
        if (exchange === SIM_EXCHANGE) throw new Rejection('MODE_NOT_AVAILABLE', 'the sim exchange is simulated: live trading needs a real exchange', { mode, exchange });
        const venue = new LiveVenue(
          () => adapter.trading(),
          (actions) => {
            report(actions);
            if (actions.some((a) => a.kind === 'fill')) wallets.refreshSoon(exchange);
          },
          {
            pollEveryMs: config.livePollMs,
            onReconnect: () => {
              const a = venues.get(exchange);
              if (a) void reconcileLive(engine!, exchange, a, logger, 'after the private stream reconnected', notes.reconciliation);
            },
            quoteOf: (symbol) => adapter.instrument(symbol)?.quote ?? null,
            onError: (err, order) => logger.error({ err, exchange, order_id: order.id, client_order_id: order.clientOrderId }, 'a live order update could not be applied'),
            onCancelFailed: (err, order) =>
              logger.warn({ err, exchange, order_id: order.id, client_order_id: order.clientOrderId }, 'the exchange did not cancel an order the engine ended (it stays open until the exchange reports it)'),
          },
        );
        liveVenues.set(exchange, venue);
        // On every (re)connect, before anything else, its open orders are asked of the exchange by client id.
        venues.get(exchange)?.onConnect(() => void venue.resync());
        return venue;
      }
      return new SimVenue(adapter.instruments(), (o) => engine!.positionOf(o), { fillModel: sim.fillModel, slippageCapBps: sim.slippageCapBps });
    },
    instrument: (exchange, symbol) => exchanges.get(exchange)?.instrument(symbol) ?? null,
    // Commands of one event-loop turn share a transaction; each is acknowledged after it commits.
    groupCommit: (flush) => setImmediate(flush),
    risk,
    reportedCash: (mode) => (mode === 'live_trading' ? withSpotCost(wallets.total()) : undefined),
    // Simulated accounts keep their margin here (spot at 1×); a live exchange keeps its own.
    leverage: (mode, inst) =>
      mode === 'live_trading' ? null : inst.marketType === 'spot' ? Decimal.ONE : (leverage.get(inst.exchange, inst.symbol) ?? defaultLeverage),
    // Paper positions pay their venue's current funding rate, the generator's the fixed one (if set).
    funding: venueFunding,
    // …and liquidate their perpetual positions by the venue's tiers and formula.
    perp: perpTermsOf({
      leverage: (inst) => leverage.get(inst.exchange, inst.symbol) ?? defaultLeverage,
      marginMode: (inst) => leverage.marginMode(inst.exchange, inst.symbol) ?? 'cross',
      venue: (inst) => inst.exchange,
    }),
  });
  const live = engine;
  simMarket.attach(new SimTrading(live, store));
  // MAE/MFE of every open position, from the same ticks and events the engine sees.
  const journal = ledgerJournal(db, live, store, { mode: () => mode, durable: () => live.durable(), logger });
  const onTick = (tick: Parameters<typeof live.onTick>[1]) => {
    try {
      live.onTick(SIM_EXCHANGE, tick);
      journal.onTick(SIM_EXCHANGE, tick);
      notes.onTick(SIM_EXCHANGE, tick);
    } catch (err) {
      logger.error({ err, symbol: tick.symbol }, 'engine failed on a market tick');
    }
  };
  // The venue learns the book from the warmed-up market before the first live tick.
  for (const inst of simMarket.instruments()) {
    const t = simMarket.lastTick(inst.symbol);
    if (t) onTick(t);
  }
  feed.onTick(onTick);

  let mode = (settings.get('mode') ?? 'simulation') as TradingMode;
  const modeListeners = new Set<(mode: TradingMode) => void>();
  // Real venues' ticks mark positions and drive paper trading's simulated fills.
  for (const [id, adapter] of venues) {
    adapter.onTick((tick) => {
      try {
        live.onTick(id, tick);
        journal.onTick(id, tick);
        notes.onTick(id, tick);
      } catch (err) {
        logger.error({ err, exchange: id, symbol: tick.symbol }, 'engine failed on a market tick');
      }
    });
  }
  // While trading live, every wallet is read again every LIVE_POLL_MS (a loss made outside this app
  // counts against the limits within that time); one not read yet is tried again.
  // The venues' funding rates of the open paper positions, read every minute (and kept when a read fails).
  const fundingTimer = setInterval(() => {
    const pairs = live.positions('paper_trading').map((p) => ({ exchange: p.exchange, symbol: p.symbol }));
    if (pairs.length) void venueFunding.refresh(pairs).catch((err: unknown) => logger.warn({ err }, 'funding rates could not be read'));
  }, 60_000);
  fundingTimer.unref();
  const walletTimer = setInterval(() => {
    if (mode !== 'live_trading') return;
    for (const id of liveIds()) {
      if (wallets.readAt(id) === null) void readWallet(id, 'in the background');
      else wallets.refreshSoon(id);
    }
  }, config.livePollMs);
  walletTimer.unref();
  const replay = new ReplaySessions({
    mainDb: db,
    dir: join(config.dataDir, 'replay'),
    datasets,
    sync: config.dbSync,
    defaultLeverage,
    fillModel: sim.fillModel,
    slippageCapBps: sim.slippageCapBps,
    fundingRate,
    fundingDir: join(config.dataDir, 'datasets'),
  });
  replay.restoreAll((id, err) => logger.error({ session_id: id, err }, 'a practice session could not be reopened'));
  const backtests = new BacktestJobs({ store: new SqliteBacktestStore(db), datasets });
  const server = await buildServer(
    {
      engine: live,
      risk,
      riskConfig: () => limitsView(risk.currentLimits()),
      store,
      exchanges,
      mode: () => mode,
      onModeChange: (listener) => {
        modeListeners.add(listener);
        return () => modeListeners.delete(listener);
      },
      // The mode is switched at once (a later switch always wins); the wallets are read after it.
      setMode: async (next) => {
        settings.set('mode', next);
        const changed = next !== mode;
        mode = next;
        if (changed) for (const l of modeListeners) l(next);
        if (next === 'live_trading') await Promise.all(liveIds().map((id) => readWallet(id, 'on switching to live trading')));
      },
      // Before a live order, any wallet not read yet (unreadable: only reducing orders pass,
      // RISK_ACCOUNT_UNKNOWN), and the catch-up of a venue just (re)connected: the order is checked
      // against a ledger that has what filled meanwhile. Later wallet reads happen in the background.
      prepareOrder: async (exchange) => {
        if (mode !== 'live_trading') return;
        await Promise.all(wallets.unread().map((id) => readWallet(id, 'before an order')));
        await liveVenues.get(exchange)?.ready();
      },
      defaultExchange: SIM_EXCHANGE,
      watchList: new SqliteWatchList(db),
      leverage: { store: leverage, default: defaultLeverage },
      pingDatabase: () => void db.prepare('SELECT 1').get(),
      webRoot: WEB_ROOT,
      peers: config.peers,
      // Other keys are another account: its wallet is read anew and the live day and peak start again from it.
      credentials: credentialsService(credentialStore, venues, logger, (id) => {
        wallets.forget(id);
        risk.rebase('live_trading');
      }),
      auth,
      audit: new SqliteAuditLog(db),
      replay,
      limits: config.limits,
      datasets,
      backtests,
      journal: journal.source,
      notifications: notes.port,
    },
    logger,
    { https: tls },
  );
  await server.listen({ port: config.port, host: config.host });
  feed.start();
  // The outbox's sender: whatever a previous run left undelivered goes out now.
  notes.start();
  live.subscribe(() => notes.committed());
  if (mode === 'live_trading') {
    for (const [id, a] of venues) void reconcileLive(live, id, a, logger, 'at start-up', notes.reconciliation).then(() => readWallet(id, 'at start-up'));
  }
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `${tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url, data_dir: config.dataDir, sim: sim.source, token_required: auth.scope }, 'scalping trainer listening');

  let closed = false;
  return {
    server,
    engine: live,
    exchanges,
    url,
    async close() {
      if (closed) return;
      closed = true;
      feed.stop();
      clearInterval(walletTimer);
      clearInterval(fundingTimer);
      liveVenues.forEach((v) => v.stop());
      await server.close();
      replay.close();
      await backtests.close();
      await Promise.all([...exchanges.values()].filter((a) => a.id !== SIM_EXCHANGE).map((a) => a.disconnect().catch(() => {})));
      await live.durable().catch(() => {});
      await store.closeWriter();
      await notes.stop();
      journal.stop();
      await checkpointer.stop();
      db.close();
    },
  };
}

/** An entry of SIM_REPLAY_FILES: a file that exists (relative to the working directory), else a dataset id. */
function replayFile(entry: string, datasets: DatasetLibrary): string {
  const file = resolve(entry);
  if (existsSync(file)) return file;
  const dataset = datasets.get(entry);
  if (dataset === null) throw new Error(`invalid configuration SIM_REPLAY_FILES: ${entry} is neither a file nor a dataset id (GET /api/datasets lists them)`);
  return dataset.path;
}


/** Compares an exchange's live positions with the local record and logs any difference (never overwrites). */
async function reconcileLive(
  engine: ExecutionEngine,
  id: string,
  adapter: CcxtAdapter,
  logger: Logger,
  when: string,
  notify: (exchange: string, differences: { symbol: string; exchange: string; local: string }[]) => void,
): Promise<void> {
  try {
    const trading = adapter.trading();
    if (!adapter.info().connected) await adapter.connect();
    const local = engine.positions('live_trading').filter((p) => p.exchange === id);
    const differences = reconcilePositions(await trading.positions(), local);
    if (differences.length) {
      const list = differences.map((d) => ({ symbol: d.symbol, exchange: d.exchangeQuantity.toString(), local: d.localQuantity.toString() }));
      logger.warn({ exchange: id, when, differences: list }, 'live positions differ from the local record');
      notify(id, list);
    } else logger.info({ exchange: id, when }, 'live positions match the exchange');
  } catch (err) {
    if (err instanceof Rejection && err.code === 'EXCHANGE_NO_CREDENTIALS') return; // not traded live
    logger.warn({ exchange: id, when, err: err instanceof Error ? err.message : String(err) }, 'live positions could not be reconciled');
  }
}
