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
          'Authentication: on a non-loopback HOST (or with REQUIRE_TOKEN=all) every /api route and WebSocket needs `Authorization: Bearer <token>` (the token of DATA_DIR/api-token; a WebSocket may offer the subprotocols `trainer` and `bearer.<token>` instead); with REQUIRE_TOKEN=1 only the live switch, storing or removing keys and resume need it. Without it: 401 `AUTH_REQUIRED`, with a wrong one: 401 `AUTH_INVALID`.',
          '',
          'WebSocket streams (not listed below, as OpenAPI has no WebSocket operations):',
          '- `WS /ws/multi-exchange/{symbol}`: `{"type":"ticker","exchange","symbol","bid","ask","last","trade_quantity","timestamp"}` from every connected exchange, `{"type":"best",…}` when the best bid/ask changes, and `{"type":"status",…}` feed states.',
          '- `WS /ws/multi-symbol[?symbols=A,B]`: `{"type":"price",…}` for every watched symbol on each of its exchanges, `{"type":"position",…position…}` on fills (at once) and mark moves (at most every 250 ms a position), `{"type":"symbols",…}` when the watch list changes, `{"type":"mode","mode"}` on a mode switch (then the open positions of that mode); narrow later with `{"op":"symbols","symbols":[…]}`. A slow client keeps only the latest message per key once 256 kB wait.',
        ].join('\n'),
      },
      servers: [{ url: '/' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the API token (DATA_DIR/api-token), when the server requires it' } } },
      // Optional: most servers (loopback, the default) ask for no token.
      security: [{}, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
