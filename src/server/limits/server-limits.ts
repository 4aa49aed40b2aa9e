/**
 * The limits that keep one client from taking the server down (issue #12). Each is enforced by its
 * own module in this folder; the composition root reads the configurable ones from the environment.
 */
export interface ServerLimits {
  /** Largest request body (bytes); a bigger one is a 413 BODY_TOO_LARGE. */
  readonly bodyLimitBytes: number;
  /** Deepest JSON nesting of a request body (objects and arrays); deeper is a 400 JSON_TOO_DEEP. */
  readonly jsonMaxDepth: number;
  /** HTTP requests (WebSocket upgrades included) per client address per minute; 0: no limit. */
  readonly rateLimitPerMinute: number;
  /** The window the request count is kept over (ms): a minute; shorter only in tests. */
  readonly rateLimitWindowMs: number;
  /** Open WebSockets per client address; 0: no limit. */
  readonly wsMaxConnectionsPerClient: number;
  /** Symbols one /ws/multi-symbol connection may name (`?symbols=` or `{"op":"symbols"}`). */
  readonly wsMaxSymbols: number;
  /** Messages a client may send on one /ws/multi-symbol connection per second (and at once); more closes it with 1008. */
  readonly wsMessagesPerSecond: number;
  /** Largest WebSocket message a client may send (bytes); a bigger one closes it with 1009. */
  readonly wsMaxPayloadBytes: number;
  /** A socket with more than this many bytes waiting to be written… */
  readonly wsMaxBufferedBytes: number;
  /** …for longer than this is dropped (closed with 1008). */
  readonly wsSlowClientGraceMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyLimitBytes: 64 * 1024,
  jsonMaxDepth: 32,
  // A trader clicking fast and the page's own reads stay far below 20 requests a second.
  rateLimitPerMinute: 1200,
  rateLimitWindowMs: 60_000,
  // The page opens two (the multi-exchange and the multi-symbol stream); a few tabs fit.
  wsMaxConnectionsPerClient: 20,
  wsMaxSymbols: 200,
  // The page sends one when its set of symbols changes.
  wsMessagesPerSecond: 20,
  wsMaxPayloadBytes: 64 * 1024,
  wsMaxBufferedBytes: 256 * 1024,
  wsSlowClientGraceMs: 10_000,
};

export const limitsWith = (overrides: Partial<ServerLimits> = {}): ServerLimits => ({ ...DEFAULT_LIMITS, ...overrides });
