import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { DOCS_CSP } from './security/security-headers.js';

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
          'Every POST/DELETE needs `Content-Type: application/json`, a bodyless one too (else 415 `UNSUPPORTED_MEDIA_TYPE`). Requests are answered only for the Host `localhost`, `127.0.0.1` or `[::1]` on the server\'s port or a name in `ALLOWED_HOSTS` (else 421 `HOST_NOT_ALLOWED`, WebSocket upgrades too); a POST/DELETE or WebSocket upgrade from another web page (an `Origin` not the server\'s own nor in `ALLOWED_ORIGINS`, or `Sec-Fetch-Site: cross-site`/`same-site`) is 403 `ORIGIN_NOT_ALLOWED`. No CORS headers are sent.',
          '',
          'Authentication: on a non-loopback HOST (or with REQUIRE_TOKEN=all) every /api route and WebSocket needs `Authorization: Bearer <token>` (the token of DATA_DIR/api-token; a WebSocket may offer the subprotocols `trainer` and `bearer.<token>` instead); with REQUIRE_TOKEN=1 only the live switch, storing or removing keys and resume need it. Without it: 401 `AUTH_REQUIRED`, with a wrong one: 401 `AUTH_INVALID`.',
          '',
          'WebSocket streams (not listed below, as OpenAPI has no WebSocket operations):',
          '- `WS /ws/multi-exchange/{symbol}`: `{"type":"ticker","exchange","symbol","bid","ask","last","trade_quantity","timestamp"}` from every connected exchange, `{"type":"best",…}` when the best bid/ask changes, and `{"type":"status",…}` feed states.',
          '- `WS /ws/multi-symbol[?symbols=A,B]`: `{"type":"price",…}` for every watched symbol on each of its exchanges, `{"type":"position",…position…}` on fills (at once) and mark moves (at most every 250 ms a position), `{"type":"symbols",…}` when the watch list changes, `{"type":"mode","mode"}` on a mode switch (then the open positions of that mode); narrow later with `{"op":"symbols","symbols":[…]}`. A slow client keeps only the latest message per key once 256 kB wait.',
          '- `WS /ws/replay/{session_id}`: a practice session\'s `{"type":"tick","symbol","time","bid","ask","last","quantity","aggressor"}` as they are replayed (at most ~60 a second, always the latest: a fast replay skips the ones between; never one past the clock), and `{"type":"clock","clock","elapsed_ms"}` then `{"type":"state",…the session…}` on every control and at the end; `{"type":"fill",…the fill…,"symbol"}` for each fill the session books and `{"type":"account","clock"}` (at most ~10 a second) when its orders or positions changed (read them again); on connect the state, the clock and the last tick. An unknown session: an `error` message, then closed (1008).',
          '',
          'Limits, per client address: request bodies up to 64 kB (413 `BODY_TOO_LARGE`), JSON nested at most 32 deep (400 `JSON_TOO_DEEP`), every string field bounded (400 `VALIDATION_ERROR` naming it), request line and headers up to Node\'s 16 kB (431 `HEADERS_TOO_LARGE`), `RATE_LIMIT_PER_MINUTE` requests a minute, WebSocket upgrades included (default 1200; 429 `RATE_LIMITED` with `Retry-After`), `WS_MAX_CONNECTIONS_PER_CLIENT` open WebSockets (default 20; 429 `TOO_MANY_CONNECTIONS`), 200 symbols and 20 messages a second per /ws/multi-symbol connection (more messages close it with 1008); a WebSocket client that leaves more than `WS_MAX_BUFFERED_BYTES` unread for `WS_SLOW_CLIENT_GRACE_MS` is closed with 1008.',
        ].join('\n'),
      },
      servers: [{ url: '/' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the API token (DATA_DIR/api-token), when the server requires it' } } },
      // Optional: most servers (loopback, the default) ask for no token.
      security: [{}, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: DOCS_CSP,
    uiConfig: {
      // "Try it out" sends a bodiless POST/DELETE without a content-type, which the server refuses (415).
      // The function is sent to the browser as its source text: self-contained, plain JavaScript.
      requestInterceptor: (req) => {
        const method = String(req.method || 'GET').toUpperCase();
        const headers = (req.headers = req.headers || {});
        const typed = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
        if (method !== 'GET' && method !== 'HEAD' && !typed) headers['Content-Type'] = 'application/json';
        return req;
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
