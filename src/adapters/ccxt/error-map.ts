import { Rejection } from '../../domain/rejection.js';

/** A venue failure in our catalogue; `retryable` says whether the same request may succeed later. */
export class ExchangeFailure extends Rejection {
  constructor(
    code: string,
    message: string,
    readonly retryable: boolean,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, { ...details, retryable });
    this.name = 'ExchangeFailure';
  }
}

// ccxt error class (by name, most specific first) → our code and whether to retry.
const MAP: readonly (readonly [string, string, boolean])[] = [
  ['RateLimitExceeded', 'EXCHANGE_RATE_LIMITED', true],
  ['DDoSProtection', 'EXCHANGE_RATE_LIMITED', true],
  ['RequestTimeout', 'EXCHANGE_TIMEOUT', true],
  ['OnMaintenance', 'EXCHANGE_UNAVAILABLE', true],
  ['ExchangeNotAvailable', 'EXCHANGE_UNAVAILABLE', true],
  ['InvalidNonce', 'EXCHANGE_UNAVAILABLE', true],
  ['NetworkError', 'EXCHANGE_UNREACHABLE', true],
  ['BadResponse', 'EXCHANGE_BAD_RESPONSE', true],
  ['AuthenticationError', 'EXCHANGE_AUTH_FAILED', false],
  ['InsufficientFunds', 'INSUFFICIENT_BALANCE', false],
  ['OrderNotFound', 'ORDER_NOT_FOUND', false],
  ['BadSymbol', 'UNKNOWN_SYMBOL', false],
  ['InvalidOrder', 'EXCHANGE_REJECTED_ORDER', false],
  ['NotSupported', 'NOT_SUPPORTED', false],
  ['BadRequest', 'EXCHANGE_REJECTED_REQUEST', false],
  ['ExchangeError', 'EXCHANGE_ERROR', false],
];

function classNames(err: unknown): string[] {
  const names: string[] = [];
  for (let p = err && typeof err === 'object' ? Object.getPrototypeOf(err) : null; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    names.push((p as { constructor: { name: string } }).constructor.name);
  }
  return names;
}

/** Maps any error from ccxt (or the network under it) into our catalogue, once, at the border. */
export function mapExchangeError(err: unknown, exchange: string, host: string, patterns: readonly (readonly [RegExp, string])[] = []): ExchangeFailure {
  if (err instanceof ExchangeFailure) return err;
  const names = classNames(err);
  const raw = err instanceof Error ? err.message : String(err);
  // ccxt prefixes messages with the exchange id and sometimes the whole response; keep it short.
  const cause = raw.replace(/^\w+\s+/, '').slice(0, 300);
  // A venue's error ccxt leaves generic, recognised by its message (VenueProfile.errorPatterns).
  const pattern = names[0] === 'ExchangeError' || names[0] === 'BadRequest' ? patterns.find(([re]) => re.test(raw)) : undefined;
  if (pattern) return new ExchangeFailure(pattern[1], `${exchange} (${host}) answered: ${cause}`, false, { exchange, host });
  const hit = MAP.find(([name]) => names.includes(name));
  const [, code, retryable] = hit ?? ['', /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|fetch failed/i.test(raw) ? 'EXCHANGE_UNREACHABLE' : 'EXCHANGE_ERROR', /ECONN|ETIMEDOUT|fetch failed/i.test(raw)];
  const what =
    code === 'EXCHANGE_UNREACHABLE' || code === 'EXCHANGE_UNAVAILABLE' || code === 'EXCHANGE_TIMEOUT'
      ? `${exchange} (${host}) cannot be reached: ${cause}`
      : `${exchange} (${host}) answered: ${cause}`;
  return new ExchangeFailure(code, what, retryable, { exchange, host });
}

/** Retries a request that failed retryably, with exponential back-off and jitter. */
export async function withRetry<T>(fn: () => Promise<T>, map: (e: unknown) => ExchangeFailure, attempts = 3, baseMs = 200): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      const failure = map(e);
      if (!failure.retryable || i >= attempts) throw failure;
      await new Promise((r) => setTimeout(r, baseMs * 2 ** (i - 1) * (0.5 + Math.random())));
    }
  }
}
