import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { installAuth } from './auth/install-auth.js';
import { selectProtocol } from './auth/token-check.js';
import type { ServerDeps } from './deps.js';
import { errorBody } from './error-catalogue.js';
import { installErrorHandling } from './error-handler.js';
import { registerDocs } from './docs.js';
import { NO_PEERS } from './security/allowed-peers.js';
import { closeUpgradeAfterAnswer, installRequestGuard } from './security/request-guard.js';
import { API_HEADERS } from './security/security-headers.js';
import { exchangeRoutes } from './routes/exchanges.js';
import { healthRoutes } from './routes/health.js';
import { notificationRoutes } from './routes/notifications.js';
import { alertRoutes } from './routes/alerts.js';
import { positionRoutes } from './routes/positions.js';
import { riskRoutes } from './routes/risk.js';
import { leverageRoutes } from './routes/leverage.js';
import { accountRoutes } from './routes/account.js';
import { auditRoutes } from './routes/audit.js';
import { datasetRoutes } from './routes/datasets.js';
import { backtestRoutes } from './routes/backtests.js';
import { backtestStream } from './routes/backtest-stream.js';
import { modeRoutes } from './routes/mode.js';
import { statsRoutes } from './routes/stats.js';
import { mainJournalRoutes } from './routes/journal.js';
import { tradingRoutes } from './routes/trading.js';
import { tradingConfigRoutes } from './routes/trading-config.js';
import { multiExchangeStream } from './routes/multi-exchange-stream.js';
import { multiSymbolStream } from './routes/multi-symbol-stream.js';
import { symbolPriceRoutes } from './routes/symbol-prices.js';
import { symbolTradingRoutes } from './routes/symbol-trading.js';
import { symbolRoutes } from './routes/symbols.js';
import { WatchList } from './symbols/watch-list.js';
import { webRoutes } from './routes/web.js';
import { replaySessionRoutes } from './routes/replay-sessions.js';
import { replayTradingRoutes } from './routes/replay-trading.js';
import { replayAccountRoutes } from './routes/replay-account.js';
import { replayStream } from './routes/replay-stream.js';
import { replayJournalRoutes } from './routes/replay-journal.js';
import { replayReviewAllRoutes } from './routes/replay-review-all.js';
import { clientErrorHandler } from './limits/client-errors.js';
import { installJsonParser } from './limits/json-depth.js';
import { installRateLimit } from './limits/rate-limit.js';
import { limitsWith } from './limits/server-limits.js';
import { installWsConnectionCap } from './limits/ws-connection-cap.js';
import { wsErrorHandler } from './limits/ws-error-log.js';
import { installSlowClientGuard } from './limits/ws-slow-clients.js';

export type App = FastifyInstance;

export interface ServerOptions {
  /** Serve HTTPS with this PEM certificate and key. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
}

/** Builds the HTTP + WebSocket server; `listen` is the caller's. */
export async function buildServer(deps: ServerDeps, logger: Logger | false = false, options: ServerOptions = {}): Promise<App> {
  const limits = limitsWith(deps.limits);
  const app = Fastify({
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key } } : {}),
    loggerInstance: logger || undefined,
    logger: logger ? undefined : false,
    bodyLimit: limits.bodyLimitBytes,
    // A request without Host reaches the request guard (421 in the error shape), not Node's bare 400.
    http: { requireHostHeader: false },
    // A huge URL or header block (431) and other requests Node's parser refuses: the error shape too.
    clientErrorHandler,
    // Per-request lines would cost more than a whole order; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request: pino builds one with the redaction paths each time (~7 µs of an
    // order); the few request-time lines name the request themselves.
    childLoggerFactory: (parent) => parent,
    // Path parameters of any length reach the routes' schemas, which name the field and its limit
    // (the URL itself is bounded by Node's header limit: a longer one is a 431).
    routerOptions: { maxParamLength: 16 * 1024 },
    // Errors Fastify raises before routing (a badly encoded URL) get the API's error shape too.
    frameworkErrors: (err, req, reply) => {
      // Fastify quotes the URL in some messages: never echo a client's (possibly huge) input back.
      const message = err.message.replace(/'[^']*'/g, "'…'").slice(0, 200);
      // No hook runs for these, @fastify/websocket's neither: a refused upgrade's socket is closed here.
      closeUpgradeAfterAnswer(req as unknown as FastifyRequest, reply as unknown as FastifyReply);
      (reply as unknown as FastifyReply).headers(API_HEADERS).status(400).send(errorBody('BAD_REQUEST', `the request could not be read: ${message}`));
    },
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  // Answers come from typed view functions; the response schemas document them (OpenAPI) and the
  // types keep them honest, so they are not validated again at run time (that cost ~10% of an order).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const limitNotFound = await installRateLimit(app, limits.rateLimitPerMinute, limits.rateLimitWindowMs);
  installErrorHandling(app, limitNotFound);
  app.removeContentTypeParser('text/plain'); // JSON bodies only: text/plain is a 415 like any other media type
  installJsonParser(app, limits.jsonMaxDepth);
  // Host, Origin, Sec-Fetch-Site and Content-Type checks and the security headers, before any route;
  // then the API token (a foreign page or Host is refused before it is asked for one).
  installRequestGuard(app, deps.peers ?? NO_PEERS);
  installAuth(app, deps.auth);
  await registerDocs(app);
  await app.register(websocket, { options: { maxPayload: limits.wsMaxPayloadBytes, handleProtocols: selectProtocol }, errorHandler: wsErrorHandler() });
  installWsConnectionCap(app, limits.wsMaxConnectionsPerClient);
  installSlowClientGuard(app, { maxBufferedBytes: limits.wsMaxBufferedBytes, graceMs: limits.wsSlowClientGraceMs });
  await app.register(healthRoutes(deps));
  await app.register(positionRoutes(deps));
  await app.register(tradingRoutes(deps));
  await app.register(riskRoutes(deps));
  await app.register(notificationRoutes(deps));
  await app.register(alertRoutes(deps));
  await app.register(leverageRoutes(deps));
  await app.register(statsRoutes(deps));
  if (deps.journal) await app.register(mainJournalRoutes(deps));
  await app.register(modeRoutes(deps));
  await app.register(accountRoutes(deps));
  await app.register(tradingConfigRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(exchangeRoutes(deps));
  await app.register(datasetRoutes(deps));
  await app.register(backtestRoutes(deps));
  await app.register(backtestStream(deps));
  await app.register(multiExchangeStream(deps));
  const watch = new WatchList(deps, deps.watchList);
  await app.register(symbolRoutes(watch));
  await app.register(symbolPriceRoutes(deps, watch));
  await app.register(symbolTradingRoutes(deps, watch));
  await app.register(multiSymbolStream(deps, watch));
  await app.register(replaySessionRoutes(deps));
  await app.register(replayTradingRoutes(deps));
  await app.register(replayAccountRoutes(deps));
  await app.register(replayStream(deps));
  if (deps.replay) await app.register(replayJournalRoutes(deps));
  if (deps.replay) await app.register(replayReviewAllRoutes(deps));
  await app.register(webRoutes(deps));
  return app;
}
