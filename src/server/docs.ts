import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI at /openapi.json, interactive docs at /docs, both from the route schemas. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Scalping Trainer API',
        version: '0.1.0',
        description: [
          'Trade on the embedded simulated exchange (sim) and on Binance and Bybit (paper trading on their live prices, live trading with your keys). Errors are `{"error": {"code", "message", "details"}}`; prices, quantities and money are JSON numbers (or numeric strings on input) handled exactly inside.',
          '',
          'WebSocket streams (not listed below, as OpenAPI has no WebSocket operations):',
          '- `WS /ws/multi-exchange/{symbol}`: `{"type":"ticker","exchange","symbol","bid","ask","last","trade_quantity","timestamp"}` from every connected exchange, `{"type":"best",…}` when the best bid/ask changes, and `{"type":"status",…}` feed states.',
          '- `WS /ws/multi-symbol[?symbols=A,B]`: `{"type":"price",…}` for every watched symbol on each of its exchanges, `{"type":"position",…position…}` on fills (at once) and mark moves (at most every 250 ms a position), `{"type":"symbols",…}` when the watch list changes, `{"type":"mode","mode"}` on a mode switch (then the open positions of that mode); narrow later with `{"op":"symbols","symbols":[…]}`. A slow client keeps only the latest message per key once 256 kB wait.',
          '',
          'Limits, per client address: request bodies up to 64 kB (413 `BODY_TOO_LARGE`), JSON nested at most 32 deep (400 `JSON_TOO_DEEP`), every string field bounded (400 `VALIDATION_ERROR` naming it), request line and headers up to Node\'s 16 kB (431 `HEADERS_TOO_LARGE`), `RATE_LIMIT_PER_MINUTE` requests a minute, WebSocket upgrades included (default 1200; 429 `RATE_LIMITED` with `Retry-After`), `WS_MAX_CONNECTIONS_PER_CLIENT` open WebSockets (default 20; 429 `TOO_MANY_CONNECTIONS`), 200 symbols and 20 messages a second per /ws/multi-symbol connection (more messages close it with 1008); a WebSocket client that leaves more than `WS_MAX_BUFFERED_BYTES` unread for `WS_SLOW_CLIENT_GRACE_MS` is closed with 1008.',
        ].join('\n'),
      },
      servers: [{ url: '/' }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
