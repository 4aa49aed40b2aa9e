import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { ServerDeps } from './deps.js';
import { installErrorHandling } from './error-handler.js';
import { registerDocs } from './docs.js';
import { exchangeRoutes } from './routes/exchanges.js';
import { healthRoutes } from './routes/health.js';
import { positionRoutes } from './routes/positions.js';
import { tradingRoutes } from './routes/trading.js';
import { multiExchangeStream } from './routes/multi-exchange-stream.js';
import { webRoutes } from './routes/web.js';

export type App = FastifyInstance;

/** Builds the HTTP + WebSocket server; `listen` is the caller's. */
export async function buildServer(deps: ServerDeps, logger: Logger | false = false): Promise<App> {
  const app = Fastify({
    loggerInstance: logger || undefined,
    logger: logger ? undefined : false,
    bodyLimit: 64 * 1024,
    // Per-request lines would cost more than a whole order; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  await registerDocs(app);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(healthRoutes(deps));
  await app.register(positionRoutes(deps));
  await app.register(tradingRoutes(deps));
  await app.register(exchangeRoutes(deps));
  await app.register(multiExchangeStream(deps));
  await app.register(webRoutes(deps));
  return app;
}
